"""Law 71/2006/QH11 maternity (events 2007-01-01 .. 2015-12-31) and the Labour Code 2012 birth leave (from 2013-05-01).

The law's text was not found; each rule below is quoted from the source that states it (docs/legal-sources-benefits.md,
"Maternity under Law 71"). Figures are computed by hand with the general minimum wage of the month of the birth /
adoption (BASE_SALARY: 730,000 from 2010-05-01, 830,000 from 2011-05-01, 1,050,000 from 2012-05-01, 1,150,000 from
2013-07-01). No worked example of Circular 03/2007/TT-BLĐTBXH was found (only the opening of its English translation at
luatminhkhue.vn is stored).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ansinh.rules.benefits import maternity
from ansinh.rules.params.benefit_maternity import MATERNITY
from ansinh.rules.tables import RuleError, d

D = Decimal
# 2011-01 .. 2012-12 at 3,000,000; 2013-01 .. 2015-12 at 4,200,000
PERIODS = [{"from": "2011-01", "to": "2012-12", "salary": 3_000_000, "kind": "employer"},
           {"from": "2013-01", "to": "2015-12", "salary": 4_200_000, "kind": "employer"}]


def calc(**kw: object) -> maternity.MaternityResult:
    return maternity.SPEC.compute({"periods": PERIODS} | kw)


def err(**kw: object) -> RuleError:
    with pytest.raises(RuleError) as e:
        calc(**kw)
    return e.value


# --- birth ------------------------------------------------------------------------------------------------------------
# dankinhte.vn: "Theo quy định tại Điều 31 Luật bảo hiểm xã hội: Lao động nữ làm việc trong điều kiện lao động bình
# thường khi sinh con được nghỉ việc hưởng chế độ thai sản bốn tháng"; thuvienphapluat.vn hỏi đáp 1C915: "Mức hưởng
# bằng 100% mức bình quân tiền lương, tiền công tháng đóng bảo hiểm xã hội của sáu tháng liền kề trước khi nghỉ việc";
# dankinhte.vn: "được trợ cấp một lần bằng hai tháng lương tối thiểu chung cho mỗi con" (Arts 32, 34).


def test_birth_2012_normal_conditions_is_four_months_and_two_minimum_wages() -> None:
    # 4 × 3,000,000 = 12,000,000; lump sum 2 × 830,000 (March 2012) = 1,660,000.
    r = calc(event="birth", event_date="2012-03-10", working_condition="normal")
    assert (r.law, r.eligible, r.months_in_window) == ("L71", True, 12)
    assert (r.leave_months, r.benefit, r.lump_sum, r.total) == (4, 12_000_000, 1_660_000, 13_660_000)


def test_law71_average_is_the_six_months_before_the_leave_month() -> None:
    # Leave from 2013-02-01 (birth 2013-02-20): the six months 2012-08 .. 2013-01 = 5 × 3,000,000 + 4,200,000, / 6 =
    # 3,200,000 (Law 58's rule, which counts the leave month, would give 3,400,000). Labour Code 2012 → 6 months.
    r = calc(event="birth", event_date="2013-02-20", leave_start="2013-02-01")
    assert r.average_salary == 3_200_000 and r.leave_months == 6 and r.benefit == 19_200_000
    assert r.lump_sum == 2 * 1_050_000


# VSS guidance 1477/BHXH-CSXH (23/04/2013, baomoi.com): "những người nghỉ sinh con từ ngày 1-1-2013 chỉ được nghỉ 4
# tháng, nhưng nghỉ từ ngày 2-1-2013 sẽ được nghỉ thai sản 6 tháng" — the Labour Code 2012 (Art 157.1: 6 months, +1 per
# child from the second) took effect on 2013-05-01 and applies to a leave still running that day.


def test_leave_from_1_january_2013_ends_on_30_april_and_keeps_four_months() -> None:
    r = calc(event="birth", event_date="2013-01-01", working_condition="normal")
    assert r.leave_months == 4 and r.benefit == 12_000_000


def test_leave_from_2_january_2013_runs_on_1_may_and_takes_six_months() -> None:
    r = calc(event="birth", event_date="2013-01-02")  # no working condition needed: 6 months for every woman
    assert r.leave_months == 6 and r.benefit == 18_000_000
    assert any("Labour Code 2012" in s.formula for s in r.steps)


def test_birth_from_may_2013_is_six_months_plus_one_per_extra_child() -> None:
    # Twins in 2014: (6 + 1) × 4,200,000 = 29,400,000; lump sum 2 × 1,150,000 × 2 = 4,600,000.
    r = calc(event="birth", event_date="2014-06-16", children=2)
    assert (r.leave_months, r.benefit, r.lump_sum) == (7, 29_400_000, 4_600_000)


def test_birth_before_the_labour_code_needs_the_working_condition() -> None:
    e = err(event="birth", event_date="2012-03-10")
    assert e.code == "required" and e.field == "working_condition"


def test_the_longer_law71_leaves_and_twins_before_may_2013_are_refused_by_name() -> None:
    # 5 months for three shifts and servicewomen ("arduous"), 6 months (disabled women) and the extra days for twins
    # were not read in a source.
    assert err(event="birth", event_date="2012-03-10", working_condition="arduous").field == "working_condition"
    assert err(event="birth", event_date="2012-03-10", working_condition="disabled").field == "working_condition"
    e = err(event="birth", event_date="2012-03-10", working_condition="normal", children=2)
    assert (e.code, e.field) == ("no_rule_for_date", "children")


# Vietnam Women's Union (hoilhpn.org.vn, 05/01/2010, after Tuổi Trẻ) on Circular 41/2009/TT-BLĐTBXH amending
# Circular 03/2007: "phụ nữ làm công việc nặng nhọc, độc hại, nguy hiểm cũng được nghỉ thai sản 5 tháng. Ngoài ra, lao
# động nữ làm việc từ đủ sáu tháng trở lên ở nơi có phụ cấp khu vực hệ số từ 0,7 trở lên trong thời gian 12 tháng trước
# khi sinh con cũng được nghỉ thời gian trên"; business.gov.vn (item 6209): signed 30/12/2009, "có hiệu lực thi hành
# sau 45 ngày, kể từ ngày ký ban hành" → 2010-02-13.


@pytest.mark.parametrize("condition", ["heavy_work", "area_allowance_07"])
def test_birth_2012_heavy_work_or_area_allowance_is_five_months(condition: str) -> None:
    # 5 × 3,000,000 = 15,000,000; lump sum 2 × 830,000 (March 2012) = 1,660,000.
    r = calc(event="birth", event_date="2012-03-10", working_condition=condition)
    assert (r.leave_months, r.benefit, r.lump_sum, r.total) == (5, 15_000_000, 1_660_000, 16_660_000)
    assert MATERNITY.entry(d("2012-03-10")).status == "3P"


def test_five_months_start_with_circular_41_2009() -> None:
    p = [{"from": "2008-01", "to": "2010-12", "salary": 2_000_000, "kind": "employer"}]
    r = maternity.SPEC.compute({"periods": p, "event": "birth", "event_date": "2010-02-13",
                                "working_condition": "heavy_work"})
    assert (r.leave_months, r.benefit) == (5, 10_000_000)
    with pytest.raises(RuleError) as e:  # the Circular 03/2007 rule for these conditions was not read
        maternity.SPEC.compute({"periods": p, "event": "birth", "event_date": "2010-02-12",
                                "working_condition": "heavy_work"})
    assert (e.value.code, e.value.field) == ("no_rule_for_date", "working_condition")


# vietnamonline.com "Maternity Leave" (Law 71-era page): "women who work in an office working environment are allowed
# to leave for 4 months from the time of giving birth, while the leaving time for women who work in dangerous and toxic
# environment or 3 shifts per day is 5 months".


def test_three_shift_work_is_five_months_from_2007() -> None:
    p = [{"from": "2007-01", "to": "2008-12", "salary": 1_500_000, "kind": "employer"}]
    # 5 × 1,500,000 = 7,500,000; lump sum 2 × 540,000 (general minimum wage of June 2008) = 1,080,000.
    r = maternity.SPEC.compute({"periods": p, "event": "birth", "event_date": "2008-06-16",
                                "working_condition": "three_shifts"})
    assert (r.leave_months, r.benefit, r.lump_sum) == (5, 7_500_000, 1_080_000)
    with pytest.raises(RuleError) as e:  # heavy work before Circular 41/2009: not read
        maternity.SPEC.compute({"periods": p, "event": "birth", "event_date": "2008-06-16",
                                "working_condition": "heavy_work"})
    assert e.value.field == "working_condition"


def test_a_five_month_leave_still_running_on_1_may_2013_takes_six_months() -> None:
    # Leave from 2012-12-10: 4 months end 2013-04-09 (normal: 4 months kept), 5 months end 2013-05-09 → Labour Code
    # 2012 Art 157.1, 6 months. Average 2012-06 .. 2012-11 = 3,000,000.
    assert calc(event="birth", event_date="2012-12-10", working_condition="normal").leave_months == 4
    r = calc(event="birth", event_date="2012-12-10", working_condition="heavy_work")
    assert (r.leave_months, r.benefit) == (6, 18_000_000)
    assert any("Labour Code 2012" in s.formula for s in r.steps)


# VSS letter to BHXH Nghệ An (09/2013) quoting "Khoản 2, Điều 28 Luật BHXH": 6 months of SI "trong thời gian 12 tháng
# trước khi sinh con"; CV 529/LĐTBXH-BHXH: the 3-month rule with prescribed pregnancy rest is new in Law 58.


def test_six_months_in_the_twelve_before_the_birth_month_also_with_prescribed_rest() -> None:
    short = [{"from": "2008-01", "to": "2011-06", "salary": 2_000_000, "kind": "employer"},
             {"from": "2012-01", "to": "2012-05", "salary": 3_000_000, "kind": "employer"}]
    # Birth 2012-06-20: the 12 months 2011-06 .. 2012-05 hold 6 (2011-06, 2012-01..05): eligible.
    ok = maternity.SPEC.compute({"event": "birth", "event_date": "2012-06-20", "working_condition": "normal",
                                 "periods": short})
    assert ok.eligible and ok.months_in_window == 6
    # Birth 2012-07-20: 2011-07 .. 2012-06 hold 5 — not eligible, prescribed rest or not (Law 58 would accept 3).
    no = maternity.SPEC.compute({"event": "birth", "event_date": "2012-07-20", "working_condition": "normal",
                                 "periods": short, "pregnancy_rest_prescribed": True})
    assert not no.eligible and no.months_in_window == 5 and no.total == 0
    assert "Law 58" in no.note


# --- days: check-ups, miscarriage, contraception ---------------------------------------------------------------------
# CV 529: Law 58 "Sửa đổi quy định mức hưởng một ngày được tính bằng mức hưởng chế độ thai sản theo tháng chia cho 24
# ngày (hiện hành chia cho 26 ngày)". MOLISA FAQ (genic.molisa.gov.vn, 09/04/2012): "10 ngày nếu thai dưới 01 tháng;
# 20 ngày nếu thai từ 01 tháng đến dưới 03 tháng; 40 ngày nếu thai từ 03 tháng đến dưới 6 tháng; 50 ngày nếu thai từ 6
# tháng trở lên"; thuvienphapluat.vn hỏi đáp 1B4B8 quotes the same "Theo Điều 30 của Luật BHXH số 71/2006/QH11".


@pytest.mark.parametrize(("months", "days", "amount"), [
    (0, 10, 1_153_846),  # 3,000,000 / 26 × 10 = 1,153,846.15
    (2, 20, 2_307_692),
    (3, 40, 4_615_385),  # 4,615,384.6 → half up
    (6, 50, 5_769_231),
])
def test_miscarriage_bands_are_by_months_of_pregnancy_and_paid_by_26(months: int, days: int, amount: int) -> None:
    r = calc(event="miscarriage", event_date="2012-06-01", gestation_months=months)
    assert r.leave_days == days and r.benefit == amount


def test_miscarriage_under_law71_needs_the_months_not_the_weeks() -> None:
    e = err(event="miscarriage", event_date="2012-06-01", gestation_weeks=10)
    assert (e.code, e.field) == ("required", "gestation_months")


def test_checkup_day_and_contraception_are_divided_by_26() -> None:
    assert calc(event="checkup", event_date="2012-06-01", days=1).benefit == 115_385  # 3,000,000 / 26
    assert calc(event="contraception", event_date="2012-06-01").benefit == 807_692  # 7 days (IUD)
    assert calc(event="contraception", event_date="2012-06-01", method="sterilisation").benefit == 1_730_769


# --- adoption ---------------------------------------------------------------------------------------------------------
# dankinhte.vn: "Theo quy định tại Điều 32, 34 Luật bảo hiểm xã hội: Người lao động nhận nuôi con nuôi dưới bốn tháng
# tuổi được nghỉ việc hưởng chế độ thai sản cho đến khi con đủ bốn tháng tuổi".


def test_adoption_runs_until_the_child_is_four_months_old() -> None:
    # Child born 2012-04-01, received 2012-06-11: until 2012-08-01 = 1 month + 21 days;
    # 3,000,000 + 3,000,000 / 26 × 21 = 5,423,076.9 → 5,423,077; lump sum 2 × 1,050,000.
    r = calc(event="adoption", event_date="2012-06-11", child_birth_date="2012-04-01")
    assert (r.leave_months, r.leave_days, r.benefit, r.lump_sum) == (1, D(21), 5_423_077, 2_100_000)
    e = err(event="adoption", event_date="2012-08-01", child_birth_date="2012-04-01")
    assert (e.code, e.field) == ("not_eligible", "child_birth_date")


# --- what Law 71 did not have ------------------------------------------------------------------------------------------


def test_no_fathers_leave_or_fathers_lump_sum_under_law71() -> None:
    e = err(event="paternity", event_date="2014-06-16")
    assert (e.code, e.field) == ("no_rule_for_date", "event")
    e = err(event="birth", event_date="2014-06-16", father_lump_sum=True)
    assert (e.code, e.field) == ("no_rule_for_date", "father_lump_sum")


def test_maternity_before_2007_is_refused_naming_the_field() -> None:
    # a birth in normal conditions before 2007 is computed under the Decree 12/CP Charter (3P rows,
    # test_benefits_before_2007.py); arduous conditions stay refused on their field
    e = err(event="birth", event_date="2006-12-20", working_condition="arduous")
    assert (e.code, e.field) == ("no_rule_for_date", "working_condition")


def test_law71_rows_and_the_2016_switch() -> None:
    assert [str(e.valid_from) for e in MATERNITY][:4] == ["2007-01-01", "2010-02-13", "2013-05-01", "2016-01-01"]
    assert MATERNITY.at(d("2015-12-31"))["daily_divisor_odd"] == 26
    assert MATERNITY.at(d("2016-01-01"))["daily_divisor_odd"] == 30
    # A birth on 2015-12-31 is decided by Law 71 (6 months under the Labour Code, /26), on 2016-01-01 by Law 58.
    assert calc(event="birth", event_date="2015-12-31").law == "L71"
    assert calc(event="birth", event_date="2016-01-01").law == "L58"
