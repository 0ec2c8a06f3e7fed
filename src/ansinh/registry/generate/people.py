"""Synthetic persons and households of one chunk, set-based with numpy.

A chunk's persons are drawn from the age pyramid first; households are then formed from them:
couples by rank-matching married men and women on age, some young couples living with the husband's parents,
children placed with a mother of a plausible age (some with grandparents), unmarried elders with an adult child,
everybody else on their own. Names follow the household's lineage and ethnicity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ansinh.core.errors import ApplicationError
from ansinh.core.identifiers import CITIZEN_ID_PROVINCES
from ansinh.registry.generate import demography as D
from ansinh.registry.generate import names as N
from ansinh.registry.generate.sampling import (
    DAY,
    DigitPermutation,
    Vocabulary,
    add_years,
    date_strings,
    day,
    year_of,
)
from ansinh.registry.generate.units import Province

RELATIONSHIPS = ("head", "spouse", "child", "parent", "grandchild", "grandparent", "sibling", "child_in_law", "other")
HEAD, SPOUSE, CHILD, PARENT, GRANDCHILD, _GRANDPARENT, SIBLING, CHILD_IN_LAW, OTHER = range(len(RELATIONSHIPS))
GROUPS = len(D.AGE_GROUP_SHARE)
AS_OF = day(D.AS_OF)


@dataclass
class IdentityState:
    """What must carry from chunk to chunk for identifiers to stay unique: the permutation constants and the
    number of citizen IDs issued per prefix (province + century/sex + year)."""

    province: str
    citizen: DigitPermutation  # the 6 last digits of citizen IDs
    si: DigitPermutation  # the 8 last digits of SI numbers
    birth_provinces: tuple[list[str], np.ndarray]
    issued: dict[int, int] = field(default_factory=dict)

    @classmethod
    def create(cls, rng: np.random.Generator, province: str) -> IdentityState:
        own = f"{int(province):03d}"
        shares = D.BIRTH_PROVINCE_SHARE.get(province)
        if shares is None:
            origins = [c for c in D.MIGRANT_ORIGINS if c != own]
            if own in CITIZEN_ID_PROVINCES:
                share_each = D.BIRTH_PROVINCE_OTHER / len(origins)
                shares = {own: 1 - D.BIRTH_PROVINCE_OTHER, **dict.fromkeys(origins, share_each)}
            else:
                shares = dict.fromkeys(origins, 1.0)
        codes = list(shares)
        p = np.array([shares[c] for c in codes], dtype=np.float64)
        return cls(
            province=province.zfill(2),
            citizen=DigitPermutation(rng, 6),
            si=DigitPermutation(rng, 8),
            birth_provinces=(codes, p / p.sum()),
        )


@dataclass(frozen=True)
class People:
    persons: dict[str, list]
    households: dict[str, list]
    members: dict[str, list]
    ids: np.ndarray
    age: np.ndarray
    birth: np.ndarray
    male: np.ndarray


_VOCAB: dict[str, Vocabulary] = {}


def _vocab(key: str, items: N.Weighted) -> Vocabulary:
    if key not in _VOCAB:
        _VOCAB[key] = Vocabulary(items)
    return _VOCAB[key]


def _ethnic_mix(province: str) -> tuple[list[str], np.ndarray]:
    shares = D.ETHNICITY_SHARE.get(province, D.ETHNICITY_SHARE_DEFAULT)
    codes = list(shares)
    p = np.array([shares[c] for c in codes])
    return codes, p / p.sum()


def _match_by_rank(rng: np.random.Generator, key_sorted: np.ndarray, target: np.ndarray, jitter: int) -> np.ndarray:
    """For each target value, the index of an element of `key_sorted` near it (a few ranks of random jitter)."""
    pos = np.searchsorted(key_sorted, target) + rng.integers(-jitter, jitter + 1, len(target))
    return np.clip(pos, 0, len(key_sorted) - 1)


def make_people(rng: np.random.Generator, n: int, province: Province, ident: IdentityState, first_person: int,
                first_household: int, first_member: int, global_offset: int, stamp: object) -> People:
    # --- age, sex, birth date ---------------------------------------------------------------------------------
    share = np.array(D.AGE_GROUP_SHARE, dtype=np.float64)
    group = rng.choice(GROUPS, size=n, p=share / share.sum())
    ratio = np.array(D.SEX_RATIO, dtype=np.float64)
    male = rng.random(n) < (ratio / (100.0 + ratio))[group]
    age = group * 5 + rng.integers(0, 5, n)
    oldest = group == GROUPS - 1
    age[oldest] = 85 + np.minimum(rng.geometric(0.18, int(oldest.sum())) - 1, D.OLDEST - 85)
    birth = AS_OF - np.floor(age * 365.2425).astype("timedelta64[D]") - rng.integers(1, 366, n) * DAY
    age_days = (AS_OF - birth).astype(np.int64)

    # --- couples ----------------------------------------------------------------------------------------------
    married_p = np.where(male, np.array(D.MARRIED_MALE)[group], np.array(D.MARRIED_FEMALE)[group])
    married = rng.random(n) < married_p
    men = np.flatnonzero(married & male)
    women = np.flatnonzero(married & ~male)
    k = min(len(men), len(women))
    men = np.sort(rng.choice(men, k, replace=False)) if len(men) > k else men
    women = np.sort(rng.choice(women, k, replace=False)) if len(women) > k else women
    noise = 2.5 * 365.0
    men = men[np.argsort(age_days[men] + rng.normal(0, noise, k), kind="stable")]
    women = women[np.argsort(age_days[women] + rng.normal(0, noise, k), kind="stable")]
    years = age_days / 365.2425  # exact ages: matching on whole years would pile everybody on a few couples
    husband_age, wife_age = years[men], years[women]

    # young couples who live with the husband's parents
    host = np.arange(k)
    young = np.flatnonzero((husband_age < 35) & (rng.random(k) < D.THREE_GENERATION))
    elders = np.flatnonzero(husband_age >= 45)
    if len(young) and len(elders):
        elders = elders[np.argsort(husband_age[elders], kind="stable")]
        target = husband_age[young] + rng.uniform(24, 35, len(young))
        cand = elders[_match_by_rank(rng, husband_age[elders], target, 3)]
        ok = np.abs(husband_age[cand] - target) <= 6
        host[young[ok]] = cand[ok]
    merged = host != np.arange(k)
    hosts = np.flatnonzero(~merged)
    couple_hh = np.full(k, -1, dtype=np.int64)
    couple_hh[hosts] = np.arange(len(hosts))
    couple_hh = couple_hh[host]

    hh = np.full(n, -1, dtype=np.int64)
    rel = np.full(n, OTHER, dtype=np.int8)
    wife_heads = rng.random(k) < D.HEAD_IS_WIFE
    hh[men], hh[women] = couple_hh, couple_hh
    rel[men] = np.where(merged, CHILD, np.where(wife_heads, SPOUSE, HEAD))
    rel[women] = np.where(merged, CHILD_IN_LAW, np.where(wife_heads, HEAD, SPOUSE))
    n_couple_hh = len(hosts)
    head_of_couple_hh = np.where(wife_heads[hosts], women[hosts], men[hosts])

    # --- children and young adults living with parents (or grandparents) ---------------------------------------
    free = hh < 0
    stay = np.zeros(n, dtype=bool)
    stay[age < 15] = True
    for g, p in D.STAY_WITH_PARENTS.items():
        sel = free & (group == g)
        stay[sel] = rng.random(int(sel.sum())) < p
    # lone parents (widowed, divorced, spouse away) head their own household and take children in too
    lone_p = np.where(male, D.LONE_FATHER, D.LONE_MOTHER)
    lone = np.flatnonzero(free & ~stay & (years >= 25) & (years < 65) & (rng.random(n) < lone_p))
    hh[lone] = n_couple_hh + np.arange(len(lone))
    rel[lone] = HEAD
    n_parent_hh = n_couple_hh + len(lone)
    kids = np.flatnonzero(free & stay)
    if k and len(kids):
        grand = rng.random(len(kids)) < D.GRANDCHILD_SHARE
        # with a mother (any couple, incl. those living with parents) or a lone parent
        parent_age = np.concatenate([wife_age, years[lone]])
        parent_hh = np.concatenate([couple_hh, hh[lone]])
        parent_rel = np.concatenate([np.where(merged, GRANDCHILD, CHILD), np.full(len(lone), CHILD)])
        by_age = np.argsort(parent_age, kind="stable")
        mothers_at = years[kids] + rng.triangular(18, 26, 42, len(kids))
        c = by_age[_match_by_rank(rng, parent_age[by_age], mothers_at, 5)]
        gap = parent_age[c] - years[kids]
        placed = (gap >= 16) & (gap <= 48) & ~grand
        hh[kids[placed]] = parent_hh[c[placed]]
        rel[kids[placed]] = parent_rel[c[placed]]
        # with grandparents
        rest = kids[~placed]
        if len(rest):
            by_head = hosts[np.argsort(husband_age[hosts], kind="stable")]
            target = years[rest] + rng.uniform(45, 63, len(rest))
            c = by_head[_match_by_rank(rng, husband_age[by_head], target, 5)]
            gap = husband_age[c] - years[rest]
            ok = (gap >= 36) & (gap <= 75)
            hh[rest[ok]] = couple_hh[c[ok]]
            rel[rest[ok]] = GRANDCHILD
            # the few left: a relative in a random couple household
            lost = rest[~ok & (age[rest] < 15)]
            hh[lost] = rng.integers(0, n_couple_hh, len(lost))
            rel[lost] = OTHER

    # --- unmarried elders with an adult child ------------------------------------------------------------------
    old = np.flatnonzero((hh < 0) & (age >= 60) & (rng.random(n) < D.ELDER_WITH_CHILD))
    if len(old) and n_couple_hh:
        by_head = hosts[np.argsort(husband_age[hosts], kind="stable")]
        target = years[old] - rng.uniform(22, 36, len(old))
        c = by_head[_match_by_rank(rng, husband_age[by_head], target, 5)]
        gap = years[old] - husband_age[c]
        ok = (gap >= 16) & (gap <= 45)
        hh[old[ok]] = couple_hh[c[ok]]
        rel[old[ok]] = PARENT

    # --- some unpartnered adults live with a brother or sister's family ----------------------------------------
    kin = np.flatnonzero((hh < 0) & (age >= 15) & (age < 60) & (rng.random(n) < D.WITH_SIBLING))
    if len(kin) and n_couple_hh:
        by_head = hosts[np.argsort(husband_age[hosts], kind="stable")]
        c = by_head[_match_by_rank(rng, husband_age[by_head], years[kin] + rng.uniform(-8, 8, len(kin)), 5)]
        ok = np.abs(husband_age[c] - years[kin]) <= 12
        hh[kin[ok]] = couple_hh[c[ok]]
        rel[kin[ok]] = SIBLING

    # --- everybody else heads a household of their own (children without one join a random household) --------
    alone = np.flatnonzero((hh < 0) & (age >= 15))
    hh[alone] = n_parent_hh + np.arange(len(alone))
    rel[alone] = HEAD
    n_hh = n_parent_hh + len(alone)
    stray = np.flatnonzero(hh < 0)
    if len(stray):
        hh[stray] = rng.integers(0, n_hh, len(stray))
        rel[stray] = OTHER
    heads = np.concatenate([head_of_couple_hh, lone, alone])

    # --- where households live ---------------------------------------------------------------------------------
    hh_commune = rng.choice(len(province.communes), size=n_hh, p=province.weights)
    hh_address = _addresses(rng, province, hh_commune)
    hh_from = np.maximum(add_years(birth[heads], 18 + rng.random(n_hh) * 10), day("1995-01-01"))
    hh_from = np.minimum(hh_from, AS_OF - DAY)

    # --- ethnicity and names -----------------------------------------------------------------------------------
    eth_codes, eth_p = _ethnic_mix(province.code)
    hh_eth = rng.choice(len(eth_codes), size=n_hh, p=eth_p)
    eth = hh_eth[hh]
    married_in = ((rel == SPOUSE) & ~male) | (rel == CHILD_IN_LAW) | ((rel == HEAD) & ~male & np.isin(
        np.arange(n), women)) | ((rel == PARENT) & ~male)
    resample = married_in & (rng.random(n) < 0.2)
    eth[resample] = rng.choice(len(eth_codes), size=int(resample.sum()), p=eth_p)
    own_name = married_in | (rel == OTHER)

    family_words: list[str] = []
    family_folded: list[str] = []
    family_index: dict[str, int] = {}
    lineage = np.empty(n_hh, dtype=np.int64)
    personal = np.empty(n, dtype=np.int64)
    for e, code in enumerate(eth_codes):
        vocab = _vocab("family" + code, N.FAMILY_BY_ETHNICITY.get(code, N.FAMILY_KINH))
        remap = np.array([family_index.setdefault(w, len(family_index)) for w in vocab.words])
        for w, f in zip(vocab.words, vocab.folded, strict=True):
            if len(family_words) <= family_index[w]:
                family_words.append(w)
                family_folded.append(f)
        sel = hh_eth == e
        lineage[sel] = remap[vocab.sample(rng, int(sel.sum()))]
        sel = eth == e
        personal[sel] = remap[vocab.sample(rng, int(sel.sum()))]
    family = np.where(own_name, personal, lineage[hh])

    born = year_of(birth)
    middle, given, words = _first_names(rng, male, born, np.array(eth_codes)[eth])
    family_w = np.array(family_words, dtype=object)
    family_f = np.array(family_folded, dtype=object)
    full_name = (family_w[family] + " " + words[0][middle] + " " + words[0][given]).tolist()
    name_search = (family_f[family] + " " + words[1][middle] + " " + words[1][given]).tolist()

    # --- birth precision ---------------------------------------------------------------------------------------
    precision = np.full(n, "D", dtype="<U1")
    u = rng.random(n)
    lo = 0
    for upto, p_year, p_month in D.BIRTH_PRECISION:
        sel = (born >= lo) & (born < upto)
        precision[sel & (u < p_year)] = "Y"
        precision[sel & (u >= p_year) & (u < p_year + p_month)] = "M"
        lo = upto
    stored = birth.copy()
    stored[precision == "Y"] = birth[precision == "Y"].astype("datetime64[Y]").astype("datetime64[D]")
    stored[precision == "M"] = birth[precision == "M"].astype("datetime64[M]").astype("datetime64[D]")

    # --- identifiers -------------------------------------------------------------------------------------------
    citizen_ids = _citizen_ids(rng, ident, male, born)
    index = global_offset + np.arange(n, dtype=np.int64)
    si = ident.si(index)
    has_si = rng.random(n) < D.SI_CODE_SHARE
    si_codes = [f"{ident.province}{x:08d}" if h else None for x, h in zip(si.tolist(), has_si.tolist(), strict=True)]
    phones = _phones(rng, age)

    ids = first_person + np.arange(n, dtype=np.int64)
    hh_ids = first_household + np.arange(n_hh, dtype=np.int64)
    commune_ids = np.array([c.id for c in province.communes], dtype=np.int64)
    address = np.array(hh_address, dtype=object)
    persons = {
        "id": ids.tolist(),
        "citizen_id": citizen_ids,
        "si_code": si_codes,
        "full_name": full_name,
        "name_search": name_search,
        "birth_date": date_strings(stored),
        "birth_precision": precision.tolist(),
        "birth_year": born.tolist(),
        "sex": np.where(male, "M", "F").tolist(),
        "ethnicity": np.array(eth_codes)[eth].tolist(),
        "nationality": ["VN"] * n,
        "address_commune_id": commune_ids[hh_commune[hh]].tolist(),
        "address_line": address[hh].tolist(),
        "phone": phones,
        "death_date": [None] * n,
        "created_at": [stamp] * n,
        "updated_at": [stamp] * n,
    }
    households = {
        "id": hh_ids.tolist(),
        "code": [f"{ident.province}{x:010d}" for x in hh_ids.tolist()],
        "commune_id": commune_ids[hh_commune].tolist(),
        "address_line": hh_address,
        "head_id": ids[heads].tolist(),
        "created_at": [stamp] * n_hh,
        "updated_at": [stamp] * n_hh,
    }
    order = np.argsort(hh, kind="stable")  # members listed household by household
    members = {
        "id": (first_member + np.arange(n, dtype=np.int64)).tolist(),
        "household_id": hh_ids[hh[order]].tolist(),
        "person_id": ids[order].tolist(),
        "relationship": [RELATIONSHIPS[r] for r in rel[order].tolist()],
        "valid_from": date_strings(np.maximum(hh_from[hh[order]], birth[order])),
        "valid_to": [None] * n,
    }
    return People(persons, households, members, ids, age, birth, male)


def _first_names(rng: np.random.Generator, male: np.ndarray, born: np.ndarray,
                 eth: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Middle and given names as indices into one word list (returned as (words, folded))."""
    n = len(male)
    words: list[str] = []
    folded: list[str] = []
    index: dict[str, int] = {}
    middle = np.empty(n, dtype=np.int64)
    given = np.empty(n, dtype=np.int64)
    new = born >= 1990
    hmong = eth == N.HMONG
    minority = (eth != "01") & ~hmong
    lists = {
        (True, False): (N.MIDDLE_MALE_OLD, N.GIVEN_MALE_OLD),
        (True, True): (N.MIDDLE_MALE_NEW, N.GIVEN_MALE_NEW),
        (False, False): (N.MIDDLE_FEMALE_OLD, N.GIVEN_FEMALE_OLD),
        (False, True): (N.MIDDLE_FEMALE_NEW, N.GIVEN_FEMALE_NEW),
    }

    def remap(vocab: Vocabulary) -> np.ndarray:
        out = []
        for w, f in zip(vocab.words, vocab.folded, strict=True):
            if w not in index:
                index[w] = len(words)
                words.append(w)
                folded.append(f)
            out.append(index[w])
        return np.array(out)

    for (is_male, is_new), (mid, giv) in lists.items():
        for is_minority in (False, True):
            sel = (male == is_male) & (new == is_new) & (minority == is_minority) & ~hmong
            if not sel.any():
                continue
            if is_minority:
                mid = tuple((w, p * N.MINORITY_VAN_THI_BOOST if w in ("Văn", "Thị") else p) for w, p in mid)
            mv = _vocab(f"mid{is_male}{is_new}{is_minority}", mid)
            gv = _vocab(f"giv{is_male}{is_new}", giv)
            middle[sel] = remap(mv)[mv.sample(rng, int(sel.sum()))]
            given[sel] = remap(gv)[gv.sample(rng, int(sel.sum()))]
    for is_male in (True, False):
        sel = hmong & (male == is_male)
        if sel.any():
            mv = _vocab(f"hmong_mid{is_male}", N.MIDDLE_HMONG_MALE if is_male else N.MIDDLE_HMONG_FEMALE)
            gv = _vocab(f"hmong_giv{is_male}", N.GIVEN_HMONG_MALE if is_male else N.GIVEN_HMONG_FEMALE)
            middle[sel] = remap(mv)[mv.sample(rng, int(sel.sum()))]
            given[sel] = remap(gv)[gv.sample(rng, int(sel.sum()))]
    # no "Minh Minh": a given name equal to the middle name takes the next given name of the same list
    same = np.flatnonzero(middle == given)
    if len(same):
        alt = _vocab("givTrueTrue", N.GIVEN_MALE_NEW), _vocab("givFalseTrue", N.GIVEN_FEMALE_NEW)
        for i in same.tolist():
            vocab = alt[0] if male[i] else alt[1]
            pick = remap(vocab)
            choice = pick[int(rng.integers(len(pick)))]
            given[i] = choice if choice != middle[i] else pick[(list(pick).index(choice) + 1) % len(pick)]
    return middle, given, (np.array(words, dtype=object), np.array(folded, dtype=object))


