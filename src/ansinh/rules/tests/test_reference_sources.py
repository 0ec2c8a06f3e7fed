"""Minimum wages pinned to the sources read for them (docs/legal-sources.md, ids in brackets)."""

from __future__ import annotations

import pytest

from ansinh.rules.params.reference import BASE_SALARY, REGIONAL_MINIMUM_WAGE
from ansinh.rules.tables import d


@pytest.mark.parametrize(("day", "levels", "source"), [
    ("2009-01-01", (800_000, 740_000, 690_000, 650_000), "VCCI-2009"),
    ("2012-12-31", (2_000_000, 1_780_000, 1_550_000, 1_400_000), "MW-2013 'increased from'"),
    ("2013-01-01", (2_350_000, 2_100_000, 1_800_000, 1_650_000), "MW-2013, Decree 103/2012 Art 3"),
    ("2014-01-01", (2_700_000, 2_400_000, 2_100_000, 1_900_000), "MW-2014"),
    ("2015-01-01", (3_100_000, 2_750_000, 2_400_000, 2_150_000), "MW-2015"),
    ("2016-12-31", (3_500_000, 3_100_000, 2_700_000, 2_400_000), "MW-2017 'increase from'"),
    ("2017-01-01", (3_750_000, 3_320_000, 2_900_000, 2_580_000), "MW-2017"),
    ("2018-01-01", (3_980_000, 3_530_000, 3_090_000, 2_760_000), "MW-2018"),
    ("2019-01-01", (4_180_000, 3_710_000, 3_250_000, 2_920_000), "MW-2019"),
    ("2020-01-01", (4_420_000, 3_920_000, 3_430_000, 3_070_000), "MW-2020, Decree 90/2019 Art 3.1"),
    ("2022-07-01", (4_680_000, 4_160_000, 3_640_000, 3_250_000), "D38-TEXT, Decree 38/2022 Art 3"),
])
def test_regional_minimum_wage(day: str, levels: tuple[int, int, int, int], source: str) -> None:
    value = REGIONAL_MINIMUM_WAGE.at(d(day))
    assert tuple(value[r] for r in (1, 2, 3, 4)) == levels, source
    assert REGIONAL_MINIMUM_WAGE.entry(d(day)).status == "V-SEC"


def test_decree_38_2022_hourly_levels_and_start() -> None:
    assert REGIONAL_MINIMUM_WAGE.at(d("2022-07-01")).hourly == (22_500, 20_000, 17_500, 15_600)
    assert REGIONAL_MINIMUM_WAGE.at(d("2022-06-30"))[1] == 4_420_000  # Decree 90/2019 until 30/06/2022


@pytest.mark.parametrize(("day", "amount"), [
    ("2012-05-01", 1_050_000), ("2012-04-30", 830_000), ("2013-07-01", 1_150_000), ("2023-07-01", 1_800_000),
    ("2009-12-01", 650_000), ("2010-12-01", 730_000),
])
def test_general_minimum_wage_and_base_salary(day: str, amount: int) -> None:
    assert BASE_SALARY.at(d(day)) == amount  # VNS-2012, QT-BASE
