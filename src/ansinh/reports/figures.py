"""Derived figures and how they are written, as published: rounding and number formats. Pure Python.

The arithmetic (`percent`, `change`) is `ansinh.rules.figures`, which `ansinh calc report-figures` runs too.
Rounding is **half up** (a half goes away from zero) on the exact ratio of two integers — no float anywhere:
- change on the previous month and on the same month of the previous year: (now − before) ÷ before × 100, one
  decimal ("up 235 (4.3 %)"); not given when `before` is 0 or unknown;
- coverage of population: HI participants ÷ population × 100, one decimal ("94.2 % of the population");
- progress against a target: figure ÷ target × 100, two decimals in tables ("91.32 %"), one in sentences;
- debt as a share of the revenue plan: (principal + late-payment interest owed) ÷ annual revenue target × 100, one
  decimal ("4.1 % of the revenue plan").
Numbers are written the Vietnamese way in Vietnamese (5.681; 4,3 %) and the English way in English (5,681; 4.3 %).
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.core import presentation
from ansinh.rules.figures import Change, ReportFiguresResult, change, percent
from ansinh.rules.periods import Month

__all__ = ["Change", "change", "percent"]  # the arithmetic lives in ansinh.rules.figures (shared with ansinh calc)

SCHEME_VI = {"si": "BHXH bắt buộc", "vsi": "BHXH tự nguyện", "ui": "BHTN", "hi": "BHYT"}
SCHEME_EN = {"si": "compulsory SI", "vsi": "voluntary SI", "ui": "UI", "hi": "HI"}


# --- writing numbers ---------------------------------------------------------------------------------------------

def fmt_int(n: int | Decimal | None, lang: str = "vi") -> str:
    """Grouped whole number (ansinh.core.presentation.number)."""
    if n is None:
        return presentation.DASH
    return presentation.number(int(n), lang=lang)


def fmt_dec(d: Decimal | None, lang: str = "vi") -> str:
    """A rounded percentage's number: 4.3 → '4,3' (vi) / '4.3' (en); thousands separated."""
    if d is None:
        return presentation.DASH
    return presentation.number(d, lang=lang)


def fmt_pct(d: Decimal | None, lang: str = "vi") -> str:
    """A rounded percentage as published, its places kept: 91.32 → '91,32 %' (ansinh.core.presentation.percent)."""
    return presentation.DASH if d is None else presentation.percent(d, None, lang)


def fmt_money(amount: int, lang: str = "vi") -> str:
    """Large sums in billions (tỷ) or millions (triệu) with one decimal, half up: 154,3 tỷ đồng / 154.3 billion VND
    (ansinh.core.presentation.money_short with the unit written out; no-break spaces, the unit never wraps alone)."""
    return presentation.money_short(amount, lang, words=True)


def month_vi(m: Month) -> str:
    return f"tháng {m.month}/{m.year}"


def month_en(m: Month) -> str:
    return m.first_day.strftime("%B %Y")


# --- sentences ---------------------------------------------------------------------------------------------------

def _change_vi(c: Change | None, since: str) -> str | None:
    if c is None:
        return None
    if c.diff == 0:
        return f"không đổi so với {since}"
    word = "tăng" if c.diff > 0 else "giảm"
    pct = f" ({fmt_pct(abs(c.pct), 'vi')})" if c.pct is not None else ""
    return f"{word} {fmt_int(abs(c.diff), 'vi')} người{pct} so với {since}"


def _change_en(c: Change | None, since: str) -> str | None:
    if c is None:
        return None
    if c.diff == 0:
        return f"unchanged on {since}"
    word = "up" if c.diff > 0 else "down"
    pct = f" ({fmt_pct(abs(c.pct), 'en')})" if c.pct is not None else ""
    return f"{word} {fmt_int(abs(c.diff), 'en')}{pct} on {since}"


def participants_sentence(scheme: str, now: int, period: Month, month_change: Change | None,
                          year_change: Change | None, lang: str = "vi") -> str:
    """'5.681 người tham gia BHXH tự nguyện, tăng 235 người (4,3 %) so với tháng 4/2020 và tăng 2.718 người
    (91,7 %) so với cùng kỳ năm 2019'."""
    prev, last_year = period - 1, period - 12
    if lang == "vi":
        head = f"{fmt_int(now, 'vi')} người tham gia {SCHEME_VI[scheme]}"
        parts = [_change_vi(month_change, month_vi(prev)), _change_vi(year_change, f"cùng kỳ năm {last_year.year}")]
        joiner = " và "
    else:
        head = f"{fmt_int(now, 'en')} {SCHEME_EN[scheme]} participants"
        parts = [_change_en(month_change, month_en(prev)), _change_en(year_change, f"the same period of {last_year.year}")]
        joiner = " and "
    tail = joiner.join(p for p in parts if p)
    return f"{head}, {tail}" if tail else head


