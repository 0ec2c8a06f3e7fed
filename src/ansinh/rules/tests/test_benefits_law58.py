"""Law 58/2014 era (2016-01-01 .. 2025-06-30): worked examples pinned against the texts.

Sources (docs/legal-sources-benefits.md):
  [L58]  Law 58/2014/QH13, text in GitHub phuccodetrau/parse_thucong "result/law_vbpl_lienquan_13. Luật BHXH 2014 .md"
  [TT59] Circular 59/2015/TT-BLĐTBXH (OCR of the signed PDF), GitHub teije05-art/clone-pjj-tax-legal-22dec
         data/tax_legal/tax_database/10_Natural_Resources_SHUI/Documents/Doc_1215_01_29_TT_59291215BLDBTXHHuong_dan_v1.md
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ansinh.rules.benefits import indexation, maternity, one_time, pension, survivors
from ansinh.rules.params.benefit_pension import REDUCED_CAPACITY_AGE


def state(start: str, end: str, salary: int, coefficient: str) -> dict[str, object]:
    """State pay of someone who joined before 2016: revalued as coefficient × base salary at settlement (Art 63.1),
    so the examples need no CPI table of 2016–2019."""
    return {"from": start, "to": end, "salary": salary, "kind": "state", "coefficient": coefficient}


# --- pension: Art 56.1–56.3, Art 58 with the TT59 Art 17 examples ------------------------------------------------


def test_tt59_example_24_woman_2016_three_percent_a_year_capped_then_four_percent_early() -> None:
    # Bà A, 53, 61% lost capacity, 26 years 4 months, pension from 6/2016: 45% + 11 × 3% + 0.5 × 3% = 79.5% → 75%;
    # 2 years before 55 → −4% → 71%; 1.5 years above the 25 giving 75% → 1.5 × 0.5 month lump sum.
    r = pension.run(
        {
            "sex": "female",
            "birth_date": "1963-05-10",
            "pension_start": "2016-06-01",
            "basis": "reduced_capacity",
            "incapacity_pct": 61,
            "periods": [state("1990-02", "2016-05", 4_840_000, "4")],
        }
    )
    assert r.law == "L58" and r.eligible
    assert r.years_for_rate == Decimal("26.5")
    assert r.rate == Decimal("0.71")
    assert r.average_salary == 4_840_000  # 4 × 1,210,000 (base salary from 2016-05-01)
    assert r.monthly_pension == 3_436_400
    assert r.lump_sum == 3_630_000  # 1.5 years × 0.5 × 4,840,000


def test_tt59_example_25_woman_2019_two_percent_a_year_and_one_percent_for_the_odd_age_months() -> None:
    # Bà K, 61%, pension 01/2019 at 50y1m, 28 years: 45% + 13 × 2% = 71%; 4y11m before 55 → 8% + 1% = 9% → 62%.
    r = pension.run(
        {
            "sex": "female",
            "birth_date": "1968-11-10",
            "pension_start": "2019-01-01",
            "basis": "reduced_capacity",
            "incapacity_pct": 61,
            "periods": [state("1991-01", "2018-12", 5_000_000, "3.5")],
        }
    )
    assert r.eligible, r.reasons
    assert r.rate == Decimal("0.62")


def test_tt59_example_28_man_2018_forty_five_percent_at_sixteen_years() -> None:
    # Ông G, 61%, pension in 2018 at 56y7m, 29y7m → 30 years: 45% at 16 + 14 × 2% = 73%; 3y5m early → 6% → 67%.
    r = pension.run(
        {
            "sex": "male",
            "birth_date": "1961-11-15",
            "pension_start": "2018-07-01",
            "basis": "reduced_capacity",
            "incapacity_pct": 61,
            "periods": [state("1988-12", "2018-06", 5_000_000, "3.6")],
        }
    )
    assert r.eligible, r.reasons
    assert r.years_for_rate == Decimal(30)
    assert r.rate == Decimal("0.67")


def test_law58_art_55_1_reduced_capacity_age_by_year() -> None:
    # Law 58 Art 55.1.a / TT59 Art 16.1: 2016 51/46, +1 a year, 55/50 from 2020; ≥ 81%: 50/45 (Art 55.1.b).
    ages = [REDUCED_CAPACITY_AGE.at(dt.date(y, 6, 1))["61"] for y in range(2016, 2021)]
    assert [(a["male"] // 12, a["female"] // 12) for a in ages] == [
        (51, 46),
        (52, 47),
        (53, 48),
        (54, 49),
        (55, 50),
    ]
    assert REDUCED_CAPACITY_AGE.at(dt.date(2018, 1, 1))["81"] == {"male": 600, "female": 540}
    assert REDUCED_CAPACITY_AGE.at(dt.date(2021, 1, 1)) is None  # Labour Code 2019 Art 219.1.b
    # a man of 52 with 65% lost capacity could retire in 2017 (52 ≥ 52), not in 2016 at 51y0m minus a month
    data = {
        "sex": "male",
        "basis": "reduced_capacity",
        "incapacity_pct": 65,
        "periods": [state("1990-01", "2016-12", 5_000_000, "3")],
    }
    ok = pension.run({**data, "birth_date": "1965-01-10", "pension_start": "2017-02-01"})
    assert ok.eligible, ok.reasons
    assert ok.rate == Decimal("0.69") - Decimal("0.16")  # 27 years: 45% + 12 × 2%; 8 years before 60 → −16%
    young = pension.run({**data, "birth_date": "1966-02-10", "pension_start": "2017-02-01"})
    assert not young.eligible


def test_law58_rate_steps_for_men_2016_to_2022() -> None:
    # Law 58 Art 56.1–56.2: men 45% at 15 (2016–17), 16 (2018), 17, 18, 19, 20 (2022+) years, +2%/year.
    periods = [state("1995-01", "2016-12", 5_000_000, "3")]  # 22 years
    expected = {2017: "0.59", 2018: "0.57", 2019: "0.55", 2020: "0.53", 2021: "0.51", 2022: "0.49"}
    for year, rate in expected.items():
        r = pension.run(
            {
                "sex": "male",
                "birth_date": f"{year - 60}-01-10",
                "pension_start": f"{year}-12-01",
                "periods": periods,
            }
        )
        assert r.rate == Decimal(rate), year


# --- one-time lump sum: Art 60.2 with TT59 Art 19 ----------------------------------------------------------------


def test_tt59_example_34_ten_years_before_2014_and_six_and_a_half_after() -> None:
    # 16y4m with 10y2m before 2014: the 2 odd months move → 10 × 1.5 + 6.5 × 2 = 28 months of the average.
    r = one_time.run(
        {
            "decision_date": "2021-03-16",
            "ground": "left_12_months",
            "periods": [state("2003-11", "2020-02", 1_490_000, "1")],
        }
    )
    assert (r.months_before_2014, r.months_from_2014) == (120, 76)  # 122 + 74 after moving the 2 odd months
    assert (r.years_before_2014, r.years_from_2014) == (Decimal(10), Decimal("6.5"))
    assert r.eligible
    assert r.amount == 28 * 1_490_000


def test_tt59_art_19_2_less_than_a_year_is_22_percent_of_the_salaries() -> None:
    # Correction: under Law 58 the < 1 year amount is 22% of the monthly salaries paid (TT59 Art 19.2), not the
    # 18% fund rate of 2010; capped at 2 × the average (2 × 2.34 × 1,210,000 = 5,662,800, not reached here).
    r = one_time.run(
        {
            "decision_date": "2016-06-01",
            "ground": "left_12_months",
            "periods": [state("2010-06", "2010-11", 1_708_200, "2.34")],
        }
    )
    assert r.law == "L58" and r.eligible
    assert r.amount == 2_254_824  # 22% × 6 × 1,708,200 (was 1,844,856 at 18%)


# --- survivors: Art 70.1 with TT59 example 51 --------------------------------------------------------------------


def test_tt59_example_51_lump_sum_survivor_allowance() -> None:
    # Ông T, SI 10/2005 – 3/2017, average 5,000,000: 8y3m before 2014, 3y3m after → 8 years and 3.5 years:
    # (8 × 1.5 + 3.5 × 2) × 5,000,000 = 95,000,000.
    r = survivors.run(
        {
            "benefit": "lump_sum",
            "death_date": "2017-04-10",
            "average_salary": 5_000_000,
            "periods": [{"from": "2005-10", "to": "2017-03", "salary": 1}],
        }
    )
    assert r.months_of_average == Decimal(19)
    assert r.amount == 95_000_000


# --- maternity: Art 33.1 (25 weeks), Art 39.1 with TT59 example 16 ------------------------------------------------


def test_law58_art_33_miscarriage_thresholds_are_13_and_25_weeks() -> None:
    # Correction: Law 58 Art 33.1 — 40 days from 13 to under 25 weeks, 50 days from 25 weeks (Law 41 Art 52: 22).
    hist = [{"from": "2024-01", "to": "2024-12", "salary": 6_000_000, "kind": "employer"}]
    at23 = maternity.run(
        {"event": "miscarriage", "event_date": "2024-10-01", "gestation_weeks": 23, "periods": hist}
    )
    assert at23.leave_days == 40 and at23.benefit == 8_000_000  # 6,000,000 / 30 × 40
    at25 = maternity.run(
        {"event": "miscarriage", "event_date": "2024-10-01", "gestation_weeks": 25, "periods": hist}
    )
    assert at25.leave_days == 50
    hist41 = [{"from": "2025-01", "to": "2025-12", "salary": 6_000_000, "kind": "employer"}]
    assert (
        maternity.run(
            {"event": "miscarriage", "event_date": "2025-10-01", "gestation_weeks": 23, "periods": hist41}
        ).leave_days
        == 50
    )


def test_tt59_example_16_six_month_average_includes_the_birth_month() -> None:
    # Chị C gives birth 16/3/2016: (5,000,000 × 4 + 6,500,000 × 2) / 6 = 5,500,000.
    r = maternity.run(
        {
            "event": "birth",
            "event_date": "2016-03-16",
            "periods": [
                {"from": "2015-10", "to": "2016-01", "salary": 5_000_000, "kind": "employer"},
                {"from": "2016-02", "to": "2016-03", "salary": 6_500_000, "kind": "employer"},
            ],
        }
    )
    assert r.average_salary == 5_500_000 and r.eligible


# --- indexation: Decree 42/2023 Art 2 -----------------------------------------------------------------------------


def test_decree_42_2023_rates_and_pre_1995_floor() -> None:
    # Art 2.1.a +12.5%; 2.1.b +20.8% for people not adjusted under Decree 108/2021; Art 2.2 floor 3,000,000.
    assert indexation.run({"on": "2023-07-01", "amount_before": 4_000_000}).amount_after == 4_500_000
    assert (
        indexation.run({"on": "2023-07-01", "amount_before": 4_000_000, "special_group": True}).amount_after
        == 4_832_000
    )
    low = indexation.run({"on": "2023-07-01", "amount_before": 2_000_000, "retired_before_1995": True})
    assert (low.indexed, low.amount_after) == (2_250_000, 2_550_000)
    near = indexation.run({"on": "2023-07-01", "amount_before": 2_500_000, "retired_before_1995": True})
    assert (near.indexed, near.amount_after) == (2_812_500, 3_000_000)


# --- intermediate rounding: TT59 Art 20.4 examples 38–39 (state pay with seniority allowance in the coefficient) ---


def test_tt59_example_39_state_average_exact_pension_rounded_half_up_once() -> None:
    # Ông M, pension from 01/4/2016, 27 years (joined before 1995 → last 5 years), base salary 1,150,000 at settlement:
    # 36 months at 5.76 × 1.25 = 7.2 → 298,080,000; 24 months at 6.10 × 1.27 = 7.747 → 213,817,200;
    # average 511,897,200 / 60 = 8,531,620; 45% + 12 × 2% = 69%; 8,531,620 × 69% = 5,886,817.8 → 5,886,818 (as printed).
    r = pension.run(
        {
            "sex": "male",
            "birth_date": "1956-03-10",
            "pension_start": "2016-04-01",
            "periods": [
                state("1989-04", "2011-03", 5_000_000, "4.4"),
                state("2011-04", "2014-03", 8_280_000, "7.2"),
                state("2014-04", "2016-03", 8_909_050, "7.747"),
            ],
        }
    )
    assert r.law == "L58" and r.eligible, r.reasons
    assert r.rate == Decimal("0.69")
    assert r.average_salary == 8_531_620
    assert r.monthly_pension == 5_886_818
    assert r.lump_sum == 0
    assert "half up" in r.rounding and "example 39" in r.rounding


def test_tt59_example_38_whole_average_times_75_percent() -> None:
    # Ông H, 30 years, from 01/4/2016: 36 months at 6.2 (256,680,000) and 24 at 6.56 (181,056,000) → 7,295,600.
    # TT59 then adds 817,880 of a former professional-seniority allowance (Decree 115/2015 Art 9.6 — not modelled)
    # and prints 8,113,480 × 75% = 6,085,110; the part modelled is pinned: 7,295,600 × 75% = 5,471,700.
    r = pension.run(
        {
            "sex": "male",
            "birth_date": "1956-03-10",
            "pension_start": "2016-04-01",
            "periods": [
                state("1986-04", "2011-03", 5_000_000, "4.4"),
                state("2011-04", "2014-03", 7_130_000, "6.2"),
                state("2014-04", "2016-03", 7_544_000, "6.56"),
            ],
        }
    )
    assert r.average_salary == 7_295_600
    assert r.rate == Decimal("0.75")
    assert r.monthly_pension == 5_471_700
