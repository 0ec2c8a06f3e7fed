"""Staff pages of the HI claims: the month by facility (claimed, accepted, reduced, rejected, waiting), the
findings by check, the assessor's queue, one episode in full with its decisions, the upload of a claim file, the
checks in force, the quarter's settlement and the cost warnings. Everything through the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.accounts.models import Role
from ansinh.core.errors import ApplicationError
from ansinh.core.exports import xlsx_bytes
from ansinh.core.presentation import DASH, money, number
from ansinh.core.presentation import date as show_date
from ansinh.core.presentation import month as show_month
from ansinh.healthcare import control, reference, selectors, services
from ansinh.healthcare import funds as fund_service
from ansinh.healthcare.models import (
    AppointmentSlip,
    CatalogueItem,
    ClaimFile,
    Episode,
    EpisodeXml1,
    Facility,
    Finding,
    Line,
    Practitioner,
    PrimaryCareRegistration,
)
from ansinh.rules import healthcare as hc
from ansinh.rules.periods import Month

ASSESSORS = (Role.HI_OFFICER, Role.MANAGER, Role.ADMINISTRATOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(request: HttpRequest) -> tuple[Month, bool]:
    text = request.GET.get("month", "")
    if text:
        try:
            return Month.parse(text), False
        except ValueError:
            return Month.of(timezone.localdate()) - 1, True
    latest = Episode.objects.filter(current=True).order_by("-period").values_list("period", flat=True).first()
    return (Month.of(latest) if latest else Month.of(timezone.localdate()) - 1), False


def _may_decide(user) -> bool:
    return bool(user.is_superuser or user.role in ASSESSORS)


def _check_names() -> dict[str, str]:
    vi = (get_language() or "vi").startswith("vi")
    return {c.code: (c.name_vi if vi else c.name_en) for c in hc.CHECKS}


@login_required
def claims(request: HttpRequest) -> HttpResponse:
    month, month_error = _month(request)
    rows = selectors.month_by_facility(request.user, month.first_day)
    names = dict(selectors.facilities_visible(request.user).values_list("code", "name"))
    totals = selectors.Money()
    for m in rows.values():
        for f in ("episodes", "lines", "claimed", "rejected", "reduced", "pending", "flags"):
            setattr(totals, f, getattr(totals, f) + getattr(m, f))
    checks = selectors.by_check(request.user, month.first_day)
    check_names = _check_names()
    for c in checks:
        c["name"] = check_names.get(c["check_code"], "")
    return render(request, "healthcare/claims.html", {
        "month": month, "month_error": month_error, "previous": month - 1, "next": month + 1,
        "rows": [(code, names.get(code, ""), m) for code, m in rows.items()], "totals": totals, "checks": checks,
        "may_upload": True, "nav_active": "healthcare:claims",
    }, status=422 if month_error else 200)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    flags = selectors.open_flags(request.user)
    check = request.GET.get("check", "")
    if check:
        flags = flags.filter(check_code=check)
    page = list(flags[:200])
    names = _check_names()
    for f in page:
        f.name = names.get(f.check_code, "")  # type: ignore[attr-defined]
    return render(request, "healthcare/queue.html", {
        "flags": page, "count": flags.count(), "check": check, "check_names": _check_names(),
        "codes": [c.code for c in hc.CHECKS if c.outcome == hc.FLAG], "nav_active": "healthcare:claims",
    })


@login_required
def episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    ep = selectors.episodes_visible(request.user).filter(pk=episode_id).first()
    if ep is None:
        raise Http404("episode not found")
    lines = list(Line.objects.filter(episode=ep).order_by("table", "stt"))
    findings = list(Finding.objects.filter(episode=ep).select_related("line", "decided_by").order_by("check_code"))
    names = _check_names()
    by_line: dict[int, list[Finding]] = {}
    for f in findings:
        f.name = names.get(f.check_code, "")  # type: ignore[attr-defined]
        if f.line_id:
            by_line.setdefault(f.line_id, []).append(f)
    amounts = selectors.episode_amounts(Finding.objects.filter(episode=ep), {ep.pk: ep.t_bhtt}).get(
        ep.pk, selectors.EpisodeMoney())
    for ln in lines:
        ln.found = by_line.get(ln.pk, [])  # type: ignore[attr-defined]
        ln.taken = amounts.line_rejected.get(ln.pk, 0) + amounts.line_reduced.get(ln.pk, 0)  # type: ignore[attr-defined]
    versions = Episode.objects.filter(facility_code=ep.facility_code, ma_lk=ep.ma_lk).order_by("version")
    appointment = AppointmentSlip.objects.filter(episode=ep).first()
    return render(request, "healthcare/episode.html", {
        "ep": ep, "lines": lines, "episode_findings": [f for f in findings if not f.line_id], "findings": findings,
        "amounts": amounts, "accepted": ep.t_bhtt - amounts.rejected - amounts.reduced, "versions": versions,
        "raw": ep.raw_tables.order_by("table"), "may_decide": _may_decide(request.user) and ep.current,
        "may_answer": ep.current and (selectors._facility_account(request.user) is not None
                                      or _may_decide(request.user)),
        "on_behalf": selectors._facility_account(request.user) is None, "today": timezone.localdate(),
        "xml1": sorted((EpisodeXml1.objects.filter(episode=ep).values_list("fields", flat=True).first() or {}).items()),
        "appointment": appointment,
        "revisits": selectors.episodes_visible(request.user).filter(
            current=True, card_number=ep.card_number, referred_from=ep.facility_code,
            referral_number=appointment.number).order_by("admitted", "facility_code", "ma_lk") if appointment else [],
        "nav_active": "healthcare:claims",
    })


@login_required
@require_POST
def decide(request: HttpRequest, finding_id: int) -> HttpResponse:
    if not _may_decide(request.user):
        raise Http404("finding not found")
    visible = selectors.findings_visible(request.user)
    finding = visible.filter(pk=finding_id).first()
    if finding is None:
        raise Http404("finding not found")
    try:
        services.finding_decide(actor=request.user, finding_id=finding_id, decision=request.POST.get("decision", ""),
                                reason=request.POST.get("reason", ""), visible=visible)
    except ApplicationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("healthcare:episode", finding.episode_id)


def _refusal(exc: ApplicationError) -> str:
    known = {
        "reason_required": _("Give the reason for the decision."),
        "bad_decision": _("Choose accept or reject."),
        "not_open": _("This finding is not waiting for a decision."),
    }
    return known.get(exc.code, exc.message)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    result = None
    problems: list[dict] = []
    status = 200
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            problems = [{"table": "", "ma_lk": "", "line": None, "field": "file", "message": _("Choose a file.")}]
            status = 422
        else:
            account = selectors._facility_account(request.user)
            codes = selectors.facility_codes_of(request.user)
            try:
                result = services.claims_receive(
                    actor=request.user, stream=f, file_name=f.name, channel=ClaimFile.Channel.UPLOAD,
                    facility_code=account.facility_code if account else None)
                if codes is not None and result.facility_code not in codes:
                    raise Http404("facility not found")
            except ApplicationError as exc:
                problems = exc.details if isinstance(exc.details, list) else [
                    {"table": "", "ma_lk": "", "line": None, "field": exc.field or "", "message": exc.message}]
                status = 422
    return render(request, "healthcare/upload.html", {"result": result, "problems": problems,
                                                      "nav_active": "healthcare:claims"}, status=status)


@login_required
def checks(request: HttpRequest) -> HttpResponse:
    vi = (get_language() or "vi").startswith("vi")
    rows = [{"c": c, "name": c.name_vi if vi else c.name_en} for c in hc.CHECKS]
    return render(request, "healthcare/checks.html", {"rows": rows, "nav_active": "healthcare:claims"})


@login_required
def settlement(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        quarter = int(request.GET.get("quarter", (today.month - 1) // 3 + 1))
        deadlines = hc.quarter_deadlines(year, quarter)
    except (ValueError, hc.RuleError):
        raise Http404("quarter not found") from None
    rows = control.quarter_rows(request.user, year, quarter)
    return render(request, "healthcare/settlement.html", {
        "year": year, "quarter": quarter, "rows": rows, "deadlines": deadlines,
        "share": (share := hc.ADVANCE_SHARE.entry(dt.date(year, quarter * 3 - 2, 1))), "share_pct": share.value * 100,
        "may_post": _may_decide(request.user), "nav_active": "healthcare:claims",
    })


@login_required
@require_POST
def settlement_post(request: HttpRequest) -> HttpResponse:
    if not _may_decide(request.user):
        raise Http404("not found")
    try:
        year, quarter = int(request.POST.get("year", "")), int(request.POST.get("quarter", ""))
        action = request.POST.get("action", "")
        codes = selectors.facility_codes_of(request.user)
        if action == "advance":
            n = control.advances_post(actor=request.user, year=year, quarter=quarter, codes=codes)
            messages.success(request, _("Advances posted: %(n)s.") % {"n": n})
        else:
            n = control.settle_quarter(actor=request.user, year=year, quarter=quarter, codes=codes)
            messages.success(request, _("Quarter settled for %(n)s facilities.") % {"n": n})
    except (ValueError, ApplicationError, hc.RuleError):
        messages.error(request, _("The quarter could not be posted."))
        return redirect("healthcare:settlement")
    return redirect(f"{request.path.rsplit('/', 2)[0]}/?year={year}&quarter={quarter}")


@login_required
def warnings(request: HttpRequest) -> HttpResponse:
    month, month_error = _month(request)
    rows = control.cost_warnings(request.user, month.first_day)
    budgets = control.budget_rows(request.user, month)
    return render(request, "healthcare/warnings.html", {
        "month": month, "rows": rows, "budgets": budgets, "previous": month - 1, "next": month + 1,
        "nav_active": "healthcare:claims",
    }, status=422 if month_error else 200)


# --- reference data, primary-care registrations, facility answers, primary-care funds, reports -----------------------

IMPORTS = {
    "facilities": (reference.facilities_import, reference.FACILITY_HEADER),
    "catalogue": (reference.catalogue_import, reference.CATALOGUE_HEADER),
    "practitioners": (reference.practitioners_import, reference.PRACTITIONER_HEADER),
    "registrations": (reference.registrations_import, reference.REGISTRATION_HEADER),
}


def _import_names() -> dict[str, str]:
    return {"facilities": _("Facilities"), "catalogue": _("Approved drugs, services and supplies"),
            "practitioners": _("Practitioners"), "registrations": _("Primary-care registrations")}


@login_required
def reference_data(request: HttpRequest) -> HttpResponse:
    """Load the reference files (facilities, approved lists, practitioners, registrations) and see what is held."""
    result = None
    problems: list[dict] = []
    status = 200
    may_load = _may_decide(request.user)
    if request.method == "POST":
        if not may_load:
            raise Http404("not found")
        kind = request.POST.get("kind", "")
        f = request.FILES.get("file")
        if kind not in IMPORTS or f is None:
            problems = [{"line": "", "field": "file", "message": _("Choose the kind of file and the file.")}]
            status = 422
        else:
            try:
                n = IMPORTS[kind][0](actor=request.user, stream=f, file_name=f.name)
                result = {"kind": _import_names()[kind], "n": n}
            except ApplicationError as exc:
                problems = exc.details if isinstance(exc.details, list) else [
                    {"line": "", "field": exc.field or "file", "message": exc.message}]
                status = 422
    today = timezone.localdate()
    facilities = list(selectors.facilities_visible(request.user).order_by("code"))
    codes = [x.code for x in facilities]
    counts = {
        "catalogue": dict(CatalogueItem.objects.filter(facility_code__in=codes, valid_to__isnull=True)
                          .values("facility_code").annotate(n=Count("pk")).values_list("facility_code", "n")),
        "practitioners": dict(Practitioner.objects.filter(facility_code__in=codes, valid_to__isnull=True)
                              .values("facility_code").annotate(n=Count("pk")).values_list("facility_code", "n")),
        "registrations": dict(PrimaryCareRegistration.objects.filter(facility_code__in=codes, valid_to__isnull=True)
                              .values("facility_code").annotate(n=Count("pk")).values_list("facility_code", "n")),
    }
    rows = [{"f": x, "catalogue": counts["catalogue"].get(x.code, 0),
             "practitioners": counts["practitioners"].get(x.code, 0),
             "registrations": counts["registrations"].get(x.code, 0)} for x in facilities]
    return render(request, "healthcare/reference.html", {
        "rows": rows, "result": result, "problems": problems, "may_load": may_load, "today": today,
        "imports": [(k, _import_names()[k], ", ".join(h)) for k, (_fn, h) in IMPORTS.items()],
        "nav_active": "healthcare:claims",
    }, status=status)


@login_required
def registrations(request: HttpRequest) -> HttpResponse:
    """A card's primary-care registrations and the change of facility, allowed only in the quarter's window."""
    today = timezone.localdate()
    card = (request.GET.get("card") or request.POST.get("card_number") or "").strip().upper()
    status = 200
    error = None
    if request.method == "POST":
        if not _may_decide(request.user):
            raise Http404("not found")
        try:
            on = dt.date.fromisoformat(request.POST.get("on", "") or today.isoformat())
        except ValueError:
            on = None
        try:
            if on is None:
                raise ApplicationError("bad_date", "enter the day of the change (yyyy-mm-dd)", field="on")
            reference.registration_change(actor=request.user, card_number=card,
                                          facility_code=request.POST.get("facility_code", ""), on=on,
                                          reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            error = _registration_refusal(exc, on)
            status = 422
        else:
            messages.success(request, _("The primary-care facility is changed."))
            return redirect(f"{request.path}?card={card}")
    history = list(PrimaryCareRegistration.objects.filter(card_number=card).order_by("-valid_from")) if card else []
    names = dict(Facility.objects.filter(valid_to__isnull=True).values_list("code", "name"))
    for h in history:
        h.facility_name = names.get(h.facility_code, "")  # type: ignore[attr-defined]
    start, end = hc.change_window(today)
    open_now = start <= today <= end
    choices = (Facility.objects.filter(primary_care=True, valid_to__isnull=True).order_by("code")
               .values_list("code", "name"))
    return render(request, "healthcare/registrations.html", {
        "card": card, "history": history, "window_start": start, "window_end": end, "open_now": open_now,
        "basis": hc.PRIMARY_CARE_CHANGE_DAYS.entry(start).basis, "choices": list(choices), "today": today,
        "error": error, "may_change": _may_decide(request.user), "nav_active": "healthcare:claims",
    }, status=status)


def _registration_refusal(exc: ApplicationError, on: dt.date | None = None) -> str:
    known = {
        "bad_card": _("Enter an HI card number of 15 characters."),
        "not_primary_care": _("That facility does not take primary-care registrations on that day."),
        "same_facility": _("The card is already registered at that facility."),
        "changed_this_quarter": _("The card already changed its facility in this quarter's window."),
        "registration_from_later": _("The registration held starts on or after that day."),
        "bad_date": _("Enter the day of the change (yyyy-mm-dd)."),
    }
    if exc.code == "outside_change_window" and on is not None:
        start, end = hc.change_window(on)
        nxt = hc.change_window(dt.date(start.year + 1, 1, 1) if start.month == 10
                               else dt.date(start.year, start.month + 3, 1))
        return _("The primary-care facility may be changed only in the first days of a quarter: this quarter from "
                 "%(start)s to %(end)s; the next window is %(nstart)s to %(nend)s.") % {
            "start": show_date(start), "end": show_date(end), "nstart": show_date(nxt[0]), "nend": show_date(nxt[1])}
    return known.get(exc.code, exc.message)


@login_required
@require_POST
def answer(request: HttpRequest, finding_id: int) -> HttpResponse:
    """The facility's answer to a finding (its own account), or recorded by an HI officer on its behalf."""
    account = selectors._facility_account(request.user)
    if account is None and not _may_decide(request.user):
        raise Http404("finding not found")
    visible = selectors.findings_visible(request.user)
    finding = visible.filter(pk=finding_id).first()
    if finding is None:
        raise Http404("finding not found")
    try:
        services.finding_answer(actor=request.user, finding_id=finding_id, text=request.POST.get("answer", ""),
                                visible=visible, on_behalf=account is None)
    except ApplicationError as exc:
        known = {
            "answer_required": _("Write the facility's answer."),
            "answer_too_long": _("The answer has at most 500 characters."),
            "already_decided": _("The assessor has already decided this finding."),
            "already_answered": _("This finding has already been answered."),
        }
        if exc.code == "answer_late":
            messages.error(request, _("The deadline to answer was %(day)s; answers are no longer taken.") % {
                "day": show_date(finding.answer_due) if finding.answer_due else DASH})
        else:
            messages.error(request, known.get(exc.code, exc.message))
    else:
        messages.success(request, _("The answer is recorded; the assessor sees it with the finding."))
    return redirect("healthcare:episode", finding.episode_id)


