"""Derived figures and how they are written, as published: rounding and number formats. Pure Python.

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

from dataclasses import dataclass
from decimal import Decimal

from ansinh.core import presentation
from ansinh.rules.periods import Month

SCHEME_VI = {"si": "BHXH bắt buộc", "vsi": "BHXH tự nguyện", "ui": "BHTN", "hi": "BHYT"}
SCHEME_EN = {"si": "compulsory SI", "vsi": "voluntary SI", "ui": "UI", "hi": "HI"}


def percent(part: int | Decimal, whole: int | Decimal, places: int = 1) -> Decimal | None:
    """part ÷ whole × 100 rounded half up to `places` decimals; None when whole is 0 or unknown."""
    if whole is None or part is None or whole == 0:
        return None
    num, den = Decimal(part), Decimal(whole)
    # exact: both are integers or short decimals; scale to integers
    scale = 10 ** max(_decimals(num), _decimals(den))
    n, d = int(num * scale), int(den * scale)
    if d < 0:
        n, d = -n, -d
    q = 10 ** places
    sign = -1 if n < 0 else 1
    rounded = (2 * abs(n) * 100 * q + d) // (2 * d)
    return Decimal(sign * rounded).scaleb(-places)  # keeps the published decimals: 10.0, not 10


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True)
class Change:
    diff: int
    pct: Decimal | None  # None when the earlier figure is 0

    @property
    def direction(self) -> str:
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"


def change(now: int, before: int | None) -> Change | None:
    if before is None:
        return None
    return Change(now - before, percent(now - before, before, 1))


# --- writing numbers ---------------------------------------------------------------------------------------------

def fmt_int(n: int | Decimal | None, lang: str = "vi") -> str:
    """Grouped whole number (ansinh.core.presentation.number)."""
    if n is None:
        return "–"
    return presentation.number(int(n), lang=lang)


def fmt_dec(d: Decimal | None, lang: str = "vi") -> str:
    """A rounded percentage's number: 4.3 → '4,3' (vi) / '4.3' (en); thousands separated."""
    if d is None:
        return "–"
    return presentation.number(d, lang=lang)


def fmt_pct(d: Decimal | None, lang: str = "vi") -> str:
    return "–" if d is None else f"{fmt_dec(d, lang)} %"


def fmt_money(amount: int, lang: str = "vi") -> str:
    """Large sums in billions (tỷ) or millions (triệu) with one decimal, half up: 154,3 tỷ đồng / 154.3 billion VND."""
    for size, vi, en in ((10**9, "tỷ đồng", "billion VND"), (10**6, "triệu đồng", "million VND")):
        if abs(amount) >= size:
            value = percent(amount, size * 100, 1)  # amount ÷ size, one decimal
            return f"{fmt_dec(value, lang)} {vi if lang == 'vi' else en}"
    return f"{fmt_int(amount, lang)} {'đồng' if lang == 'vi' else 'VND'}"


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
