"""Staff pages: the debt list and the C12-TS notice (page and PDF). Thin: parse, call a scoped query, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.analytics.arrears import BUCKETS
from ansinh.contributions.arrears_queries import debts_visible, notice_visible
from ansinh.contributions.notice_pdf import notice_pdf
from ansinh.core import presentation
from ansinh.core.errors import NotFound
from ansinh.rules.periods import Month

BUCKET_LABELS = {"not_due": _("Not yet due"), "lt3": _("Under 3 months"), "3to6": _("3 to 6 months"), "6to12": _("6 to 12 months"),
                 "ge12": _("12 months or more")}


OVER = {"3": _("3 months"), "6": _("6 months"), "12": _("12 months")}


def _period(request: HttpRequest, text: str | None = None) -> Month:
    raw = text or request.GET.get("period") or ""
    try:
        return Month.parse(raw) if raw else Month.of(timezone.localdate()) - 1
    except ValueError:
        raise Http404("bad period") from None


@login_required
def debt_list(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    rows = debts_visible(request.user, period)
    over = request.GET.get("over", "")
    if over in OVER:
        rows = [(row, employer) for row, employer in rows if row.months_overdue > int(over)]
    if request.GET.get("format") == "csv":
        columns = [("unit_code", _("Unit code"), ""), ("name", _("Employer"), ""), ("principal", _("Principal"), ""),
                   ("interest", _("Interest"), ""), ("overdue", _("Overdue"), ""),
                   *((b[0], BUCKET_LABELS.get(b[0], b[0]), "") for b in BUCKETS),
                   ("oldest_month", _("Oldest month owed"), "month"), ("months_overdue", _("Months overdue"), "")]
        return presentation.csv_response(f"debts-{period}.csv", columns, (
            [employer.unit_code, employer.name, row.principal, row.interest, row.overdue,
             *(row.by_bucket[b[0]] for b in BUCKETS), row.oldest_month, row.months_overdue]
            for row, employer in rows))
    totals = {"principal": sum(r.principal for r, _ in rows), "overdue": sum(r.overdue for r, _ in rows),
              "interest": sum(r.interest for r, _ in rows)}
    return render(request, "contributions/debts.html", {
        "period": period, "rows": rows[:500], "count": len(rows), "totals": totals, "nav_active": "contributions:debts",
        "over": over, "over_choices": [(k, v) for k, v in OVER.items()],
    })


@login_required
def notice(request: HttpRequest, employer_id: int, period: str) -> HttpResponse:
    month = _period(request, request.GET.get("period") or period)  # the month picker asks with ?period=
    try:
        data, employer = notice_visible(request.user, employer_id, month)
    except NotFound:
        raise Http404("employer not found") from None
    return render(request, "contributions/notice.html", {"notice": data, "employer": employer, "period": month,
                                                          "previous": month - 1, "next": month + 1})


@login_required
def notice_pdf_view(request: HttpRequest, employer_id: int, period: str) -> HttpResponse:
    month = _period(request, period)
    try:
        data, employer = notice_visible(request.user, employer_id, month)
    except NotFound:
        raise Http404("employer not found") from None
    pdf = notice_pdf(data, employer_name=employer.name, unit_code=employer.unit_code,
                     address=f"{employer.address_line}, {employer.address_commune.name}".strip(", "),
                     agency="Bảo hiểm xã hội")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="C12-TS-{employer.unit_code}-{month}.pdf"'
    return response
