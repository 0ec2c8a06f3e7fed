"""Staff pages of the reports: the dashboard of a unit, the steering-committee report (page, PDF, XLSX) and the
follow-up lists (CSV / XLSX). Thin: parse, read through the scoped selectors, render."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ansinh.core.errors import NotFound
from ansinh.core.exports import csv_writer, xlsx_bytes
from ansinh.reports import charts, selectors, steering
from ansinh.reports.figures import SCHEME_EN, SCHEME_VI, fmt_pct
from ansinh.reports.selectors import SCHEMES, Scope, UnitRef
from ansinh.rules.periods import Month

TREND_MONTHS = 36
LIST_LIMIT = 200


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _scheme_label(scheme: str) -> str:
    return (SCHEME_EN if _lang() == "en" else SCHEME_VI)[scheme]


def _resolve(request: HttpRequest) -> tuple[Scope, UnitRef, Month]:
    """The unit (?unit=kind:id, default the broadest the user sees) and month (?period=YYYY-MM, default the latest
    built); 404 outside the user's scope."""
    scope = Scope(request.user)
    raw = request.GET.get("unit", "")
    try:
        if raw:
            kind, pk = selectors.parse_unit_key(raw)
            unit = selectors.unit_visible(request.user, kind, pk, scope)
        else:
            found = selectors.default_unit(request.user, scope)
            if found is None:
                raise Http404("no unit in scope")
            unit = found
    except NotFound:
        raise Http404("unit not found") from None
    text = request.GET.get("period", "")
    try:
        period = Month.parse(text) if text else selectors.latest_period()
    except ValueError:
        raise Http404("bad period") from None
    if period is None:
        raise Http404("no statistics built yet")
    return scope, unit, period


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not selectors.built_periods():
        return render(request, "reports/empty.html", {"nav_active": "reports:dashboard"})
    scope, unit, period = _resolve(request)
    fig = selectors.figures([unit], period)[0]
    series = selectors.trend(unit, period - (TREND_MONTHS - 1), period)
    lang = _lang()
    participants_chart = charts.line_chart(
        [(_scheme_label(s), [(m, p) for m, p, *_ in series[s]]) for s in ("si", "vsi", "ui")],
        title=_("Participants by month"), lang=lang)
    hi_chart = charts.line_chart([(_scheme_label("hi"), [(m, p) for m, p, *_ in series["hi"]])],
                                 title=_("Health insurance participants by month"), lang=lang)
    by_month: dict[Month, int] = {}
    debt_by_month: dict[Month, int] = {}  # principal + interest
    interest_by_month: dict[Month, int] = {}
    for s in SCHEMES:
        for m, _p, c, d, i in series[s]:
            by_month[m] = by_month.get(m, 0) + c
            debt_by_month[m] = debt_by_month.get(m, 0) + d + i
            interest_by_month[m] = interest_by_month.get(m, 0) + i
    collection_chart = charts.bar_chart(sorted(by_month.items()), title=_("Collection by month"), lang=lang)
    debt_lines = [(_("Debt (principal + interest)"), sorted(debt_by_month.items()))]
    if any(interest_by_month.values()):
        debt_lines.append((_("of which late-payment interest"), sorted(interest_by_month.items())))
    debt_chart = charts.line_chart(debt_lines, title=_("Debt by month"), lang=lang)
    kids = selectors.offices_under(unit, scope) + selectors.children(unit, scope)
    rows = selectors.figures(kids, period)
    schemes = [(s, _scheme_label(s), fig.schemes[s], charts.progress_bar(
        fig.schemes[s].progress, label=f"{_scheme_label(s)}: {fmt_pct(fig.schemes[s].progress, lang)}")) for s in SCHEMES]
    report = steering.SteeringReport(unit, period, fig)
    return render(request, "reports/dashboard.html", {
        "unit": unit, "period": period, "fig": fig, "schemes": schemes, "rows": rows,
        "units": scope.visible_units, "periods": selectors.built_periods()[:60],
        "sentences": report.sentences(lang),
        "participants_chart": participants_chart, "hi_chart": hi_chart, "collection_chart": collection_chart,
        "debt_chart": debt_chart,
        "revenue_bar": charts.progress_bar(fig.revenue_progress, label=fmt_pct(fig.revenue_progress, lang)),
        "coverage_bar": charts.progress_bar(fig.coverage, label=fmt_pct(fig.coverage, lang)),
        "nav_active": "reports:dashboard",
    })


@login_required
def steering_page(request: HttpRequest) -> HttpResponse:
    scope, unit, period = _resolve(request)
    report = steering.build_report(unit, period, scope)
    return render(request, "reports/steering.html", {"report": report, "unit": unit, "period": period,
                                                     "nav_active": "reports:dashboard"})


@login_required
def steering_pdf(request: HttpRequest) -> HttpResponse:
    scope, unit, period = _resolve(request)
    pdf = steering.render_pdf(steering.build_report(unit, period, scope))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-{unit.code}-{period}.pdf"'
    return response


