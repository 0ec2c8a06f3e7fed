"""The procedures report: received, resolved on time, late, overdue, open by procedure, channel, office and month;
share online; average handling time against the limit; charts, XLSX and the steering paragraph."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ansinh.core import presentation
from ansinh.core.exports import xlsx_bytes
from ansinh.procedures import selectors
from ansinh.procedures.models import Channel
from ansinh.reports import charts
from ansinh.reports.figures import fmt_dec, fmt_int, fmt_pct, percent
from ansinh.rules import procedures as catalogue
from ansinh.rules.periods import Month

NAV = "procedures:desk"


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _range(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    try:
        first = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        first = dt.date(today.year, 1, 1)
    try:
        last = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        last = today
    if last < first:
        first, last = last, first
    return first, last


def steering_paragraph(total: selectors.Row, first: dt.date, last: dt.date, lang: str) -> str:
    """"Tiếp nhận … hồ sơ, trong đó … hồ sơ điện tử; giải quyết đúng hạn …%" as the steering report writes it."""
    rate = percent(total.on_time, total.resolved)
    online = percent(total.online, total.received)
    if lang == "en":
        return (f"From {first:%d/%m/%Y} to {last:%d/%m/%Y} the agency received {fmt_int(total.received, lang)} "
                f"dossiers, of which {fmt_int(total.online, lang)} electronic ({fmt_pct(online, lang)}); it resolved "
                f"{fmt_int(total.resolved, lang)}, {fmt_pct(rate, lang)} on time; {fmt_int(total.late, lang)} late "
                f"({fmt_int(total.late_with_apology, lang)} with an apology); {fmt_int(total.open, lang)} in "
                f"progress, of which {fmt_int(total.overdue, lang)} overdue.")
    return (f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}, tiếp nhận {fmt_int(total.received, lang)} hồ sơ, "
            f"trong đó {fmt_int(total.online, lang)} hồ sơ điện tử (chiếm {fmt_pct(online, lang)}); đã giải quyết "
            f"{fmt_int(total.resolved, lang)} hồ sơ, giải quyết đúng hạn {fmt_pct(rate, lang)}; trễ hạn "
            f"{fmt_int(total.late, lang)} hồ sơ ({fmt_int(total.late_with_apology, lang)} hồ sơ có văn bản xin lỗi); "
            f"đang giải quyết {fmt_int(total.open, lang)} hồ sơ, trong đó {fmt_int(total.overdue, lang)} hồ sơ quá "
            f"hạn.")


def _labels(group: str, lang: str) -> dict[str, str]:
    if group == "procedure":
        return {p.code: p.name(lang) for p in catalogue.CATALOGUE}
    if group == "channel":
        return {str(k): str(v) for k, v in Channel.choices}
    return {}


def _table(rep: selectors.Report, lang: str) -> list[dict[str, Any]]:
    out = []
    titles = {"procedure": _("By procedure"), "channel": _("By channel"), "office": _("By office"),
              "month": _("By month")}
    for group, rows in rep.by.items():
        labels = _labels(group, lang)
        out.append({"title": titles[group], "rows": [{
            "label": labels.get(r.key, r.key), "row": r, "rate": fmt_pct(percent(r.on_time, r.resolved), lang),
            "online": fmt_pct(percent(r.online, r.received), lang),
            "avg_days": fmt_dec(percent(r.days_sum, r.resolved * 100, 1), lang) if r.resolved else presentation.DASH,
            "avg_limit": fmt_dec(percent(r.limit_sum, r.resolved * 100, 1), lang) if r.resolved else presentation.DASH,
        } for r in rows]})
    return out


@login_required
def report(request: HttpRequest) -> HttpResponse:
    first, last = _range(request)
    lang = _lang()
    rep = selectors.report(user=request.user, first=first, last=last)
    months = [(Month.parse(r.key), r.received) for r in rep.by["month"]]
    rates = [(Month.parse(r.key), int(percent(r.on_time, r.resolved) or 0)) for r in rep.by["month"]]
    context = {
        "first": first, "last": last, "rep": rep, "tables": _table(rep, lang),
        "paragraph": steering_paragraph(rep.total, first, last, lang),
        "rate": fmt_pct(percent(rep.total.on_time, rep.total.resolved), lang),
        "online": fmt_pct(percent(rep.total.online, rep.total.received), lang),
        "received_chart": charts.bar_chart(months, title=_("Dossiers received by month"), lang=lang),
        "rate_title": _("Resolved on time by month (%)"),
        "rate_chart": charts.line_chart([(_("On time (%)"), rates)], title=_("Resolved on time by month (%)"),
                                        lang=lang),
        "progress": charts.progress_bar(percent(rep.total.on_time, rep.total.resolved) or Decimal(0),
                                        label=_("Resolved on time")),
        "nav_active": NAV,
    }
    return render(request, "procedures/report.html", context)


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    first, last = _range(request)
    lang = _lang()
    rep = selectors.report(user=request.user, first=first, last=last)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tong hop"
    ws.append([steering_paragraph(rep.total, first, last, lang)])
    head = [_("Group"), _("Key"), _("Received"), _("Online"), _("Resolved"), _("On time"), _("Late"),
            _("Late with apology"), _("Open"), _("Overdue"), _("On-time rate (%)"), _("Average working days"),
            _("Average limit")]
    ws.append([])
    ws.append(head)
    groups = {"total": _("All procedures"), "procedure": _("By procedure"), "channel": _("By channel"),
              "office": _("By office"), "month": _("By month")}
    for group, rows in [("total", [rep.total]), *rep.by.items()]:
        labels = _labels(group, lang)
        for r in rows:
            key = labels.get(r.key, r.key)
            if group == "month" and r.key:
                key = presentation.month(Month.parse(str(r.key)[:7]), lang)
            ws.append([str(groups.get(group, group)), key, r.received, r.online, r.resolved, r.on_time, r.late,
                       r.late_with_apology, r.open, r.overdue,
                       float(percent(r.on_time, r.resolved)) if r.resolved else None,
                       float(percent(r.days_sum, r.resolved * 100, 1)) if r.resolved else None,
                       float(percent(r.limit_sum, r.resolved * 100, 1)) if r.resolved else None])
    response = HttpResponse(xlsx_bytes(wb),  # formula-like text from data neutralised
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="thu-tuc-{first:%Y%m%d}-{last:%Y%m%d}.xlsx"'
    return response
