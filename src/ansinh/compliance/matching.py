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
    if unit:
        return _match_units(queries, candidates)
    by_block: dict[int | None, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_block[c.block].append(c)
    q_blocks: dict[int | None, list[Query]] = defaultdict(list)
    for q in queries:
        q_blocks[q.block].append(q)
    out: list[Match] = []
    for block, qs in q_blocks.items():
        pool = by_block.get(block, [])
        if not pool:
            out.extend(Match(q.index, None, 0) for q in qs)
            continue
        names = process.cdist([q.key for q in qs], [c.key for c in pool], scorer=fuzz.token_sort_ratio,
                              dtype=np.float32)
        q_comm = np.array([q.address or "" for q in qs], dtype=object)[:, None]
        c_comm = np.array([c.address or "" for c in pool], dtype=object)[None, :]
        scores = names - 10 * ((q_comm != "") & (c_comm != "") & (q_comm != c_comm)).astype(np.float32)
        best = scores.argmax(axis=1)
        for row, q in enumerate(qs):
            j = int(best[row])
            out.append(Match(q.index, pool[j].id, round(float(scores[row, j]))))
    return sorted(out, key=lambda m: m.index)


@dataclass
class _Names:
    """Unit names split once: legal form (as a small integer), trade words, proper name, address."""

    form: np.ndarray
    trade: list[str]
    proper: list[str]
    key: list[str]
    address: list[str]

    @classmethod
    def of(cls, items: Sequence[Candidate | Query], forms: dict[str, int]) -> _Names:
        form, trade, proper = [], [], []
        for it in items:
            f, core = split_form(it.key)
            t, p = split_trade(core)
            form.append(forms.setdefault(f, len(forms)) if f else 0)
            trade.append(t)
            proper.append(p)
        return cls(np.array(form, dtype=np.int32), trade, proper, [it.key for it in items],
                   [it.address for it in items])


def _match_units(queries: Sequence[Query], candidates: Sequence[Candidate]) -> list[Match]:
    """Queries with a commune are scored against that commune's units (one cdist per commune); the others (and
    those whose commune has no unit) against the units sharing the rarest word of the proper name that the
    registry knows (an inverted index; a misspelt word is skipped), one cdist per such word: the work stays
    proportional to the plausible pairs, not to lines × units."""
    if not candidates:
        return [Match(q.index, None, 0) for q in queries]
    forms: dict[str, int] = {"": 0}
    cn, qn = _Names.of(candidates, forms), _Names.of(queries, forms)
    by_block: dict[int | None, list[int]] = defaultdict(list)
    for j, c in enumerate(candidates):
        by_block[c.block].append(j)
    out: list[Match] = []
    loose: list[int] = []
    q_blocks: dict[int | None, list[int]] = defaultdict(list)
    for i, q in enumerate(queries):
        if q.block is not None and q.block in by_block:
            q_blocks[q.block].append(i)
        else:
            loose.append(i)
    for block, qi in q_blocks.items():
        cj = by_block[block]
        out.extend(_best(qi, cj, qn, cn, queries, candidates))
    if loose:
        index: dict[str, list[int]] = defaultdict(list)
        for j, p in enumerate(cn.proper):
            for token in set((p or cn.key[j]).split()):
                index[token].append(j)
        groups: dict[str, list[int]] = defaultdict(list)
        for i in loose:
            present = [t for t in set((qn.proper[i] or qn.key[i]).split()) if t in index]
            if not present:
                out.append(Match(queries[i].index, None, 0))
                continue
            groups[min(present, key=lambda t: (len(index[t]), t))].append(i)
        for token, qi in groups.items():
            out.extend(_best(qi, index[token], qn, cn, queries, candidates))
    return sorted(out, key=lambda m: m.index)


def _best(qi: list[int], cj: list[int], qn: _Names, cn: _Names, queries: Sequence[Query],
          candidates: Sequence[Candidate]) -> list[Match]:
    def pick(names: list[str], idx: list[int]) -> list[str]:
        return [names[k] for k in idx]

    proper = process.cdist(pick(qn.proper, qi), pick(cn.proper, cj), scorer=fuzz.token_sort_ratio, dtype=np.float32)
    trade = process.cdist(pick(qn.trade, qi), pick(cn.trade, cj), scorer=fuzz.token_sort_ratio, dtype=np.float32)
    q_has = np.array([bool(qn.trade[k]) for k in qi])[:, None]
    c_has = np.array([bool(cn.trade[k]) for k in cj])[None, :]
    trade = np.where(~q_has & ~c_has, 100, np.where(q_has ^ c_has, 50, trade))
    q_name = np.array([bool(qn.proper[k]) for k in qi])[:, None]
    c_name = np.array([bool(cn.proper[k]) for k in cj])[None, :]
    if (q_name & c_name).all():
        core = 0.7 * proper + 0.3 * trade
    else:
        whole = process.cdist(pick(qn.key, qi), pick(cn.key, cj), scorer=fuzz.token_sort_ratio, dtype=np.float32)
        core = np.where(q_name & c_name, 0.7 * proper + 0.3 * trade, whole)
    qf, cf = qn.form[qi][:, None], cn.form[cj][None, :]
    score = core - 10 * ((qf != 0) & (cf != 0) & (qf != cf)).astype(np.float32)
    q_addr, c_addr = pick(qn.address, qi), pick(cn.address, cj)
    if any(q_addr) and any(c_addr):
        addr = process.cdist(q_addr, c_addr, scorer=fuzz.token_set_ratio, dtype=np.float32)
        both = np.array([bool(a) for a in q_addr])[:, None] & np.array([bool(a) for a in c_addr])[None, :]
        score = np.where(both, 0.8 * score + 0.2 * addr, score)
    best = score.argmax(axis=1)
    return [Match(queries[i].index, candidates[cj[int(b)]].id, round(float(score[r, int(b)])))
            for r, (i, b) in enumerate(zip(qi, best, strict=True))]


def decide(score: int) -> str:
    if score >= AUTO:
        return "fuzzy"
    if score >= REVIEW:
        return "review"
    return "none"


def keys(texts: Iterable[str]) -> list[str]:
    return [name_key(t) for t in texts]
