"""Which law decides a benefit. A benefit is decided by the law in force when it is due (Law 41/2024 Art 5.7):
the day the sickness leave starts, the birth, the accident, the death, the month the pension starts, the day the
one-time lump sum is decided (Art 70.5), the day the unemployment benefit is decided (Employment Law 74/2025 Art 55.4).

Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

import datetime as dt

from ansinh.rules.explain import Explanation
from ansinh.rules.tables import RuleError, chain

L71 = "L71"  # Law on Social Insurance 71/2006/QH11 (compulsory SI from 2007)
L58 = "L58"  # Law on Social Insurance 58/2014/QH13 (+ Resolution 93/2015/QH13)
L41 = "L41"  # Law on Social Insurance 41/2024/QH15
UI38 = "UI38"  # Employment Law 38/2013/QH13
UI74 = "UI74"  # Employment Law 74/2025/QH15
D12 = "D12"  # the Charter on social insurance of Decree 12/CP (1995-01-01 .. 2006-12-31): the one rule held below
D37 = "D37"  # Decision 37/2001/QĐ-TTg: convalescence 2001-06-01 .. 2002-12-31 (under the Decree 12/CP Charter)

# The Ministry of Labour's presentation of Law 58/2014 to the Ministry of Justice: what Law 58 changed against Law
# 71/2006 ("the law in force"), read up to its chapter V (docs/legal-sources-benefits.md, "Law 71/2006 regime").
CV529 = ("CV 529/LĐTBXH-BHXH (11/02/2015), MOLISA presentation of Law 58/2014 against Law 71/2006")

SI_LAW = chain(
    "si_law",
    "regime",
    [
        (
            "2007-01-01",
            L71,
            "Law 71/2006/QH11, passed 29/06/2006, Art 140.1: in force 01/01/2007 (voluntary SI from 01/01/2008, UI "
            "from 01/01/2009), quoted by Thư Ký Luật; the English copy at trobi.vn is titled 'Luật bảo hiểm xã hội "
            "(hiệu lực 01/01/2007)'; US SSA, Social Security Programs Throughout the World 2008: 'implemented in "
            f"2007'; replaced by Law 58/2014 from 2016 ({CV529}) — docs/legal-sources.md [L71-TEXT, SSPTW]",
            "V-SEC",
        ),
        ("2016-01-01", L58, "Law 58/2014/QH13 Art 124 (in force 2016-01-01)", "V-SEC"),
        (
            "2025-07-01",
            L41,
            "Law 41/2024/QH15 Art 140 (in force 2025-07-01; repeals Law 58/2014 and Res. 93/2015)",
            "V-LAW",
        ),
    ],
    description="Social-insurance law deciding a benefit on a date (Law 41/2024 Art 5.7).",
)

UI_LAW = chain(
    "ui_law",
    "regime",
    [
        (
            "2009-01-01",
            L71,
            "Law 71/2006/QH11 chapter on unemployment insurance (Arts 80–82) with Decree 127/2008/NĐ-CP (12/12/2008); "
            "UI began on 2009-01-01 — hrmasia.com 05/11/2021 quoting Vietnam Social Security ('came into force on "
            "January 1, 2009'), socialprotection-toolbox.org (ILO: 'In 2009 the Government ... launched a national "
            "Unemployment Insurance (UI) programme'); Law 58/2014 dropped the UI chapter (CV 529/LĐTBXH-BHXH: 'không áp "
            "dụng đối với bảo hiểm thất nghiệp do ... đã được quy định trong Luật Việc làm')",
            "3P",
        ),
        (
            "2015-01-01",
            UI38,
            "Employment Law 38/2013/QH13 Art 61.1 (in force 2015-01-01) — read in the law text",
            "V-LAW",
        ),
        (
            "2026-01-01",
            UI74,
            "Employment Law 74/2025/QH15 Art 54 (in force 2026-01-01; files not yet decided follow it, Art 55.4)",
            "V-LAW",
        ),
    ],
    description="Employment law deciding an unemployment benefit on its decision date.",
)

# How the average monthly SI salary (Law 58/2014 Art 62, Law 41/2024 Art 72; Circular 59/2015 Art 20: the one
# average "để tính lương hưu, trợ cấp một lần", also used for the lump-sum survivor allowance, Art 27) is rounded
# before it is multiplied by the pension rate or the months of the lump sum, by the date of the calculation (pension
# start, decision date, death). "exact": kept exact, the amount rounded once; "floor": cut to the whole đồng first.
# Sources and what was searched: docs/legal-sources-benefits.md, "Finding on the agency's rounding".
VSS_ONE_TIME_2017 = (
    "Vietnam Social Security's worked example of a one-time SI lump sum (worker A, 01/2013–07/2016, out of work "
    "08/2016, claimed 09/2017, Circular 42/2016 coefficients): revalued total 65,639,950 / 37 months printed as "
    "1,774,052 (exact 1,774,052.70: cut, not rounded), then 1,774,052 × 1 × 1.5 = 2,661,078 and 1,774,052 × 2.5 × 2 "
    "= 8,870,260, total 11,531,338 — as three public repositories transcribe the agency's images "
    "(longnd-vnlab/bhxh-calculator HUONG_DAN_TINH_BHXH.md 'Nguồn: Tổng hợp từ Bảo hiểm Xã hội Việt Nam'; an "
    "ExampleSection page, find_string id 45760102953; a specification citing 'spec/bhxh/1.png–3.png', id "
    "61933296382)"
)
AVERAGE_ROUNDING = chain(
    "average_salary_rounding",
    "rule",
    [
        (
            "2007-01-01",
            "exact",
            "Law 71/2006 decisions: no published worked example with a non-whole average was found (Circular "
            "03/2007 not read), so the engine's rule is kept: the average exact, the amount rounded half up once",
            "UNVERIFIED",
        ),
        (
            "2016-01-01",
            "floor",
            f"{VSS_ONE_TIME_2017}; consistent with Circular 59/2015 examples 38–40 and 51, whose averages are whole "
            "(7,295,600; 8,531,620; 9,285,008; 5,000,000) and are multiplied as printed. No example rounds it half up",
            "3P",
        ),
        (
            "2025-07-01",
            "floor",
            "Law 41/2024 decisions: no text or example found that changes how the agency computes the average; the "
            f"Law 58 practice is carried ({VSS_ONE_TIME_2017.split(':')[0]}) — review when a Law 41 example is found",
            "UNVERIFIED",
        ),
    ],
    description="Rounding of the average monthly SI salary before it is multiplied (pension, one-time SI, "
    "lump-sum survivor allowance).",
)

# Before Law 71/2006 the benefits of employees followed the Charter on social insurance (Điều lệ Bảo hiểm xã hội)
# issued with Decree 12/CP (26/01/1995, in force 01/01/1995), amended by Decree 93/1998/NĐ-CP (12/11/1998) and Decree
# 01/2003/NĐ-CP (09/01/2003, guided by Circular 07/2003/TT-BLĐTBXH); the armed forces followed Decree 45/CP
# (15/07/1995, applied from 01/01/1995). Copies of these texts are stored, but only their openings can be read: the
# Charter up to its Art 3-6 (coverage), Decree 93/1998 Art 1.1-1.2 (an amendment of Art 27.1.b: the average wage cut
# by 1% per year of early retirement, none with 30 years; no base rate), Decree 01/2003 Art 1.1 (coverage). No
# sickness, maternity, convalescence, work-injury, pension, one-time or survivor article of the Charter was read, so
# a benefit due before 2007-01-01 is refused with this text (docs/legal-sources-benefits.md, "Before 2007") — except
# the two rules held from other sources: convalescence under Decision 37/2001/QĐ-TTg (table
# convalescence_decision_37_2001) and a birth in normal conditions (table maternity_decree_12_cp, 3P).
D12_CHARTER = ("the Charter on social insurance issued with Decree 12/CP of 26/01/1995 (in force 01/01/1995; amended by "
               "Decree 93/1998/NĐ-CP and Decree 01/2003/NĐ-CP; Decree 45/CP for the armed forces)")
D12_NOT_READ = ("its benefit articles were not found in any stored source: only the openings of the texts were read "
                "(the Charter's coverage articles, Decree 93/1998's early-retirement cut of the average wage, Decree "
                "01/2003's coverage article), no rate, duration or amount (docs/legal-sources-benefits.md, 'Before "
                "2007')")
D12_FIRST_DAY = dt.date(1995, 1, 1)


def refuse_before_law71(day: dt.date) -> None:
    """A benefit due before Law 71/2006 is refused by naming the regime then in force and why it is not held (no
    benefit rule of Decree 12/CP was read); calculators whose first table would refuse first call this."""
    if day < SI_LAW.first_day:
        if day >= D12_FIRST_DAY:
            raise RuleError("no_rule_for_date", f"si_law: a benefit due on {day.isoformat()} is decided by "
                            f"{D12_CHARTER}; {D12_NOT_READ}. Benefits are computed from "
                            f"{SI_LAW.first_day.isoformat()} (Law 71/2006/QH11)")
        raise RuleError("no_rule_for_date", f"si_law: a benefit due on {day.isoformat()} is before {D12_CHARTER}, "
                        "and the regimes before 1995 are not held; benefits are computed from "
                        f"{SI_LAW.first_day.isoformat()} (Law 71/2006/QH11)")


def law_deciding(ex: Explanation, day: dt.date) -> str:
    """The regime of SI_LAW on `day`, recorded in the explanation; before Law 71/2006, `refuse_before_law71`."""
    refuse_before_law71(day)
    return ex.use(SI_LAW, day)


LAW_NAMES = {
    L71: "Law 71/2006/QH11",
    L58: "Law 58/2014/QH13",
    L41: "Law 41/2024/QH15",
    UI38: "Employment Law 38/2013/QH13",
    UI74: "Employment Law 74/2025/QH15",
    D12: "Charter on social insurance (Decree 12/CP of 26/01/1995)",
    D37: "Decision 37/2001/QĐ-TTg (convalescence under the Decree 12/CP Charter)",
}