def coverage_sentence(pct: Decimal | None, lang: str = "vi") -> str | None:
    if pct is None:
        return None
    if lang == "vi":
        return f"độ bao phủ BHYT đạt {fmt_pct(pct, 'vi')} dân số"
    return f"HI coverage {fmt_pct(pct, 'en')} of the population"


def progress_sentence(pct: Decimal | None, lang: str = "vi") -> str | None:
    if pct is None:
        return None
    return f"đạt {fmt_pct(pct, 'vi')} kế hoạch" if lang == "vi" else f"{fmt_pct(pct, 'en')} of the target"


def debt_sentence(debt: int, share: Decimal | None, lang: str = "vi", interest: int = 0) -> str:
    """Debt as published: `debt` is the total owed (principal + late-payment interest), `interest` the part of it
    that is interest, stated when there is any; `share` is the total's share of the revenue plan.
    'nợ 157,3 tỷ đồng (trong đó lãi chậm đóng 3,0 tỷ đồng), chiếm 4,2 % kế hoạch thu'."""
    if lang == "vi":
        text = f"nợ {fmt_money(debt, 'vi')}"
        if interest:
            text += f" (trong đó lãi chậm đóng {fmt_money(interest, 'vi')})"
        return f"{text}, chiếm {fmt_pct(share, 'vi')} kế hoạch thu" if share is not None else text
    text = f"debt {fmt_money(debt, 'en')}"
    if interest:
        text += f" (of which late-payment interest {fmt_money(interest, 'en')})"
    return f"{text}, {fmt_pct(share, 'en')} of the revenue plan" if share is not None else text


def collection_sentence(collection: int, ytd: int, progress: Decimal | None, lang: str = "vi") -> str:
    if lang == "vi":
        text = f"thu {fmt_money(collection, 'vi')} trong tháng, lũy kế từ đầu năm {fmt_money(ytd, 'vi')}"
        return f"{text}, đạt {fmt_pct(progress, 'vi')} kế hoạch thu" if progress is not None else text
    text = f"collection {fmt_money(collection, 'en')} in the month, {fmt_money(ytd, 'en')} in the year to date"
    return f"{text}, {fmt_pct(progress, 'en')} of the revenue plan" if progress is not None else text


def scheme_sentence(scheme: str, now: int, period: Month, month_change: Change | None, year_change: Change | None,
                    progress: Decimal | None = None, coverage: Decimal | None = None, lang: str = "vi") -> str:
    """A scheme's sentence of the steering report: participants and changes; progress against the target; for HI
    the coverage of the population. Capitalised, with its full stop."""
    text = participants_sentence(scheme, now, period, month_change, year_change, lang)
    extra = [progress_sentence(progress, lang)]
    if scheme == "hi":
        extra.append(coverage_sentence(coverage, lang))
    text = "; ".join([text, *(e for e in extra if e)]) + "."
    return text[:1].upper() + text[1:]


def printed_report_figures(result: ReportFiguresResult) -> dict[str, dict[str, str]]:
    """What the reports print for the figures of `ansinh calc report-figures`, in Vietnamese and English: the
    steering sentence, and the table cells (changes, percentages with their decimals)."""
    period = Month.parse(result.month)
    mc = None if result.month_change is None else Change(result.month_change.diff, result.month_change.pct)
    yc = None if result.year_change is None else Change(result.year_change.diff, result.year_change.pct)
    out: dict[str, dict[str, str]] = {}
    for lang in ("vi", "en"):
        cells = {
            "now": fmt_int(result.now, lang),
            "month_change": fmt_int(mc.diff, lang) if mc else presentation.DASH,
            "month_change_pct": fmt_pct(mc.pct if mc else None, lang),
            "year_change": fmt_int(yc.diff, lang) if yc else presentation.DASH,
            "year_change_pct": fmt_pct(yc.pct if yc else None, lang),
            "coverage": fmt_pct(result.coverage_pct, lang),
            "progress_table": fmt_pct(result.progress_pct_table, lang),
            "sentence": scheme_sentence(result.scheme, result.now, period, mc, yc, result.progress_pct_sentence,
                                        result.coverage_pct, lang),
        }
        out[lang] = cells
    return out
