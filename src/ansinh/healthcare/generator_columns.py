"""The clean visits of a generated month made column-wise (numpy), for months of millions of lines.

`generator._Builder.visit` makes one visit at a time in Python and the visit then goes through the file path
(`to_raw` → `normalise` → `store`): about 5 ms per episode, hours for ten million lines. The planted errors need
that path (each is a hand-made change of one visit), the clean visits do not: here the same draws (visit type mix,
facility, day and time, length of stay, exam, 0–2 tests, bed-days, 0–2 imaging, a supply for half of the inpatient
stays, 1–3 or 2–5 drugs) are made for a whole batch of cards at once, and the episode's and lines' columns are
computed exactly as `normalise` would read them from `to_raw`'s XML (amounts from quantity × price, the benefit level
from the card and the small-visit threshold, the hundredths rounded half up). The test
`test_generator_columns.test_columns_equal_the_file_path` rebuilds visits from the columns, sends them through
`to_raw` and `normalise` and compares every column.

Deterministic for a seed: one numpy generator per batch, seeded with (seed, month, batch)."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ansinh.core.text import fold
from ansinh.healthcare.generator import (
    BED,
    DRUGS,
    EXAM,
    IMAGING,
    SUPPLIES,
    TESTS,
    VISIT_MIX,
    Card,
    FacilitySpec,
    certificates,
)
from ansinh.rules import healthcare as hc
from ansinh.rules.hi_card import is_card_number
from ansinh.rules.periods import Month

# the items a clean visit may carry, in one table: index → (kind, code, name, group, price)
ITEMS = [EXAM, *TESTS, BED, *IMAGING, *SUPPLIES, *DRUGS]
I_EXAM = 0
I_TESTS = 1
I_BED = I_TESTS + len(TESTS)
I_IMAGING = I_BED + 1
I_SUPPLIES = I_IMAGING + len(IMAGING)
I_DRUGS = I_SUPPLIES + len(SUPPLIES)
ITEM_PRICE = np.array([it[4] for it in ITEMS], dtype=np.int64)
ITEM_GROUP = np.array([it[3] for it in ITEMS], dtype=np.int64)
ITEM_IS_DRUG = np.array([it[0] == "drug" for it in ITEMS])
ITEM_IS_SUPPLY = np.array([it[0] == "supply" for it in ITEMS])
ITEM_CODE = np.array([it[1] for it in ITEMS], dtype=object)
ITEM_NAME = np.array([it[2] for it in ITEMS], dtype=object)
ITEM_KIND = np.array([it[0] for it in ITEMS], dtype=object)
# slots of a visit, in the order of `_Builder.visit`: exam, 2 tests, bed, 2 imaging, supply, 5 drugs
SLOTS = 12
S_TESTS, S_BED, S_IMAGING, S_SUPPLY, S_DRUGS = 1, 3, 4, 6, 7
TENDER = "01/QD-SYT;G1;N4;2025"
CARD_FROM = dt.date(2020, 1, 1)  # as _Visit's defaults
CARD_TO = dt.date(2030, 12, 31)


@dataclass
class Batch:
    """A batch of clean visits: `episodes` column → array or list (length n), `lines` column → array (length m),
    `line_visit` the index of each line's visit. Episode ids, file ids and versions are set by the writer."""

    n: int
    episodes: dict[str, Any]
    lines: dict[str, Any]
    line_visit: np.ndarray


def _fmt(minutes: int) -> str:
    return (hc.EPOCH + dt.timedelta(minutes=minutes)).strftime("%Y%m%d%H%M")


