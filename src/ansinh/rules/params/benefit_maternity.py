"""Maternity (thai sản) parameters, keyed by the day of the event (birth, adoption, start of leave).

Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from ansinh.rules.tables import chain

_COMMON = {
    "checkup_visits": 5,
    "checkup_days_per_visit": 2,
    "miscarriage_days": ((5, 10), (13, 20), (22, 40), (None, 50)),  # (gestation weeks below, days)
    "miscarriage_month_days": None,  # Law 71: (gestation months below, days)
    "contraception_days": {"iud": 7, "sterilisation": 15},
    "birth_months": 6,  # Labour Code 2019 Art 139.1
    "birth_months_by_condition": None,  # Law 71 only: months by working condition (only the ones read)
    "birth_months_change": None,  # Law 71 only: (day, table day) — leave still running that day takes that row's rule
    "extra_month_per_child": 1,  # multiple births: +1 month per child from the 2nd
    "second_child_months": None,  # Population Law 113/2025 from 2026-07-01
    "paternity": {
        "normal": 5,
        "surgery_or_premature": 7,
        "twins": 10,
        "twins_surgery": 14,
        "per_extra_child": 3,
    },
    "paternity_second_child": None,
    "paternity_start_within_days": 60,
    "min_months_in_12": 6,
    "min_months_rest_prescribed": 3,  # after ≥ 12 months of SI, when pregnancy rest was prescribed
    "min_months_infertility_in_24": 6,
    "adoption_until_months": 6,  # leave until the child is this many months old
    "father_lump_sum": True,  # the father receives the lump sum when only he is insured
    "average_includes_leave_month": True,  # the 6 months averaged end with the month the leave starts
    "window_birth_month_counts": True,  # the birth month may count in the 12 months (Circular 59/2015 Art 9.1)
    "lump_sum_multiple": 2,  # × reference level (base salary) of the month of birth/adoption, per child
    "daily_divisor_short": 24,  # checkups and paternity leave
    "daily_divisor_odd": 30,  # odd days of birth/adoption leave; miscarriage; contraception
}

# Law 71/2006/QH11 Arts 27–35 (events 2007-01-01 .. 2015-12-31). The law's text was not found; each figure below is
# from a source quoting or applying it (docs/legal-sources-benefits.md, "Maternity under Law 71"):
#  - Art 28: 6 months of SI in the 12 before the birth / adoption, also with prescribed pregnancy rest — VSS letter
#    (BHXH-CSXH, 09/2013, to BHXH Nghệ An) quoting "Khoản 2, Điều 28 Luật BHXH"; CV 529/LĐTBXH-BHXH (the 3-month
#    exception is new in Law 58). The 12 months are read as the 12 calendar months before the month of the birth (the
#    Circular 59/2015 rule on the birth month is Law 58's; Circular 03/2007 not read).
#  - Art 29: check-ups 5 × 1 day (Yale summary of Law 71), 2 days when far from a facility or pathological (a 2009
#    forum question quoting "điều 29 luật BHXH", no address) — 3P for the 2 days.
#  - Art 30: miscarriage 10 / 20 / 40 / 50 days for < 1 / 1–< 3 / 3–< 6 / ≥ 6 months of pregnancy — MOLISA's own FAQ
#    (genic.molisa.gov.vn, 09/04/2012) and thuvienphapluat.vn hỏi đáp 1B4B8 ("Theo Điều 30 của Luật BHXH số
#    71/2006/QH11 ... (có hiệu lực đến hết ngày 31/12/2015)"), 1C915.
#  - Art 31: birth 4 months in normal working conditions, holidays included — dankinhte.vn ("Theo quy định tại Điều 31
#    Luật bảo hiểm xã hội ... bốn tháng"); the head of MOLISA's SI department in 12/2012 ("theo luật hiện hành thời
#    gian nghỉ sinh là 4 tháng"). From 2010-02-13 (Circular 41/2009/TT-BLĐTBXH amending Circular 03/2007: signed
#    30/12/2009, in force 45 days after signing — business.gov.vn) 5 months for heavy / toxic / dangerous work (also
#    the especially heavy list) and for ≥ 6 months of the 12 before the birth where the area allowance is ≥ 0.7 —
#    Vietnam Women's Union (hoilhpn.org.vn, 05/01/2010, after Tuổi Trẻ), 3P. Before that date the Circular 03/2007
#    rule for these conditions was not read (the article implies only the especially heavy list had 5 months). Three
#    shifts: 5 months from 2007 (vietnamonline.com's Law 71-era page, 3P). Servicewomen, disabled women (6 months) and
#    the extra days for twins (30 per child from the second on the same page, but how the 30 days are paid — / 26 a
#    day or a month — was not read) are refused.
#  - Labour Code 10/2012/QH13 Art 157.1 (in force 2013-05-01): 6 months, +1 month per child from the second; VSS
#    guidance 1477/BHXH-CSXH (23/04/2013, per baomoi.com): a woman still on her Law 71 leave on 2013-05-01 takes 6
#    months ("nghỉ sinh con từ ngày 1-1-2013 chỉ được nghỉ 4 tháng, nhưng nghỉ từ ngày 2-1-2013 sẽ được nghỉ thai sản
#    6 tháng"); thuvienphapluat.vn hỏi đáp 1C533 ("Kể từ ngày 01/05/2013 ... 6 tháng ... trợ cấp 1 lần khi sinh con là
#    2 tháng tiền lương tối thiểu chung (ở thời điểm sinh con)").
#  - Art 32: adoption of a child under 4 months: leave until the child is 4 months old; Art 34: lump sum 2 months of
#    the general minimum wage per child — dankinhte.vn ("Theo quy định tại Điều 32, 34 ...").
#  - Art 33: contraception 7 days (IUD) / 15 days (sterilisation) — thuvienphapluat.vn question of 2012 ("Luật BHXH
#    quy định nữ đặt vòng tránh thai được nghỉ 7 ngày"); 15 days carried from Law 58 Art 37 (CV 529 lists no change).
#  - Art 35: 100% of the average of the 6 months immediately before the leave — thuvienphapluat.vn hỏi đáp 1C915;
#    a day = the month / 26 (CV 529: "hiện hành chia cho 26 ngày", no case distinguished, so also odd days of
#    adoption); no father's leave, no father's lump sum (both new in Law 58, CV 529).
_L71_SOURCES = (
    "Law 71/2006 Arts 28–35 as quoted or applied by: VSS letter to BHXH Nghệ An (09/2013; Art 28.2: 6 months in 12); "
    "CV 529/LĐTBXH-BHXH (11/02/2015: / 26 a day; no 3-month exception, no father's leave or lump sum); Yale summary "
    "(Art 29: 5 check-ups of 1 day; 2 days per visit from a forum quotation, 3P); genic.molisa.gov.vn FAQ 09/04/2012 "
    "and thuvienphapluat.vn hỏi đáp 1B4B8, 1C915 (Art 30: 10/20/40/50 days at < 1, 1–< 3, 3–< 6, ≥ 6 months; Art 35: "
    "100% of the 6 months before the leave); dankinhte.vn (Art 31: 4 months in normal conditions; Arts 32, 34: adoption "
    "until 4 months, lump sum 2 × general minimum wage per child); thuvienphapluat.vn question of 2012 (Art 33: IUD 7 "
    "days; sterilisation 15 carried from Law 58 Art 37)"
)

_L71 = {
    **_COMMON,
    "checkup_days_per_visit": 2,
    "miscarriage_days": None,
    "miscarriage_month_days": ((1, 10), (3, 20), (6, 40), (None, 50)),
    "birth_months": 4,
    "birth_months_by_condition": {"normal": 4, "three_shifts": 5},
    "birth_months_change": ("2013-05-01", "2013-05-01"),
    "extra_month_per_child": None,
    "paternity": None,
    "paternity_start_within_days": None,
    "min_months_rest_prescribed": None,
    "min_months_infertility_in_24": None,
    "adoption_until_months": 4,
    "father_lump_sum": False,
    "average_includes_leave_month": False,
    "window_birth_month_counts": False,
    "daily_divisor_short": 26,
    "daily_divisor_odd": 26,
}

MATERNITY = chain(
    "maternity",
    "rules",
    [
        (
            "2007-01-01",
            _L71,
            _L71_SOURCES + "; birth: 4 months in normal working conditions; 5 months for three-shift work "
            "(vietnamonline.com 'Maternity Leave', Law 71-era page: 'women who work in an office working environment are "
            "allowed to leave for 4 months ... women who work in dangerous and toxic environment or 3 shifts per day is 5 "
            "months'; 'Làm việc theo chế độ 3 ca' among Law 71's birth conditions on a third-party form) — the other "
            "conditions and the extra leave for twins refused; a woman whose 4 (5) months still run on 2013-05-01 takes "
            "the Labour Code 2012 rule (VSS 1477/BHXH-CSXH, 23/04/2013)",
            "3P",
        ),
        (
            "2010-02-13",
            {**_L71, "birth_months_by_condition": {"normal": 4, "three_shifts": 5, "heavy_work": 5, "area_allowance_07": 5}},
            _L71_SOURCES + "; birth: 4 months in normal working conditions; 5 months for heavy, toxic or dangerous work "
            "(also the especially heavy list) and for a woman who worked at least 6 months of the 12 before the birth "
            "where the area allowance coefficient is 0.7 or more — Circular 41/2009/TT-BLĐTBXH amending Circular "
            "03/2007 (signed 30/12/2009, in force 45 days after signing: business.gov.vn item 6209) as reported by "
            "the Vietnam Women's Union (hoilhpn.org.vn, 05/01/2010, after Tuổi Trẻ: 'phụ nữ làm công việc nặng nhọc, "
            "độc hại, nguy hiểm cũng được nghỉ thai sản 5 tháng ... lao động nữ làm việc từ đủ sáu tháng trở lên ở nơi "
            "có phụ cấp khu vực hệ số từ 0,7 trở lên trong thời gian 12 tháng trước khi sinh con cũng được nghỉ thời "
            "gian trên'); three shifts 5 months as from 2007; servicewomen, disabled women and twins: refused",
            "3P",
        ),
        (
            "2013-05-01",
            {**_L71, "birth_months": 6, "birth_months_by_condition": None, "birth_months_change": None,
             "extra_month_per_child": 1},
            _L71_SOURCES + "; birth: Labour Code 10/2012/QH13 Art 157.1 (in force 2013-05-01): 6 months, +1 per child "
            "from the second (tailieuluat.com quoting the article; thuvienphapluat.vn hỏi đáp 1C533: 'Kể từ ngày "
            "01/05/2013 ... 6 tháng')",
            "3P",
        ),
        (
            "2016-01-01",
            {
                **_COMMON,
                "checkup_days_per_visit": 2,
                "paternity_start_within_days": 30,
                "miscarriage_days": ((5, 10), (13, 20), (25, 40), (None, 50)),
                "min_months_infertility_in_24": None,
            },
            "Law 58/2014 Art 31.2–31.3 (6 months in 12; 3 months after ≥ 12 with prescribed rest), Art 32 (check-ups "
            "5 × 1 day, 2 days when far from a facility or pathological), Art 33 (miscarriage 10/20/40/50 days at < 5, "
            "5–<13, 13–<25, ≥ 25 weeks), Art 34.1 (6 months, +1 per extra child), Art 34.2 (father 5/7/10/14 working days, "
            "+3 from the 3rd child, within 30 days), Art 37 (7/15 days), Art 38 (2 × base salary), Art 39.1 (100% of the "
            "6-month average, /24 for Arts 32 and 34.2, /30 otherwise); no infertility-treatment condition — read in the law text; Circular 59/2015 Art 9.1 "
            "(12-month window), Art 12.1 (average incl. the birth month)",
            "V-LAW",
        ),
        (
            "2025-07-01",
            dict(_COMMON),
            "Law 41/2024 Arts 50–59 (check-ups 5 × ≤ 2 days, miscarriage 10/20/40/50 days, paternity 5/7/10/14 "
            "working days within 60 days, contraception 7/15 days, lump sum 2 × reference level, 100% of the 6-month "
            "average, /24 and /30); Labour Code 2019 Art 139.1",
            "V-LAW",
        ),
        (
            "2026-07-01",
            {**_COMMON, "second_child_months": 7, "paternity_second_child": 10},
            "Population Law 113/2025/QH15 Art 28.1 amending Labour Code Art 139.1 (second child: 7 months) and the "
            "father's 10 working days for a second child (in force 2026-07-01; VSS answer in Dân trí 26/01/2026); "
            "Decree 168/2026 conditions",
            "V-SEC",
        ),
    ],
    description="Maternity leave lengths, conditions and the lump sum per child.",
)


# Before Law 71/2006 (issue 15, decree12 pass): the birth under the Charter on social insurance of Decree 12/CP
# (1995-01-01 .. 2006-12-31). The Charter's text was not read; two firms comparing it with Law 71 in 2007 give the
# same rule for a birth in normal working conditions — 4 months of leave paid at the woman's salary plus a one-off
# allowance of 1 month's salary (the salary uncapped: "Under old regulations, the contribution salary isn't limited
# and base on the employees' contracted salary"):
#  - Russell Bedford Vietnam, "New regulations on social and health insurance effective in 2007" (russellbedford.vn,
#    article 19): salary 12,000,000 — "Under old law: Total benefits is VND60,000,000 (including salary for 4 months
#    maternity leave and 1 month salary of one-off maternity allowance)";
#  - Mayer Brown JSM, Legal Update "New Social Insurance Law" (12/02/2007, mayerbrown.com): "Under the old law,
#    maternity leave is as follows: 5 months of the employee's salaries which are paid for by social insurance".
# The 4 months match the Labour Code 1994 Art 114.1 ("four to six months" by working conditions — CEDAW Southeast Asia
# report, yumpu page 262). Not read: the 5- and 6-month leaves, twins, which salary when it changed before the leave,
# the eligibility conditions, and every other maternity event — refused.
MATERNITY_D12 = chain(
    "maternity_decree_12_cp",
    "months of leave; months of salary",
    [
        (
            "1995-01-01",
            {"birth_months_normal": 4, "lump_sum_salary_months": 1},
            "Charter on social insurance (Decree 12/CP of 26/01/1995) as applied by Russell Bedford Vietnam (2007: "
            "12,000,000 → 60,000,000 = 4 months' salary + 1 month's salary as one-off allowance) and Mayer Brown JSM "
            "Legal Update 12/02/2007 ('Under the old law ... 5 months of the employee's salaries'); 4 months also "
            "Labour Code 1994 Art 114.1 (4 to 6 months by working conditions). The Charter's text was not read",
            "3P",
        ),
    ],
    last_to="2006-12-31",
    description="Birth under the Decree 12/CP Charter (1995–2006), normal working conditions, one child: 4 months of "
    "salary + 1 month's salary.",
)
