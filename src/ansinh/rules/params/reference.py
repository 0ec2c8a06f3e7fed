"""Reference levels: base salary (= reference level from 2025-07-01), regional minimum wages, poverty lines.

Sources: docs/legal-sources.md (and ../shared/docs/domain-vn.md §2). Status per entry.
"""

from __future__ import annotations

from ansinh.rules.tables import chain

# Mức lương tối thiểu chung (until 2012) / mức lương cơ sở (from 2013-07-01); from 2025-07-01 the reference level
# (mức tham chiếu) equals it (Law 41/2024 Art 141.13).
BASE_SALARY = chain(
    "base_salary",
    "VND/month",
    [
        ("1993-04-01", 120_000, "Decree 26/CP 23/05/1993", "UNVERIFIED"),
        ("1997-01-01", 144_000, "Decree 06/CP 21/01/1997", "UNVERIFIED"),
        ("2000-01-01", 180_000, "Decree 175/1999/NĐ-CP", "UNVERIFIED"),
        ("2001-01-01", 210_000, "Decree 77/2000/NĐ-CP", "UNVERIFIED"),
        ("2003-01-01", 290_000, "Decree 03/2003/NĐ-CP", "3P"),
        ("2005-10-01", 350_000, "Decree 118/2005/NĐ-CP", "3P"),
        ("2006-10-01", 450_000, "Decree 94/2006/NĐ-CP", "3P"),
        ("2008-01-01", 540_000, "Decree 166/2007/NĐ-CP", "3P"),
        ("2009-05-01", 650_000, "Decree 33/2009/NĐ-CP", "3P"),
        ("2010-05-01", 730_000, "Decree 28/2010/NĐ-CP", "3P"),
        ("2011-05-01", 830_000, "Decree 22/2011/NĐ-CP", "3P"),
        ("2012-05-01", 1_050_000, "Decree 31/2012/NĐ-CP", "3P"),
        ("2013-07-01", 1_150_000, "Decree 66/2013/NĐ-CP", "3P"),
        ("2016-05-01", 1_210_000, "Decree 47/2016/NĐ-CP", "3P"),
        ("2017-07-01", 1_300_000, "Decree 47/2017/NĐ-CP", "3P"),
        ("2018-07-01", 1_390_000, "Decree 72/2018/NĐ-CP", "3P"),
        ("2019-07-01", 1_490_000, "Decree 38/2019/NĐ-CP", "V-SEC"),
        ("2023-07-01", 1_800_000, "Decree 24/2023/NĐ-CP", "3P"),
        ("2024-07-01", 2_340_000, "Decree 73/2024/NĐ-CP", "V-SEC"),
        ("2026-07-01", 2_530_000, "Decree 161/2026/NĐ-CP (15/05/2026)", "V-SEC"),
    ],
    description="Base salary; reference level for SI/HI from 2025-07-01 (Law 41/2024 Art 7, 141.13).",
)
