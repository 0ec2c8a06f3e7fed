"""Staff pages of the compliance area: lists in and their matches, who is missing by commune and office with the
rule and its legal basis, follow-up, students and the province's HI support, reminders and publication, check
cases, reports. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansinh.accounts.scope import get_visible
from ansinh.compliance import selectors
from ansinh.compliance.export import table_response
from ansinh.compliance.models import CheckCase, FindingStatus, ListKind, MatchMethod
from ansinh.compliance.reports import steering_paragraph
from ansinh.compliance.services import enforcement
from ansinh.compliance.services.detect import detect, finding_follow_up
from ansinh.compliance.services.lists import entry_review, list_import
from ansinh.core import presentation
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.core.presentation import register_refusals
from ansinh.places.models import AdminUnit, Level
from ansinh.rules.compliance import fines
from ansinh.rules.compliance.detection import RULES
from ansinh.rules.periods import Month
from ansinh.web.refusals import refusal_detail, refusal_text

NAV = "compliance:home"

register_refusals({
    "no_pupil": gettext_lazy("Tick at least one pupil."),
    "not_matched": gettext_lazy("Some pupils are not matched to the registry: confirm their match in the review "
                                "queue, or register them, first."),
    "bad_grade": gettext_lazy("Some pupils have no class from 1 to 12 on the school's list."),
    "already_paid": gettext_lazy("Some pupils have already paid for this academic year."),
    "already_covered": gettext_lazy("Some pupils already have health insurance for the card period under another "
                                    "group: nothing to collect."),
    "date_outside_year": gettext_lazy("The payment date is not in this academic year."),
    "not_paid": gettext_lazy("This payment is already cancelled."),
    "duplicate_pupil": gettext_lazy("The same pupil is ticked twice."),
    "already_remitted": gettext_lazy("Some payments are already remitted by the school and posted."),
    "school_nothing_to_remit": gettext_lazy("The school has no payment taken on or before that day and not yet "
                                            "remitted."),
    "school_unknown_receipts": gettext_lazy("Some receipt numbers are not payments of this school for the year."),
    "school_amount_mismatch": gettext_lazy("The amount declared differs from the pupils' share of the payments."),
    "remitted_before_paid": gettext_lazy("The remittance date is before some of the payments."),
    "school_remittance_posted": gettext_lazy("This reference is already posted to the ledger."),
})


def _refused(exc: ApplicationError) -> str:
    """The translated sentence, the service's precise message (names, lines) after it, and a file's bad lines."""
    text, detail = refusal_text(exc), refusal_detail(exc)
    if detail:
        text = f"{text} ({detail})"
    if isinstance(exc.details, list):
        text += " " + "; ".join(f"{_('line')} {d['line']}: {d['message']}" for d in exc.details[:10])
    return text
MAX_UPLOAD = 10 * 1024 * 1024


def _ctx(request: HttpRequest, **kw: Any) -> dict[str, Any]:
    return {"nav_active": NAV, **kw}


def _period(request: HttpRequest) -> Month:
    raw = request.GET.get("period") or request.POST.get("period") or ""
    try:
        return Month.parse(raw) if raw else Month.of(timezone.localdate()) - 1
    except ValueError:
        raise Http404("bad period") from None


def _provinces(request: HttpRequest) -> list[AdminUnit]:
    from ansinh.accounts.scope import restrict_by_commune

    communes = restrict_by_commune(AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True),
                                   request.user, "id")
    return list(AdminUnit.objects.filter(id__in=communes.values("province_id")).order_by("name"))


def _province_code(request: HttpRequest) -> str:
    code = request.GET.get("province") or request.POST.get("province") or ""
    provinces = _provinces(request)
    if code and any(p.code == code for p in provinces):
        return code
    return provinces[0].code if provinces else ""


def _date(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        from ansinh.core.errors import InvalidInput

        raise InvalidInput("bad_date", f"{field}: a date YYYY-MM-DD is required", field=field) from None


def _int(text: str | None, field: str, default: int = 0) -> int:
    from ansinh.core.errors import InvalidInput

    if text in (None, ""):
        return default
    try:
        return int(str(text).replace(".", "").replace(",", "").strip())
    except ValueError:
        raise InvalidInput("not_integer", f"{field}: a whole number is required", field=field) from None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    try:
        summary = selectors.finding_summary(request.user, period)
        lists = selectors.lists_visible(request.user)[:10]
    except ApplicationError:
        raise Http404 from None
    by_rule: dict[str, int] = {}
    for row in summary:
        by_rule[row["rule"]] = by_rule.get(row["rule"], 0) + row["n"]
    rules = [(code, r, by_rule.get(code, 0)) for code, r in RULES.items()]
    return render(request, "compliance/home.html", _ctx(
        request, period=period, rules=rules, summary=summary, lists=lists, provinces=_provinces(request),
        province=_province_code(request), review=selectors.review_queue(request.user).count()))


@login_required
@require_POST
def run_detection(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    try:
        counts = detect(actor=request.user, province_code=_province_code(request), period=period)
    except ApplicationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Checked %(period)s: %(n)s found.") % {
            "period": period, "n": sum(v for k, v in counts.items() if k != "resolved")})
    return redirect(f"{_url('compliance:findings')}?period={period}")


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    errors: list[Any] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                from ansinh.core.errors import InvalidInput

                raise InvalidInput("required", "file: choose a CSV or XLSX file", field="file")
            if upload.size and upload.size > MAX_UPLOAD:
                from ansinh.core.errors import InvalidInput

                raise InvalidInput("too_large", "file: at most 10 MB", field="file")
            sl = list_import(actor=request.user, kind=request.POST.get("kind", ""),
                             source=request.POST.get("source", ""),
                             source_date=_date(request.POST.get("source_date", ""), "source_date"),
                             province_code=_province_code(request), file_name=upload.name, data=upload.read())
        except ApplicationError as exc:
            errors = exc.details if isinstance(exc.details, list) else []
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("%(n)s lines imported.") % {"n": sl.rows})
            return redirect(_url("compliance:list_detail", sl.id))
    try:
        rows = selectors.lists_visible(request.user)
    except ApplicationError:
        raise Http404 from None
    return render(request, "compliance/lists.html", _ctx(
        request, lists=rows[:200], kinds=ListKind.choices, errors=errors[:200], error_count=len(errors),
        provinces=_provinces(request), province=_province_code(request), today=timezone.localdate()),
        status=422 if errors else 200)


@login_required
def list_detail(request: HttpRequest, list_id: int) -> HttpResponse:
    try:
        sl = get_visible(selectors.lists_visible(request.user), "list", list_id)
    except (NotFound, ApplicationError):
        raise Http404("list not found") from None
    entries = selectors.entries_visible(request.user).filter(source_list=sl).order_by("line_no")
    method = request.GET.get("match", "")
    if method in MatchMethod.values:
        entries = entries.filter(match_method=method)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "compliance/list_detail.html", _ctx(request, sl=sl, page=page, method=method,
                                                                methods=MatchMethod.choices))


@login_required
def review(request: HttpRequest) -> HttpResponse:
    try:
        queue = selectors.review_queue(request.user)
    except ApplicationError:
        raise Http404 from None
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(request, "compliance/review.html", _ctx(request, page=page))


@login_required
@require_POST
def review_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        entry = get_visible(selectors.entries_visible(request.user), "line", entry_id)
        entry_review(actor=request.user, entry=entry, accept=request.POST.get("accept") == "1")
    except NotFound:
        raise Http404("line not found") from None
    except ApplicationError as exc:
        return HttpResponse(refusal_text(exc), status=409)
    return render(request, "compliance/review.html#row", {"e": entry})


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    rule = request.GET.get("rule", "")
    rule = rule if rule in RULES else ""
    status = request.GET.get("status", "")
    status = status if status in FindingStatus.values else ""
    commune = _int(request.GET.get("commune"), "commune") if (request.GET.get("commune") or "").isdigit() else None
    try:
        qs = selectors.finding_list(request.user, period, rule=rule, commune_id=commune, status=status,
                                    school=request.GET.get("school", ""))
        summary = selectors.finding_summary(request.user, period)
    except ApplicationError:
        raise Http404 from None
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        offices = selectors.offices_by_commune(qs.values("commune_id"), period.last_day)
        header = [_("Office"), _("Commune"), _("Rule"), _("Legal basis"), _("Person or unit"), _("Identifier"), _("School"),
                  _("Workers or persons"), _("Status"), _("Details")]
        from ansinh.core.presentation import name as code_name

        data = ([offices.get(x.commune_id, ""), x.commune.name, code_name(x.rule, "compliance_rule"), x.basis, x.subject, x.key, x.school,
                 x.workers, x.get_status_display(), "; ".join(f"{k}={v}" for k, v in x.detail.items())]
                for x in qs.iterator(chunk_size=2000))
        return table_response(fmt, f"compliance-{period}", header, data)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    communes = sorted({(r["commune_id"], r["commune__name"]) for r in summary}, key=lambda c: c[1])
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(request, "compliance/findings.html", _ctx(
        request, period=period, page=page, summary=summary, rules=RULES, rule=rule, status=status,
        statuses=FindingStatus.choices, communes=communes, commune=commune, query=query.urlencode(),
        provinces=_provinces(request), province=_province_code(request)))


@login_required
@require_POST
def finding_status(request: HttpRequest, finding_id: int) -> HttpResponse:
    try:
        finding = get_visible(selectors.findings_visible(request.user), "finding", finding_id)
        finding_follow_up(actor=request.user, finding=finding, status=request.POST.get("status", ""),
                          note=request.POST.get("note", ""))
    except NotFound:
        raise Http404("finding not found") from None
    except ApplicationError as exc:
        return HttpResponse(refusal_text(exc), status=422)
    return render(request, "compliance/findings.html#row", {"x": finding, "statuses": FindingStatus.choices,
                                                             "rules": RULES})


@login_required
def students(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    today = timezone.localdate()
    year = _int(request.GET.get("year"), "year", today.year)
    quarter = _int(request.GET.get("quarter"), "quarter", (today.month - 1) // 3 + 1)
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise Http404("bad quarter")
    province = _province_code(request)
    try:
        coverage = selectors.student_coverage(request.user, period)
        owed = selectors.province_owed(request.user, province, year, quarter) if province else None
    except ApplicationError:
        raise Http404 from None
    if owed is not None and request.GET.get("format") in ("csv", "xlsx"):
        from ansinh.compliance.labels import LOCAL_GROUP_LABELS

        header = [_("Card number"), _("Full name"), _("Local group"), _("Provincial share"), _("Card months"),
                  _("Amount (đồng)")]
        data = ([c.number, c.person, str(LOCAL_GROUP_LABELS.get(c.group, c.group)), presentation.percent(c.share * 100, 2),
                 c.months, int(c.amount)] for c in owed.cards)
        return table_response(request.GET["format"], f"province-{province}-hi-support-{owed.quarter}", header, data)
    return render(request, "compliance/students.html", _ctx(
        request, period=period, coverage=Paginator(coverage, 50).get_page(request.GET.get("page")), owed=owed, year=year, quarter=quarter,
        provinces=_provinces(request), province=province))


@login_required
def schools(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"), "year", selectors.academic_year(timezone.localdate()))
    if not 2000 <= year <= 2100:
        raise Http404("bad year")
    try:
        rows = selectors.schools(request.user, year)
    except ApplicationError:
        raise Http404 from None
    keys = ("pupils", "matched", "paid", "unpaid", "collected", "province", "carded", "remitted", "unremitted")
    totals = {k: sum(r[k] for r in rows) for k in keys}
    q = (request.GET.get("q") or "").strip()
    if q:
        from ansinh.core.text import fold

        needle = fold(q).lower()
        rows = [r for r in rows if needle in fold(f"{r['name']} {r['code']}").lower()]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "compliance/schools.html", _ctx(request, year=year, page=page, q=q, totals=totals,
                                                            count=len(rows)))


@login_required
def school_detail(request: HttpRequest, code: str) -> HttpResponse:
    from ansinh.compliance.models import SchoolPayment
    from ansinh.compliance.services import schools as school_services

    year = _int(request.GET.get("year") or request.POST.get("year"), "year",
                selectors.academic_year(timezone.localdate()))
    if not 2000 <= year <= 2100:
        raise Http404("bad year")
    try:
        pupils = selectors.school_pupils(request.user, code, year)
    except ApplicationError:
        raise Http404 from None
    if not pupils:
        raise Http404("school not found")
    back = f"{_url('compliance:school_detail', code)}?year={year}"
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("step") == "cancel":
                payment = get_visible(SchoolPayment.objects.filter(
                    school_code=code, entry_id__in=selectors.school_entries(request.user, year).values("id")),
                    "payment", p.get("payment"))
                school_services.school_payment_cancel(actor=request.user, payment=payment,
                                                      reason=p.get("reason", ""))
                messages.success(request, _("Payment %(n)s cancelled; its card is revoked.") %
                                 {"n": payment.receipt_number})
            elif p.get("step") == "remit":
                from ansinh.compliance.services.school_remittance import school_remittance_record

                numbers = [n for n in re.split(r"[\s,;]+", p.get("receipts", "")) if n]
                declared = (p.get("amount") or "").strip()
                remittance, created = school_remittance_record(
                    actor=request.user, school_code=code, year=year, reference=p.get("reference", ""),
                    remitted_on=_date(p.get("remitted_on", ""), "remitted_on"), receipt_numbers=numbers or None,
                    amount=_int(declared, "amount") if declared else None)
                if created:
                    messages.success(request, _("Remittance %(r)s recorded and posted: %(n)s pupils, %(a)s.") %
                                     {"r": remittance.reference, "n": remittance.pupils,
                                      "a": presentation.money(remittance.amount)})
                else:
                    messages.info(request, _("Remittance %(r)s was already recorded; nothing posted again.") %
                                  {"r": remittance.reference})
            elif p.get("step") == "upload":
                upload = request.FILES.get("file")
                if upload is None:
                    from ansinh.core.errors import InvalidInput

                    raise InvalidInput("required", "file: choose a CSV or XLSX file", field="file")
                if upload.size and upload.size > MAX_UPLOAD:
                    from ansinh.core.errors import InvalidInput

                    raise InvalidInput("too_large", "file: at most 10 MB", field="file")
                report = school_services.school_payments_from_file(
                    actor=request.user, school_code=code, year=year, data=upload.read(), file_name=upload.name,
                    paid_on=_date(p.get("paid_on", ""), "paid_on"))
                messages.success(request, _("Payments recorded: %(n)s; HI cards issued: %(c)s.") %
                                 {"n": report.recorded, "c": report.cards})
            else:
                ids = [_int(i, "entries") for i in p.getlist("entries")]
                if p.get("all_unpaid") == "1":
                    ids = [x["id"] for x in pupils if x["payable"]]
                report = school_services.school_payments_record(
                    actor=request.user, school_code=code, year=year, entry_ids=ids,
                    paid_on=_date(p.get("paid_on", ""), "paid_on"))
                messages.success(request, _("Payments recorded: %(n)s; HI cards issued: %(c)s.") %
                                 {"n": report.recorded, "c": report.cards})
        except NotFound:
            messages.error(request, _("Pupil or payment not found on this school's list."))
        except ApplicationError as exc:
            messages.error(request, _refused(exc))
        return redirect(back)
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [_("Receipt number"), _("Paid on"), _("Pupil"), _("Citizen ID"), _("Class"), _("Card from"), _("Card to"),
                  _("Months"), _("Premium for the year"), _("State budget"), _("Provincial budget"), _("Paid by the pupil"),
                  _("HI card")]
        data = ([x["payment"].receipt_number, x["payment"].paid_on.isoformat(), x["name"], x["citizen_id"], x["grade"],
                 x["payment"].valid_from.isoformat(), x["payment"].valid_to.isoformat(), x["payment"].months,
                 x["payment"].premium, x["payment"].state, x["payment"].province, x["payment"].amount,
                 x["card"]["number"] if x["card"] else ""] for x in pupils if x["payment"] is not None)
        return table_response(request.GET["format"], f"school-{code}-{year}-receipts", header, data)
    paid = [x for x in pupils if x["payment"] is not None]
    totals = {"pupils": len(pupils), "paid": len(paid), "collected": sum(x["payment"].amount for x in paid),
              "province": sum(x["payment"].province for x in paid), "state": sum(x["payment"].state for x in paid),
              "carded": sum(1 for x in pupils if x["card"]),
              "remitted": sum(x["payment"].amount for x in paid if x["payment"].remittance_id)}
    totals["unremitted"] = totals["collected"] - totals["remitted"]
    waiting = sum(1 for x in paid if not x["payment"].remittance_id)
    return render(request, "compliance/school_detail.html", _ctx(
        request, code=code, name=pupils[0]["school_name"], year=year, pupils=pupils, totals=totals,
        today=timezone.localdate(), payable=any(x["payable"] for x in pupils), waiting=waiting,
        remittances=selectors.school_remittances(request.user, code, year)))


@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    if request.method == "POST":
        try:
            letters = enforcement.reminders_generate(actor=request.user, period=period,
                                                     sent_on=_date(request.POST.get("sent_on", ""), "sent_on"))
        except ApplicationError as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("%(n)s reminder letters made.") % {"n": len(letters)})
        return redirect(f"{_url('compliance:reminders')}?period={period}")
    try:
        rows = selectors.reminders_visible(request.user).filter(period=period.first_day).order_by("number")
        publication = enforcement.publication_list(request.user, period)
    except ApplicationError:
        raise Http404 from None
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [_("Unit code"), _("Unit name"), _("Overdue"), _("Interest"), _("Months late"), _("Reminder"),
                  _("Evading")]
        data = ([r["employer"].unit_code, r["employer"].name, r["overdue"], r["interest"], r["months"],
                 r["reminder"].number if r["reminder"] else "", _("yes") if r["evading"] else _("no")]
                for r in publication)
        return table_response(request.GET["format"], f"publication-{period}", header, data)
    return render(request, "compliance/reminders.html", _ctx(
        request, period=period, reminders=rows[:500], publication=publication[:500], today=timezone.localdate()))


@login_required
def checks(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            case = enforcement.check_open(
                actor=request.user, employer_id=_int(request.POST.get("employer"), "employer"),
                kind=request.POST.get("kind", ""), opened_on=_date(request.POST.get("opened_on", ""), "opened_on"),
                scope=request.POST.get("scope", ""), team=request.POST.get("team", ""),
                documents=request.POST.get("documents", ""))
        except ApplicationError as exc:
            messages.error(request, refusal_text(exc))
        else:
            return redirect(_url("compliance:check_detail", case.id))
    try:
        rows = selectors.checks_visible(request.user).order_by("-opened_on", "-id")
    except ApplicationError:
        raise Http404 from None
    return render(request, "compliance/checks.html", _ctx(
        request, cases=rows[:300], kinds=CheckCase.Kind.choices, today=timezone.localdate(),
        employer=request.GET.get("employer", "")))


@login_required
def check_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = selectors.check_get(request.user, case_id)
    except (NotFound, ApplicationError):
        raise Http404("check case not found") from None
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("step") == "record":
                enforcement.check_record(
                    actor=request.user, case=case, act=p.get("act", ""),
                    act_date=_date(p.get("act_date", ""), "act_date"),
                    record_on=_date(p.get("record_on", ""), "record_on"),
                    employees_not_enrolled=_int(p.get("employees_not_enrolled"), "employees_not_enrolled"),
                    wages_under_declared=_int(p.get("wages_under_declared"), "wages_under_declared"),
                    amount=_int(p.get("amount"), "amount"), interest=_int(p.get("interest"), "interest"),
                    months_evaded=_int(p.get("months_evaded"), "months_evaded"),
                    offender=p.get("offender", "organisation"), circumstance=p.get("circumstance", "none"),
                    fined_before=p.get("fined_before") == "1", ongoing=p.get("ongoing") == "1")
            elif p.get("step") == "payment":
                enforcement.check_payment(actor=request.user, case=case, amount=_int(p.get("paid"), "paid"),
                                          paid_on=_date(p.get("paid_on", ""), "paid_on"),
                                          enrolled_workers=_int(p.get("enrolled_workers"), "enrolled_workers"))
        except ApplicationError as exc:
            messages.error(request, refusal_text(exc))
        return redirect(_url("compliance:check_detail", case.id))
    return render(request, "compliance/check_detail.html", _ctx(
        request, case=case, acts=fines.ACTS, offenders=fines.OFFENDERS, circumstances=fines.CIRCUMSTANCES,
        today=timezone.localdate()))


@login_required
def report(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"), "year", timezone.localdate().year)
    try:
        rows = selectors.report(request.user, year)
    except ApplicationError:
        raise Http404 from None
    totals = selectors.totals(rows)
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [_("Office"), _("Month"), _("Units found"), _("Persons found"), _("Units enrolled"),
                  _("Workers brought in"), _("Reminders"), _("Check cases"), _("Recovered")]
        data = ([r["office"], r["month"], r["units_found"], r["persons_found"], r["units_enrolled"],
                 r["workers_enrolled"], r["reminders"], r["checks"], r["recovered"]] for r in rows)
        return table_response(request.GET["format"], f"compliance-report-{year}", header, data)
    return render(request, "compliance/report.html", _ctx(
        request, year=year, rows=rows, totals=totals, paragraph=steering_paragraph(totals, year)))
