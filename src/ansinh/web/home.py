"""The key figures of the home page: the user's broadest unit, the latest month of the statistics, against the
month before and the same month a year before, with a small chart of the last 13 months each. Read from the
monthly summaries of `reports` (never from the raw tables), so the home page costs a few grouped queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ansinh.core import presentation
from ansinh.rules.periods import Month

SPARK_MONTHS = 13


@dataclass
class Kpi:
    key: str
    title: Any
    now: str  # formatted
    previous: str = "—"
    last_year: str = "—"
    month_diff: Decimal | None = None  # change in points or %, for the arrow
    year_diff: Decimal | None = None
    month_text: str = ""
    year_text: str = ""
    chart: SafeString = field(default_factory=lambda: mark_safe(""))
    note: str = ""
    up_is_good: bool = True


@dataclass
class HomeFigures:
    unit: Any
    period: Month
    kpis: list[Kpi]


def _change(now: Decimal | int | None, before: Decimal | int | None, *, points: bool = False) -> tuple[
        Decimal | None, str]:
    """(signed change, text): '+2,1 %' of the earlier figure, or '+0,4 điểm' for shares."""
    if now is None or before is None:
        return None, "—"
    if points:
        diff = Decimal(now) - Decimal(before)
        sign = "+" if diff > 0 else ""
        return diff, f"{sign}{presentation.number(diff, 1)}{presentation.NBSP}{_('pt')}"
    if not before:
        return None, "—"
    diff = (Decimal(now) - Decimal(before)) * 100 / Decimal(before)
    sign = "+" if diff > 0 else ""
    return diff, f"{sign}{presentation.percent(diff)}"


def sparkline(points: list[tuple[Month, int | Decimal]], *, title: str, width: int = 240, height: int = 48) -> SafeString:
    """A line over the months with its last point marked; inline SVG, no script, no CDN."""
    values = [float(v) for _m, v in points]
    if len(values) < 2:
        return mark_safe("")
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    pad = 4
    step = (width - 2 * pad) / (len(values) - 1)
    coords = [(pad + i * step, height - pad - (v - low) / span * (height - 2 * pad)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    first, last = points[0][0], points[-1][0]
    label = f"{title}: {presentation.month(first)} – {presentation.month(last)}"
    x, y = coords[-1]
    return mark_safe(
        f'<svg class="spark" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        f'<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="{path}"/>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f5fa8"/></svg>')


def home_figures(user: Any) -> HomeFigures | None:
    """None when no statistics are built or the user covers no unit."""
    from ansinh.reports import selectors
    from ansinh.reports.figures import SCHEME_EN, SCHEME_VI

    if not selectors.built_periods():
        return None
    scope = selectors.Scope(user)
    unit = selectors.default_unit(user, scope)
    period = selectors.latest_period()
    if unit is None or period is None:
        return None
    now, before, year_ago = (selectors.figures([unit], m)[0] for m in (period, period - 1, period - 12))
    trend = selectors.trend(unit, period - (SPARK_MONTHS - 1), period)
    names = SCHEME_EN if presentation.lang_of() == "en" else SCHEME_VI
    kpis: list[Kpi] = []
    for scheme in ("si", "vsi", "ui", "hi"):
        s = now.schemes[scheme]
        md, mt = _change(s.participants, s.previous)
        yd, yt = _change(s.participants, s.last_year)
        kpis.append(Kpi(
            key=f"participants_{scheme}", title=_("Participants: %(scheme)s") % {"scheme": names[scheme]},
            now=presentation.number(s.participants), previous=presentation.number(s.previous),
            last_year=presentation.number(s.last_year), month_diff=md, year_diff=yd, month_text=mt, year_text=yt,
            chart=sparkline([(m, p) for m, p, *_r in trend[scheme]], title=names[scheme])))
    md, mt = _change(now.coverage, before.coverage, points=True)
    yd, yt = _change(now.coverage, year_ago.coverage, points=True)
    kpis.append(Kpi(
        key="hi_coverage", title=_("HI coverage of the population"), now=presentation.percent(now.coverage),
        previous=presentation.percent(before.coverage), last_year=presentation.percent(year_ago.coverage),
        month_diff=md, year_diff=yd, month_text=mt, year_text=yt,
        note=(_("target %(target)s") % {"target": presentation.percent(now.coverage_target)})
        if now.coverage_target else "",
        chart=sparkline([(m, p) for m, p, *_r in trend["hi"]], title=str(_("HI participants")))))
    collection = {}
    debt = {}
    for scheme_rows in trend.values():
        for m, _p, c, d, i in scheme_rows:
            collection[m] = collection.get(m, 0) + c
            debt[m] = debt.get(m, 0) + d + i
    md, mt = _change(now.collection, before.collection)
    yd, yt = _change(now.collection, year_ago.collection)
    kpis.append(Kpi(
        key="collection", title=_("Collection in the month"), now=presentation.money_short(now.collection),
        previous=presentation.money_short(before.collection), last_year=presentation.money_short(year_ago.collection),
        month_diff=md, year_diff=yd, month_text=mt, year_text=yt,
        note=(_("%(share)s of the year's revenue plan collected") % {
            "share": presentation.percent(now.revenue_progress)}) if now.revenue_progress is not None else "",
        chart=sparkline(sorted(collection.items()), title=str(_("Collection by month")))))
    md, mt = _change(now.debt_share, before.debt_share, points=True)
    yd, yt = _change(now.debt_share, year_ago.debt_share, points=True)
    kpis.append(Kpi(
        key="debt_share", title=_("Debt as a share of the revenue plan"),
        now=presentation.percent(now.debt_share) if now.debt_share is not None else presentation.money_short(
            now.debt_total),
        previous=presentation.percent(before.debt_share), last_year=presentation.percent(year_ago.debt_share),
        month_diff=md, year_diff=yd, month_text=mt, year_text=yt, up_is_good=False,
        note=str(_("debt %(amount)s") % {"amount": presentation.money_short(now.debt_total)}),
        chart=sparkline(sorted(debt.items()), title=str(_("Debt by month")))))
    return HomeFigures(unit=unit, period=period, kpis=kpis)
