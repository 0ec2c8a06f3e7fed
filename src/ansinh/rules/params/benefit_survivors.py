"""Survivor benefits (tử tuất): funeral grant, monthly survivor allowance, lump-sum survivor allowance — keyed by
the day of death. Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.tables import chain

_RULES = {
    "benefits": ("funeral", "monthly", "lump_sum"),  # the benefits held for deaths in the row's period
    "funeral_multiple": Decimal(10),  # × reference level (base salary) of the month of death
    "funeral_min_months": 12,  # months of compulsory SI
    "funeral_deceased": ("contributor", "pensioner", "oaod_monthly"),  # whose death gives the grant
    "monthly_min_years": 15,  # whole years of compulsory SI
    "monthly_rate": Decimal("0.50"),  # of the reference level per relative
    "monthly_rate_unsupported": Decimal("0.70"),  # relative with nobody directly supporting them
    "monthly_max_relatives": 4,
    "monthly_multiple_deaths": 2,  # two or more deaths: twice the allowance
    "child_age_limit": 18,
    "child_age_limit_studying": None,  # Law 71: a child still at school until this age
    "relatives_status": "V-LAW",  # how the relatives' conditions other than children's and spouses' are held
    "relative_incapacity_pct": 81,
    "lump_pre2014": Decimal("1.5"),  # months of average salary per year before 2014
    "lump_from2014": Decimal("2"),  # per year from 2014
    "lump_min_months": Decimal("3"),
    "pensioner_first_months": 2,
    "pensioner_months": Decimal("48"),
    "pensioner_step": Decimal("0.5"),
    "pensioner_min": Decimal("3"),
    "oaod_allowance_months": Decimal("3"),
}

# Law 71/2006 (deaths 2007–2015). Lump sum and funeral grant: Vietnam Social Security's English page "Survivor's
# Benefit" (vss.gov.vn/english, ItemID 8472; "basic minimum wage", 1.5 months for every year — the Law 71 rules) and
# CV 529/LĐTBXH-BHXH (Law 58 raised the years from 2014 to 2 months) agree on the amounts; Circular 59/2015 Art 39.5
# (read in full): deaths before 2016 follow the earlier law — the funeral grant without the 12 months (39.5.a), the lump
# sum 1.5 months a year, at least 3 (39.5.b). A pensioner's funeral grant: VSS's answer published by chinhphu.vn / plo.vn
# (a pensioner who died in 08/2015) quoting Law 71 Art 63.1.c "Người đang hưởng lương hưu; hưởng trợ cấp tai nạn lao
# động, bệnh nghề nghiệp hằng tháng đã nghỉ việc" and Art 63.2 "Trợ cấp mai táng bằng mười tháng lương tối thiểu
# chung"; nld.com.vn (11/04/2012) the same with 10 × 830,000.
# Monthly allowance: Art 64.1 (15 years without a lump sum, pensioner, OA/OD death, OA/OD ≥ 61%) and 64.2.a–b (child
# under 15, under 18 while at school, from 15 with ≥ 81%; wife from 55 / husband from 60, younger with ≥ 81%) quoted
# word for word by luatminhkhue.vn ("Căn cứ vào Điều 64 Luật bảo hiểm xã hội năm 2006"; the quotation is cut inside
# 64.2.c, after naming parents, parents-in-law and others the deceased supported); Art 65.1 50% of the general minimum wage per relative (luatviet.co quoting "Khoản 1 Điều 65 Luật bảo hiểm
# xã hội 2006"); 70% without a direct carer, twice for two or more deaths, at most 4 relatives: Decree 152/2006 Art 37
# quoted by dankinhte.vn. The parents' conditions (from 60 / 55, or ≥ 81%) and the income condition (none, or below
# the general minimum wage, for relatives other than children) are in a third-party summary only (123docz.net "Trợ
# cấp tuất"; the same rules in Decree 12/CP as MOLISA quotes it on chinhsachonline.chinhphu.vn) — 3P, said in the
# result's steps. The OA/OD recipient's lump sum was not read: refused.
_L71 = dict(_RULES) | {"funeral_min_months": 0, "lump_from2014": Decimal("1.5"), "oaod_allowance_months": None,
                       "child_age_limit": 15, "child_age_limit_studying": 18, "relatives_status": "3P"}

SURVIVORS = chain(
    "survivors",
    "rules",
    [
        (
            "2007-01-01",
            _L71,
            "Law 71/2006 lump-sum survivor allowance: 1.5 months of the average per year for every year, at least 3 "
            "months; pensioner: 48 months' pension if death in the first 2 months of pension, 0.5 month less per later "
            "month, at least 3 — Vietnam Social Security, 'Survivor's Benefit' (vss.gov.vn/english, ItemID 8472); "
            "1.5 months for every year also in CV 529/LĐTBXH-BHXH (11/02/2015), MOLISA presentation of Law 58/2014 "
            "against Law 71/2006; funeral grant 10 months of the general minimum wage (month of death) for a "
            "contributor, also one whose contributions are preserved, a pensioner or a monthly OA/OD recipient who "
            "stopped working — Art 63.1–63.2 quoted in VSS's answer on chinhphu.vn (plo.vn, death 08/2015) and "
            "nld.com.vn (2012); no minimum months — Circular 59/2015 Art 39.5.a ('không cần điều kiện về thời gian "
            "đóng bảo hiểm xã hội đủ 12 tháng trở lên'), 39.5.b (lump sum 1.5 months a year, at least 3); monthly "
            "allowance Art 64.1–64.2 quoted by luatminhkhue.vn (child under 15, under 18 at school, from 15 with ≥ 81%; "
            "wife 55 / husband 60, younger with ≥ 81%), Art 65.1 50% of the general minimum wage (luatviet.co), Decree 152/2006 Art 37 (70%, twice for "
            "two deaths, at most 4: dankinhte.vn); parents from 60 / 55 or ≥ 81%, and income below the general "
            "minimum wage, from a third-party summary (3P). OA/OD recipient's lump sum not held",
            "V-SEC",
        ),
        (
            "2016-01-01",
            dict(_RULES),
            "Law 58/2014 Art 66 (funeral 10 × base salary; ≥ 12 months), 67 (monthly: ≥ 15 years; child < 18; relatives "
            "≥ 81%), 68 (50%/70% of base salary, max 4 relatives, twice for ≥ 2 deaths, from the month after), 70.1 (1.5/2 "
            "months per year, min 3 months) — read in the law text; pensioner 48 months − 0.5 per month: Art 70.2 cut "
            "from the copy, same wording read in Art 81.3 (the minimum of 3 months not read — UNVERIFIED part); Circular "
            "59/2015 Art 26 (70%, examples 46–50), Art 27.2–27.3 (OA/OD recipient 3 months), example 51 ((8 × 1.5 + 3.5 "
            "× 2) × 5,000,000 = 95,000,000)",
            "V-LAW",
        ),
        (
            "2025-07-01",
            dict(_RULES),
            "Law 41/2024 Arts 85–89 (funeral 10 × reference level; monthly 50%/70%, max 4; lump sum 1.5/2 months per "
            "year, min 3 months; pensioner 48 months − 0.5 per month from the 3rd, min 3; OA/OD recipient 3 months)",
            "V-LAW",
        ),
    ],
    description="Funeral grant, monthly and lump-sum survivor allowances.",
)
