"""A deterministic month of claims for a province: facilities and their catalogues (made once), visits of the
province's HI cards (visits per card per year, a mix of visit types), and a known number of planted errors of each
kind, each planted so that it trips its check and nothing else. Used by the tests, the demo and bench/.

Every amount is consistent by construction (prices in hundreds of đồng, so that 80 % and 95 % shares are whole):
a clean episode passes every check. `Planted` lists what the assessment must find, no more, no less."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from ansinh.healthcare.intake import RawEpisode
from ansinh.rules import healthcare as hc
from ansinh.rules.periods import Month
from ansinh.rules.working_days import add_working_days

# (kind, code, name, group, price VND)
DRUGS = [("drug", f"40.{i:03d}", f"Thuốc {i}", 4, 500 + 700 * (i % 17) + 100 * i) for i in range(40)]
EXAM = ("service", "02.1896", "Khám bệnh", 13, 38_700 - 38_700 % 100)
TESTS = [("service", f"23.{i:04d}.0000", f"Xét nghiệm {i}", 1, 20_000 + 3_100 * i) for i in range(15)]
IMAGING = [("service", f"18.{i:04d}.0000", f"Chẩn đoán hình ảnh {i}", 2, 60_000 + 11_000 * i) for i in range(8)]
BED = ("service", "K15.1901", "Ngày giường nội khoa", 15, 250_000)
SUPPLIES = [("supply", f"N03.{i:02d}.000", f"Vật tư {i}", 10, 15_000 + 5_000 * i) for i in range(6)]
PACKAGE_SUPPLY = ("supply", "N07.01.000", "Khớp háng nhân tạo (gói vật tư)", 10, 60_000_000)
CATALOGUE = [*DRUGS, EXAM, *TESTS, *IMAGING, BED, *SUPPLIES, PACKAGE_SUPPLY]
NOT_LISTED = ("drug", "40.999", "Thuốc ngoài danh mục", 4, 9_900)

VISIT_MIX = (("01", 0.70), ("02", 0.06), ("03", 0.12), ("04", 0.02), ("05", 0.10))
KINDS = ("C01", "C02", "C04", "C05", "F01", "F03", "F05", "F06", "P01", "P02", "T02", "T04", "T05", "T06", "B01",
         "V02", "V03", "V04", "V05", "R01", "R02", "R03", "P05", "F11", "T01", "R06")
HEAD_CODE = "0199000001"  # MA_TTDV of XML14: the social-insurance code (10 digits) of who signs the slip
UNKNOWN_CERTIFICATE = "999999/XX-CCHN"


def certificates(facility_code: str) -> list[str]:
    """The practising-certificate numbers of a generated facility's staff (its 02/DM list)."""
    return [f"{facility_code}{k:03d}/CCHN" for k in range(1, 6)]
GROUPS = (("DN", 40), ("HT", 10), ("TE", 8), ("HS", 10), ("GD", 20), ("HN", 5), ("HC", 7))


@dataclass(frozen=True)
class Card:
    number: str
    name: str
    birth: dt.date
    sex: str  # "M"/"F"
    registered: bool = False  # held in the registry (identity can be checked)


@dataclass(frozen=True)
class Planted:
    facility_code: str
    ma_lk: str
    table: str | None  # XML2/XML3 for a line, None for the episode
    stt: int | None
    check: str


@dataclass
class _Line:
    table: str
    kind: str
    code: str
    name: str
    group: int
    qty: int
    price: int
    ordered: dt.datetime
    amount_delta: int = 0
    package: str = ""


@dataclass
class _Visit:
    card: Card
    facility: str
    home: str
    visit_type: str
    admitted: dt.datetime
    discharged: dt.datetime
    days: int
    lines: list[_Line] = field(default_factory=list)
    card_from: dt.date = dt.date(2020, 1, 1)
    card_to: dt.date = dt.date(2030, 12, 31)
    ma_lk: str = ""
    post: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FacilitySpec:
    code: str
    name: str
    level: str
    kind: str


