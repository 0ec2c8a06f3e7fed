"""Law 71/2006/QH11 era short-term benefits: sickness (2007-01-01 .. 2015-12-31), unemployment (decided 2009-01-01 ..
2014-12-31, Law 71 with Decree 127/2008), occupational accident/disease (2007-01-01 .. 2016-06-30: Law 71, then Law 58 with the same rules until the OSH law).

Every figure below is computed by hand from the rule quoted in the test (sources: docs/legal-sources-benefits.md,
"Law 71/2006 regime"), with the general minimum wage of the date (BASE_SALARY: 730,000 from 2010-05-01, 1,050,000
from 2012-05-01, 1,150,000 from 2013-07-01, 1,210,000 from 2016-05-01).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ansinh.rules.benefits import convalescence, sickness, unemployment, work_injury
from ansinh.rules.tables import RuleError

D = Decimal


# --- sickness ------------------------------------------------------------------------------------------------------
# CV 529/LĐTBXH-BHXH (11/02/2015), chapter III.1, what Law 58/2014 changed against Law 71/2006: "mức hưởng trợ cấp ốm
# đau một ngày được tính bằng mức trợ cấp ốm đau theo tháng chia cho 24 ngày (hiện hành chia cho 26 ngày)"; "Tăng mức
# trợ cấp ốm đau đối với người lao động mắc bệnh thuộc Danh mục bệnh cần chữa trị dài ngày từ 45% lên 50% ... nếu đã
# đóng bảo hiểm xã hội dưới 15 năm"; after the 180 days Law 58 added "thời gian hưởng tối đa bằng thời gian đã đóng".


def test_own_sickness_2010_is_divided_by_26() -> None:
    # 2,600,000 × 75% / 26 × 5 days = 375,000 (Law 58's / 24 would give 406,250).
    r = sickness.SPEC.compute({"event": "own", "leave_from": "2010-03-08", "days": 5, "salary": 2_600_000,
                               "contribution_months": 60})
    assert r.law == "L71" and r.yearly_days == 30
    assert r.amount == 375_000


def test_long_term_disease_2012_forty_five_percent_after_180_days_without_a_limit() -> None:
    # 200 calendar days from 2012-01-01, 100 months of SI (< 15 years):
    # 180 × 3,120,000 × 75% / 26 = 16,200,000; 20 × 3,120,000 × 45% / 26 = 1,080,000; total 17,280,000.
    r = sickness.run({"event": "long_term", "leave_from": "2012-01-01", "leave_to": "2012-07-18",
                      "salary": 3_120_000, "contribution_months": 100})
    assert r.days_counted == 200
    assert [(ln.days, ln.rate, ln.amount) for ln in r.lines] == [(180, D("0.75"), 16_200_000),
                                                                (20, D("0.45"), 1_080_000)]
    assert r.amount == 17_280_000
    assert r.max_reduced_rate_months is None  # Law 58's limit of the contribution time did not exist


def test_child_care_2014_twenty_days_under_three() -> None:
    # Child aged 2: 20 days a year; 3 days × 5,200,000 × 75% / 26 = 450,000.
    r = sickness.run({"event": "child", "leave_from": "2014-10-06", "days": 3, "salary": 5_200_000,
                      "child_age_years": 2})
    assert r.yearly_days == 20 and r.amount == 450_000


def test_sickness_divisor_changes_on_2016_01_01() -> None:
    base = {"event": "own", "days": 1, "salary": 2_600_000, "contribution_months": 60}
    assert sickness.run(base | {"leave_from": "2015-12-31"}).amount == 75_000  # 2,600,000 × 75% / 26
    assert sickness.run(base | {"leave_from": "2016-01-01"}).amount == 81_250  # / 24 under Law 58


def test_sickness_before_2007_is_refused_naming_the_date() -> None:
    with pytest.raises(RuleError) as err:
        sickness.SPEC.compute({"event": "own", "leave_from": "2006-12-29", "days": 1, "salary": 1_000_000,
                               "contribution_months": 60})
    assert err.value.code == "no_rule_for_date" and err.value.field == "leave_from"


# --- unemployment ---------------------------------------------------------------------------------------------------
# Decree 127/2008/NĐ-CP Art 16.2 (thuvienphapluat.vn, hỏi đáp 1768F): "Mức trợ cấp thất nghiệp hàng tháng bằng 60% mức
# bình quân tiền lương, tiền công tháng đóng bảo hiểm thất nghiệp của sáu tháng liền kề trước khi mất việc làm ...";
# "Ba tháng, nếu có từ đủ mười hai tháng đến dưới ba mươi sáu tháng đóng bảo hiểm thất nghiệp; Sáu tháng, nếu có từ
# đủ ba mươi sáu tháng đến dưới bảy mươi hai tháng; Chín tháng, nếu có từ đủ bảy mươi hai tháng đến dưới một trăm bốn
# mươi bốn tháng; Mười hai tháng, nếu có từ đủ một trăm bốn mươi bốn tháng ... trở lên".


def ui(termination: str, start: str, salary: int, **extra: object) -> unemployment.UnemploymentResult:
    return unemployment.SPEC.compute({"termination_date": termination,
                                      "periods": [{"from": start, "to": termination[:7], "salary": salary,
                                                   "kind": "employer"}], **extra})


def test_ui_2010_sixty_percent_three_months() -> None:
    # 18 months of UI 2009-01 .. 2010-06 at 3,000,000: 60% × 3,000,000 = 1,800,000 for 3 months = 5,400,000.
    r = ui("2010-06-30", "2009-01", 3_000_000)
    assert r.law == "L71" and r.eligible
    assert (r.monthly_benefit, r.duration_months, r.total_benefit) == (1_800_000, 3, 5_400_000)
    assert r.cap is None and r.preserved_months is None


def test_ui_2011_thirty_six_months_give_six_months() -> None:
    # 36 months 2009-01 .. 2011-12: "Sáu tháng, nếu có từ đủ ba mươi sáu tháng" (Employment Law 38/2013 would give 3).
    assert ui("2011-12-31", "2009-01", 3_000_000).duration_months == 6
    assert ui("2011-11-30", "2009-01", 3_000_000).duration_months == 3  # 35 months


def test_ui_2014_seventy_two_months_give_nine_months() -> None:
    # 72 months 2009-01 .. 2014-12 (the last month of the Law 71 era): nine months.
    assert ui("2014-12-31", "2009-01", 3_000_000).duration_months == 9


def test_ui_2013_no_ceiling_on_the_benefit() -> None:
    # 20,000,000 a month in 2013 (below the UI salary ceiling of 20 × 1,050,000 / 20 × 1,150,000):
    # 60% × 20,000,000 = 12,000,000 a month, no cap in Art 16.2 (5 × regional minimum wage only from 2015).
    r = ui("2013-12-31", "2012-01", 20_000_000)
    assert r.monthly_benefit == 12_000_000 and r.cap is None


def test_ui_the_employment_law_decides_from_2015() -> None:
    r = ui("2014-12-31", "2009-01", 3_000_000, decision_date="2015-01-20", region="I")
    assert r.law == "UI38" and r.duration_months == 6  # 3 + 1 per 12 above 36: 72 months → 6


def test_ui_short_contracts_and_preservation_not_held_are_refused_naming_the_field() -> None:
    with pytest.raises(RuleError) as err:
        ui("2012-06-30", "2010-01", 3_000_000, contract="short")
    assert err.value.code == "no_rule_for_date" and err.value.field == "contract"
    with pytest.raises(RuleError) as err:
        ui("2012-06-30", "2010-01", 3_000_000, preserved_months=10)
    assert err.value.field == "preserved_months"


def test_ui_before_2009_is_refused_naming_the_date() -> None:
    with pytest.raises(RuleError) as err:
        ui("2008-12-31", "2008-01", 3_000_000)
    assert err.value.code == "no_rule_for_date" and err.value.field == "termination_date"


# --- occupational accident / disease ----------------------------------------------------------------------------------
# US SSA, Social Security Programs Throughout the World: Asia and the Pacific 2014, Vietnam (law in force in 2014,
# Law 71/2006): "Disability grant: Five times the minimum wage for civil servants is paid for an assessed loss of
# working capacity of 5%; an additional 50% of the minimum wage ... for each additional 1% ...; and 50% of the
# insured's last monthly earnings for the first year of contributions plus 30% for each additional year";
# "Permanent disability benefit: 30% of the minimum wage for civil servants is paid for ... 31%; an additional 2% ...
# for each additional 1% ..., plus 0.5% of earnings ... for the first year of contributions, plus 0.3% ... for each
# additional year"; "Attendance supplement: A benefit equal to the minimum wage". CV 529: Law 58 kept these rules.


def test_work_injury_lump_sum_2012() -> None:
    # 20%, 10 years, 4,000,000: (5 + 0.5 × 15) × 1,050,000 = 13,125,000; (0.5 + 0.3 × 9) × 4,000,000 = 12,800,000.
    r = work_injury.SPEC.compute({"benefit_start": "2012-06-01", "incapacity_pct": 20, "fund_months": 120,
                                  "salary": 4_000_000})
    assert (r.kind, r.base_part, r.seniority_part, r.lump_sum) == ("lump_sum", 13_125_000, 12_800_000, 25_925_000)


def test_work_injury_monthly_allowance_2014_with_attendance() -> None:
    # 85%, 8 years, 5,000,000, minimum wage 1,150,000: (30% + 2% × 54) × 1,150,000 = 1,587,000;
    # (0.5% + 0.3% × 7) × 5,000,000 = 130,000; attendance 1,150,000; total 2,867,000.
    r = work_injury.run({"benefit_start": "2014-03-01", "incapacity_pct": 85, "fund_months": 96,
                         "salary": 5_000_000, "attendance": True})
    assert (r.base_part, r.seniority_part, r.attendance_allowance, r.monthly) == (1_587_000, 130_000, 1_150_000,
                                                                                  2_867_000)


def test_work_injury_until_june_2016_keeps_the_law71_multiples() -> None:
    # 2016-06-01: Law 58/2014 kept Law 71's OA/OD rules until the OSH law (in force 2016-07-01), CV 529 III.3; base
    # salary 1,210,000 from 2016-05-01: 5 × 1,210,000 + 0.5 × 3,000,000 = 7,550,000.
    r = work_injury.run({"benefit_start": "2016-06-01", "incapacity_pct": 5, "fund_months": 12, "salary": 3_000_000})
    assert r.lump_sum == 7_550_000
    assert any(s.label == "law deciding the benefit" and s.value == "Law 58/2014/QH13" for s in r.steps)
    r = work_injury.run({"benefit_start": "2015-06-01", "incapacity_pct": 5, "fund_months": 12, "salary": 3_000_000})
    assert any(s.label == "law deciding the benefit" and s.value == "Law 71/2006/QH11" for s in r.steps)


def test_work_injury_death_grant_not_held_is_refused_naming_death() -> None:
    with pytest.raises(RuleError) as err:
        work_injury.SPEC.compute({"benefit_start": "2015-04-10", "death": True})
    assert err.value.code == "no_rule_for_date" and err.value.field == "death"


def test_work_injury_before_2007_is_refused_naming_the_date() -> None:
    with pytest.raises(RuleError) as err:
        work_injury.SPEC.compute({"benefit_start": "2006-12-01", "incapacity_pct": 20, "fund_months": 12,
                                  "salary": 1_000_000})
    assert err.value.code == "no_rule_for_date" and err.value.field == "benefit_start"


# --- still not held -------------------------------------------------------------------------------------------------


def test_convalescence_before_2007_is_refused_naming_the_date() -> None:
    with pytest.raises(RuleError) as err:
        convalescence.SPEC.compute(convalescence.SPEC.example | {"start": "2006-12-05", "place": "home"})
    assert err.value.code == "no_rule_for_date" and err.value.field == "start"


# --- convalescence ------------------------------------------------------------------------------------------------
# Circular 59/2015 Art 39.2.c (read in full): convalescence after maternity starting before 2016 follows Law 71/2006,
# "mức hưởng một ngày bằng 25% mức lương cơ sở nếu nghỉ dưỡng sức, phục hồi sức khoẻ tại gia đình; bằng 40% mức lương
# cơ sở nếu nghỉ dưỡng sức, phục hồi sức khoẻ tại cơ sở tập trung"; CV 529 (the same for sickness; 30% from 2016);
# 5 to 10 days a year (Law 71 Art 37 in Yale's summary; SSPTW 2014 for work injury).


def test_convalescence_after_maternity_2012_at_home_is_25_percent() -> None:
    # 7 days at home from 2012-03-05: 25% × 830,000 (general minimum wage 2011-05-01 .. 2012-04-30) = 207,500 a day;
    # × 7 = 1,452,500.
    r = convalescence.SPEC.compute({"after": "maternity", "case": "caesarean", "start": "2012-03-05", "days": 7,
                                    "place": "home"})
    assert r.law == "L71" and r.max_days == 10
    assert (r.daily_amount, r.amount) == (207_500, 1_452_500)


def test_convalescence_after_sickness_2014_in_a_centre_is_40_percent_at_most_10_days() -> None:
    # 12 days asked in a centre from 2014-09-01: at most 10 a year; 40% × 1,150,000 = 460,000 a day → 4,600,000.
    r = convalescence.SPEC.compute({"after": "sickness", "case": "other", "start": "2014-09-01", "days": 12,
                                    "place": "centre"})
    assert (r.max_days, r.days_paid, r.daily_amount, r.amount) == (10, 10, 460_000, 4_600_000)


def test_convalescence_under_law71_needs_the_place_and_refuses_what_was_not_read() -> None:
    base = {"after": "sickness", "case": "other", "start": "2014-09-01", "days": 5}
    with pytest.raises(RuleError) as err:
        convalescence.SPEC.compute(base)
    assert err.value.field == "place"
    with pytest.raises(RuleError) as err:
        convalescence.SPEC.compute(base | {"place": "home", "sickness_days_in_year": 12})
    assert err.value.code == "no_rule_for_date" and err.value.field == "sickness_days_in_year"
    with pytest.raises(RuleError) as err:
        convalescence.SPEC.compute({"after": "maternity", "start": "2014-09-01", "days": 5, "place": "home",
                                    "returned_early": True})
    assert err.value.field == "returned_early"
    # from 2016 the place does not change the 30%: given, it is refused rather than ignored
    with pytest.raises(RuleError) as err:
        convalescence.SPEC.compute(base | {"start": "2016-09-01", "place": "centre"})
    assert err.value.field == "place"