def _money(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _distinct(rng: np.random.Generator, rows: int, population: int, take: int) -> np.ndarray:
    """`take` distinct indexes in [0, population) per row (a random order's first `take`)."""
    return np.argsort(rng.random((rows, population)), axis=1)[:, :take]


class _Cards:
    """What a card contributes to its episode, computed once per card (cached by group and digit for the levels)."""

    def __init__(self, month: Month) -> None:
        self.month = month
        self._level: dict[tuple[str, dt.date], tuple[str, int]] = {}

    def level(self, number: str, on: dt.date) -> tuple[str, int]:
        """(card_problem, card_pct) as normalise computes them."""
        key = (number[:3] if is_card_number(number) else number, on)
        got = self._level.get(key)
        if got is None:
            if not is_card_number(number):
                got = ("051", 0)
            else:
                accepted = hc.card_digits_accepted(number, on)
                problem = "053" if accepted and int(number[2]) not in accepted else ""
                got = (problem, hc.card_level(number, on))
            self._level[key] = got
        return got


def clean_visits(cards: list[Card], *, facilities: list[FacilitySpec], month: Month, seed: int,
                 visits_per_year: float, first_seq: int, batch_size: int = 50_000) -> Iterator[Batch]:
    """The clean visits of `cards` (in batches), numbered from MA_LK sequence `first_seq`."""
    seq = first_seq
    for b, lo in enumerate(range(0, len(cards), batch_size)):
        batch = _batch(cards[lo:lo + batch_size], facilities=facilities, month=month, seed=seed, batch_no=b,
                       share=min(1.0, visits_per_year / 12), first_seq=seq)
        seq += batch.n
        if batch.n:
            yield batch


def _batch(cards: list[Card], *, facilities: list[FacilitySpec], month: Month, seed: int, batch_no: int,
           share: float, first_seq: int) -> Batch:
    rng = np.random.default_rng([seed, month.year, month.month, batch_no])
    last_day = calendar.monthrange(month.year, month.month)[1]
    hospital = facilities[0].code
    basics = [f.code for f in facilities if f.level == "basic"]
    homes = [f.code for f in facilities if f.level != "specialised"]
    visiting = np.flatnonzero(rng.random(len(cards)) < share)
    n = len(visiting)
    chosen = [cards[i] for i in visiting]
    # visit type, facility, day, time, length (as _Builder.visit)
    cum = np.cumsum([s for _, s in VISIT_MIX])
    types = np.array([t for t, _ in VISIT_MIX])
    vt = types[np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(types) - 1)]
    inpatient = (vt == "03") | (vt == "04")
    home_i = np.array([int(c.number[-6:]) % len(homes) for c in chosen], dtype=np.int64)
    facility_codes = np.array([*homes, hospital, *basics], dtype=object)
    use_hospital = rng.random(n) < 0.4
    basic_i = rng.integers(0, len(basics), n)
    fac_i = np.where(inpatient, np.where(use_hospital, len(homes), len(homes) + 1 + basic_i), home_i)
    facility = facility_codes[fac_i]
    home = facility_codes[home_i]
    minute = 7 * 60 + rng.integers(0, 240, n)
    length = np.where(vt == "02", rng.integers(2, 5, n), np.where(inpatient, rng.integers(2, 7, n), 0))
    span = np.where(vt == "05", min(28, last_day), length)
    day = rng.integers(1, np.maximum(1, last_day - np.maximum(span, 1)) + 1)
    drug_days = np.where(vt == "05", np.minimum(28, last_day - day + 1), 0)
    base = hc.day_number(month.first_day) * 1440
    admitted = base + (day - 1) * 1440 + minute
    discharged = np.where(vt == "01", admitted + 120,
                          np.where(vt == "05", base + (day + drug_days - 2) * 1440 + 23 * 60 + 59,
                                   base + (day + length - 2) * 1440 + 10 * 60))
    days = np.where(vt == "01", 0, np.where(vt == "05", drug_days, length))
    # the lines, in slots: item index, quantity, minutes after admission; -1 = no line
    item = np.full((n, SLOTS), -1, dtype=np.int64)
    qty = np.ones((n, SLOTS), dtype=np.int64)
    offset = np.zeros((n, SLOTS), dtype=np.int64)
    item[:, 0], offset[:, 0] = I_EXAM, 10
    k_tests = rng.integers(0, 3, n)
    tests = I_TESTS + _distinct(rng, n, len(TESTS), 2)
    for j in range(2):
        item[:, S_TESTS + j] = np.where(k_tests > j, tests[:, j], -1)
        offset[:, S_TESTS + j] = 30
    item[:, S_BED] = np.where(inpatient, I_BED, -1)
    qty[:, S_BED], offset[:, S_BED] = days, 40
    k_imaging = rng.integers(0, 3, n)
    imaging = I_IMAGING + _distinct(rng, n, len(IMAGING), 2)
    for j in range(2):
        item[:, S_IMAGING + j] = np.where(inpatient & (k_imaging > j), imaging[:, j], -1)
        offset[:, S_IMAGING + j] = 50
    with_supply = inpatient & (rng.random(n) < 0.5)
    item[:, S_SUPPLY] = np.where(with_supply, I_SUPPLIES + rng.integers(0, len(SUPPLIES), n), -1)
    qty[:, S_SUPPLY], offset[:, S_SUPPLY] = rng.integers(1, 4, n), 60
    n_drugs = np.where(inpatient, rng.integers(2, 6, n), rng.integers(1, 4, n))
    drugs = I_DRUGS + _distinct(rng, n, len(DRUGS), 5)
    drug_qty = np.where((vt == "05")[:, None], (drug_days * 2)[:, None], rng.integers(2, 21, (n, 5)))
    for j in range(5):
        item[:, S_DRUGS + j] = np.where(n_drugs > j, drugs[:, j], -1)
        qty[:, S_DRUGS + j] = drug_qty[:, j]
        offset[:, S_DRUGS + j] = 70 + j
    present = item >= 0
    position = np.cumsum(present, axis=1) - 1  # index in the visit's lines (its practitioner)
    price = ITEM_PRICE[np.maximum(item, 0)]
    amount = np.where(present, qty * price, 0)
    total = amount.sum(axis=1)
    # the card's level, the threshold of the admission day, the benefit level (as to_raw)
    levels = _Cards(month)
    admitted_date = [month.first_day + dt.timedelta(days=int(d) - 1) for d in day]
    thresholds = {d: hc.small_visit_threshold(d) for d in set(admitted_date)}
    problem_pct = [levels.level(c.number, d) for c, d in zip(chosen, admitted_date, strict=True)]
    pct = np.array([p for _, p in problem_pct], dtype=np.int64)
    threshold = np.array([thresholds[d] for d in admitted_date], dtype=np.int64)
    benefit = np.where(total < threshold, 100, pct)
    bhtt100 = amount * benefit[:, None]
    bncct100 = amount * 100 - bhtt100
    line_bhtt = (bhtt100 + 50) // 100
    line_bncct = (bncct100 + 50) // 100
    is_drug = present & ITEM_IS_DRUG[np.maximum(item, 0)]
    is_supply = present & ITEM_IS_SUPPLY[np.maximum(item, 0)]
    t_thuoc = np.where(is_drug, amount, 0).sum(axis=1)
    t_vtyt = np.where(is_supply, amount, 0).sum(axis=1)
    t_bhtt = (bhtt100.sum(axis=1) + 50) // 100
    t_bncct = (bncct100.sum(axis=1) + 50) // 100
    # lines in the order normalise reads them (XML2, then XML3), with their STT per table
    order = [*range(S_DRUGS, SLOTS), *range(S_DRUGS)]
    p = present[:, order]
    visit_of = np.broadcast_to(np.arange(n)[:, None], (n, SLOTS))[:, order][p]
    it = item[:, order][p]
    drug_line = ITEM_IS_DRUG[it]
    stt_xml2 = np.cumsum(is_drug[:, order], axis=1)[p]
    stt_xml3 = np.cumsum((present & ~ITEM_IS_DRUG[np.maximum(item, 0)])[:, order], axis=1)[p]
    stt = np.where(drug_line, stt_xml2, stt_xml3)
    ordered = admitted[visit_of] + offset[:, order][p]
    fac_of_line = fac_i[visit_of]
    staff = [certificates(code) for code in facility_codes]
    pos = position[:, order][p]
    practitioner = np.array([hc.first_certificate(s)[:60] for code in staff for s in code], dtype=object)[
        fac_of_line * 5 + pos % 5]
    l_qty = qty[:, order][p]
    l_price = ITEM_PRICE[it]
    l_amount = amount[:, order][p]
    lines = {
        "table": np.where(drug_line, "XML2", "XML3").astype(object), "stt": stt, "kind": ITEM_KIND[it],
        "code": ITEM_CODE[it], "name": ITEM_NAME[it], "group": ITEM_GROUP[it], "scope": 1,
        "qty_milli": l_qty * 1000, "price_milli": l_price * 1000, "price_bv_milli": l_price * 1000, "rate_dv": 100,
        "rate_bh": 100, "amount_bv": l_amount, "amount_bh": l_amount, "calc_bh": l_amount,
        "benefit": benefit[visit_of], "t_bntt": 0, "t_bncct": line_bncct[:, order][p],
        "t_bhtt": line_bhtt[:, order][p], "t_nguonkhac": 0, "ordered": ordered, "ordered_day": ordered // 1440,
        "performed": None, "resulted": None, "practitioner": practitioner, "department": "K01",
        "tender": np.where(drug_line, TENDER, "").astype(object), "package": "", "package_cap": 0,
    }
    # each visit's first and last order time (Episode.first_order / last_order, as normalise sets them)
    first_order = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    last_order = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(first_order, visit_of, ordered)
    np.maximum.at(last_order, visit_of, ordered)
    line_count = np.bincount(visit_of, minlength=n)
    has_lines = line_count > 0
    # a checksum of each visit's lines for the digest (a change of any line changes the episode's digest)
    mix = (it + 1) * 1_000_003 + l_qty * 10_007 + (ordered - admitted[visit_of]) * 101 + stt
    line_sum = np.zeros(n, dtype=np.int64)
    np.add.at(line_sum, visit_of, mix * (stt + 7))
    # the episodes
    referred = facility != home
    yy, mm = month.year % 100, month.month
    ma_lk = [f"G{yy:02d}{mm:02d}{first_seq + 1 + i:07d}" for i in range(n)]
    names = [c.name for c in chosen]
    card_from, card_to = CARD_FROM.strftime("%Y%m%d"), CARD_TO.strftime("%Y%m%d")
    xml1_text: list[str] = []
    digests: list[str] = []
    for i, c in enumerate(chosen):
        x = {
            "MA_LK": ma_lk[i], "STT": "1", "MA_BN": c.number[-10:], "HO_TEN": c.name,
            "NGAY_SINH": c.birth.strftime("%Y%m%d") + "0000", "GIOI_TINH": "1" if c.sex == "M" else "2",
            "MA_THE_BHYT": c.number, "MA_DKBD": home[i], "GT_THE_TU": card_from, "GT_THE_DEN": card_to,
            "MA_DOITUONG_KCB": hc.REFERRED_KIND if referred[i] else hc.REGISTERED_HERE_KIND,
            "MA_NOI_DI": home[i] if referred[i] else "",
            "GIAY_CHUYEN_TUYEN": f"CT{ma_lk[i]}" if referred[i] else "",
            "NGAY_VAO": _fmt(int(admitted[i])), "NGAY_RA": _fmt(int(discharged[i])), "SO_NGAY_DTRI": str(days[i]),
            "KET_QUA_DTRI": "1", "MA_LOAI_RV": "1", "T_THUOC": f"{t_thuoc[i]}.00", "T_VTYT": f"{t_vtyt[i]}.00",
            "T_TONGCHI_BV": f"{total[i]}.00", "T_TONGCHI_BH": f"{total[i]}.00", "T_BNTT": "0.00",
            "T_BNCCT": _money(int(bncct100[i].sum())), "T_BHTT": _money(int(bhtt100[i].sum())),
            "T_NGUONKHAC": "0.00", "NAM_QT": str(month.year), "THANG_QT": f"{month.month:02d}",
            "MA_LOAI_KCB": vt[i], "MA_KHOA": "K01", "MA_CSKCB": facility[i],
        }
        text = json.dumps(x, ensure_ascii=False)
        xml1_text.append(text)
        digests.append(hashlib.sha256(f"{text}|{line_sum[i]}".encode()).hexdigest())
    episodes = {
        "facility_code": facility, "ma_lk": ma_lk, "current": True, "digest": digests, "period": month.first_day,
        "patient_code": [c.number[-10:] for c in chosen], "full_name": [s[:255] for s in names],
        "name_key": [fold(s)[:255] for s in names], "birth_date": [c.birth for c in chosen],
        "sex": ["M" if c.sex == "M" else "F" for c in chosen], "citizen_id": "", "card_number": [c.number[:15] for c in chosen],
        "card_numbers": [c.number[:200] for c in chosen], "card_problem": [pr for pr, _ in problem_pct],
        "card_pct": pct, "card_from_day": hc.day_number(CARD_FROM), "card_to_day": hc.day_number(CARD_TO),
        "registered_code": home, "referred_from": np.where(referred, home, "").astype(object),
        "referral_number": [f"CT{k}" if r else "" for k, r in zip(ma_lk, referred, strict=True)],
        "slip_number": "", "slip_to": "", "slip_valid_day": None,
        "patient_kind": np.where(referred, hc.REFERRED_KIND, hc.REGISTERED_HERE_KIND).astype(object),
        "exempt_day": None, "visit_type": vt.astype(object), "admitted": admitted, "admitted_day": admitted // 1440,
        "admitted_date": admitted_date, "inpatient_from": None, "discharged": discharged,
        "discharged_day": discharged // 1440, "treatment_days": days,
        "first_order": np.where(has_lines, first_order, None),
        "last_order": np.where(has_lines, last_order, None), "line_count": line_count, "outcome": 1,
        "discharge_kind": 1,
        "main_icd": "", "department": "K01", "threshold": threshold, "t_thuoc": t_thuoc, "t_vtyt": t_vtyt,
        "t_tongchi_bv": total, "t_tongchi_bh": total, "t_bntt": 0, "t_bncct": t_bncct, "t_bhtt": t_bhtt,
        "t_nguonkhac": 0, "xml1": xml1_text,
    }
    return Batch(n, episodes, lines, visit_of)
