"""The compliance rules against the decrees and hand calculations (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.rules.catalogue import all_calculators
from ansinh.rules.compliance import detection, fines
from ansinh.rules.contributions import hi_groups, household_hi, student_hi
from ansinh.rules.params import local_hi_support
from ansinh.rules.tables import RuleError


def fine(**kw):
    return fines.run(kw)


# --- fines: Decree 12/2022 until 2026-09-09, Decree 283/2026 from 2026-09-10 --------------------------------------

def test_decree_12_late_payment_organisation() -> None:
    r = fine(act="late_payment", act_date="2025-03-10", amount=100_000_000)
    assert r.decree == "Decree 12/2022/NĐ-CP"
    assert (r.minimum, r.maximum, r.fine) == (24_000_000, 30_000_000, 27_000_000)  # 12–15 % × 2


def test_decree_12_percentage_capped_at_75_million_for_an_individual() -> None:
    r = fine(act="late_payment", act_date="2025-03-10", amount=1_000_000_000, offender="individual")
    assert (r.minimum, r.maximum, r.fine) == (75_000_000, 75_000_000, 75_000_000)


def test_decree_12_has_no_headcount_bands() -> None:
    with pytest.raises(RuleError) as exc:
        fine(act="late_registration", act_date="2025-03-10", persons=5)
    assert exc.value.code == "act_not_in_decree"


def test_decree_283_evasion_percentage() -> None:
    r = fine(act="evasion", act_date="2026-10-01", amount=200_000_000)
    assert r.decree == "Decree 283/2026/NĐ-CP" and r.article.endswith("Art 44.2")
    assert (r.minimum, r.maximum, r.fine) == (72_000_000, 80_000_000, 76_000_000)  # 18–20 % × 2


@pytest.mark.parametrize(("act", "persons", "offender", "expected"), [
    ("late_registration", 9, "individual", (5_000_000, 10_000_000, 7_500_000, "a")),
    ("late_registration", 10, "individual", (10_000_000, 15_000_000, 12_500_000, "b")),
    ("late_registration", 999, "organisation", (100_000_000, 120_000_000, 110_000_000, "g")),
    ("non_registration", 12, "organisation", (24_000_000, 40_000_000, 32_000_000, "b")),
    ("non_registration", 300, "individual", (40_000_000, 50_000_000, 45_000_000, "đ")),
    ("non_registration", 1000, "individual", (70_000_000, 75_000_000, 72_500_000, "h")),
])
def test_decree_283_bands(act, persons, offender, expected) -> None:
    r = fine(act=act, act_date="2026-11-02", persons=persons, offender=offender)
    assert (r.minimum, r.maximum, r.fine, r.band) == expected


def test_decree_283_circumstances_and_warning() -> None:
    low = fine(act="non_registration", act_date="2026-11-02", persons=12, circumstance="mitigating")
    high = fine(act="non_registration", act_date="2026-11-02", persons=12, circumstance="aggravating")
    assert (low.fine, high.fine) == (24_000_000, 40_000_000)
    warned = fine(act="late_payment", act_date="2026-11-02", amount=399_999)
    assert warned.warning and warned.fine == 0


def test_decree_283_in_force_on_10_september_2026() -> None:
    """Decree 283/2026 Art 66.1: "có hiệu lực thi hành từ ngày 10 tháng 9 năm 2026" (not 2027-01-01 as the shared
    notes say); Art 66.4: Decree 12/2022 ends that day. docs/legal-sources.md, si_fines."""
    old, new = list(fines.FINE_RULES)
    assert (old.valid_to, new.valid_from) == (dt.date(2026, 9, 9), dt.date(2026, 9, 10))
    assert "66.1" in new.basis and "10/09/2026" in new.basis
    assert fine(act="late_payment", act_date="2026-09-09", amount=1_000_000).decree == "Decree 12/2022/NĐ-CP"
    assert fine(act="late_payment", act_date="2026-09-10", amount=1_000_000).decree == "Decree 283/2026/NĐ-CP"


def test_decree_in_force_on_the_date_of_the_act() -> None:
    assert fine(act="evasion", act_date="2026-09-09", amount=10_000_000).decree == "Decree 12/2022/NĐ-CP"
    assert fine(act="evasion", act_date="2026-09-10", amount=10_000_000).decree == "Decree 283/2026/NĐ-CP"
    # an act begun before and still going on under the new decree (Decree 283 Art 67.2)
    assert fine(act="evasion", act_date="2026-08-01", ongoing_on="2026-10-01",
                amount=10_000_000).decree == "Decree 283/2026/NĐ-CP"
    with pytest.raises(RuleError) as exc:
        fine(act="evasion", act_date="2021-12-31", amount=1)
    assert exc.value.field == "act_date"


@pytest.mark.parametrize(("kw", "reached", "clause"), [
    ({"months_evaded": 6, "amount": 60_000_000, "employees": 0, "fined_before": True}, True, "216.1"),
    ({"months_evaded": 6, "amount": 0, "employees": 10, "fined_before": True}, True, "216.1"),
    ({"months_evaded": 7, "amount": 300_000_000, "employees": 0, "fined_before": True}, True, "216.2"),
    ({"months_evaded": 12, "amount": 0, "employees": 200, "fined_before": True}, True, "216.3"),
    ({"months_evaded": 5, "amount": 900_000_000, "employees": 0, "fined_before": True}, False, ""),
    ({"months_evaded": 6, "amount": 900_000_000, "employees": 0, "fined_before": False}, False, ""),
    ({"months_evaded": 6, "amount": 49_999_999, "employees": 9, "fined_before": True}, False, ""),
])
def test_penal_code_216_thresholds(kw, reached, clause) -> None:
    r = fines.penal_threshold(**kw)
    assert (r.reached, r.clause) == (reached, clause)


# --- support shares against hand calculations -----------------------------------------------------------------

def test_student_without_local_top_up() -> None:
    # 12 months × 4.5 % × 2,530,000 = 1,366,200; central 50 % (Decree 188)
    r = student_hi.run({"grade": 5, "year": 2026})
    assert (r.valid_from, r.valid_to, r.months) == (dt.date(2026, 10, 1), dt.date(2027, 9, 30), 12)
    assert (r.premium, r.state, r.province, r.student) == (1_366_200, 683_100, 0, 683_100)


def test_student_with_ca_mau_top_up() -> None:
    # Cà Mau +20 points: 50 % + 20 % = 70 %; student pays 30 % of 1,366,200 = 409,860
    r = student_hi.run({"grade": 5, "year": 2026, "province": "96"})
    assert (r.state, r.province, r.student, r.local_group) == (683_100, 273_240, 409_860, "student")


def test_student_with_hcmc_full_support() -> None:
    r = student_hi.run({"grade": 9, "year": 2026, "province": "79"})
    assert (r.state, r.province, r.student) == (683_100, 683_100, 0)


def test_student_year_across_the_base_salary_change() -> None:
    # Oct 2025–Jun 2026: 9 × 105,300; Jul–Sep 2026: 3 × 113,850 → 1,289,250; half is the State's
    r = student_hi.run({"grade": 7, "year": 2025})
    assert (r.premium, r.state, r.student) == (1_289_250, 644_625, 644_625)


def test_student_card_periods_by_grade() -> None:
    late = student_hi.card_period(student_hi.StudentInput("general", 1, 2026, birth_date=dt.date(2020, 11, 15)))
    assert late[:2] == (dt.date(2026, 12, 1), dt.date(2027, 9, 30))
    early = student_hi.card_period(student_hi.StudentInput("general", 1, 2026, birth_date=dt.date(2020, 5, 10)))
    assert early[0] == dt.date(2026, 10, 1)
    g12 = student_hi.card_period(student_hi.StudentInput("general", 12, 2026, to_year_end=True))
    assert g12[1] == dt.date(2027, 12, 31)
    final = student_hi.card_period(student_hi.StudentInput("higher", 4, 2026, final_year=True,
                                                           course_end=dt.date(2027, 6, 15)))
    assert final[1] == dt.date(2027, 6, 30)
    first = student_hi.card_period(student_hi.StudentInput("higher", 1, 2026, enrolment=dt.date(2026, 10, 20)))
    assert first[0] == dt.date(2026, 10, 20)
    with pytest.raises(RuleError):
        student_hi.run({"grade": 13, "year": 2026})


def test_near_poor_with_and_without_local_top_up() -> None:
    base = {"group": "near_poor", "month": "2026-03", "months": 12}
    # month by month: 4 × 4.5 % × 2,340,000 (03–06/2026) + 8 × 4.5 % × 2,530,000 (07/2026–02/2027)
    # = 421,200 + 910,800 = 1,332,000; State 70 % = 932,400
    plain = hi_groups.run(base)
    assert (plain.payers["state"], plain.payers["person"]) == (932_400, 399_600)
    ca_mau = hi_groups.run({**base, "province": "96", "lists": ["near_poor"]})
    assert (ca_mau.payers["state"], ca_mau.payers["province"], ca_mau.payers["person"]) == (932_400, 399_600, 0)
    not_on_list = hi_groups.run({**base, "province": "96"})
    assert (not_on_list.payers["province"], not_on_list.payers["person"]) == (0, 399_600)
    # Gia Lai 2021: base 1,490,000 → 67,050 a month, State 70 % = 563,220 for the 12 months; the 2021 resolution
    # (+30 points) ends on 31/12/2021: the province pays 10 × 67,050 × 30 % = 201,150 (03–12/2021), the person
    # the 30 % of 01–02/2022 = 40,230
    gia_lai = hi_groups.run({**base, "month": "2021-03", "province": "64", "lists": ["near_poor"]})
    assert (gia_lai.payers["state"], gia_lai.payers["province"], gia_lai.payers["person"]) == (563_220, 201_150,
                                                                                               40_230)
    assert [(s.start, s.end) for s in gia_lai.segments] == [("2021-03", "2021-12"), ("2022-01", "2022-02")]
    after = hi_groups.run({**base, "month": "2022-03", "province": "64", "lists": ["near_poor"]})
    assert after.payers["province"] == 0  # the 2021 resolution has ended


def test_household_member_with_hai_duong_support() -> None:
    # member 2 (70 % of 1,263,600 = 884,520) is 66 and holds no card: the province pays 70 % of it
    r = household_hi.run({"members": 2, "month": "2025-03", "province": "30", "local": [{"age": 40}, {"age": 66}]})
    assert r.total == 2_148_120
    assert r.province_support == 619_164 and r.household_pays == 1_528_956
    carded = household_hi.run({"members": 2, "month": "2025-03", "province": "30",
                               "local": [{"age": 40}, {"age": 66, "has_card": True}]})
    assert carded.province_support == 0
    plain = household_hi.run({"members": 2, "month": "2025-03"})
    assert plain.province_support == 0 and plain.total == 2_148_120


def test_local_schemes_are_consistent_and_capped() -> None:
    assert local_hi_support.problems() == []
    r = hi_groups.run({"group": "near_poor", "month": "2026-03", "months": 1, "province": "20",
                       "lists": ["near_poor"]})
    assert r.payers["person"] == 0 and r.payers["state"] + r.payers["province"] == r.total


def test_calculators_registered() -> None:
    kinds = all_calculators()
    assert {"student-hi", "si-fine"} <= set(kinds)
    for kind in ("student-hi", "si-fine"):
        kinds[kind].run(kinds[kind].example)


def test_detection_deadlines() -> None:
    est = dt.date(2026, 1, 1)
    assert not detection.enrolment_overdue(est, est + dt.timedelta(days=90))
    assert detection.enrolment_overdue(est, est + dt.timedelta(days=91))
    assert detection.enrolment_cutoff(dt.date(2026, 4, 1)) == dt.date(2025, 12, 31)
    assert detection.wage_shortfall(1_200_000_000, 50_000_000) == 50_000_000
    assert detection.wage_shortfall(1_200_000_000, 95_000_000) == 0  # within the 10 % tolerance


def test_provincial_resolutions_pinned() -> None:
    """What was found (docs/legal-sources.md, 'Provincial HI support'): HCMC Resolution 56/2025/NQ-HĐND from
    14/11/2025 (pupils +50 points, 65 to under 75 in full); Gia Lai 35/2025/NQ-HĐND from 2026-01-01; Lạng Sơn's
    resolution NOT found: demo values, UNVERIFIED, no pupils' top-up from 2025-07-01."""
    hcmc = local_hi_support.scheme("79", dt.date(2025, 11, 14))
    assert "56/2025/NQ-HĐND" in hcmc.value.resolution and hcmc.valid_from == dt.date(2025, 11, 14)
    assert local_hi_support.scheme("79", dt.date(2025, 11, 13)) is None
    elderly = next(g for g in hcmc.value.groups if g.key == "aged_65_75")
    assert (elderly.age_from, elderly.age_to, elderly.total) == (65, 75, 1)
    gia_lai = local_hi_support.scheme("64", dt.date(2026, 1, 1))
    assert "35/2025/NQ-HĐND" in gia_lai.value.resolution
    for day in (dt.date(2024, 1, 1), dt.date(2026, 12, 1)):
        lang_son = local_hi_support.scheme("20", day)
        assert lang_son.status == "UNVERIFIED" and "DEMO" in lang_son.value.resolution
    assert "student" in {g.key for g in local_hi_support.scheme("20", dt.date(2025, 6, 30)).value.groups}
    assert "student" not in {g.key for g in local_hi_support.scheme("20", dt.date(2025, 7, 1)).value.groups}