def _quarter(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        quarter = int(request.GET.get("quarter", (today.month - 1) // 3 + 1))
    except ValueError:
        raise Http404("quarter not found") from None
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise Http404("quarter not found")
    return year, quarter


@login_required
def funds(request: HttpRequest) -> HttpResponse:
    year, quarter = _quarter(request)
    if request.method == "POST":
        if not _may_decide(request.user):
            raise Http404("not found")
        try:
            n = fund_service.transfer_quarter(actor=request.user, year=year, quarter=quarter)
        except (ApplicationError, hc.RuleError):
            messages.error(request, _("The primary-care funds could not be transferred."))
        else:
            messages.success(request, _("Primary-care funds transferred: %(n)s.") % {"n": n})
        return redirect(f"{request.path}?year={year}&quarter={quarter}")
    start = dt.date(year, quarter * 3 - 2, 1)
    try:
        rows = fund_service.fund_rows(request.user, year, quarter)
        shares = hc.PRIMARY_CARE_SHARE.entry(start)
    except hc.RuleError:
        raise Http404("no rule for that quarter") from None
    why = {"no_qualified_staff": _("no person qualified to practise"), "no_medical_room": _("no medical room"),
           "own_contract": _("has its own HI medical contract")}
    for r in rows:
        r.why_text = why.get(r.why_not, "")  # type: ignore[attr-defined]
    return render(request, "healthcare/funds.html", {
        "year": year, "quarter": quarter, "rows": rows, "shares": shares,
        "pupil_pct": shares.value["pupils"] * 100, "staff_pct": shares.value["unit_staff"] * 100,
        "total": sum(r.amount for r in rows), "may_post": _may_decide(request.user),
        "nav_active": "healthcare:claims",
    })


VISIT_TYPES = {"01": gettext_lazy("Exam"), "02": gettext_lazy("Outpatient treatment"),
               "03": gettext_lazy("Inpatient"), "04": gettext_lazy("Day inpatient"),
               "05": gettext_lazy("Chronic, exam and drugs"), "06": gettext_lazy("Stay at a station"),
               "07": gettext_lazy("Drugs by appointment"), "09": gettext_lazy("Inpatient under 4 hours")}


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """Visits and cost covered by month, facility, participant group and visit type; rejected amounts by check;
    the steering sentence. A year, or one month (?month=YYYY-MM); ?format=xlsx for the workbook."""
    month_text = request.GET.get("month", "")
    try:
        if month_text:
            m = Month.parse(month_text)
            first = last = m.first_day
            label = show_month(m)
        else:
            year = int(request.GET.get("year") or (Episode.objects.filter(current=True).order_by("-period")
                                                   .values_list("period__year", flat=True).first()
                                                   or timezone.localdate().year))
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
            label = year
    except ValueError:
        raise Http404("period not found") from None
    data = selectors.report(request.user, first, last)
    names = dict(Facility.objects.filter(valid_to__isnull=True).values_list("code", "name"))
    check_names = _check_names()
    for c in data.by_check:
        c["name"] = check_names.get(c["check_code"], "")
    for r in data.rows:
        r.visit_name = str(VISIT_TYPES.get(r.visit_type, ""))  # type: ignore[attr-defined]
    if request.GET.get("format") == "xlsx":
        return _report_xlsx(data, names, label)
    return render(request, "healthcare/report.html", {
        "data": data, "names": names, "label": label, "is_month": bool(month_text),
        "visit_types": VISIT_TYPES, "query": request.GET.urlencode(), "nav_active": "healthcare:claims",
    })


def _report_xlsx(data, names: dict[str, str], label: Any) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Visits and cost"))[:31]
    ws.append([str(_("Month")), str(_("Facility")), str(_("Facility name")), str(_("Participant group")),
               str(_("Visit type")), str(_("Visits")), str(_("People")), str(_("Claimed")), str(_("Rejected")),
               str(_("Reduced")), str(_("Covered (accepted)"))])
    for r in data.rows:
        ws.append([r.period.strftime("%Y-%m"), r.facility_code, names.get(r.facility_code, ""), r.group,
                   f"{r.visit_type} {VISIT_TYPES.get(r.visit_type, '')}", r.visits, r.people, r.claimed, r.rejected,
                   r.reduced, r.accepted])
    ws2 = wb.create_sheet(str(_("Rejected by check"))[:31])
    ws2.append([str(_("Check")), str(_("Name")), str(_("Findings")), str(_("Amount"))])
    for c in data.by_check:
        ws2.append([c["check_code"], c["name"], c["n"], c["amount"]])
    ws3 = wb.create_sheet(str(_("Steering sentence"))[:31])
    ws3.append([_steering(data, label)])
    response = HttpResponse(xlsx_bytes(wb), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="hi-claims-report-{label}.xlsx"'
    return response


def _steering(data, label: Any) -> str:
    return _("In %(period)s, %(people)s people had their treatment covered by health insurance (%(visits)s visits, "
             "%(inpatient)s inpatient); the HI fund covered %(accepted)s of %(claimed)s claimed, and the assessment "
             "took %(rejected)s rejected and %(reduced)s reduced.") % {
        "period": label, "people": number(data.people), "visits": number(data.visits),
        "inpatient": number(data.inpatient), "accepted": money(data.accepted), "claimed": money(data.claimed),
        "rejected": money(data.rejected), "reduced": money(data.reduced)}
