"""Which law decides a benefit. A benefit is decided by the law in force when it is due (Law 41/2024 Art 5.7):
the day the sickness leave starts, the birth, the accident, the death, the month the pension starts, the day the
one-time lump sum is decided (Art 70.5), the day the unemployment benefit is decided (Employment Law 74/2025 Art 55.4).

Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from ansinh.rules.tables import chain

L71 = "L71"  # Law on Social Insurance 71/2006/QH11 (compulsory SI from 2007)
L58 = "L58"  # Law on Social Insurance 58/2014/QH13 (+ Resolution 93/2015/QH13)
L41 = "L41"  # Law on Social Insurance 41/2024/QH15
UI38 = "UI38"  # Employment Law 38/2013/QH13
UI74 = "UI74"  # Employment Law 74/2025/QH15

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

LAW_NAMES = {
    L71: "Law 71/2006/QH11",
    L58: "Law 58/2014/QH13",
    L41: "Law 41/2024/QH15",
    UI38: "Employment Law 38/2013/QH13",
    UI74: "Employment Law 74/2025/QH15",
}
