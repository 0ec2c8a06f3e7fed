"""Staff pages of the HI claims: the month by facility (claimed, accepted, reduced, rejected, waiting), the
findings by check, the assessor's queue, one episode in full with its decisions, the upload of a claim file, the
checks in force, the quarter's settlement and the cost warnings. Everything through the user's scope."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.accounts.models import Role
from ansinh.core.errors import ApplicationError
from ansinh.healthcare import control, selectors, services
from ansinh.healthcare.models import ClaimFile, Episode, Finding, Line
from ansinh.rules import healthcare as hc
from ansinh.rules.periods import Month

ASSESSORS = (Role.HI_OFFICER, Role.MANAGER, Role.ADMINISTRATOR)


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
    return render(request, "healthcare/episode.html", {
        "ep": ep, "lines": lines, "episode_findings": [f for f in findings if not f.line_id], "findings": findings,
        "amounts": amounts, "accepted": ep.t_bhtt - amounts.rejected - amounts.reduced, "versions": versions,
        "raw": ep.raw_tables.order_by("table"), "may_decide": _may_decide(request.user) and ep.current,
        "xml1": sorted(ep.xml1.items()), "nav_active": "healthcare:claims",
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