def facility_specs(province_code: str, communes: int) -> list[FacilitySpec]:
    out = [FacilitySpec(f"{province_code}001", "Bệnh viện Đa khoa tỉnh", "specialised", "hospital")]
    out += [FacilitySpec(f"{province_code}{100 + i:03d}", f"Trung tâm Y tế khu vực {i + 1}", "basic", "health_centre")
            for i in range(3)]
    out += [FacilitySpec(f"{province_code}{200 + i:03d}", f"Trạm Y tế xã {i + 1}", "primary", "commune_station")
            for i in range(max(1, min(communes, 6)))]
    return out


def synthetic_cards(province_code: str, n: int, on: dt.date, seed: int) -> list[Card]:
    rng = random.Random(seed)
    groups = [g for g, w in GROUPS for _ in range(w)]
    out = []
    for i in range(n):
        group = groups[rng.randrange(len(groups))]
        digit = hc.card_digit_expected(group + "4", on) or 4
        sex = "M" if i % 2 else "F"
        out.append(Card(f"{group}{digit}{province_code}{9_000_000_000 + i:010d}", f"NGƯỜI BỆNH {i}",
                        dt.date(1950 + i % 60, 1 + i % 12, 1 + i % 28), sex))
    return out


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    x = rng.random()
    for value, share in mix:
        x -= share
        if x < 0:
            return value
    return mix[-1][0]


class _Builder:
    def __init__(self, *, facilities: list[FacilitySpec], month: Month, seed: int) -> None:
        self.rng = random.Random(seed * 1_000_003 + month.index)
        self.month = month
        self.last_day = calendar.monthrange(month.year, month.month)[1]
        self.hospital = facilities[0].code
        self.basics = [f.code for f in facilities if f.level == "basic"]
        self.homes = [f.code for f in facilities if f.level != "specialised"]
        self.seq = 0

    def day(self, d: int, minute: int) -> dt.datetime:
        # the facility's local clock, as written in the XML (no zone)
        return dt.datetime(self.month.year, self.month.month, d) + dt.timedelta(minutes=minute)  # noqa: DTZ001

    def ma_lk(self) -> str:
        self.seq += 1
        return f"G{self.month.year % 100:02d}{self.month.month:02d}{self.seq:07d}"

    def home_of(self, card: Card) -> str:
        return self.homes[int(card.number[-6:]) % len(self.homes)]

    def visit(self, card: Card, visit_type: str, *, first: int = 1, facility: str | None = None, los: int | None = None,
              start_minute: int | None = None) -> _Visit:
        rng = self.rng
        home = self.home_of(card)
        minute = start_minute if start_minute is not None else 7 * 60 + rng.randrange(0, 240)
        if visit_type in ("01", "02", "05"):
            fac = facility or home
            length = {"01": 0, "02": rng.randint(2, 4), "05": 0}[visit_type]
        else:
            fac = facility or (self.hospital if rng.random() < 0.4 else self.basics[rng.randrange(len(self.basics))])
            length = los if los is not None else rng.randint(2, 6)
        drug_days = 0
        if visit_type == "05":
            drug_days = min(28, self.last_day - first + 1 - 0)
        span = max(length, drug_days) if visit_type != "05" else drug_days
        d = rng.randint(first, max(first, self.last_day - max(span, 1)))
        admitted = self.day(d, minute)
        if visit_type == "01":
            discharged = admitted + dt.timedelta(minutes=120)
            days = 0
        elif visit_type == "05":
            drug_days = min(28, self.last_day - d + 1)
            discharged = self.day(d + drug_days - 1, 23 * 60 + 59)
            days = drug_days
        else:
            discharged = self.day(d + length - 1, 10 * 60) if length > 1 else admitted + dt.timedelta(minutes=300)
            days = (discharged.date() - admitted.date()).days + 1
        v = _Visit(card, fac, home, visit_type, admitted, discharged, days, ma_lk=self.ma_lk())
        t = admitted + dt.timedelta(minutes=10)
        v.lines.append(_Line("XML3", *EXAM[:4], 1, EXAM[4], t))
        for item in rng.sample(TESTS, rng.randint(0, 2)):
            v.lines.append(_Line("XML3", *item[:4], 1, item[4], t + dt.timedelta(minutes=20)))
        if visit_type in ("03", "04"):
            v.lines.append(_Line("XML3", *BED[:4], days, BED[4], t + dt.timedelta(minutes=30)))
            for item in rng.sample(IMAGING, rng.randint(0, 2)):
                v.lines.append(_Line("XML3", *item[:4], 1, item[4], t + dt.timedelta(minutes=40)))
            if rng.random() < 0.5:
                item = SUPPLIES[rng.randrange(len(SUPPLIES))]
                v.lines.append(_Line("XML3", *item[:4], rng.randint(1, 3), item[4], t + dt.timedelta(minutes=50)))
        n_drugs = rng.randint(2, 5) if visit_type in ("03", "04") else rng.randint(1, 3)
        for j, item in enumerate(rng.sample(DRUGS, n_drugs)):
            qty = drug_days * 2 if visit_type == "05" else rng.randint(2, 20)
            v.lines.append(_Line("XML2", *item[:4], qty, item[4], t + dt.timedelta(minutes=60 + j)))
        return v


