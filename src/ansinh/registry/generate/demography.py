"""Distributions of the demo generator, as data (sources and assumptions in docs/generator.md)."""

from __future__ import annotations

import datetime as dt

# The date the synthetic province is "as of": ages, open employments and salaries are computed for it. Fixed, so
# that the same arguments give the same rows whatever day the generator runs.
AS_OF = dt.date(2026, 1, 1)
FIRST_JOB_DAY = dt.date(1995, 1, 1)  # compulsory SI begins (Decree 12/CP, 1995)

# Vietnam's population by 5-year age group, share in % (0-4, 5-9, ..., 80-84, 85+), ~2024, rounded from the
# GSO population and housing census 2019 projected forward / UN World Population Prospects 2024.
AGE_GROUP_SHARE = (
    7.0, 7.9, 8.1, 7.0, 6.5, 7.4, 8.1, 8.2, 7.6, 7.1, 6.3, 5.7, 4.8, 3.7, 2.5, 1.4, 0.9, 0.9,
)
# Males per 100 females in the same groups (sex ratio at birth ~111; women outlive men).
SEX_RATIO = (110, 110, 109, 107, 104, 102, 102, 101, 100, 98, 95, 91, 87, 82, 75, 68, 58, 45)
OLDEST = 100  # ages in the open group 85+ run 85..100, geometrically fewer

# Ethnic composition, share in % (codes of registry.codes.ETHNICITIES).
# Lạng Sơn: 2019 census (Nùng ~42 %, Tày ~35 %, Kinh ~16 %, Dao ~4 %, small Hoa, Sán Chay, Hmông groups).
ETHNICITY_SHARE: dict[str, dict[str, float]] = {
    "20": {"07": 41.9, "02": 35.3, "01": 16.3, "09": 3.6, "15": 1.0, "04": 0.7, "08": 0.4, "06": 0.3,
           "03": 0.3, "18": 0.2},
}
# Any other province: the national mix (2019 census: Kinh 85.3 %, then Tày, Thái, Mường, Hmông, Khơ-me ...).
ETHNICITY_SHARE_DEFAULT: dict[str, float] = {
    "01": 85.3, "02": 1.9, "03": 1.9, "06": 1.5, "08": 1.5, "05": 1.4, "07": 1.1, "09": 0.9, "04": 0.8,
    "10": 0.5, "12": 0.4, "13": 0.3, "15": 0.2, "18": 0.2, "17": 0.2,
}

# Share of persons in a couple (married and living with the spouse), by 5-year age group, men / women.
MARRIED_MALE = (0, 0, 0, 0.01, 0.15, 0.55, 0.82, 0.90, 0.92, 0.92, 0.92, 0.91, 0.90, 0.88, 0.84, 0.78, 0.70, 0.60)
MARRIED_FEMALE = (0, 0, 0, 0.05, 0.40, 0.78, 0.88, 0.90, 0.89, 0.88, 0.86, 0.83, 0.76, 0.68, 0.56, 0.44, 0.32, 0.20)
HEAD_IS_WIFE = 0.22  # share of couple households headed by the woman
# Unmarried persons of these ages live with their parents (share), by age group 15-19 ... 40-44; children <15 always.
STAY_WITH_PARENTS = {3: 0.97, 4: 0.92, 5: 0.78, 6: 0.6, 7: 0.45, 8: 0.3}
THREE_GENERATION = 0.30  # young couples (husband < 35) living in the husband's parents' household
GRANDCHILD_SHARE = 0.08  # children placed with grandparents rather than parents
ELDER_WITH_CHILD = 0.7
LONE_MOTHER = 0.75  # unpartnered women 25-64 heading a household where their children can live
LONE_FATHER = 0.3
WITH_SIBLING = 0.35  # other unpartnered adults 15-59 living in a brother's or sister's household  # unmarried persons 60+ living in an adult child's household

# Birth dates recorded as year only / month and year, by birth year (older records are less precise).
BIRTH_PRECISION = ((1950, 0.15, 0.05), (1976, 0.04, 0.03), (2000, 0.01, 0.01), (9999, 0.002, 0.003))

# Province code (3 digits) of birth registration for people living in the province: mostly the province itself,
# the rest from neighbours and the big cities (migration).
BIRTH_PROVINCE_SHARE: dict[str, dict[str, float]] = {
    "20": {"020": 92.0, "024": 1.8, "004": 1.4, "019": 1.0, "001": 1.2, "022": 0.8, "006": 0.5, "027": 0.5,
           "034": 0.3, "036": 0.3, "038": 0.2},
}
BIRTH_PROVINCE_OTHER = 0.06  # other provinces: this share born elsewhere (Hà Nội, HCMC and neighbours)
MIGRANT_ORIGINS = ("001", "079", "036", "038", "040", "034", "026", "024", "031", "033")

SI_CODE_SHARE = 0.985  # persons with a 10-digit SI number (HI cards cover ~94 % of the population; more have one)
PHONE_SHARE_ADULT = 0.85  # persons 15+ with a mobile number on record
PHONE_SHARE_CHILD = 0.05
# Mobile prefixes after the 2018 renumbering (Viettel 03x/086/09x, Vinaphone 08x/091/094, MobiFone 07x/090 ...).
MOBILE_PREFIXES: tuple[tuple[str, float], ...] = (
    ("032", 4), ("033", 4), ("034", 4), ("035", 4), ("036", 4), ("037", 4), ("038", 4), ("039", 4),
    ("086", 5), ("096", 6), ("097", 7), ("098", 7), ("081", 2), ("082", 2), ("083", 2), ("084", 2),
    ("085", 2), ("088", 3), ("091", 4), ("094", 4), ("070", 2), ("076", 1), ("077", 2), ("078", 1),
    ("079", 2), ("089", 2), ("090", 4), ("093", 3), ("056", 1), ("058", 1), ("059", 1),
)
# Landline area code of the province (after 2017), for employers' phones.
AREA_CODE: dict[str, str] = {"20": "0205", "01": "024", "79": "028", "04": "0206", "24": "0204", "19": "0208"}

# Tax department prefix of the 10-digit tax code (the first 2 digits name the province that issued it).
TAX_PREFIX: dict[str, str] = {"20": "49", "01": "01", "79": "03", "04": "48", "24": "24", "19": "46", "22": "57"}

# Commune weights when no population is loaded: a ward (phường) of a city holds this many times a rural commune.
WARD_WEIGHT = 3.0