def _citizen_ids(rng: np.random.Generator, ident: IdentityState, male: np.ndarray, born: np.ndarray) -> list[str]:
    """12 digits: birth-registration province + century/sex digit + 2-digit year + 6 digits, unique per prefix
    through a seeded permutation of a running count."""
    n = len(male)
    codes, p = ident.birth_provinces
    prov = np.array([int(c) for c in codes])[rng.choice(len(codes), size=n, p=p)]
    century = (born // 100 - 19) * 2 + (~male).astype(np.int64)
    yy = born % 100
    key = prov * 1000 + century * 100 + yy
    order = np.argsort(key, kind="stable")
    keys, first, counts = np.unique(key[order], return_index=True, return_counts=True)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - np.repeat(first, counts)
    base = np.array([ident.issued.get(int(x), 0) for x in keys], dtype=np.int64)
    start = np.empty(n, dtype=np.int64)
    start[order] = np.repeat(base, counts)
    seq = start + rank
    for x, b, c in zip(keys.tolist(), base.tolist(), counts.tolist(), strict=True):
        ident.issued[x] = b + c
        if b + c > 10**6:
            raise ApplicationError("too_many_persons", "More than a million citizen IDs for one province, sex and "
                                   "birth year: ask for fewer persons.")
    suffix = (ident.citizen(seq) + key * 7919) % 10**6
    return [f"{a:03d}{c}{y:02d}{s:06d}" for a, c, y, s in
            zip(prov.tolist(), century.tolist(), yy.tolist(), suffix.tolist(), strict=True)]


def _phones(rng: np.random.Generator, age: np.ndarray) -> list[str]:
    n = len(age)
    has = rng.random(n) < np.where(age >= 15, D.PHONE_SHARE_ADULT, D.PHONE_SHARE_CHILD)
    prefixes = _vocab("mobile", D.MOBILE_PREFIXES)
    pre = np.array(prefixes.words, dtype=object)[prefixes.sample(rng, n)]
    rest = rng.integers(0, 10**7, n)
    return [f"{a}{b:07d}" if h else "" for a, b, h in zip(pre.tolist(), rest.tolist(), has.tolist(), strict=True)]


def _addresses(rng: np.random.Generator, province: Province, commune: np.ndarray) -> list[str]:
    n = len(commune)
    ward = np.array([c.is_ward for c in province.communes])[commune]
    lang_son = province.code == "20"
    streets = np.array(N.STREETS_LANG_SON if lang_son else N.STREETS_GENERIC, dtype=object)
    street = streets[rng.integers(0, len(streets), n)]
    number = rng.integers(1, 400, n)
    if lang_son:
        first = np.array(N.VILLAGE_FIRST, dtype=object)[rng.integers(0, len(N.VILLAGE_FIRST), n)]
        second = np.array(N.VILLAGE_SECOND, dtype=object)[rng.integers(0, len(N.VILLAGE_SECOND), n)]
        village = "Thôn " + first + " " + second
    else:
        village = np.array([f"Thôn {k}" for k in range(1, 25)], dtype=object)[rng.integers(0, 24, n)]
    town = np.array([f"Số {k}, đường " for k in range(400)], dtype=object)[number] + street
    return np.where(ward, town, village).tolist()
