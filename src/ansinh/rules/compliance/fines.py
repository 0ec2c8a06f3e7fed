"""Administrative fines for late payment and evasion of compulsory SI (and UI), by the decree in force on the date
of the act.

- Decree 12/2022/NĐ-CP (17/01/2022) Art 39: late payment, paying short or for too few persons (not evasion):
  12%–15% of the total SI+UI due at the time of the record, at most 75,000,000 (39.5); evasion 18%–20%, at most
  75,000,000 (39.6, clause split UNVERIFIED). No headcount bands for SI. Organisations ×2 (Art 6).
- Decree 283/2026/NĐ-CP (15/07/2026), in force 10/09/2026 (Art 66.1 of the signed text, OCR; it replaces Decree
  12/2022 that day). Art 43 (late payment): warning when the amount is under 400,000 (43.1); non-registration
  within the 60-day window by headcount band 5–10 M … 60–75 M (43.2); 12%–15% of the amount late, at most 75 M
  (43.3). Art 44 (evasion): non-registration after the 60 days by band 6–12 M … 70–75 M (44.1); 18%–20% of the
  amount evaded, at most 75 M (44.2). Art 7.1: amounts are for individuals, organisations pay twice.
  Art 67: an act that ended before 10/09/2026 is fined by the decree then in force; an act still going on on that
  day by Decree 283.

The fine for one act is the average of its range; mitigating circumstances lower it toward the minimum, aggravating
ones raise it toward the maximum (Law 15/2012/QH13 Art 23.4 as amended by Law 67/2020 — wording UNVERIFIED here).
Rounding: the percentage bounds are rounded half up to the whole đồng before the cap is applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import MAX_DEBT_VND, field_choice, field_date, field_int
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, rate, vnd
from ansinh.rules.tables import Entry, RuleError, Table, d

ACTS = ("late_payment", "evasion", "late_registration", "non_registration")
# late_payment       registered amount not paid after the deadline (D12 Art 39.5; D283 Art 43.3)
# evasion            wage registered below Art 31.1, or unpaid 60 days after the deadline and a reminder
#                    (D12 Art 39.6; D283 Art 44.2)
# late_registration  persons not registered within the 60 days after the 30-day deadline (D283 Art 43.2)
# non_registration   persons not registered after those 60 days (D283 Art 44.1)
OFFENDERS = ("organisation", "individual")
CIRCUMSTANCES = ("none", "mitigating", "aggravating")

# headcount lower bounds of the bands a … h (Art 43.2, 44.1): <10, 10–<50, 50–<100, 100–<300, 300–<500,
# 500–<700, 700–<1000, ≥1000
BAND_FLOORS = (0, 10, 50, 100, 300, 500, 700, 1000)
BAND_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h")


@dataclass(frozen=True)
class Percent:
    low: Decimal
    high: Decimal
    cap: int
    article: str


@dataclass(frozen=True)
class Bands:
    ranges: tuple[tuple[int, int], ...]  # (min, max) for each band, individual level
    article: str


@dataclass(frozen=True)
class FineRules:
    decree: str
    percent: Mapping[str, Percent]
    bands: Mapping[str, Bands]
    warning_below: int | None  # a warning instead of a fine when the amount is below this (D283 Art 43.1)
    organisation_multiple: int
    multiple_article: str


M = 1_000_000
DECREE_12 = FineRules(
    decree="Decree 12/2022/NĐ-CP",
    percent={
        "late_payment": Percent(rate("12%"), rate("15%"), 75 * M, "Art 39.5"),
        "evasion": Percent(rate("18%"), rate("20%"), 75 * M, "Art 39.6"),
    },
    bands={},
    warning_below=None,
    organisation_multiple=2,
    multiple_article="Art 6.1",
)
DECREE_283 = FineRules(
    decree="Decree 283/2026/NĐ-CP",
    percent={
        "late_payment": Percent(rate("12%"), rate("15%"), 75 * M, "Art 43.3"),
        "evasion": Percent(rate("18%"), rate("20%"), 75 * M, "Art 44.2"),
    },
    bands={
        "late_registration": Bands(((5 * M, 10 * M), (10 * M, 15 * M), (15 * M, 20 * M), (20 * M, 30 * M),
                                    (30 * M, 40 * M), (40 * M, 50 * M), (50 * M, 60 * M), (60 * M, 75 * M)),
                                   "Art 43.2"),
        "non_registration": Bands(((6 * M, 12 * M), (12 * M, 20 * M), (20 * M, 30 * M), (30 * M, 40 * M),
                                   (40 * M, 50 * M), (50 * M, 60 * M), (60 * M, 70 * M), (70 * M, 75 * M)),
                                  "Art 44.1"),
    },
    warning_below=400_000,
    organisation_multiple=2,
    multiple_article="Art 7.1",
)

FINE_RULES: Table[FineRules] = Table(
    "si_fines",
    "VND",
    (
        Entry(d("2022-01-17"), d("2026-09-09"), DECREE_12,
              "Decree 12/2022/NĐ-CP Art 39 (17/01/2022; replaced by Decree 283/2026 from 10/09/2026)", "V-SEC",
              "39.5 quoted by TVPL; 39.6 clause split UNVERIFIED"),
        Entry(d("2026-09-10"), None, DECREE_283,
              "Decree 283/2026/NĐ-CP Arts 7, 43, 44, 66.1 (signed 15/07/2026, in force 10/09/2026)", "V-SEC",
              "Art 66.1 read in the OCR of the signed PDF (diepxuan/diepxuan.github.io van-ban/lao-dong/"
              "nghi-dinh-283-2026-nd-cp-xu-phat-lao-dong-bhxh.md): 'có hiệu lực thi hành từ ngày 10 tháng 9 năm "
              "2026'; Art 66.4 ends Decree 12/2022 that day. shared/docs/domain-vn.md says 2027-01-01: wrong"),
    ),
    description="Administrative fines for late payment and evasion of compulsory SI",
)


@dataclass(frozen=True)
class FineInput:
    act: str
    act_date: dt.date
    offender: str = "organisation"
    amount: int = 0  # the amount late / evaded at the time of the record (percentage acts)
    persons: int = 0  # the employees concerned (band acts)
    circumstance: str = "none"
    ongoing_on: dt.date | None = None  # the act was still going on on this date (Decree 283 Art 67.2)


@dataclass(frozen=True)
class FineResult:
    decree: str
    article: str
    act: str
    offender: str
    warning: bool
    minimum: int
    maximum: int
    fine: int
    band: str
    rounding: str
    steps: tuple[Step, ...]
    params: tuple[ParamUse, ...]


def rules_for(act_date: dt.date, ongoing_on: dt.date | None = None) -> Entry[FineRules]:
    """The decree in force on the date of the act; an act still going on when a later decree came in force is
    judged by that decree (Decree 283/2026 Art 67.1–67.2)."""
    day = max(act_date, ongoing_on) if ongoing_on else act_date
    return FINE_RULES.entry(day)


def band_index(persons: int) -> int:
    return max(i for i, floor in enumerate(BAND_FLOORS) if persons >= floor)


def calculate(inp: FineInput) -> FineResult:
    ex = Explanation()
    day = max(inp.act_date, inp.ongoing_on) if inp.ongoing_on else inp.act_date
    try:
        rules = ex.use(FINE_RULES, day)
    except RuleError as exc:
        raise RuleError(exc.code, exc.message, field="act_date") from None
    multiple = rules.organisation_multiple if inp.offender == "organisation" else 1
    band = ""
    if inp.act in rules.percent:
        p = rules.percent[inp.act]
        article = f"{rules.decree} {p.article}"
        if rules.warning_below is not None and inp.amount < rules.warning_below:
            ex.step("warning", True, f"amount {inp.amount:,} < {rules.warning_below:,}", f"{rules.decree} Art 43.1")
            return _result(inp, rules.decree, article, True, 0, 0, 0, "", ex)
        low = ex.step("lower bound", vnd(p.low * inp.amount), f"{p.low:%} × {inp.amount:,}")
        high = ex.step("upper bound", vnd(p.high * inp.amount), f"{p.high:%} × {inp.amount:,}")
        low, high = min(low, p.cap), min(high, p.cap)
        ex.step("capped", (low, high), f"at most {p.cap:,} (individual level)")
    elif inp.act in rules.bands:
        b = rules.bands[inp.act]
        if inp.persons < 1:
            raise RuleError("required", "persons: the number of employees concerned must be at least 1",
                            field="persons")
        i = band_index(inp.persons)
        band = BAND_LETTERS[i]
        low, high = b.ranges[i]
        article = f"{rules.decree} {b.article}.{band}"
        ex.step("band", band, f"{inp.persons} employee(s)", article)
    else:
        raise RuleError("act_not_in_decree", f"{rules.decree} has no fine for the act {inp.act!r} "
                        f"(it applies from 2026-09-10 under Decree 283/2026)", field="act")
    low, high = low * multiple, high * multiple
    if multiple > 1:
        ex.step("organisation", (low, high), f"× {multiple}", f"{rules.decree} {rules.multiple_article}")
    fine = {"none": (low + high) // 2, "mitigating": low, "aggravating": high}[inp.circumstance]
    ex.step("fine", fine, f"{inp.circumstance}: average of the range unless mitigating (minimum) or aggravating "
            "(maximum)", "Law 15/2012/QH13 Art 23.4")
    return _result(inp, rules.decree, article, False, low, high, fine, band, ex)


def _result(inp: FineInput, decree: str, article: str, warning: bool, low: int, high: int, fine: int, band: str,
            ex: Explanation) -> FineResult:
    return FineResult(decree=decree, article=article, act=inp.act, offender=inp.offender, warning=warning,
                      minimum=low, maximum=high, fine=fine, band=band,
                      rounding=f"percentage bounds {HALF_UP}, then capped; the average rounded down",
                      steps=tuple(ex.steps), params=tuple(ex.params))


# --- Penal Code Art 216 (Code 100/2015 as amended by Law 12/2017): evasion of SI, HI, UI contributions ------------

@dataclass(frozen=True)
class PenalFinding:
    reached: bool
    clause: str
    reasons: tuple[str, ...]
    basis: str = "Penal Code 100/2015/QH13 Art 216 (as amended by Law 12/2017/QH14)"


def penal_threshold(*, months_evaded: int, amount: int, employees: int, fined_before: bool) -> PenalFinding:
    """Art 216.1: evasion for 6 months or more by deceit or another trick, after an administrative fine for the
    same act, of 50 M–<300 M or for 10–<50 employees; 216.2: 300 M–<1 bn or 50–<200 employees; 216.3: ≥ 1 bn or
    ≥ 200 employees. Deceit is for the case officer to establish: the flag says the thresholds are reached."""
    reasons = []
    if months_evaded < 6:
        reasons.append(f"{months_evaded} month(s) evaded, the Code requires 6 or more")
    if not fined_before:
        reasons.append("no earlier administrative fine for the same act")
    if amount >= 1_000 * M or employees >= 200:
        clause = "216.3"
    elif amount >= 300 * M or employees >= 50:
        clause = "216.2"
    elif amount >= 50 * M or employees >= 10:
        clause = "216.1"
    else:
        clause = ""
        reasons.append("below 50,000,000 and fewer than 10 employees")
    return PenalFinding(reached=not reasons, clause=clause if not reasons else "", reasons=tuple(reasons))


def parse(data: Mapping[str, Any]) -> FineInput:
    ongoing = data.get("ongoing_on")
    return FineInput(
        act=field_choice(data, "act", ACTS),
        act_date=field_date(data, "act_date"),
        offender=field_choice(data, "offender", OFFENDERS, default="organisation"),
        amount=field_int(data, "amount", default=0, maximum=MAX_DEBT_VND),
        persons=field_int(data, "persons", default=0, maximum=10**7),
        circumstance=field_choice(data, "circumstance", CIRCUMSTANCES, default="none"),
        ongoing_on=field_date(data, "ongoing_on") if ongoing else None,
    )


def run(data: Mapping[str, Any]) -> FineResult:
    return calculate(parse(data))
