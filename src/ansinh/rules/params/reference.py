"""Reference levels: base salary (= reference level from 2025-07-01), regional minimum wages, poverty lines.

Sources and what was actually read: docs/legal-sources.md (and ../shared/docs/domain-vn.md §2). Status per entry.

Public names used by other packages (keep stable): BASE_SALARY, REGIONAL_MINIMUM_WAGE, POVERTY_LINE, ByRegion,
PovertyLine.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansinh.rules.tables import RuleError, Table, chain

# Mức lương tối thiểu chung (until 2012) / mức lương cơ sở (from 2013-07-01); from 2025-07-01 the reference level
# (mức tham chiếu) equals it (Law 41/2024 Art 141.13). Pensions read salaries back to 1995, so the table starts
# before 1995. Until the regional minimum wages of 2009 it is also the floor of every contribution salary
# (contributions.parameters: the floor before REGIONAL_MINIMUM_WAGE starts is the base salary). Each step was read in
# the decree's text or in an official table (BHXH Hà Tĩnh, "Mức lương tối thiểu từng thời điểm"); ids in brackets
# are docs/legal-sources.md's.
BASE_SALARY = chain(
    "base_salary",
    "VND/month",
    [
        ("1993-04-01", 120_000,
         "Decree 26/CP (23/05/1993) wage reform, 120,000 kept until 1997 [PETRO]; in force on 01/01/1995 (BHXH Hà "
         "Tĩnh, citing Decree 05/CP of 26/01/1994) [HT-LTT]", "V-SEC"),
        ("1997-01-01", 144_000, "Decree 06/CP (21/01/1997), from 01/01/1997 [WIKI, PETRO, HT-LTT]", "V-SEC"),
        ("2000-01-01", 180_000, "Decree 175/1999/NĐ-CP (15/12/1999), from 01/01/2000 [WIKI, HT-LTT]", "V-SEC"),
        ("2001-01-01", 210_000, "Decree 77/2000/NĐ-CP (15/12/2000), from 01/01/2001 [WIKI, HT-LTT]", "V-SEC"),
        ("2003-01-01", 290_000,
         "Decree 03/2003/NĐ-CP (15/01/2003), from 01/01/2003 [WIKI, HT-LTT]; restated by Decree 203/2004/NĐ-CP "
         "(14/12/2004) Art 1.2 [D118-2005]", "V-SEC"),
        ("2005-10-01", 350_000,
         "Decree 118/2005/NĐ-CP (15/09/2005) Art 1: from 01/10/2005, 350,000 instead of 290,000 [D118-2005]",
         "V-SEC"),
        ("2006-10-01", 450_000,
         "Decree 94/2006/NĐ-CP (07/09/2006) Art 1: from 01/10/2006, 450,000 instead of 350,000 [D94-2006]",
         "V-SEC"),
        ("2008-01-01", 540_000, "Decree 166/2007/NĐ-CP (16/11/2007) Art 1: from 01/01/2008 [D166-2007]", "V-SEC"),
        ("2009-05-01", 650_000,
         "Decree 33/2009/NĐ-CP (06/04/2009) Art 1: from 01/05/2009 [D33-2009, SSPTW, VNS-2012]", "V-SEC"),
        ("2010-05-01", 730_000, "Decree 28/2010/NĐ-CP (25/03/2010): from 01/05/2010 [NGO-2010, HT-LTT, VNS-2012]",
         "V-SEC"),
        ("2011-05-01", 830_000, "Decree 22/2011/NĐ-CP (04/04/2011) Art 1: from 01/05/2011 [D22-2011, VNS-2012]",
         "V-SEC"),
        ("2012-05-01", 1_050_000, "Decree 31/2012/NĐ-CP, from 01/05/2012 [VNS-2012, QT-BASE]", "V-SEC"),
        ("2013-07-01", 1_150_000, "Decree 66/2013/NĐ-CP, from 01/07/2013 [QT-BASE]", "V-SEC"),
        ("2016-05-01", 1_210_000,
         "Decree 47/2016/NĐ-CP: from 01/05/2016 (the decree in force 15/07/2016, applied back to 01/05) [VOV-2016]",
         "V-SEC"),
        ("2017-07-01", 1_300_000, "Decree 47/2017/NĐ-CP: from 01/07/2017 [VIR-2017]", "V-SEC"),
        ("2018-07-01", 1_390_000, "Decree 72/2018/NĐ-CP, in force 01/07/2018 [NA-2018]", "V-SEC"),
        ("2019-07-01", 1_490_000, "Decree 38/2019/NĐ-CP", "V-SEC"),
        ("2023-07-01", 1_800_000, "Decree 24/2023/NĐ-CP, from 01/07/2023 [QT-BASE]", "V-SEC"),
        ("2024-07-01", 2_340_000, "Decree 73/2024/NĐ-CP", "V-SEC"),
        ("2026-07-01", 2_530_000, "Decree 161/2026/NĐ-CP (15/05/2026)", "V-SEC"),
    ],
    description="Base salary; reference level for SI/HI from 2025-07-01 (Law 41/2024 Art 7, 141.13).",
    note_by_from={
        "1993-04-01": "value V-SEC; the start 01/04/1993 is not in a text read (only days from 01/01/1995, the start "
        "of SI under Decree 12/CP, are used)",
    },
)


@dataclass(frozen=True)
class ByRegion:
    """Monthly amounts for regions I..IV (VND); hourly amounts where the decree sets them (from 2022-07-01)."""

    region_1: int
    region_2: int
    region_3: int
    region_4: int
    hourly: tuple[int, int, int, int] | None = None

    def __getitem__(self, region: int) -> int:
        """ByRegion[1] .. ByRegion[4]: the monthly amount of that region."""
        if region not in (1, 2, 3, 4):
            raise RuleError("bad_region", f"region must be 1, 2, 3 or 4, got {region!r}", field="region")
        return (self.region_1, self.region_2, self.region_3, self.region_4)[region - 1]


# Mức lương tối thiểu vùng, monthly, for employees under labour contracts. Until 2011-09-30 the decrees set
# separate (higher) levels for foreign-invested enterprises; the values here are those for domestic enterprises.
# Before 2009 the floor is the general minimum wage (BASE_SALARY). The 2008 area levels of Decree 167/2007 for
# domestic enterprises (620,000 / 580,000 / 540,000 per BHXH Hà Tĩnh) are not held: the decree's article and its
# list of areas were not read (docs/legal-sources.md, "regional_minimum_wage").
REGIONAL_MINIMUM_WAGE = chain(
    "regional_minimum_wage",
    "VND/month",
    [
        ("2009-01-01", ByRegion(800_000, 740_000, 690_000, 650_000),
         "Decree 110/2008/NĐ-CP (10/10/2008; domestic enterprises) Art 2, from 01/01/2009 [VCCI-2009, MW-2009]",
         "V-SEC"),
        ("2010-01-01", ByRegion(980_000, 880_000, 810_000, 730_000),
         "Decree 97/2009/NĐ-CP (30/10/2009; vbpl.vn prints 31/10; domestic enterprises) Art 2, from 01/01/2010 to 31/12/2010 (region I "
         "read in the decree [MW-2010]; all four regions [HT-LTT])", "V-SEC"),
        ("2011-01-01", ByRegion(1_350_000, 1_200_000, 1_050_000, 830_000),
         "Decree 108/2010/NĐ-CP (domestic enterprises), from 01/01/2011 [HT-LTT]; region I also from [MW-2011] "
         "(Decree 70/2011 raises it by 650,000 to 2,000,000)", "V-SEC"),
        ("2011-10-01", ByRegion(2_000_000, 1_780_000, 1_550_000, 1_400_000),
         "Decree 70/2011/NĐ-CP (22/08/2011) Art 2: from 01/10/2011 to 31/12/2012, domestic and foreign-invested "
         "enterprises alike [MW-2011, MW-2013]", "V-SEC"),
        ("2013-01-01", ByRegion(2_350_000, 2_100_000, 1_800_000, 1_650_000),
         "Decree 103/2012/NĐ-CP (04/12/2012) Art 3, from 01/01/2013 [MW-2013]", "V-SEC"),
        ("2014-01-01", ByRegion(2_700_000, 2_400_000, 2_100_000, 1_900_000),
         "Decree 182/2013/NĐ-CP (14/11/2013), from 01/01/2014 [MW-2014]", "V-SEC"),
        ("2015-01-01", ByRegion(3_100_000, 2_750_000, 2_400_000, 2_150_000),
         "Decree 103/2014/NĐ-CP (11/11/2014), from 01/01/2015 [MW-2015, MW-2016]", "V-SEC"),
        ("2016-01-01", ByRegion(3_500_000, 3_100_000, 2_700_000, 2_400_000),
         "Decree 122/2015/NĐ-CP (14/11/2015), from 01/01/2016 [MW-2016, MW-2017]", "V-SEC"),
        ("2017-01-01", ByRegion(3_750_000, 3_320_000, 2_900_000, 2_580_000),
         "Decree 153/2016/NĐ-CP (14/11/2016), from 01/01/2017 [MW-2017]", "V-SEC"),
        ("2018-01-01", ByRegion(3_980_000, 3_530_000, 3_090_000, 2_760_000),
         "Decree 141/2017/NĐ-CP (07/12/2017), from 01/01/2018 [MW-2018]", "V-SEC"),
        ("2019-01-01", ByRegion(4_180_000, 3_710_000, 3_250_000, 2_920_000),
         "Decree 157/2018/NĐ-CP, from 01/01/2019 [MW-2019]", "V-SEC"),
        ("2020-01-01", ByRegion(4_420_000, 3_920_000, 3_430_000, 3_070_000),
         "Decree 90/2019/NĐ-CP (15/11/2019) Art 3.1, from 01/01/2020 [MW-2020]", "V-SEC"),
        ("2022-07-01", ByRegion(4_680_000, 4_160_000, 3_640_000, 3_250_000, (22_500, 20_000, 17_500, 15_600)),
         "Decree 38/2022/NĐ-CP Art 3, in force 01/07/2022 (Art 5.1) [D38-TEXT]", "V-SEC"),
        ("2024-07-01", ByRegion(4_960_000, 4_410_000, 3_860_000, 3_450_000, (23_800, 21_200, 18_600, 16_600)),
         "Decree 74/2024/NĐ-CP Art 3", "3P"),
        ("2026-01-01", ByRegion(5_310_000, 4_730_000, 4_140_000, 3_700_000, (25_500, 22_700, 20_000, 17_800)),
         "Decree 293/2025/NĐ-CP (10/11/2025) Art 3", "V-SEC"),
    ],
    description="Regional minimum wage by region I..IV (commune/district → region: ansinh.rules.params.regions).",
    note_by_from={
        "2024-07-01": "Hourly levels V-SEC (Lao Động 10/11/2025 quoting the 2026 increase 'from 23,800/21,200').",
    },
)

# Mức lương tối thiểu vùng of Vietnamese employees of foreign-invested enterprises, foreign agencies and organizations,
# international organizations and foreign individuals, while the decrees set them apart (2009-01 .. 2011-09); from
# 2011-10-01 Decree 70/2011 sets one level for all enterprises (value None: use REGIONAL_MINIMUM_WAGE). The 2008
# levels of Decree 168/2007 (three areas) are not held, as the domestic 2008 levels are not: before 2009 the floor is
# the general minimum wage. Sources: docs/legal-sources.md ("regional_minimum_wage_foreign_invested").
REGIONAL_MINIMUM_WAGE_FDI: Table[ByRegion | None] = chain(
    "regional_minimum_wage_foreign_invested",
    "VND/month",
    [
        ("2009-01-01", ByRegion(1_200_000, 1_080_000, 950_000, 920_000),
         "Decree 111/2008/NĐ-CP (10/10/2008) Art 1, from 01/01/2009: MOLISA CV 651/LĐTBXH-LĐTL (06/03/2009) quoting "
         "'1.200.000 … 1.080.000 … 950.000 … 920.000 đồng/tháng' [D111-2008]; the four zones in VCCI news [VCCI-2009]",
         "V-SEC"),
        ("2010-01-01", ByRegion(1_340_000, 1_190_000, 1_040_000, 1_000_000),
         "Decree 98/2009/NĐ-CP (30/10/2009) Art 1, from 01/01/2010 (English text on AsianLII) [D98-2009, HT-LTT]",
         "V-SEC"),
        ("2011-01-01", ByRegion(1_550_000, 1_350_000, 1_170_000, 1_100_000),
         "Decree 107/2010/NĐ-CP (29/10/2010) Art 1, from 01/01/2011 (LuatVietnam summary; region I in the TVPL text) "
         "[D107-2010]", "V-SEC"),
        ("2011-10-01", None,
         "Decree 70/2011/NĐ-CP (22/08/2011) Art 1.1, 1.3 and Art 2: one level for enterprises under the Enterprise Law "
         "'including foreign-invested enterprises' and for foreign agencies and organizations, from 01/10/2011 "
         "[MW-2011]: the regional_minimum_wage table", "V-SEC"),
    ],
    description="Regional minimum wage of foreign-invested employers by region I..IV, 2009-01..2011-09 (none after: "
    "one level for all, regional_minimum_wage).",
)


@dataclass(frozen=True)
class PovertyLine:
    """Monthly income per person (VND) under the national poverty standard."""

    rural: int
    urban: int


# Chuẩn nghèo. The rural line is the floor of voluntary-SI income (Law 58/2014 Art 87; Law 41/2024 Art 31.2).
POVERTY_LINE = chain(
    "poverty_line",
    "VND/month/person",
    [
        ("2016-01-01", PovertyLine(700_000, 900_000), "Decision 59/2015/QĐ-TTg (2016-2020, applied to 2021)",
         "UNVERIFIED"),
        ("2022-01-01", PovertyLine(1_500_000, 2_000_000),
         "Decree 07/2021/NĐ-CP Art 3; extended to 31/12/2026 by Decree 351/2025/NĐ-CP", "V-SEC"),
        ("2027-01-01", PovertyLine(2_200_000, 2_800_000), "Decree 351/2025/NĐ-CP (2026-2030)", "V-SEC"),
    ],
    last_to="2030-12-31",
    description="National poverty line, rural and urban.",
)
