"""Law 71/2006/QH11 era (2007-01-01 .. 2015-12-31): pensions and one-time SI decided under the old law.

Source of the rules (docs/legal-sources-benefits.md, "Law 71/2006 regime"): CV 529/LĐTBXH-BHXH (11/02/2015), the
Ministry of Labour's presentation of what Law 58/2014 changed against Law 71/2006 — 75% at 25 years (women) / 30 years
(men), 1% per year early (2% from 2016), reduced capacity from 50 / 45, one-time SI 1.5 months for every year
(2 months for years from 2014 only from 2016), no disease ground before 2016. Worked examples below are computed by
hand from those rules and the base salary of the settlement date (state pay revalued as coefficient × base salary).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ansinh.rules.benefits import one_time, pension, sickness, survivors
from ansinh.rules.tables import RuleError

D = Decimal


def state(start: str, end: str, coefficient: str) -> dict[str, object]:
    return {"from": start, "to": end, "salary": 1_000_000, "kind": "state", "coefficient": coefficient}


def test_man_2012_seventy_five_percent_at_thirty_years_and_the_lump_sum_above() -> None:
    # Born 05/1952, 60 in 05/2012, pension from 06/2012; 32 years 5 months → 32.5 years for the rate:
    # 45% + 2% × 17.5 = 80% → 75%; average 4.0 × 1,050,000 (general minimum wage from 2012-05-01) = 4,200,000;
    # pension 3,150,000; lump sum 2.5 years above 30 × 0.5 month = 5,250,000.
    r = pension.run({"sex": "male", "birth_date": "1952-05-20", "pension_start": "2012-06-01",
                     "periods": [state("1980-01", "2012-05", "4.0")]})
    assert r.law == "L71" and r.eligible, r.reasons
    assert r.years_for_rate == D("32.5")
    assert r.rate == D("0.75")
    assert r.average_salary == 4_200_000
    assert r.monthly_pension == 3_150_000
    assert r.lump_sum == 5_250_000


def test_woman_2014_reduced_capacity_one_percent_a_year_early() -> None:
    # Born 02/1964, 61% lost capacity, pension from 03/2014 at 50y0m (5 whole years before 55), 20 years of state pay:
    # 45% + 3% × 5 = 60%; − 5 × 1% = 55% (Law 58 would take 10%); average 3.0 × 1,150,000 = 3,450,000 → 1,897,500.
    r = pension.run({"sex": "female", "birth_date": "1964-02-10", "pension_start": "2014-03-01",
                     "basis": "reduced_capacity", "incapacity_pct": 61,
                     "periods": [state("1994-03", "2014-02", "3.0")]})
    assert r.law == "L71" and r.eligible, r.reasons
    assert r.rate == D("0.55")
    assert r.average_salary == 3_450_000
    assert r.monthly_pension == 1_897_500
    assert r.lump_sum == 0


def test_law71_reduced_capacity_from_fifty_and_forty_five() -> None:
    too_young = pension.run({"sex": "female", "birth_date": "1969-06-10", "pension_start": "2014-03-01",
                             "basis": "reduced_capacity", "incapacity_pct": 61,
                             "periods": [state("1994-03", "2014-02", "3.0")]})
    assert not too_young.eligible  # 44y8m < 45


def test_odd_months_early_under_law71_are_refused_not_guessed() -> None:
    with pytest.raises(RuleError) as err:
        pension.run({"sex": "female", "birth_date": "1963-11-10", "pension_start": "2014-03-01",
                     "basis": "reduced_capacity", "incapacity_pct": 61,
                     "periods": [state("1994-03", "2014-02", "3.0")]})
    assert err.value.field == "birth_date" and "Law 71/2006" in err.value.message


def test_one_time_2015_one_and_a_half_months_for_every_year() -> None:
    # State pay 01/2010 – 06/2014 (4 years before 2014 + 6 months in 2014 = 4.5 years), decided 15/07/2015 after 12
    # months out: 1.5 × 4.5 = 6.75 months × 2.0 × 1,150,000 = 15,525,000 (Law 58 would pay 1.5 × 4 + 2 × 0.5 = 7).
    r = one_time.run({"decision_date": "2015-07-15", "ground": "left_12_months",
                      "periods": [state("2010-01", "2014-06", "2.0")]})
    assert r.law == "L71" and r.eligible, r.reasons
    assert (r.years_before_2014, r.years_from_2014) == (D(4), D("0.5"))
    assert r.average_salary == 2_300_000
    assert r.amount == 15_525_000


def test_one_time_under_law71_has_no_disease_ground() -> None:
    with pytest.raises(RuleError) as err:
        one_time.run({"decision_date": "2015-07-15", "ground": "disease",
                      "periods": [state("2010-01", "2014-06", "2.0")]})
    assert err.value.code == "bad_ground" and err.value.field == "ground"


def test_one_time_under_law71_for_less_than_a_year_is_refused() -> None:
    with pytest.raises(RuleError) as err:
        one_time.run({"decision_date": "2015-07-15", "ground": "left_12_months",
                      "periods": [state("2013-01", "2013-08", "2.0")]})
    assert err.value.field == "periods" and "Decree 152/2006" in err.value.message


def test_employer_pay_under_law71_needs_a_revaluation_table_not_held() -> None:
    with pytest.raises(RuleError) as err:
        pension.SPEC.compute({"sex": "male", "birth_date": "1953-05-20", "pension_start": "2014-06-01",
                              "periods": [{"from": "1980-01", "to": "2014-05", "salary": 3_000_000,
                                           "kind": "employer"}]})
    assert err.value.code == "no_rule_for_date" and err.value.field == "pension_start"
    assert "revaluation_coefficients" in err.value.message
    assert "Circular 02/2014/TT-BLĐTBXH" in err.value.message  # identified, its figures not found (reval pass)


def test_short_term_benefits_before_2007_are_refused() -> None:
    # Sickness from 2007 is in test_benefits_law71_short_term.py; before Law 71 no rule is held.
    with pytest.raises(RuleError) as err:
        sickness.SPEC.compute(sickness.SPEC.example | {"leave_from": "2005-03-07", "days": 3})
    assert err.value.code == "no_rule_for_date" and err.value.field == "leave_from"


# --- survivors (issue 15): Law 71 lump sum only — Vietnam Social Security, "Survivor's Benefit" (vss.gov.vn/english,
# ItemID 8472): 1.5 months of the average per year, at least 3; pensioner 48 months − 0.5 per month after the 2nd,
# at least 3. CV 529/LĐTBXH-BHXH: 1.5 months for every year (2 for years from 2014 only under Law 58).


def test_survivor_lump_sum_2015_one_and_a_half_months_for_every_year() -> None:
    # State pay 01/2010 – 06/2014, death 20/05/2015: 4 years before 2014 + 0.5 from 2014 → 1.5 × 4.5 = 6.75 months ×
    # 2.0 × 1,150,000 (general minimum wage from 2014-01-01) = 15,525,000; Law 58 would pay 1.5 × 4 + 2 × 0.5 = 7.
    r = survivors.run({"benefit": "lump_sum", "death_date": "2015-05-20", "periods": [state("2010-01", "2014-06", "2.0")]})
    assert r.law == "L71" and r.eligible
    assert r.months_of_average == D("6.75")
    assert r.amount == 15_525_000


def test_survivor_lump_sum_2011_at_least_three_months() -> None:
    # 1 year of state pay (2010), death 2011-03-10: 1.5 months < 3 → 3 months × 1.5 × 730,000 (general minimum wage
    # in force on the death date, from 2010-05-01) = 3 × 1,095,000 = 3,285,000.
    r = survivors.run({"benefit": "lump_sum", "death_date": "2011-03-10", "periods": [state("2010-01", "2010-12", "1.5")]})
    assert r.months_of_average == D(3)
    assert r.amount == 3 * 1_095_000


def test_survivor_lump_sum_of_a_pensioner_2013() -> None:
    # Death in the 10th month of pension: 48 − 0.5 × 8 = 44 months × 2,500,000 = 110,000,000.
    r = survivors.run({"benefit": "lump_sum", "death_date": "2013-09-01", "deceased": "pensioner",
                       "pension": 2_500_000, "pension_month_number": 10})
    assert r.amount == 110_000_000


def test_funeral_grant_2012_without_the_twelve_months() -> None:
    # Vietnam Social Security, "Survivor's Benefit" (ItemID 8472): "funeral allowance of 10 months of the basic minimum
    # wage"; Circular 59/2015 Art 39.5.a: deaths before 2016 — "không cần điều kiện về thời gian đóng bảo hiểm xã hội đủ
    # 12 tháng trở lên". 3 months of SI, death 2012-04-02: 10 × 830,000 = 8,300,000 (Law 58 would refuse: < 12 months).
    r = survivors.run({"benefit": "funeral", "death_date": "2012-04-02", "compulsory_months": 3})
    assert r.law == "L71" and r.eligible
    assert r.amount == 8_300_000
    later = survivors.run({"benefit": "funeral", "death_date": "2016-04-02", "compulsory_months": 3})
    assert not later.eligible  # Law 58 Art 66.1.a: 12 months


def test_funeral_grant_2015_after_a_monthly_oaod_recipient() -> None:
    # The page names monthly OA/OD recipients who stopped working: 10 × 1,150,000 = 11,500,000.
    r = survivors.run({"benefit": "funeral", "death_date": "2015-06-10", "deceased": "oaod_monthly"})
    assert r.amount == 11_500_000


# VSS's answer on chinhphu.vn (plo.vn, "Chế độ trợ cấp mai táng phí được thực hiện như thế nào?", a pensioner who died
# in 08/2015): "Tại điểm c khoản 1 Điều 63 Luật BHXH ... 'Người đang hưởng lương hưu; hưởng trợ cấp tai nạn lao động,
# bệnh nghề nghiệp hằng tháng đã nghỉ việc'; tại khoản 2 Điều 63 ...: 'Trợ cấp mai táng bằng mười tháng lương tối thiểu
# chung'"; nld.com.vn (11/04/2012): a pensioner's death, "10 x 830.000 đồng".


def test_funeral_grant_of_a_pensioner_under_law71() -> None:
    # Death 2015-08-10: 10 × 1,150,000 = 11,500,000; death 2012-04-02: 10 × 830,000 = 8,300,000 (as nld.com.vn).
    assert survivors.run({"benefit": "funeral", "death_date": "2015-08-10", "deceased": "pensioner"}).amount == 11_500_000
    assert survivors.run({"benefit": "funeral", "death_date": "2012-04-02", "deceased": "pensioner"}).amount == 8_300_000


# Monthly allowance. luatminhkhue.vn quoting "Điều 64 Luật bảo hiểm xã hội năm 2006": "a) Đã đóng bảo hiểm xã hội đủ
# mười lăm năm trở lên nhưng chưa hưởng bảo hiểm xã hội một lần; b) Đang hưởng lương hưu; ..."; "a) Con chưa đủ mười
# lăm tuổi; con chưa đủ mười tám tuổi nếu còn đi học; con từ đủ mười lăm tuổi trở lên nếu bị suy giảm khả năng lao
# động từ 81% trở lên; b) Vợ từ đủ năm mươi lăm tuổi trở lên hoặc chồng từ đủ sáu mươi tuổi trở lên ..."; luatviet.co:
# "Khoản 1 Điều 65 ...: Mức trợ cấp tuất hằng tháng đối với mỗi thân nhân bằng 50% mức lương tối thiểu chung";
# dankinhte.vn (Decree 152/2006 Art 37): 70% without a direct carer, twice for two deaths, at most 4 relatives.


def test_monthly_survivor_allowance_2012_children_under_15_or_18_at_school() -> None:
    # Pensioner died 2012-04-02, paid from 2012-05 (general minimum wage 1,050,000): a child of 16 at school 525,000;
    # a child of 16 not at school nothing (Law 58 would pay: under 18); the wife, 56, 525,000; a child of 10 with
    # nobody directly supporting him 70% = 735,000. Total 1,785,000.
    r = survivors.run({"benefit": "monthly", "death_date": "2012-04-02", "deceased": "pensioner", "relatives": [
        {"relation": "child", "age": 16, "studying": True, "name": "A"},
        {"relation": "child", "age": 16, "name": "B"},
        {"relation": "spouse", "age": 56, "retirement_age_reached": True, "name": "C"},
        {"relation": "child", "age": 10, "unsupported": True, "name": "D"},
    ]})
    assert r.law == "L71" and r.eligible
    assert [(ln.name, ln.eligible, ln.amount) for ln in r.relatives] == [
        ("A", True, 525_000), ("B", False, 0), ("C", True, 525_000), ("D", True, 735_000)]
    assert "15 or older (or 18 at school)" in r.relatives[1].reason
    assert r.amount == 1_785_000
    spouse_step = next(s for s in r.steps if s.label == "spouse C")
    assert "3P" in spouse_step.formula  # the income condition is held from a third-party summary only
    later = survivors.run({"benefit": "monthly", "death_date": "2016-04-02", "deceased": "pensioner",
                           "relatives": [{"relation": "child", "age": 16}]})
    assert later.law == "L58" and later.eligible  # Law 58 Art 67.2.a: under 18


def test_monthly_survivor_allowance_2014_needs_fifteen_years() -> None:
    # 14 years of contributions: no monthly allowance (lump sum instead); 15 years: 50% × 1,150,000 = 575,000.
    base = {"benefit": "monthly", "death_date": "2014-03-01", "relatives": [{"relation": "child", "age": 5}]}
    assert not survivors.run(base | {"compulsory_months": 14 * 12 + 11}).eligible
    assert survivors.run(base | {"compulsory_months": 15 * 12}).amount == 575_000


def test_survivor_lump_sum_of_a_monthly_oaod_recipient_under_law71_is_refused() -> None:
    with pytest.raises(RuleError) as err:
        survivors.run({"benefit": "lump_sum", "death_date": "2012-04-02", "deceased": "oaod_monthly",
                       "pension": 1_000_000})
    assert err.value.code == "no_rule_for_date" and err.value.field == "death_date"
