"""Synthetic employers (contributing units) of a province: names, codes, ownership, sector, size, dates.

Made once per run (a few thousand rows) before the person chunks, which pick employers for jobs from the
arrays kept here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ansinh.core.identifiers import tax_check_digit
from ansinh.core.text import fold
from ansinh.registry.generate import names as N
from ansinh.registry.generate.demography import AREA_CODE, AS_OF, FIRST_JOB_DAY, TAX_PREFIX
from ansinh.registry.generate.sampling import (
    Vocabulary,
    add_years,
    coprime_multiplier,
    date_strings,
    day,
    uniform_days,
)
from ansinh.registry.generate.units import Commune, Province
from ansinh.rules.params.regions import lookup_region

PERSONS_PER_EMPLOYER = 250  # Lạng Sơn: ~3,200 contributing units for ~800,000 people
MIN_EMPLOYERS = 12

# ownership type -> (share of units, median employees, spread (sigma of the log), group code in the unit code)
OWNERSHIP: dict[str, tuple[float, float, float, str]] = {
    "private": (0.50, 9.0, 1.3, "DN"),
    "household_business": (0.04, 3.0, 0.5, "DN"),
    "cooperative": (0.06, 6.0, 0.7, "HX"),
    "state_enterprise": (0.015, 60.0, 0.9, "DN"),
    "foreign_invested": (0.01, 200.0, 1.0, "DN"),
    "state_agency": (0.09, 18.0, 0.8, "HC"),
    "public_service": (0.22, 18.0, 0.7, "HC"),
    "commune": (0.03, 22.0, 0.25, "HC"),
    "association": (0.03, 6.0, 0.5, "HC"),
    "other": (0.005, 5.0, 0.5, "DN"),
}
STATE_PAY = ("state_agency", "public_service", "commune")  # salary on the state pay scale (coefficient)
CLOSABLE = ("private", "household_business", "cooperative", "other")
# VSIC 2018 sections of private enterprises (share)
PRIVATE_SECTORS = (
    ("G", 30.0), ("F", 20.0), ("C", 15.0), ("H", 8.0), ("I", 7.0), ("A", 5.0), ("M", 4.0), ("N", 3.0),
    ("L", 2.0), ("S", 2.0), ("K", 1.0), ("J", 1.0), ("E", 1.0), ("Q", 1.0),
)
# Size multipliers for the big units a name gives away.
BIG_UNITS = (
    ("Bệnh viện Đa khoa", 25.0), ("Bệnh viện", 8.0), ("Trung tâm Y tế khu vực", 5.0), ("Trường Cao đẳng", 4.0),
    ("Trường THPT", 2.5), ("Điện lực", 6.0), ("Bưu điện", 4.0), ("Ngân hàng", 2.0), ("Viễn thông", 3.0),
    ("Sở ", 2.0), ("Văn phòng UBND tỉnh", 2.0), ("Thuế tỉnh", 3.0),
)
SECTOR_KEYWORDS = (
    ("Trường", "P"), ("Giáo dục", "P"), ("Bệnh viện", "Q"), ("Y tế", "Q"), ("Kiểm soát bệnh", "Q"),
    ("Đài Phát thanh", "J"), ("Báo ", "J"), ("Viễn thông", "J"), ("Công nghệ thông tin", "J"), ("Bưu điện", "H"),
    ("Văn hóa", "R"), ("Bảo tàng", "R"), ("Xổ số", "R"), ("nông nghiệp", "A"), ("Lâm nghiệp", "A"),
    ("Dự án", "F"), ("Điện lực", "D"), ("Cấp thoát nước", "E"), ("Môi trường", "E"), ("thủy lợi", "E"),
    ("Ngân hàng", "K"), ("Quỹ Tín dụng", "K"), ("đường bộ", "H"), ("Than", "B"), ("Luật sư", "M"),
)


@dataclass(frozen=True)
class Employers:
    columns: dict[str, list]  # the registry_employer rows, by column
    ids: np.ndarray
    ownership: np.ndarray  # index into OWNERSHIP keys
    state_pay: np.ndarray  # bool
    region3: np.ndarray  # bool: in a ward (regional minimum wage III), else region IV
    start: np.ndarray  # datetime64[D]
    end: np.ndarray  # datetime64[D], NaT when open
    weight: np.ndarray  # expected share of jobs

    def __len__(self) -> int:
        return len(self.ids)


def employer_count(persons: int) -> int:
    return max(MIN_EMPLOYERS, round(persons / PERSONS_PER_EMPLOYER))


def _counts(total: int, province: Province) -> dict[str, int]:
    """Units per ownership type: largest remainders; one commune government per commune at most;
    at least one state agency (the oldest employer)."""
    keys = list(OWNERSHIP)
    shares = np.array([OWNERSHIP[k][0] for k in keys])
    raw = shares / shares.sum() * total
    counts = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - counts), kind="stable")[: total - counts.sum()]:
        counts[i] += 1
    out = dict(zip(keys, counts.tolist(), strict=True))
    if out["state_agency"] == 0:
        out["state_agency"], out["private"] = 1, out["private"] - 1
    extra = max(0, out["commune"] - len(province.communes))
    out["commune"] -= extra
    out["private"] += extra
    return out


class _Names:
    """Unique employer names: calls a maker (attempt -> (name, commune index)) until the name is new."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, make: Callable[[int], tuple[str, int]], tries: int = 40) -> tuple[str, int]:
        for attempt in range(tries):
            name, ci = make(attempt)
            if name not in self.used:
                self.used.add(name)
                return name, ci
        k = 2
        while f"{name} số {k}" in self.used:
            k += 1
        name = f"{name} số {k}"
        self.used.add(name)
        return name, ci