@login_required
def steering_xlsx(request: HttpRequest) -> HttpResponse:
    scope, unit, period = _resolve(request)
    data = steering.render_xlsx(steering.build_report(unit, period, scope))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.code}-{period}.xlsx"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


KIND_LABELS = {"office": _l("Office"), "commune": _l("Commune"), "province": _l("Province"),
               "old_district": _l("District (before 2025)"), "old_commune": _l("Commune (before 2025)")}


def _kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def export(rows: list[list[Any]], name: str, fmt: str) -> HttpResponse:
    """A table (header first: the columns' names in the page's language) as CSV (UTF-8 with BOM, for spreadsheet
    programs) or XLSX."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        for row in rows:
            ws.append([str(v) if v is not None and not isinstance(v, (int, float, str)) else v for v in row])
        response = HttpResponse(xlsx_bytes(wb), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv_writer(buffer).writerows(rows)  # None is written as an empty field
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _list_units(unit: UnitRef, scope: Scope) -> list[UnitRef]:
    kids = selectors.children(unit, scope)
    return kids or [unit]


@login_required
def debt_list(request: HttpRequest) -> HttpResponse:
    scope, unit, period = _resolve(request)
    rows = selectors.largest_debts(selectors.offices_under(unit, scope) + _list_units(unit, scope), period,
                                   limit=LIST_LIMIT)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        # debt_total = principal + interest (the ranking); debt_<scheme> likewise, adding up to it; the share of the
        # revenue plan is of the total
        table: list[list[Any]] = [[_("Unit level"), _("Code"), _("Name"), _("Debt incl. interest (VND)"),
                                   _("Principal (VND)"), _("Late-payment interest (VND)"),
                                   *(_("Debt %(scheme)s (VND)") % {"scheme": _scheme_label(s)} for s in SCHEMES),
                                   _("Revenue plan (VND)"), _("Debt / revenue plan (%)")]]
        table += [[_kind(f.unit.kind), f.unit.code, f.unit.name, f.debt_total, f.debt, f.debt_interest,
                   *(f.schemes[s].debt_total for s in SCHEMES),
                   int(f.revenue_target) if f.revenue_target is not None else None, f.debt_share] for f in rows]
        return export(table, f"debt-{unit.code}-{period}", fmt)
    return render(request, "reports/list_debt.html", {"unit": unit, "period": period, "rows": rows,
                                                      "nav_active": "reports:dashboard"})


@login_required
def behind_list(request: HttpRequest) -> HttpResponse:
    scope, unit, period = _resolve(request)
    scheme = request.GET.get("scheme", "hi")
    if scheme not in SCHEMES:
        raise Http404("bad scheme")
    rows = selectors.furthest_behind(_list_units(unit, scope), period, scheme, limit=LIST_LIMIT)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        table: list[list[Any]] = [[_("Code"), _("Name"), _("Insurance scheme"), _("Participants"), _("Target"),
                                   _("Progress (%)"), _("Gap to target")]]
        for f in rows:
            s = f.schemes[scheme]
            gap = int(s.target) - s.participants if s.target is not None else None
            table.append([f.unit.code, f.unit.name, _scheme_label(scheme), s.participants, s.target, s.progress, gap])
        return export(table, f"behind-{scheme}-{unit.code}-{period}", fmt)
    lines = [(f, f.schemes[scheme], (int(f.schemes[scheme].target) - f.schemes[scheme].participants)
              if f.schemes[scheme].target is not None else None) for f in rows]
    return render(request, "reports/list_behind.html", {
        "unit": unit, "period": period, "lines": lines, "scheme": scheme, "scheme_label": _scheme_label(scheme),
        "schemes": [(s, _scheme_label(s)) for s in SCHEMES], "nav_active": "reports:dashboard"})


@login_required
def lapsed_list(request: HttpRequest) -> HttpResponse:
    scope, unit, period = _resolve(request)
    communes = selectors.raw_communes(unit, scope)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        from ansinh.core import presentation

        table: list[Any] = [[_("SI number or personal ID"), _("Full name"), _("Phone"), _("Commune"), _("Address"),
                             _("Insurance scheme"), _("Participant group"), _("Last month covered")]]
        labels = SCHEME_EN if _lang() == "en" else SCHEME_VI
        table += [(*row[:5], labels.get(row[5], row[5]), row[6], presentation.month(Month.parse(row[7])))
                  for row in selectors.lapsed_export_rows(communes, period)]
        return export(table, f"lapsed-{unit.code}-{period}", fmt)
    people = selectors.lapsed(communes, period, limit=LIST_LIMIT + 1)
    return render(request, "reports/list_lapsed.html", {
        "unit": unit, "period": period, "people": people[:LIST_LIMIT], "more": len(people) > LIST_LIMIT,
        "labels": dict(SCHEME_EN if _lang() == "en" else SCHEME_VI), "nav_active": "reports:dashboard"})
