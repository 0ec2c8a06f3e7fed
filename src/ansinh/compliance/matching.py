"""Matching lists to the registry: identifier first, then name (and address) with rapidfuzz on normalised text.

Normalisation (`name_key`): accents folded (core.text.fold: lower case, marks stripped, đ→d), punctuation dropped,
abbreviations expanded ("Cty TNHH" → "cong ty trach nhiem huu han"). Unit names are compared on their distinctive
part (legal-form words removed; 70 % the proper name, 30 % the trade words such as "xây dựng") with
`token_sort_ratio`, so a swapped word order scores as high as the same order;
a different legal form (TNHH against cổ phần) costs 10 points; where both sides have an address line the score is
80 % name + 20 % address. Persons are compared by folded name within the same birth date.

Set-based: one query loads the candidates of the province, rapidfuzz's `process.cdist` scores each block (same
commune, else the whole province) in one call; no query per line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from ansinh.core.text import fold

AUTO = 92  # at or above: matched
REVIEW = 75  # at or above (and below AUTO): to the review queue

ABBREVIATIONS = {
    "cty": "cong ty", "congty": "cong ty", "tnhh": "trach nhiem huu han", "cp": "co phan", "ctcp": "cong ty co phan",
    "dntn": "doanh nghiep tu nhan", "htx": "hop tac xa", "mtv": "mot thanh vien", "1tv": "mot thanh vien",
    "2tv": "hai thanh vien", "tm": "thuong mai", "dv": "dich vu", "tmdv": "thuong mai dich vu",
    "xd": "xay dung", "sx": "san xuat", "xnk": "xuat nhap khau", "vn": "viet nam", "cn": "chi nhanh",
    "dt": "dau tu", "pt": "phat trien", "vt": "van tai", "kd": "kinh doanh",
    "thcs": "trung hoc co so", "thpt": "trung hoc pho thong", "th": "tieu hoc", "mn": "mam non",
    "tp": "thanh pho", "tx": "thi xa", "tt": "thi tran", "p": "phuong", "x": "xa", "q": "quan", "h": "huyen",
    "&": "va",
}
LEGAL_FORMS = (
    "cong ty trach nhiem huu han", "cong ty co phan", "cong ty hop danh", "doanh nghiep tu nhan", "hop tac xa",
    "chi nhanh", "cong ty", "mot thanh vien", "hai thanh vien tro len", "hai thanh vien",
)
TRADES = (
    "xuat nhap khau", "xay dung", "thuong mai", "dich vu", "san xuat", "van tai", "nong nghiep", "lam nghiep",
    "thuy san", "dau tu", "phat trien", "kinh doanh", "dien tu", "cong nghe", "tu van", "du lich", "vat lieu",
    "may mac", "co khi", "khach san", "nha hang", "xang dau", "moi truong", "thiet bi", "thuc pham", "giao duc",
    "y te", "bat dong san", "khoang san", "che bien", "tong hop",
)
_PUNCT = re.compile(r"[^\w&]+")


def name_key(text: str) -> str:
    """'Cty TNHH Xây dựng Hoàng Long' → 'cong ty trach nhiem huu han xay dung hoang long'."""
    tokens = _PUNCT.sub(" ", fold(text or "").replace("&", " & ")).split()
    return " ".join(ABBREVIATIONS.get(t, t) for t in tokens)


def split_trade(core: str) -> tuple[str, str]:
    """(trade words, proper name) of the distinctive part: 'xay dung hoang long' → ('xay dung', 'hoang long')."""
    trades = []
    rest = f" {core} "
    for trade in TRADES:
        if f" {trade} " in rest:
            trades.append(trade)
            rest = rest.replace(f" {trade} ", " ")
    return " ".join(sorted(trades)), " ".join(rest.split())


def split_form(key: str) -> tuple[str, str]:
    """(legal form words, distinctive rest) of a normalised unit name."""
    forms = []
    rest = f" {key} "
    for form in LEGAL_FORMS:
        if f" {form} " in rest:
            forms.append(form)
            rest = rest.replace(f" {form} ", " ")
    return " ".join(sorted(forms)), " ".join(rest.split())


@dataclass(frozen=True)
class Candidate:
    id: int
    key: str  # name key
    address: str  # address key
    block: int | None  # commune id, or birth date ordinal for persons


@dataclass(frozen=True)
class Query:
    index: int
    key: str
    address: str
    block: int | None


@dataclass(frozen=True)
class Match:
    index: int
    candidate: int | None
    score: int


def match_units(queries: Sequence[Query], candidates: Sequence[Candidate]) -> list[Match]:
    """Best candidate and score for each query; blocks by commune (queries without one against every candidate)."""
    return _match(queries, candidates, unit=True)


def match_persons(queries: Sequence[Query], candidates: Sequence[Candidate]) -> list[Match]:
    """Queries and candidates blocked by birth date (block = date ordinal); name score only, −10 when both
    communes are known and differ (the commune id is carried in `address`)."""
    return _match(queries, candidates, unit=False)


def _match(queries: Sequence[Query], candidates: Sequence[Candidate], *, unit: bool) -> list[Match]:
    by_block: dict[int | None, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_block[c.block].append(c)
    q_blocks: dict[int | None, list[Query]] = defaultdict(list)
    for q in queries:
        q_blocks[q.block if q.block in by_block or not unit else None].append(q)
    out: list[Match] = []
    for block, qs in q_blocks.items():
        pool = list(candidates) if (block is None and unit) else by_block.get(block, [])
        if not pool:
            out.extend(Match(q.index, None, 0) for q in qs)
            continue
        scores = _scores(qs, pool, unit=unit)
        best = scores.argmax(axis=1)
        for row, q in enumerate(qs):
            j = int(best[row])
            out.append(Match(q.index, pool[j].id, round(float(scores[row, j]))))
    return sorted(out, key=lambda m: m.index)


def _scores(qs: Sequence[Query], pool: Sequence[Candidate], *, unit: bool) -> np.ndarray:
    if not unit:
        names = process.cdist([q.key for q in qs], [c.key for c in pool], scorer=fuzz.token_sort_ratio,
                              dtype=np.float32)
        q_comm = np.array([q.address or "" for q in qs], dtype=object)[:, None]
        c_comm = np.array([c.address or "" for c in pool], dtype=object)[None, :]
        differ = (q_comm != "") & (c_comm != "") & (q_comm != c_comm)
        return np.asarray(names - 10 * differ.astype(np.float32))
    q_split = [split_form(q.key) for q in qs]
    c_split = [split_form(c.key) for c in pool]
    core = _core_scores([s[1] for s in q_split], [s[1] for s in c_split])
    q_form = np.array([s[0] for s in q_split], dtype=object)[:, None]
    c_form = np.array([s[0] for s in c_split], dtype=object)[None, :]
    form_differs = (q_form != "") & (c_form != "") & (q_form != c_form)
    score = core - 10 * form_differs.astype(np.float32)
    q_addr = [q.address for q in qs]
    c_addr = [c.address for c in pool]
    if any(q_addr) and any(c_addr):
        addr = process.cdist(q_addr, c_addr, scorer=fuzz.token_set_ratio, dtype=np.float32)
        both = (np.array([bool(a) for a in q_addr])[:, None]) & (np.array([bool(a) for a in c_addr])[None, :])
        score = np.where(both, 0.8 * score + 0.2 * addr, score)
    return np.asarray(score)


def _core_scores(qs: list[str], cs: list[str]) -> np.ndarray:
    """70 % the proper name, 30 % the trade words (both without trade words: full marks on that part; one side
    only: half). Without a proper name on either side, the trade words alone."""
    q_parts = [split_trade(x) for x in qs]
    c_parts = [split_trade(x) for x in cs]
    proper = process.cdist([p[1] for p in q_parts], [p[1] for p in c_parts], scorer=fuzz.token_sort_ratio,
                           dtype=np.float32)
    trade = process.cdist([p[0] for p in q_parts], [p[0] for p in c_parts], scorer=fuzz.token_sort_ratio,
                          dtype=np.float32)
    q_has = np.array([bool(p[0]) for p in q_parts])[:, None]
    c_has = np.array([bool(p[0]) for p in c_parts])[None, :]
    trade = np.where(~q_has & ~c_has, 100, np.where(q_has ^ c_has, 50, trade))
    q_name = np.array([bool(p[1]) for p in q_parts])[:, None]
    c_name = np.array([bool(p[1]) for p in c_parts])[None, :]
    whole = process.cdist(qs, cs, scorer=fuzz.token_sort_ratio, dtype=np.float32)
    return np.where(q_name & c_name, 0.7 * proper + 0.3 * trade, whole)


def decide(score: int) -> str:
    if score >= AUTO:
        return "fuzzy"
    if score >= REVIEW:
        return "review"
    return "none"


def keys(texts: Iterable[str]) -> list[str]:
    return [name_key(t) for t in texts]