def make_employers(rng: np.random.Generator, total: int, province: Province, first_id: int,
                   stamp: object) -> Employers:
    counts = _counts(total, province)
    lang_son = province.code == "20"
    brands = N.BRANDS_GENERIC + (N.BRANDS_LANG_SON if lang_son else ())
    p = province.short_name
    communes = province.communes
    places = province.old_places
    capital = int(np.argmax(province.weights))  # the most populous unit: provincial bodies sit there
    commune_index = {c.id: i for i, c in enumerate(communes)}
    pick = lambda seq: seq[int(rng.integers(len(seq)))]  # noqa: E731
    names = _Names()

    rows: list[tuple[str, str, int, str | None]] = []  # (ownership, name, commune index, sector or None)

    def weighted_commune(power: float = 1.0) -> int:
        w = province.weights**power
        return int(rng.choice(len(communes), p=w / w.sum()))

    def local(templates: tuple[str, ...], kind: str, use_old_places: bool = False) -> None:
        def make(_: int) -> tuple[str, int]:
            template = pick(templates)
            if use_old_places:
                place, unit_id = pick(places)
                ci = commune_index[unit_id]
            else:
                ci = weighted_commune(0.5)
                place = communes[ci].short
            return template.format(p=p, n=place, u=communes[ci].label), ci

        name, ci = names.take(make)
        rows.append((kind, name, ci, None))

    def provincial_then_local(kind: str, provincial: tuple[str, ...], local_templates: tuple[str, ...],
                              count: int, use_old_places: bool = False) -> None:
        first = [t.format(p=p) for t in provincial][:count]
        for name in first:
            names.used.add(name)
            rows.append((kind, name, capital, None))
        for _ in range(count - len(first)):
            local(local_templates, kind, use_old_places)

    # commune governments: one per commune, communes in a seeded order
    for ci in rng.permutation(len(communes))[: counts["commune"]].tolist():
        name = f"UBND {communes[int(ci)].label}"
        names.used.add(name)
        rows.append(("commune", name, int(ci), "O"))
    provincial_then_local("state_agency", N.STATE_AGENCIES_PROVINCE, N.STATE_AGENCIES_LOCAL, counts["state_agency"])
    ps_templates = tuple(t for t, w in N.PUBLIC_SERVICE_LOCAL for _ in range(max(1, round(w / 2))))
    provincial_then_local("public_service", N.PUBLIC_SERVICE_PROVINCE, ps_templates, counts["public_service"],
                          use_old_places=True)
    soe_local = (*(t for t in N.STATE_ENTERPRISES if "{n}" in t), "Công ty Cổ phần Xây dựng Giao thông {n}")
    provincial_then_local("state_enterprise", tuple(t for t in N.STATE_ENTERPRISES if "{n}" not in t), soe_local,
                          counts["state_enterprise"])
    provincial_then_local("association", N.ASSOCIATIONS_PROVINCE, N.ASSOCIATIONS, counts["association"])

    sectors = Vocabulary(PRIVATE_SECTORS)
    forms = Vocabulary(N.PRIVATE_FORMS)
    for _ in range(counts["private"]):
        sector = sectors.words[int(sectors.sample(rng, 1)[0])]
        form = forms.words[int(forms.sample(rng, 1)[0])]
        activity = pick(N.ACTIVITY_BY_SECTOR[sector])
        home = weighted_commune(1.5)

        def make_private(attempt: int, form: str = form, activity: str = activity, ci: int = home) -> tuple[str, int]:
            brand = pick(brands) if attempt < 20 else f"{pick(brands)} {communes[ci].short}"
            return f"{form} {activity} {brand}", ci

        name, ci_ = names.take(make_private)
        rows.append(("private", name, ci_, sector))
    for _ in range(counts["foreign_invested"]):
        activity = pick(N.FOREIGN_ACTIVITIES)
        home = weighted_commune(1.5)

        def make_fie(_a: int, activity: str = activity, ci: int = home) -> tuple[str, int]:
            return f"Công ty TNHH {activity} {pick(N.FOREIGN_BRANDS)} Việt Nam", ci

        name, ci_ = names.take(make_fie)
        rows.append(("foreign_invested", name, ci_, "G" if activity == "Thương mại" else "C"))
    for _ in range(counts["cooperative"]):
        trade = pick(N.COOPERATIVE_TRADES)

        def make_coop(_a: int, trade: str = trade) -> tuple[str, int]:
            place, unit_id = pick(places)
            return f"Hợp tác xã {trade} {place}", commune_index[unit_id]

        name, ci_ = names.take(make_coop)
        sector = {"Vận tải": "H", "Thương mại và Dịch vụ": "G", "Mây tre đan": "C"}.get(trade, "A")
        rows.append(("cooperative", name, ci_, sector))
    for _ in range(counts["household_business"]):
        trade = pick(N.HOUSEHOLD_TRADES)
        home = weighted_commune(1.5)

        def make_hkd(_a: int, trade: str = trade, ci: int = home) -> tuple[str, int]:
            return f"{pick(N.HOUSEHOLD_BUSINESS)} {trade} {pick(brands)}", ci

        name, ci_ = names.take(make_hkd)
        sector = {"Ăn uống": "I", "Sửa chữa Xe máy": "S", "Mộc": "C", "May đo": "C"}.get(trade, "G")
        rows.append(("household_business", name, ci_, sector))
    for _ in range(counts["other"]):
        home = weighted_commune(1.0)

        def make_other(_a: int, ci: int = home) -> tuple[str, int]:
            return pick((f"Quỹ Tín dụng nhân dân {communes[ci].short}", f"Văn phòng Luật sư {pick(brands)}",
                         f"Văn phòng Công chứng {pick(brands)}")), ci

        name, ci_ = names.take(make_other)
        rows.append(("other", name, ci_, None))

    # a seeded order, so that ids do not group by type
    order = rng.permutation(len(rows))
    rows = [rows[i] for i in order.tolist()]
    n = len(rows)
    kinds = list(OWNERSHIP)
    ownership = np.array([kinds.index(r[0]) for r in rows])
    name_list = [r[1] for r in rows]
    ci = np.array([r[2] for r in rows], dtype=np.int64)
    sector_list = [r[3] or _sector_for(r[1], r[0]) for r in rows]

    # size: lognormal around the type's median, big units by name
    median = np.array([OWNERSHIP[kinds[o]][1] for o in ownership])
    sigma = np.array([OWNERSHIP[kinds[o]][2] for o in ownership])
    big = np.array([next((m for k, m in BIG_UNITS if k in name), 1.0) for name in name_list])
    weight = median * big * np.exp(sigma * rng.standard_normal(n))
    weight /= weight.sum()

    # founding dates
    start = _founding(rng, ownership, kinds)
    state_like = np.isin(ownership, [kinds.index(k) for k in STATE_PAY])
    oldest = int(np.argmax(np.where(state_like, weight, -1.0)))
    start[oldest] = min(start[oldest], day("1990-01-01"))

    # status: some private units closed (end date), suspended or gone missing
    closable = np.isin(ownership, [kinds.index(k) for k in CLOSABLE])
    u = rng.random(n)
    end = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    earliest_end = np.maximum(add_years(start, 2), day("2010-01-01"))
    can_close = closable & (earliest_end < day("2025-06-30"))
    dissolved = can_close & (u < 0.07)
    end[dissolved] = uniform_days(rng, earliest_end, day("2025-06-30"), n)[dissolved]
    status = np.where(dissolved, "dissolved", np.where(closable & (u >= 0.07) & (u < 0.10), "suspended",
                      np.where(closable & (u >= 0.10) & (u < 0.115), "missing", "active")))

    tax = _tax_codes(rng, n, TAX_PREFIX.get(province.code, province.code.zfill(2)))
    group = [OWNERSHIP[kinds[o]][3] for o in ownership]
    with_type = rng.random(n) < 0.75
    unit_codes = []
    for i in range(n):
        code = tax[i] + group[i]
        if group[i] in ("DN", "HX") and with_type[i]:
            code += sector_list[i] + pick(N.DIVISIONS_BY_SECTOR.get(sector_list[i], ("99",)))
        unit_codes.append(code)

    area = AREA_CODE.get(province.code, "02" + province.code.zfill(2)[-2:])
    digits = 11 - len(area)
    phone_n = rng.integers(0, 10**digits, n)
    has_phone = rng.random(n) < 0.9
    phones = [f"{area}{x:0{digits}d}" if h else "" for x, h in zip(phone_n.tolist(), has_phone.tolist(), strict=True)]
    has_mail = (rng.random(n) < 0.4) & np.isin(ownership, [kinds.index(k) for k in ("private", "foreign_invested",
                                                                                      "state_enterprise")])
    emails = [f"ketoan.{t}@gmail.com" if m else "" for t, m in zip(tax, has_mail.tolist(), strict=True)]
    address = [_address_line(rng, communes[c], lang_son) for c in ci.tolist()]

    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    columns: dict[str, list] = {
        "id": ids.tolist(),
        "unit_code": unit_codes,
        "tax_code": tax,
        "name": name_list,
        "name_search": [fold(x) for x in name_list],
        "ownership_type": [kinds[o] for o in ownership.tolist()],
        "sector": sector_list,
        "address_commune_id": [communes[c].id for c in ci.tolist()],
        "address_line": address,
        "phone": phones,
        "email": emails,
        "status": status.tolist(),
        "start_date": date_strings(start),
        "end_date": date_strings(end),
        "created_at": [stamp] * n,
        "updated_at": [stamp] * n,
    }
    region3 = np.array([_region3(communes[c]) for c in ci.tolist()], dtype=bool)
    return Employers(columns, ids, ownership, state_like, region3, start, end, weight)


