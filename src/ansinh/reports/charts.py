"""Charts as inline SVG, built by hand on the server: no JavaScript, no CDN, a few kilobytes each.
Text is escaped; colours come from a fixed palette that stays readable in grey print."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from ansinh.core import presentation
from ansinh.reports.figures import fmt_int
from ansinh.rules.periods import Month

PALETTE = ("#1f5fa8", "#c2410c", "#15803d", "#7c3aed")


def _nice_max(value: float) -> int:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return int(top) if top == int(top) else int(top) + 1
    return int(10 * magnitude)


def _short(n: float, lang: str) -> str:
    for size, suffix in ((10**9, "B" if lang == "en" else " tỷ"), (10**6, "M" if lang == "en" else " tr"),
                         (10**3, "k" if lang == "en" else " N")):
        if abs(n) >= size:
            text = presentation.number(Decimal(str(n)) / size, 1, lang)  # one decimal, half up
            return text.removesuffix(",0" if lang == "vi" else ".0") + suffix
    return fmt_int(int(n), lang)


def line_chart(series: Sequence[tuple[str, Sequence[tuple[Month, int]]]], *, title: str, lang: str = "vi",
               width: int = 640, height: int = 220) -> SafeString:
    """One line per series over months; y from 0 to a round maximum; a legend above."""
    left, right, top, bottom = 56, 12, 28, 28
    months = sorted({m for _, points in series for m, _ in points})
    if not months:
        return mark_safe("")
    peak = _nice_max(max((v for _, points in series for _, v in points), default=0))
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(1, len(months) - 1)
    index = {m: i for i, m in enumerate(months)}

    def x(m: Month) -> float:
        return left + plot_w * index[m] / span

    def y(v: float) -> float:
        return top + plot_h * (1 - v / peak)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i in range(5):
        v = peak * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e8ef"/>'
                     f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="#5b6675">'
                     f'{escape(_short(v, lang))}</text>')
    step = max(1, len(months) // 8)
    for i, m in enumerate(months):
        if i % step == 0 or i == len(months) - 1:
            parts.append(f'<text x="{x(m):.1f}" y="{height - 8}" text-anchor="middle" font-size="11" fill="#5b6675">'
                         f'{m.month:02d}/{m.year % 100:02d}</text>')
    legend_x = left
    for n, (label, points) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        if points:
            path = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in points)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
            last_m, last_v = points[-1]
            parts.append(f'<circle cx="{x(last_m):.1f}" cy="{y(last_v):.1f}" r="3" fill="{colour}">'
                         f'<title>{escape(label)}: {escape(fmt_int(last_v, lang))}</title></circle>')
        parts.append(f'<rect x="{legend_x}" y="8" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{legend_x + 14}" y="17" font-size="12" fill="#1d2633">{escape(label)}</text>')
        legend_x += 24 + 7 * len(label)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(points: Sequence[tuple[Month, int]], *, title: str, lang: str = "vi", width: int = 640,
              height: int = 200, colour: str = PALETTE[2]) -> SafeString:
    left, right, top, bottom = 56, 12, 12, 28
    if not points:
        return mark_safe("")
    peak = _nice_max(max(max(v for _, v in points), 0))
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(points)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i in range(5):
        v = peak * i / 4
        yy = top + plot_h * (1 - v / peak)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e3e8ef"/>'
                     f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="#5b6675">'
                     f'{escape(_short(v, lang))}</text>')
    step = max(1, len(points) // 8)
    for i, (m, v) in enumerate(points):
        h = plot_h * max(v, 0) / peak
        xx = left + i * slot
        parts.append(f'<rect x="{xx + slot * 0.15:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{h:.1f}" fill="{colour}"><title>{m}: {escape(fmt_int(v, lang))}</title></rect>')
        if i % step == 0 or i == len(points) - 1:
            parts.append(f'<text x="{xx + slot / 2:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" '
                         f'fill="#5b6675">{m.month:02d}/{m.year % 100:02d}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def progress_bar(pct: Decimal | None, *, label: str, width: int = 240, height: int = 14) -> SafeString:
    """A bar filled to `pct` (capped at 100 %), with a mark at 100 %."""
    if pct is None:
        return mark_safe("")
    filled = width * min(max(float(pct), 0.0), 100.0) / 100
    colour = "#15803d" if pct >= 100 else "#1f5fa8" if pct >= 80 else "#c2410c"
    return mark_safe(
        f'<svg class="progress" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        f'<rect width="{width}" height="{height}" rx="3" fill="#e3e8ef"/>'
        f'<rect width="{filled:.1f}" height="{height}" rx="3" fill="{colour}"/></svg>')
