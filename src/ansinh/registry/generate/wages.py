"""Wage levels the generator sets salaries from, as vectorised look-ups over numpy day arrays.

Regional minimum wage, regions III (city wards) and IV (elsewhere): from 2020 the values of
../shared/docs/domain-vn.md §2.2; before 2020 a plausible series from background knowledge of the decrees named
(UNVERIFIED, good enough for synthetic salaries, not for the rules engine); before 2008 the general minimum wage
(the base salary of the time). The base salary comes from `ansinh.rules.params.reference.BASE_SALARY`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ansinh.rules.params.reference import BASE_SALARY

# (from, region III, region IV, basis)
_REGIONAL = (
    ("2008-01-01", 540_000, 540_000, "Decree 167/2007"),
    ("2009-01-01", 690_000, 650_000, "Decree 110/2008"),
    ("2010-01-01", 810_000, 730_000, "Decree 97/2009"),
    ("2011-01-01", 1_050_000, 830_000, "Decree 108/2010"),
    ("2011-10-01", 1_550_000, 1_400_000, "Decree 70/2011"),
    ("2013-01-01", 1_800_000, 1_650_000, "Decree 103/2012"),
    ("2014-01-01", 2_100_000, 1_900_000, "Decree 182/2013"),
    ("2015-01-01", 2_400_000, 2_150_000, "Decree 103/2014"),
    ("2016-01-01", 2_700_000, 2_400_000, "Decree 122/2015"),
    ("2017-01-01", 2_900_000, 2_580_000, "Decree 153/2016"),
    ("2018-01-01", 3_090_000, 2_760_000, "Decree 141/2017"),
    ("2019-01-01", 3_250_000, 2_920_000, "Decree 157/2018"),
    ("2020-01-01", 3_430_000, 3_070_000, "Decree 90/2019"),
    ("2022-07-01", 3_640_000, 3_250_000, "Decree 38/2022"),
    ("2024-07-01", 3_860_000, 3_450_000, "Decree 74/2024"),
    ("2026-01-01", 4_140_000, 3_700_000, "Decree 293/2025"),
)


def _day(text: str | dt.date) -> np.datetime64:
    return np.datetime64(text, "D")


def _base_steps() -> tuple[np.ndarray, np.ndarray]:
    days = np.array([_day(e.valid_from) for e in BASE_SALARY], dtype="datetime64[D]")
    values = np.array([e.value for e in BASE_SALARY], dtype=np.int64)
    return days, values


_BASE_DAYS, _BASE_VALUES = _base_steps()
_MIN_DAYS = np.array([_day(r[0]) for r in _REGIONAL], dtype="datetime64[D]")
_MIN_III = np.array([r[1] for r in _REGIONAL], dtype=np.int64)
_MIN_IV = np.array([r[2] for r in _REGIONAL], dtype=np.int64)


def base_salary(days: np.ndarray) -> np.ndarray:
    """BASE_SALARY.at(day) for every day (days before the first entry take the first value)."""
    idx = np.searchsorted(_BASE_DAYS, days, side="right") - 1
    return _BASE_VALUES[np.clip(idx, 0, len(_BASE_VALUES) - 1)]


def minimum_wage(days: np.ndarray, region3: np.ndarray) -> np.ndarray:
    """Monthly regional minimum wage on each day, region III where `region3` else region IV."""
    idx = np.searchsorted(_MIN_DAYS, days, side="right") - 1
    inside = idx >= 0
    idx = np.clip(idx, 0, len(_MIN_DAYS) - 1)
    regional = np.where(region3, _MIN_III[idx], _MIN_IV[idx])
    return np.where(inside, regional, base_salary(days))