def _region3(commune: Commune) -> bool:
    """Minimum-wage region III or higher (else IV) from the commune annex the rules hold; where they do not
    hold the province, a ward (phường) counts as region III."""
    finding = lookup_region(commune.code, AS_OF)
    if finding.source == "annex":
        return finding.region <= 3
    return commune.is_ward


def _sector_for(name: str, kind: str) -> str:
    for keyword, sector in SECTOR_KEYWORDS:
        if keyword in name:
            return sector
    return {"state_agency": "O", "commune": "O", "association": "S", "public_service": "P"}.get(kind, "S")


def _founding(rng: np.random.Generator, ownership: np.ndarray, kinds: list[str]) -> np.ndarray:
    n = len(ownership)
    ranges = {
        "state_agency": ("1980-01-01", "1995-01-01"), "public_service": ("1980-01-01", "1998-12-31"),
        "commune": ("1980-01-01", "1995-01-01"), "association": ("1980-01-01", "2005-12-31"),
        "state_enterprise": ("1985-01-01", "2005-12-31"), "foreign_invested": ("2005-01-01", "2023-12-31"),
        "cooperative": ("1997-01-01", "2024-06-30"), "household_business": ("2003-01-01", "2024-06-30"),
        "other": ("1995-01-01", "2020-12-31"),
    }
    start = np.empty(n, dtype="datetime64[D]")
    for k, (a, b) in ranges.items():
        mask = ownership == kinds.index(k)
        start[mask] = uniform_days(rng, day(a), day(b), int(mask.sum()))
    # private enterprises: founding year skewed to recent years (most firms are young)
    mask = ownership == kinds.index("private")
    years_back = np.minimum(rng.exponential(9.0, int(mask.sum())), 31.0)
    start[mask] = (day(AS_OF) - np.floor(years_back * 365.2425).astype("timedelta64[D]")) - np.timedelta64(30, "D")
    return np.maximum(start, day(dt.date(FIRST_JOB_DAY.year - 20, 1, 1)))


def _tax_codes(rng: np.random.Generator, count: int, prefix: str) -> list[str]:
    """Distinct valid 10-digit tax codes: prefix + a seeded permutation of 7 digits + the check digit."""
    a, b = coprime_multiplier(rng, 10**7), int(rng.integers(10**7))
    out: list[str] = []
    seq = 0
    while len(out) < count:
        first9 = f"{prefix}{(a * seq + b) % 10**7:07d}"
        seq += 1
        check = tax_check_digit(first9)
        if check is not None:
            out.append(f"{first9}{check}")
    return out


def _address_line(rng: np.random.Generator, commune: Commune, lang_son: bool) -> str:
    if commune.is_ward:
        streets = N.STREETS_LANG_SON if lang_son else N.STREETS_GENERIC
        return f"Số {int(rng.integers(1, 300))}, đường {streets[int(rng.integers(len(streets)))]}"
    if lang_son:
        return (f"Thôn {N.VILLAGE_FIRST[int(rng.integers(len(N.VILLAGE_FIRST)))]} "
                f"{N.VILLAGE_SECOND[int(rng.integers(len(N.VILLAGE_SECOND)))]}")
    return f"Thôn {int(rng.integers(1, 25))}"