def _fmt_time(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%d%H%M")


def _money(value_hundredths: int) -> str:
    return f"{value_hundredths // 100}.{value_hundredths % 100:02d}"


def to_raw(v: _Visit, month: Month) -> RawEpisode:
    """The visit as the facility sends it: amounts computed from quantity and price, then the post-amount errors."""
    rows: list[tuple[_Line, int]] = []
    for ln in v.lines:
        rows.append((ln, ln.qty * ln.price + ln.amount_delta))
    total_bh = sum(a for _, a in rows)
    card_pct = hc.card_level(v.card.number, v.admitted.date())
    threshold = hc.small_visit_threshold(v.admitted.date())
    benefit = 100 if total_bh < threshold else card_pct
    benefit = v.post.get("benefit", benefit)
    xml2: list[dict[str, str]] = []
    xml3: list[dict[str, str]] = []
    staff = certificates(v.facility)
    sums = {"bv": 0, "bh": 0, "bhtt": 0, "bncct": 0, "thuoc": 0, "vtyt": 0}
    for i, (ln, amount) in enumerate(rows):
        bhtt100 = amount * benefit  # hundredths of a đồng
        bhtt100 += v.post.get("bhtt_delta", {}).get(i, 0) * 100
        bncct100 = amount * 100 - bhtt100
        common = {
            "MA_LK": v.ma_lk, "MA_NHOM": str(ln.group), "PHAM_VI": "1", "SO_LUONG": f"{ln.qty}.000",
            "TYLE_TT_BH": "100", "THANH_TIEN_BV": f"{amount}.00", "THANH_TIEN_BH": f"{amount}.00",
            "T_NGUONKHAC": "0.00", "MUC_HUONG": str(benefit), "T_BNTT": "0.00", "T_BNCCT": _money(bncct100),
            "T_BHTT": _money(bhtt100), "MA_KHOA": "K01",
            "MA_BAC_SI": v.post.get("bac_si", {}).get(i, staff[i % len(staff)]),
            "NGAY_YL": _fmt_time(ln.ordered),
        }
        for name, key in (("NGAY_TH_YL", "th_yl"), ("NGAY_KQ", "kq")):
            if i in v.post.get(key, {}):
                common[name] = _fmt_time(v.post[key][i])
        if ln.table == "XML2":
            xml2.append({"STT": str(len(xml2) + 1), "MA_THUOC": ln.code, "TEN_THUOC": ln.name,
                         "DON_GIA": f"{ln.price}.000", "TT_THAU": "01/QD-SYT;G1;N4;2025", **common})
            sums["thuoc"] += amount
        else:
            code_field = "MA_VAT_TU" if ln.kind == "supply" else "MA_DICH_VU"
            xml3.append({"STT": str(len(xml3) + 1), code_field: ln.code, "TEN_DICH_VU": ln.name,
                         "DON_GIA_BV": f"{ln.price}.000", "DON_GIA_BH": f"{ln.price}.000", "TYLE_TT_DV": "100",
                         "NGUOI_THUC_HIEN": staff[0], **common})
            if ln.package:
                xml3[-1]["GOI_VTYT"] = ln.package
            if ln.kind == "supply":
                sums["vtyt"] += amount
        sums["bv"] += amount * 100
        sums["bh"] += amount * 100
        sums["bhtt"] += bhtt100
        sums["bncct"] += bncct100
    extra = v.post.get("totals_delta", 0) * 100
    xml1 = {
        "MA_LK": v.ma_lk, "STT": "1", "MA_BN": v.card.number[-10:], "HO_TEN": v.post.get("name", v.card.name),
        "NGAY_SINH": v.card.birth.strftime("%Y%m%d") + "0000", "GIOI_TINH": "1" if v.card.sex == "M" else "2",
        "MA_THE_BHYT": v.post.get("card", v.card.number), "MA_DKBD": v.post.get("dkbd", v.home),
        "GT_THE_TU": v.card_from.strftime("%Y%m%d"), "GT_THE_DEN": v.card_to.strftime("%Y%m%d"),
        "MA_DOITUONG_KCB": v.post.get("kind", hc.REGISTERED_HERE_KIND if v.facility == v.home else hc.REFERRED_KIND),
        "MA_NOI_DI": v.home if v.facility != v.home else "",
        "GIAY_CHUYEN_TUYEN": f"CT{v.ma_lk}" if v.facility != v.home else "",
        "NGAY_VAO": _fmt_time(v.admitted), "NGAY_RA": _fmt_time(v.discharged),
        "SO_NGAY_DTRI": str(v.days + v.post.get("days_delta", 0)), "KET_QUA_DTRI": "1", "MA_LOAI_RV": "1",
        "T_THUOC": f"{sums['thuoc']}.00", "T_VTYT": f"{sums['vtyt']}.00", "T_TONGCHI_BV": _money(sums["bv"] + extra),
        "T_TONGCHI_BH": _money(sums["bh"] + extra), "T_BNTT": "0.00", "T_BNCCT": _money(sums["bncct"]),
        "T_BHTT": _money(sums["bhtt"] + extra + v.post.get("bhtt_total_delta", 0) * 100), "T_NGUONKHAC": "0.00",
        "NAM_QT": str(month.year), "THANG_QT": f"{month.month:02d}", "MA_LOAI_KCB": v.visit_type, "MA_KHOA": "K01",
        "MA_CSKCB": v.facility,
    }
    if "vao_noi_tru" in v.post:
        xml1["NGAY_VAO_NOI_TRU"] = _fmt_time(v.post["vao_noi_tru"])
    if "cites" in v.post:  # a re-examination: the facility that gave the appointment and the slip's number
        xml1["MA_NOI_DI"], xml1["GIAY_CHUYEN_TUYEN"] = v.post["cites"]
    raw: dict[str, str] = {}
    if "appointment" in v.post:  # the appointment slip this facility issued (XML14)
        number, when, issued = v.post["appointment"]
        slip14 = {"MA_LK": v.ma_lk, "SO_GIAYHEN_KL": number, "MA_CSKCB": v.facility, "HO_TEN": xml1["HO_TEN"],
                  "NGAY_SINH": xml1["NGAY_SINH"], "GIOI_TINH": xml1["GIOI_TINH"], "MA_THE_BHYT": xml1["MA_THE_BHYT"],
                  "GT_THE_DEN": xml1["GT_THE_DEN"], "NGAY_VAO": xml1["NGAY_VAO"], "NGAY_RA": xml1["NGAY_RA"],
                  "NGAY_HEN_KL": _fmt_time(when), "MA_DOITUONG_KCB": xml1["MA_DOITUONG_KCB"],
                  "MA_BAC_SI": staff[0], "MA_TTDV": HEAD_CODE, "NGAY_CT": issued.strftime("%Y%m%d")}
        raw["XML14"] = ('<?xml version="1.0" encoding="utf-8"?><CHI_TIEU_GIAYHEN_KHAMLAI>'
                        + "".join(f"<{k}>{val}</{k}>" for k, val in slip14.items()) + "</CHI_TIEU_GIAYHEN_KHAMLAI>")
    if "slip" in v.post:  # the referral slip this facility issued (XML13)
        slip = {"MA_LK": v.ma_lk, "GIAY_CHUYEN_TUYEN": v.post["slip"][0], "MA_CSKCB": v.facility,
                "MA_NOI_DEN": v.post["slip"][1], "HO_TEN": v.card.name, "MA_THE_BHYT": v.card.number,
                "NGAY_VAO": _fmt_time(v.admitted), "NGAY_RA": _fmt_time(v.discharged), "MA_LOAI_RV": "2",
                "MA_BAC_SI": staff[0]}
        raw["XML13"] = ('<?xml version="1.0" encoding="utf-8"?><CHI_TIEU_GIAYCHUYENTUYEN>'
                        + "".join(f"<{k}>{val}</{k}>" for k, val in slip.items()) + "</CHI_TIEU_GIAYCHUYENTUYEN>")
    return RawEpisode(v.facility, xml1, xml2, xml3, raw,
                      digest=hashlib.sha256(repr((xml1, xml2, xml3, raw)).encode()).hexdigest())


def generate(*, province_code: str, month: Month, cards: list[Card], facilities: list[FacilitySpec],
             visits_per_year: float = 2.4, errors_per_kind: int = 1, seed: int = 1
             ) -> tuple[list[RawEpisode], list[Planted]]:
    """The month's episodes (clean ones and the planted errors) and the list of what must be found."""
    raw, planted, _seq = generate_visits(province_code=province_code, month=month, cards=cards, facilities=facilities,
                                         visits_per_year=visits_per_year, errors_per_kind=errors_per_kind, seed=seed)
    return raw, planted


def generate_visits(*, province_code: str, month: Month, cards: list[Card], facilities: list[FacilitySpec],
                    visits_per_year: float = 2.4, errors_per_kind: int = 1, seed: int = 1
                    ) -> tuple[list[RawEpisode], list[Planted], int]:
    """`generate`, and the last MA_LK sequence number used (the clean visits made by columns for further cards,
    `generator_columns`, are numbered after it)."""
    b = _Builder(facilities=facilities, month=month, seed=seed)
    rng = b.rng
    share = min(1.0, visits_per_year / 12)
    visits: list[_Visit] = []
    for card in cards:
        if rng.random() < share:
            visits.append(b.visit(card, _pick(rng, VISIT_MIX)))
    planted: list[Planted] = []
    used: set[int] = set()
    extra: list[_Visit] = []
    first_day = dt.date(month.year, month.month, 1)

    def take(pred: Any) -> _Visit | None:
        for i in range(len(visits)):
            j = (i * 7919 + seed) % len(visits) if visits else 0
            if j not in used and pred(visits[j]):
                used.add(j)
                return visits[j]
        return None

    def pct(v: _Visit) -> int:
        return hc.card_level(v.card.number, v.admitted.date())

    def total(v: _Visit) -> int:
        return sum(ln.qty * ln.price + ln.amount_delta for ln in v.lines)

    def big(v: _Visit) -> bool:
        return total(v) >= hc.small_visit_threshold(v.admitted.date()) + 20_000

    def small(v: _Visit) -> bool:
        return total(v) < hc.small_visit_threshold(v.admitted.date()) - 20_000

    def stable(v: _Visit) -> bool:  # the benefit level will not move with a small change of the total
        return big(v) or small(v) or pct(v) == 100

    def line_of(v: _Visit, table: str) -> tuple[int, int]:
        """(index in v.lines, stt in its table) of the first line of the table."""
        stt = 0
        for i, ln in enumerate(v.lines):
            if ln.table == table:
                stt += 1
                return i, stt
        raise LookupError(table)

    def stt_of(v: _Visit, index: int) -> int:
        table = v.lines[index].table
        return sum(1 for ln in v.lines[: index + 1] if ln.table == table)

    in_force = {c.code for c in hc.checks_in_force(first_day)}
    for kind in KINDS:
        if kind not in in_force:
            continue
        for _ in range(errors_per_kind):
            if kind == "C01":
                v = take(lambda v: True)
                if v:
                    v.card_from = v.admitted.date() + dt.timedelta(days=1)
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "C02":
                v = take(lambda v: v.visit_type == "03")
                if v and b.last_day >= 20:
                    i = visits.index(v)
                    nv = b.visit(v.card, "03", facility=v.facility, los=18)
                    nv.ma_lk = v.ma_lk
                    d0 = nv.admitted.replace(day=1, hour=8, minute=0)
                    nv.admitted, nv.discharged = d0, d0 + dt.timedelta(days=17, hours=2)
                    nv.days = 18
                    for ln in nv.lines:
                        ln.ordered = d0 + dt.timedelta(minutes=30)
                        if ln.group in hc.BED_GROUPS:
                            ln.qty = 18
                    late = next(k for k, ln in enumerate(nv.lines) if ln.table == "XML2")
                    nv.lines[late].ordered = d0 + dt.timedelta(days=17, minutes=10)
                    nv.card_to = d0.date()
                    visits[i] = nv
                    planted.append(Planted(nv.facility, nv.ma_lk, "XML2", stt_of(nv, late), kind))
            elif kind == "C04":
                v = take(lambda v: True)
                if v:
                    n = v.card.number
                    wrong = "1" if n[2] != "1" else "2"
                    if hc.card_digit_expected(n, v.admitted.date()) == int(wrong):
                        wrong = "5"
                    v.post["card"] = n[:2] + wrong + n[3:]
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "C05":
                v = take(lambda v: v.card.registered)
                if v:
                    v.post["name"] = "TÊN KHÔNG KHỚP " + v.ma_lk
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "F01":
                v = take(stable)
                if v:
                    i, stt = line_of(v, "XML2")
                    v.lines[i].amount_delta = 1000
                    if stable(v):
                        planted.append(Planted(v.facility, v.ma_lk, "XML2", stt, kind))
                    else:
                        v.lines[i].amount_delta = 0
            elif kind == "F03":
                v = take(lambda v: pct(v) < 100 or small(v))
                if v:
                    i, stt = line_of(v, "XML2")
                    v.post["bhtt_delta"] = {i: 500 if pct(v) < 100 and not small(v) else -500}
                    planted.append(Planted(v.facility, v.ma_lk, "XML2", stt, kind))
            elif kind == "F05":
                v = take(lambda v: big(v) or pct(v) == 100)
                if v:
                    v.post["totals_delta"] = 10_000
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "F06":
                v = take(lambda v: True)
                if v:
                    v.post["bhtt_total_delta"] = 5_000
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "P01":
                v = take(stable)
                if v:
                    i, _stt = line_of(v, "XML2")
                    ln = v.lines[i]
                    v.lines[i] = _Line("XML2", *NOT_LISTED[:4], 1, NOT_LISTED[4], ln.ordered)
                    if stable(v):
                        planted.append(Planted(v.facility, v.ma_lk, "XML2", stt_of(v, i), kind))
                    else:
                        v.lines[i] = ln
            elif kind == "P02":
                v = take(lambda v: big(v) or pct(v) == 100)
                if v:
                    i, stt = line_of(v, "XML2")
                    v.lines[i].price = v.lines[i].price + 1000
                    planted.append(Planted(v.facility, v.ma_lk, "XML2", stt, kind))
            elif kind == "T02":
                v = take(lambda v: True)
                if v:
                    i, stt = line_of(v, "XML2")
                    v.lines[i].ordered = v.admitted - dt.timedelta(minutes=60)
                    planted.append(Planted(v.facility, v.ma_lk, "XML2", stt, kind))
            elif kind == "T04":
                v = take(lambda v: v.visit_type == "01")
                if v:
                    v.post["days_delta"] = 2
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "T05":
                v = take(lambda v: v.visit_type in ("03", "04") and (big(v) or pct(v) == 100))
                if v:
                    i = next(k for k, ln in enumerate(v.lines) if ln.group in hc.BED_GROUPS)
                    v.lines[i].qty += 2
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "T06":
                v = take(lambda v: v.visit_type == "01" and (big(v) or pct(v) == 100))
                if v:
                    v.lines.append(_Line("XML3", *BED[:4], 1, BED[4], v.admitted + dt.timedelta(minutes=15)))
                    planted.append(Planted(v.facility, v.ma_lk, "XML3", stt_of(v, len(v.lines) - 1), kind))
            elif kind == "B01":
                v = take(lambda v: pct(v) < 100 and big(v))
                if v:
                    v.post["benefit"] = 100
                    n3 = 0
                    n2 = 0
                    for ln in v.lines:
                        if ln.table == "XML2":
                            n2 += 1
                            planted.append(Planted(v.facility, v.ma_lk, "XML2", n2, kind))
                        else:
                            n3 += 1
                            planted.append(Planted(v.facility, v.ma_lk, "XML3", n3, kind))
            elif kind == "V02":
                v = take(stable)
                if v:
                    i, _ = line_of(v, "XML2")
                    ln = v.lines[i]
                    v.lines.append(_Line(ln.table, ln.kind, ln.code, ln.name, ln.group, ln.qty, ln.price, ln.ordered))
                    if stable(v):
                        planted.append(Planted(v.facility, v.ma_lk, "XML2", stt_of(v, len(v.lines) - 1), kind))
                    else:
                        v.lines.pop()
            elif kind == "V03":
                v = take(lambda v: v.visit_type == "03" and v.days >= 3)
                if v:
                    other = b.basics[0] if v.facility != b.basics[0] else b.hospital
                    nv = b.visit(v.card, "03", facility=other, los=2)
                    start = v.admitted + dt.timedelta(days=1)
                    _shift(nv, start)
                    if nv.discharged.month == month.month:
                        extra.append(nv)
                        planted.append(Planted(nv.facility, nv.ma_lk, None, None, kind))
            elif kind == "V04":
                v = take(lambda v: v.visit_type == "01")
                if v:
                    other = b.basics[0] if v.facility != b.basics[0] else b.basics[1]
                    nv = b.visit(v.card, "01", facility=other)
                    _shift(nv, v.admitted + dt.timedelta(minutes=180))
                    extra.append(nv)
                    planted.append(Planted(nv.facility, nv.ma_lk, None, None, kind))
            elif kind == "V05":
                v = take(lambda v: v.visit_type == "05" and v.days >= 10)
                if v:
                    nv = b.visit(v.card, "05", facility=v.facility)
                    start = v.admitted + dt.timedelta(days=5)
                    _shift(nv, start)
                    nv.days = (b.last_day - start.day + 1)
                    nv.discharged = start.replace(hour=23, minute=59) + dt.timedelta(days=nv.days - 1)
                    extra.append(nv)
                    planted.append(Planted(nv.facility, nv.ma_lk, None, None, kind))
            elif kind == "R01":
                v = take(lambda v: True)
                if v:
                    v.post["kind"] = "4.9"  # not a code of Decision 3276
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "R02":
                v = take(lambda v: v.facility == v.home and v.visit_type in ("01", "02") and (big(v) or pct(v) == 100))
                if v:
                    v.post["dkbd"] = b.homes[(b.homes.index(v.home) + 1) % len(b.homes)]
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "R03":
                v = take(lambda v: v.visit_type == "03" and v.facility != v.home and v.days <= 6)
                if v and b.last_day >= 28:
                    _shift(v, b.day(21, 8 * 60))
                    sv = b.visit(v.card, "01", facility=v.home)
                    _shift(sv, b.day(2, 9 * 60))
                    valid_to = add_working_days(sv.discharged.date(), hc.REFERRAL_SLIP.at(sv.discharged.date()))
                    if valid_to < v.admitted.date():
                        sv.post["slip"] = (f"CT{v.ma_lk}", v.facility)
                        extra.append(sv)
                        planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "P05":
                v = take(lambda v: True)
                if v:
                    i, stt = line_of(v, "XML2")
                    v.post.setdefault("bac_si", {})[i] = UNKNOWN_CERTIFICATE
                    planted.append(Planted(v.facility, v.ma_lk, "XML2", stt, kind))
            elif kind == "F11":
                v = take(lambda v: v.visit_type in ("03", "04") and (big(v) or pct(v) == 100))
                if v:
                    v.lines.append(_Line("XML3", *PACKAGE_SUPPLY[:4], 3, PACKAGE_SUPPLY[4],
                                         v.admitted + dt.timedelta(minutes=55), package="G1"))
                    planted.append(Planted(v.facility, v.ma_lk, None, None, kind))
            elif kind == "T01":
                _plant_time_order(take, line_of, planted)
            elif kind == "R06":
                v = take(lambda v: v.visit_type == "01" and v.facility == v.home)
                if v and b.last_day >= 28:
                    _shift(v, b.day(3, 8 * 60))
                    number = f"HK{v.ma_lk}"
                    v.post["appointment"] = (number, b.day(10, 8 * 60), v.discharged.date())
                    for d in (10, 17):  # the re-examination, then a second visit on the same slip
                        nv = b.visit(v.card, "01", facility=v.facility)
                        _shift(nv, b.day(d, 8 * 60))
                        nv.post["cites"] = (v.facility, number)
                        extra.append(nv)
                    planted.append(Planted(nv.facility, nv.ma_lk, None, None, kind))
    raw = [to_raw(v, month) for v in visits + extra]
    del first_day
    return raw, planted, b.seq


def _plant_time_order(take: Any, line_of: Any, planted: list[Planted]) -> None:
    """T01, one of each: performed and resulted before the order (an XML3 line), inpatient before admission,
    re-examination appointed before discharge, appointment slip issued before admission."""
    minutes = dt.timedelta(minutes=30)
    for key in ("th_yl", "kq"):
        v = take(lambda v: True)
        if v:
            i, stt = line_of(v, "XML3")
            v.post[key] = {i: v.lines[i].ordered - minutes}
            planted.append(Planted(v.facility, v.ma_lk, "XML3", stt, "T01"))
    v = take(lambda v: v.visit_type in ("03", "04"))
    if v:
        v.post["vao_noi_tru"] = v.admitted - minutes
        planted.append(Planted(v.facility, v.ma_lk, None, None, "T01"))
    v = take(lambda v: True)
    if v:
        v.post["appointment"] = (f"HK{v.ma_lk}", v.discharged - dt.timedelta(days=1), v.discharged.date())
        planted.append(Planted(v.facility, v.ma_lk, None, None, "T01"))
    v = take(lambda v: True)
    if v:
        v.post["appointment"] = (f"HK{v.ma_lk}", v.discharged + dt.timedelta(days=14),
                                 v.admitted.date() - dt.timedelta(days=1))
        planted.append(Planted(v.facility, v.ma_lk, None, None, "T01"))


def _shift(v: _Visit, start: dt.datetime) -> None:
    delta = start - v.admitted
    v.admitted += delta
    v.discharged += delta
    for ln in v.lines:
        ln.ordered += delta
