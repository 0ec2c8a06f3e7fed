"""Late-payment interest before 2025-07-01: the yearly rates recorded in si_fund_return_previous_year and
interbank_9m_rate_previous_year give back the monthly rate k the sources quote (k = 2 × annual ÷ 12)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.rules.contributions import interest
from ansinh.rules.money import rate
from ansinh.rules.params.contribution_rates import FUND_RETURN, HI_INTERBANK_RATE
from ansinh.rules.tables import RuleError

# (year, fund, k quoted in %/month, source) — sources: docs/legal-sources.md
QUOTED_K = [
    (2016, "si", "1.065%", "Nghệ An CV 420/BHXH-QLT via Báo Nghệ An; HCMC Notice 619/TB-BHXH"),
    (2016, "hi", "1.083%", "HCMC Notice 619/TB-BHXH"),
    (2017, "si", "1.317%", "HCMC Notice 362/TB-BHXH (VSS Notice 425/TB-BHXH)"),
    (2017, "hi", "0.967%", "HCMC Notice 67/TB-BHXH"),
    (2018, "hi", "0.75%", "HCMC Notice 13/TB-BHXH"),
    (2019, "si", "1.0666%", "Vĩnh Long notice of 07/01/2019"),
    (2019, "hi", "0.8666%", "Vĩnh Long notice of 07/01/2019"),
    (2020, "si", "0.9666%", "Notice 63/TB-BHXH via hddtvn"),
    (2020, "hi", "0.9766%", "Notice 63/TB-BHXH via hddtvn"),
    (2021, "si", "0.8366%", "Gia Đình Mới on the HCMC notices"),
    (2021, "hi", "0.5134%", "Gia Đình Mới on the HCMC notices"),
    (2022, "si", "0.7316%", "Gia Đình Mới on VSS Notice 89/TB-BHXH"),
    (2022, "hi", "0.5433%", "HCMC Notice 86/TB-BHXH"),
]


@pytest.mark.parametrize(("year", "fund", "quoted", "source"), QUOTED_K, ids=lambda v: str(v)[:12])
def test_recorded_rate_gives_the_quoted_monthly_k(year: int, fund: str, quoted: str, source: str) -> None:
    r = interest.run({"amount": 100_000_000, "from": f"{year}-03-01", "to": f"{year}-03-31", "fund": fund})
    k = r.segments[0].rate
    # the offices print k with 3 or 4 decimals of a percent, cut or rounded: agree within one unit of the last
    # decimal printed
    unit = Decimal(1).scaleb(-(len(quoted.rstrip("%").split(".")[1]) + 2))
    assert abs(k - rate(quoted)) <= unit, (year, fund, k, source)
    assert r.interest == int((100_000_000 * k).to_integral_value(rounding="ROUND_HALF_UP"))


def test_worked_example_2016_one_month_at_1_065() -> None:
    # 2015 return 6.39 %/year → k = 1.065 %/month from 01/01/2016 (Báo Nghệ An): 100,000,000 × 1.065 % = 1,065,000
    r = interest.run({"amount": 100_000_000, "from": "2016-03-01", "to": "2016-03-31"})
    assert r.interest == 1_065_000


def test_worked_example_2023_from_notice_83() -> None:
    # VSS Notice 83/TB-BHXH (12/01/2023): return 4.19 %/year, interbank 9.61 %/year.
    # k(SI) = 2 × 4.19 % ÷ 12 = 0.69833 %/month; k(HI) = 2 × 9.61 % ÷ 12 = 1.60167 %/month.
    si = interest.run({"amount": 200_000_000, "from": "2023-02-01", "to": "2023-04-30"})
    assert si.segments[0].periods == 3
    assert si.interest == 4_190_000  # 200,000,000 × 0.0069833… × 3 = 4,190,000
    hi = interest.run({"amount": 35_000_000, "from": "2023-02-01", "to": "2023-02-28", "fund": "hi"})
    assert hi.interest == 560_583  # 35,000,000 × 0.0160166… = 560,583.3


def test_the_2022_example_of_the_hcmc_notices() -> None:
    # 2021 return 4.39 %/year, interbank on 31/12/2021 3.26 %/year (Gia Đình Mới on VSS Notice 89/TB-BHXH)
    si = interest.run({"amount": 200_000_000, "from": "2022-05-01", "to": "2022-05-31"})
    assert si.interest == 1_463_333  # 200,000,000 × 2 × 4.39 % ÷ 12
    hi = interest.run({"amount": 35_000_000, "from": "2022-05-01", "to": "2022-05-31", "fund": "hi"})
    assert hi.interest == 190_167  # 35,000,000 × 2 × 3.26 % ÷ 12


def test_years_recorded_and_the_gaps() -> None:
    si_years = {e.valid_from.year for e in FUND_RETURN}
    hi_years = {e.valid_from.year for e in HI_INTERBANK_RATE}
    assert set(range(2016, 2024)) <= si_years
    assert set(range(2016, 2024)) <= hi_years
    for table in (
        FUND_RETURN,
        HI_INTERBANK_RATE,
    ):  # nothing found for 2024 and 2025: asked for, never guessed
        for year in (2024, 2025):
            with pytest.raises(RuleError):
                table.at(dt.date(year, 6, 1))
    with pytest.raises(RuleError) as err:
        interest.run({"amount": 1_000_000, "from": "2024-01-01", "to": "2024-03-31"})
    assert err.value.field == "monthly_rate"


def test_2018_from_the_2017_return_reported_by_vss() -> None:
    # Viet Nam News / VNA (bizhub.vn): "the annual average investment interest rate of the entire social insurance
    # fund in 2017 was 7.25 per cent". Decision 60/2015/QĐ-TTg Art 6.3.b: k = 2 × 7.25 % ÷ 12 = 1.208333 %/month.
    # Owed 50,000,000 for 2018-01, late on the first days of April, May and June 2018 (three month starts):
    # 50,000,000 × 0.01208333… × 3 = 1,812,500.
    r = interest.run({"amount": 50_000_000, "from": "2018-04-01", "to": "2018-06-30"})
    assert r.segments[0].periods == 3
    assert r.interest == 1_812_500
    # one month of 100,000,000: 1,208,333.3 → 1,208,333 (half up)
    assert interest.run({"amount": 100_000_000, "from": "2018-03-01", "to": "2018-03-31"}).interest == 1_208_333
    # HI the same year: interbank 4.50 % → k = 0.75 %/month (HCMC Notice 13/TB-BHXH): 35,000,000 × 0.75 % = 262,500
    hi = interest.run({"amount": 35_000_000, "from": "2018-03-01", "to": "2018-03-31", "fund": "hi"})
    assert hi.interest == 262_500


def test_a_year_without_a_recorded_rate_computes_with_the_k_the_office_gives() -> None:
    # 2024, 2025: no VSS notice found. With the k of the notice the office holds, the law's formula
    # amount × k × month starts: 80,000,000 × 0.6983 % × 2 = 1,117,280.
    r = interest.run({"amount": 80_000_000, "from": "2024-05-01", "to": "2024-06-30", "monthly_rate": "0.6983%"})
    assert r.interest == 1_117_280
    with pytest.raises(RuleError) as err:
        interest.run({"amount": 80_000_000, "from": "2025-05-01", "to": "2025-06-30", "fund": "hi"})
    assert err.value.field == "monthly_rate"
