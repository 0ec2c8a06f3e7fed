"""Provincial HI premium support (People's Council resolutions) as effective-dated data, per province.

Legal basis of the power: the provincial People's Committee proposes and the People's Council decides support
higher than the central minimum, support for groups without central support and support for co-payments
(Decree 146/2018 Art 8.3 [PD-HI], V-LAW; the Decree 188/2025 clause is UNVERIFIED). Paid from the provincial
budget to the HI fund with the central share, quarterly (Decree 146 Art 9.3, 9.9).
Sources: shared/docs/domain-vn-health-procedures-compliance.md §D.

A group is matched by list membership (`lists`: the person is on the commune's near-poor list, the school's
list …) or by attributes (age range, holding no card). The share is stated either as local points added to the
central minimum (`local`) or as the total the State pays (`total`); where a resolution states both they must
agree (checked in `problems()`). Total support is capped at 100 %.

Province keys are the 2-digit GSO codes of the province that adopted the resolution (before the 2025 merger).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ansinh.rules.money import rate
from ansinh.rules.tables import Entry, Table, d


@dataclass(frozen=True)
class LocalGroup:
    key: str
    label: str
    central: str | None  # the central state-supported group (hi_groups key) or None when the State pays nothing
    lists: tuple[str, ...] = ()  # matched when the person is on one of these lists
    age_from: int | None = None  # matched by age: age_from <= age < age_to
    age_to: int | None = None
    without_card: bool = False  # only people holding no valid card
    local: Decimal | None = None
    total: Decimal | None = None


@dataclass(frozen=True)
class Scheme:
    province: str
    resolution: str
    groups: tuple[LocalGroup, ...]


def _t(province: str, name: str, entries: tuple[Entry[Scheme], ...]) -> Table[Scheme]:
    return Table(f"local_hi_support_{province}", "share", entries, description=name, contiguous=False)


NEAR_POOR = ("near_poor",)
STUDENTS = ("school_pupils", "student")

# Lạng Sơn (the demo province): the People's Council resolution on HI premium support was searched for and NOT found
# (docs/legal-sources.md, "Provincial HI support"): the groups are those the provincial steering reports name, the
# shares are demo values.
_LS_TITLE = "Lạng Sơn: DEMO VALUES (People's Council resolution not found)"
_LS_SOURCE = ("groups from the provincial reports quoted in issue 14; shares are demo values: no resolution text was "
              "found (searches listed in docs/legal-sources.md)")
_LS_NOTE = "replace the shares when the resolution is read"
_LS_STUDENT = LocalGroup("student", "pupils and students", "student", lists=STUDENTS, local=rate("20%"))
_LS_GROUPS = (
    LocalGroup("near_poor", "near-poor", "near_poor", lists=NEAR_POOR, total=rate("100%")),
    LocalGroup("farm_household", "average-income farm households", "farm_household", lists=("farm_household",),
               local=rate("20%")),
    LocalGroup("party_30y", "Party members with the 30-year badge", None, lists=("party_30y",), total=rate("100%")),
    LocalGroup("garbage_collector", "village garbage collectors without a card", None, lists=("garbage_collector",),
               without_card=True, total=rate("100%")),
    LocalGroup("religious", "religious dignitaries", None, lists=("religious",), total=rate("100%")),
    LocalGroup("aged_60_80", "people aged 60 to under 80 without a card", None, age_from=60, age_to=80,
               without_card=True, total=rate("100%")),
)

SCHEMES: dict[str, Table[Scheme]] = {
    "96": _t("96", "Cà Mau", (
        Entry(d("2020-08-01"), None, Scheme("96", "Resolution of the Cà Mau People's Council (effective 01/08/2020)", (
            LocalGroup("near_poor", "near-poor, multidimensionally poor without the HI deprivation", "near_poor",
                       lists=NEAR_POOR, local=rate("30%"), total=rate("100%")),
            LocalGroup("student", "pupils and students in the province", "student", lists=STUDENTS,
                       local=rate("20%"), total=rate("50%")),
        )), "hdnd.camau.gov.vn 'Hỗ trợ đóng bảo hiểm y tế cho một số đối tượng trên địa bàn tỉnh'", "V-SEC",
            "the total was stated with the central 30 % for students before Decree 188; from 2025-07-01 the "
            "central student share is 50 %, so 50 % + 20 % = 70 %: whether the resolution still applies is "
            "UNVERIFIED"),
    )),
    "64": _t("64", "Gia Lai", (
        Entry(d("2021-01-01"), d("2021-12-31"), Scheme("64", "Gia Lai People's Council resolution (2021)", (
            LocalGroup("near_poor", "near-poor and multidimensionally poor", "near_poor", lists=NEAR_POOR,
                       local=rate("30%")),
            LocalGroup("student", "pupils/students of large or poor families; ethnic-minority students in "
                       "region-I communes", "student", lists=("student_priority",), local=rate("20%")),
            LocalGroup("farm_household", "average-living farm households", "farm_household",
                       lists=("farm_household",), local=rate("20%")),
        )), "thuonghieucongluan.com.vn 'Hỗ trợ đóng BHYT cho một số nhóm đối tượng trong năm 2021 tại Gia Lai'",
            "V-SEC"),
        Entry(d("2026-01-01"), None, Scheme("64", "Resolution 35/2025/NQ-HĐND of the Gia Lai People's Council", (
            LocalGroup("near_poor", "near-poor", "near_poor", lists=NEAR_POOR, local=rate("30%"), total=rate("100%")),
            LocalGroup("student_ethnic_minority", "ethnic-minority pupils and students", "student",
                       lists=("student_ethnic_minority",), local=rate("30%"), total=rate("80%")),
            LocalGroup("farm_household", "average-living farm, forestry, fishery and salt households",
                       "farm_household", lists=("farm_household",), local=rate("20%")),
        )), "baogialai.com.vn 'Gia Lai: nhiều nhóm đối tượng được hỗ trợ kinh phí đóng BHYT từ 1-1-2026' "
            "(2025-12-17), reporting Resolution 35/2025/NQ-HĐND", "V-SEC",
            "also ethnic minorities in communes no longer in the difficult areas, people with HIV and leprosy "
            "patients (shares not in the article read: not encoded); the article is cut after the farm households' "
            "20 %"),
    )),
    "30": _t("30", "Hải Dương", (
        Entry(d("2023-08-01"), d("2025-12-31"), Scheme("30", "Hải Dương People's Council resolution", (
            LocalGroup("aged_65_70", "residents aged 65 to under 70 without a card", None, age_from=65, age_to=70,
                       without_card=True, total=rate("70%")),
        )), "hongphong.ninhgiang.haiduong.gov.vn Article 2301", "V-SEC"),
    )),
    "79": _t("79", "TP Hồ Chí Minh", (
        Entry(d("2025-11-14"), None, Scheme("79", "Resolution 56/2025/NQ-HĐND of the HCMC People's Council "
                                            "(passed and in force 14/11/2025)", (
            LocalGroup("student", "pupils of general education and continuing education (lower and upper "
                       "secondary), public and private schools in the city", "student", lists=STUDENTS,
                       local=rate("50%"), total=rate("100%")),
            LocalGroup("aged_65_75", "residents aged 65 to under 75 not supported by another HI policy", None,
                       age_from=65, age_to=75, without_card=True, total=rate("100%")),
        )), "znews.vn 'Hàng triệu người ở TP.HCM sẽ được hỗ trợ đóng bảo hiểm y tế' (number 56/2025/NQ-HĐND); "
            "vneconomy.vn and plo.vn 2025-11-14 (in force 14/11/2025, 65 to under 75, students +50 %)", "V-SEC",
            "for valid cards the support starts the day after expiry; 'not supported by another policy' is "
            "approximated by 'holding no card'"),
    )),
    "20": _t("20", "Lạng Sơn", (
        Entry(d("2021-01-01"), d("2025-06-30"), Scheme("20", _LS_TITLE, (_LS_STUDENT, *_LS_GROUPS)), _LS_SOURCE,
              "UNVERIFIED", _LS_NOTE),
        Entry(d("2025-07-01"), None, Scheme("20", _LS_TITLE, _LS_GROUPS), _LS_SOURCE, "UNVERIFIED",
              _LS_NOTE + ". From 2025-07-01 no student top-up: vietnam.vn 'Thêm điểm tựa sức khỏe cho học sinh, "
              "sinh viên' (Lạng Sơn, school year 2025-26) reports pupils paying 50 % after Decree 188/2025"),
    )),
}


def scheme(province: str, day: object) -> Entry[Scheme] | None:
    table = SCHEMES.get(province)
    if table is None:
        return None
    for entry in table:
        if entry.covers(day):  # type: ignore[arg-type]
            return entry
    return None


def problems() -> list[str]:
    """Resolutions stating both the local points and the total must agree with the central minimum in force on
    the scheme's first day (the caller passes the central shares through `central_on`)."""
    from ansinh.rules.params.contribution_rates import HI_STATE_SUPPORT

    out = []
    for table in SCHEMES.values():
        for entry in table:
            central = HI_STATE_SUPPORT.at(entry.valid_from)
            for g in entry.value.groups:
                if g.local is None and g.total is None:
                    out.append(f"{table.name} {g.key}: neither local nor total")
                if g.local is not None and g.total is not None:
                    base = central.get(g.central, Decimal(0)) if g.central else Decimal(0)
                    if base + g.local != g.total:
                        out.append(f"{table.name} {g.key}: {base} + {g.local} != {g.total}")
                if (g.total or Decimal(0)) > 1:
                    out.append(f"{table.name} {g.key}: total above 100 %")
    return out
