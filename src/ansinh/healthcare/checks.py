"""The automated checks, set-based: one INSERT … SELECT per check over the selected episodes (a month, or the
episodes just received and the same cards' neighbours). The SQL is written once and runs unchanged on PostgreSQL,
SQLite and DuckDB (bench/claims.py): tables are named through `{e}`-style placeholders, integer division is `IDIV`,
times are integer minutes and days. Never a query per line.

Each statement yields (episode_id, line_id, check_code, outcome, amount, detail). Cross-facility checks mark the
later item of a pair (by admission time, facility, MA_LK, then line), so results do not depend on arrival order."""

from __future__ import annotations

import datetime as dt
import re

from ansinh.rules import healthcare as hc

_INPATIENT = "('03','04','06')"  # visit types of an inpatient stay (MA_LOAI_KCB)
# F05: an episode's totals against the sums of its lines (LEFT JOIN, grouped by the episode), beyond 1 đồng per line
_F05_HAVING = ("(ABS(e.t_tongchi_bh - COALESCE(SUM(l.amount_bh), 0)) > COUNT(l.episode_id) "
               "OR ABS(e.t_tongchi_bv - COALESCE(SUM(l.amount_bv), 0)) > COUNT(l.episode_id))")
# T05 in F05's grouping: an inpatient stay's bed-days above its days
_T05_HAVING = (f"e.visit_type IN {_INPATIENT} AND SUM(CASE WHEN l.\"group\" IN {hc.BED_GROUPS} THEN l.qty_milli END) "
               "> (e.discharged_day - e.admitted_day + 1) * 1000")
# the approved price of a line's item at the episode's facility on the order day
_APPROVED = ("{cat} c ON c.facility_code = e.facility_code AND c.code = l.code AND c.from_day <= l.ordered_day "
             "AND c.to_day >= l.ordered_day")
# {sel}: a condition on the episode alias `e` choosing the episodes assessed.
_LATER = ("(e2.admitted < e.admitted OR (e2.admitted = e.admitted AND (e2.facility_code < e.facility_code OR "
          "(e2.facility_code = e.facility_code AND e2.ma_lk < e.ma_lk))))")


def statements(on: dt.date, *, month: bool = False, probes: bool = False) -> list[tuple[str, str]]:
    """(label, statement) as run: the checks in force on the day, those reading the same rows in one pass (`passes`).
    The label is the check code, or the codes of a pass joined by '+'. `month`: the selection is a whole month's
    episodes — V02 and V04 then start from their duplicated keys (`MONTH_STATEMENTS`) instead of probing once per
    line or episode. `probes`: the engine runs a subquery as an index probe per row (SQLite, `probes_per_row`)."""
    singles = single_statements(on)
    if month:
        singles = [(code, MONTH_STATEMENTS.get(code, select)) for code, select in singles]
    return passes(singles, COMBINED, probes=probes)


def probes_per_row(vendor: str) -> bool:
    """SQLite runs every join and subquery as a probe of an index per row: the episodes' checks asking whether
    another row exists (C05, C06, R03, V03–V05, R06) cost it a scan of the episodes each, and cost no more inside
    the episodes' pass, where each probe runs only for the episodes its other conditions let through. PostgreSQL
    (and DuckDB) hash each such subquery once, which a condition inside a pass would turn into a probe per row."""
    return vendor == "sqlite"


# V02 over a month: the (order time, card, item) keys held by two lines or more among the lines ordered between the
# first and the last order of the selected episodes (any line the check can find is one of them: a duplicate has
# the order time of a selected line), counted from the index (order time, card, item) in its order, then V02's own
# condition on the lines of those keys only. The same rows as V02 (test_passes); at a million lines one scan of the
# index instead of a million probes or a hash of every current line (docs/PERFORMANCE.md).
_V02_SELECT, _V02_WHERE = (
    "SELECT e.id, l.id, 'V02', 'reject', l.t_bhtt, l.code FROM ",
    " WHERE {sel} AND EXISTS (SELECT 1 FROM {l} l2 JOIN {e} e2 ON e2.id = l2.episode_id "
    "WHERE l2.card_number = l.card_number AND l2.code = l.code AND l2.ordered = l.ordered AND l2.id <> l.id "
    f"AND e2.current AND ((e2.id = e.id AND l2.id < l.id) OR (e2.id <> e.id AND {_LATER})))")
V02_MONTH = (
    "WITH b AS MATERIALIZED (SELECT MIN(e.first_order) AS lo, MAX(e.last_order) AS hi FROM {e} e WHERE {sel}), "
    "d AS MATERIALIZED (SELECT l.ordered, l.card_number, l.code FROM {l} l WHERE l.ordered BETWEEN "
    "(SELECT lo FROM b) AND (SELECT hi FROM b) GROUP BY l.ordered, l.card_number, l.code HAVING COUNT(*) > 1) "
    + _V02_SELECT + "d JOIN {l} l ON l.ordered = d.ordered AND l.card_number = d.card_number AND l.code = d.code "
    "JOIN {e} e ON e.id = l.episode_id" + _V02_WHERE)

# V04 over a month, as V02: the (admission day, card) keys held by two current episodes or more among those admitted
# between the first and the last admission day of the selected episodes, counted from the index (admission day,
# card, current) in its order, then V04's own condition on the episodes of those keys only (a card at two
# facilities on one day is rare: the hash of every current episode, 0.3 s at a million lines, is not needed). The
# bounds are taken as `admitted_day + 0`: PostgreSQL would otherwise walk that index from its first day (all the
# months before) looking for an episode of the selection.
_V04_EXISTS = ("EXISTS (SELECT 1 FROM {e} e2 WHERE e2.current AND e2.card_number = e.card_number "
               f"AND e2.facility_code <> e.facility_code AND e2.admitted_day = e.admitted_day AND {_LATER})")
V04_MONTH = (
    "WITH b AS MATERIALIZED (SELECT MIN(e.admitted_day + 0) AS lo, MAX(e.admitted_day + 0) AS hi FROM {e} e "
    "WHERE {sel}), "
    "d AS MATERIALIZED (SELECT e2.admitted_day, e2.card_number FROM {e} e2 WHERE e2.admitted_day BETWEEN "
    "(SELECT lo FROM b) AND (SELECT hi FROM b) AND e2.current GROUP BY e2.admitted_day, e2.card_number "
    "HAVING COUNT(*) > 1) "
    "SELECT e.id, NULL, 'V04', 'flag', e.t_bhtt, '' FROM d JOIN {e} e ON e.admitted_day = d.admitted_day "
    "AND e.card_number = d.card_number WHERE {sel} AND " + _V04_EXISTS)
MONTH_STATEMENTS = {"V02": V02_MONTH, "V04": V04_MONTH}  # instead of the checks' own, over a month


def single_statements(on: dt.date) -> list[tuple[str, str]]:
    """(check code, SELECT) for the checks in force on the day, each alone."""
    ratio = hc.ROUTE_RATIO.at(on)
    sp_out, sp_in = ratio[("specialised", False)], ratio[("specialised", True)]
    basic_out, basic_in = ratio[("basic", False)], ratio[("basic", True)]
    inpatient = _INPATIENT
    right_route = "(e.registered_code = e.facility_code OR e.referred_from <> '' OR e.patient_kind = '2')"
    expected = (
        f"CASE WHEN e.exempt_day IS NOT NULL AND e.exempt_day <= e.admitted_day THEN 100 "
        f"WHEN {right_route} AND e.t_tongchi_bh < e.threshold THEN 100 "
        f"WHEN {right_route} THEN e.card_pct "
        f"ELSE e.card_pct * (CASE WHEN f.level = 'specialised' THEN (CASE WHEN e.visit_type IN {inpatient} "
        f"THEN {sp_in} ELSE {sp_out} END) WHEN f.level = 'basic' THEN (CASE WHEN e.visit_type IN {inpatient} "
        f"THEN {basic_in} ELSE {basic_out} END) ELSE 100 END) IDIV 100 END")
    kinds = ",".join(f"'{k}'" for k in sorted(hc.PATIENT_KINDS.at(on))) if on >= hc.PATIENT_KINDS.first_day else "''"
    supplies = hc.SUPPLY_GROUPS
    sql = {
        "C01": "SELECT e.id, NULL, 'C01', 'reject', e.t_bhtt, '' FROM {e} e WHERE {sel} "
               "AND (e.admitted_day < e.card_from_day OR e.admitted_day > e.card_to_day)",
        "C02": "SELECT e.id, l.id, 'C02', 'reject', l.t_bhtt, '' FROM {e} e JOIN {l} l ON l.episode_id = e.id "
               f"WHERE {{sel}} AND e.admitted_day BETWEEN e.card_from_day AND e.card_to_day "
               f"AND l.ordered_day > e.card_to_day + {hc.CARD_GRACE_DAYS}",
        "C04": "SELECT e.id, NULL, 'C04', 'reject', e.t_bhtt, e.card_problem FROM {e} e WHERE {sel} "
               "AND e.card_problem <> ''",
        "C05": "SELECT e.id, NULL, 'C05', 'flag', e.t_bhtt, '' FROM {e} e WHERE {sel} "
               "AND EXISTS (SELECT 1 FROM {card} h WHERE h.number = e.card_number) "
               "AND NOT EXISTS (SELECT 1 FROM {card} h JOIN {person} p ON p.id = h.person_id "
               "WHERE h.number = e.card_number AND p.name_search = e.name_key "
               "AND (e.birth_date IS NULL OR p.birth_date = e.birth_date) AND (e.sex = '' OR p.sex = e.sex))",
        "C06": "SELECT e.id, NULL, 'C06', 'reject', e.t_bhtt, '' FROM {e} e WHERE {sel} "
               "AND EXISTS (SELECT 1 FROM {card} h WHERE h.number = e.card_number AND h.status = 'revoked' "
               "AND h.valid_from <= e.admitted_date AND h.valid_to >= e.admitted_date) "
               "AND NOT EXISTS (SELECT 1 FROM {card} h WHERE h.number = e.card_number AND h.status <> 'revoked' "
               "AND h.valid_from <= e.admitted_date AND h.valid_to >= e.admitted_date)",
        "F01": "SELECT e.id, l.id, 'F01', 'reduce', CASE WHEN l.amount_bh > l.calc_bh "
               "THEN (l.amount_bh - l.calc_bh) * l.benefit IDIV 100 ELSE 0 END, '' "
               "FROM {e} e JOIN {l} l ON l.episode_id = e.id WHERE {sel} AND (l.amount_bh - l.calc_bh > 1 "
               "OR l.calc_bh - l.amount_bh > 1)",
        "F03": "SELECT e.id, l.id, 'F03', 'reduce', CASE WHEN l.t_bhtt * 100 > l.amount_bh * l.benefit "
               "THEN (l.t_bhtt * 100 - l.amount_bh * l.benefit) IDIV 100 ELSE 0 END, '' "
               "FROM {e} e JOIN {l} l ON l.episode_id = e.id WHERE {sel} "
               "AND (l.t_bhtt * 100 - l.amount_bh * l.benefit > 100 OR l.amount_bh * l.benefit - l.t_bhtt * 100 > 100)",
        "F05": "SELECT e.id, NULL, 'F05', 'flag', e.t_bhtt, '' FROM {e} e LEFT JOIN {l} l ON l.episode_id = e.id "
               "WHERE {sel} GROUP BY e.id, e.t_bhtt, e.t_tongchi_bh, e.t_tongchi_bv HAVING " + _F05_HAVING,
        "F06": "SELECT e.id, NULL, 'F06', 'reduce', CASE WHEN e.t_bhtt > e.t_tongchi_bh - e.t_bncct "
               "THEN e.t_bhtt - (e.t_tongchi_bh - e.t_bncct) ELSE 0 END, '' FROM {e} e WHERE {sel} "
               "AND ABS(e.t_bhtt - (e.t_tongchi_bh - e.t_bncct)) > 1",
        # P01 (not in the approved list on the order day) and P02 (above its approved price) as a LEFT JOIN of the
        # approved price of the order day (at most one row: the catalogue import refuses overlapping periods of an
        # item), so that both run in the line pass
        "P01": "SELECT e.id, l.id, 'P01', 'reject', l.t_bhtt, l.code FROM {e} e JOIN {l} l ON l.episode_id = e.id "
               f"LEFT JOIN {_APPROVED} WHERE {{sel}} AND l.scope = 1 AND l.amount_bh > 0 AND c.facility_code IS NULL",
        "P02": "SELECT e.id, l.id, 'P02', 'reduce', l.t_bhtt * (l.price_milli - c.price_milli) IDIV l.price_milli, "
               f"l.code FROM {{e}} e JOIN {{l}} l ON l.episode_id = e.id LEFT JOIN {_APPROVED} "
               "WHERE {sel} AND l.scope = 1 AND l.price_milli > c.price_milli",
        "T02": "SELECT e.id, l.id, 'T02', 'reject', l.t_bhtt, '' FROM {e} e JOIN {l} l ON l.episode_id = e.id "
               "WHERE {sel} AND (l.ordered < e.admitted OR l.ordered > e.discharged)",
        "T04": "SELECT e.id, NULL, 'T04', 'flag', e.t_bhtt, '' FROM {e} e WHERE {sel} AND ("
               "(e.visit_type IN ('01','07','09') AND e.treatment_days <> 0) OR (e.visit_type IN ('02','03','04','06') "
               "AND e.treatment_days <> e.discharged_day - e.admitted_day + 1))",
        "T05": "SELECT e.id, NULL, 'T05', 'flag', e.t_bhtt, '' FROM {e} e JOIN (SELECT l.episode_id, "
               "SUM(l.qty_milli) AS beds FROM {l} l JOIN {e} e ON e.id = l.episode_id WHERE {sel} "
               f"AND l.\"group\" IN {hc.BED_GROUPS} GROUP BY l.episode_id) b ON b.episode_id = e.id "
               f"WHERE {{sel}} AND e.visit_type IN {inpatient} "
               "AND b.beds > (e.discharged_day - e.admitted_day + 1) * 1000",
        "T06": "SELECT e.id, l.id, 'T06', 'reject', l.t_bhtt, '' FROM {e} e JOIN {l} l ON l.episode_id = e.id "
               f"WHERE {{sel}} AND e.visit_type IN {hc.OUTPATIENT} AND l.\"group\" IN {hc.BED_GROUPS}",
        "B01": f"SELECT e.id, l.id, 'B01', 'reduce', l.t_bhtt - l.amount_bh * ({expected}) IDIV 100, '' "
               "FROM {e} e JOIN {l} l ON l.episode_id = e.id LEFT JOIN {fac} f ON f.code = e.facility_code "
               "AND f.valid_from <= e.admitted_date AND (f.valid_to IS NULL OR f.valid_to >= e.admitted_date) "
               f"WHERE {{sel}} AND e.card_problem = '' AND l.amount_bh > 0 AND l.benefit > ({expected})",
        "R01": "SELECT e.id, NULL, 'R01', 'reject', e.t_bhtt, e.patient_kind FROM {e} e WHERE {sel} "
               f"AND e.patient_kind NOT IN ({kinds})",
        "R02": "SELECT e.id, NULL, 'R02', 'flag', e.t_bhtt, e.patient_kind FROM {e} e WHERE {sel} "
               f"AND e.referred_from = '' AND (e.patient_kind = '{hc.REFERRED_KIND}' OR "
               f"(e.patient_kind = '{hc.REGISTERED_HERE_KIND}' AND e.registered_code <> e.facility_code))",
        # the slip's episode among the few that issued one (`s.slip_number > ''`, as its partial index says it)
        "R03": "SELECT e.id, NULL, 'R03', 'flag', e.t_bhtt, e.referral_number FROM {e} e WHERE {sel} "
               f"AND e.referred_from <> '' AND e.patient_kind <> '{hc.EMERGENCY_KIND}' AND (e.referral_number = '' "
               "OR EXISTS (SELECT 1 FROM {e} s WHERE s.slip_number > '' AND s.current AND s.card_number = e.card_number "
               "AND s.facility_code = e.referred_from AND s.slip_number = e.referral_number "
               "AND s.slip_valid_day < e.admitted_day))",
        # no practitioner of the facility with that certificate on the order day: an anti-join written as a LEFT
        # JOIN of the certificate's period (at most one row: the import refuses overlapping periods), so that P05
        # runs in the line pass
        "P05": "SELECT e.id, l.id, 'P05', 'reject', l.t_bhtt, l.practitioner FROM {e} e JOIN {l} l "
               "ON l.episode_id = e.id LEFT JOIN {prac} p ON p.facility_code = e.facility_code "
               "AND p.certificate_number = l.practitioner AND p.from_day <= l.ordered_day "
               "AND p.to_day >= l.ordered_day WHERE {sel} AND p.facility_code IS NULL",
        # `l.package > ''` (not empty), as the partial index of the package lines says it: both engines then read
        # those lines alone
        "F11": "SELECT e.id, NULL, 'F11', 'reduce', g.bhtt - g.cap, g.package FROM {e} e JOIN (SELECT l.episode_id, "
               "l.package, SUM(l.t_bhtt) AS bhtt, MAX(l.package_cap) AS cap FROM {l} l JOIN {e} e "
               f"ON e.id = l.episode_id WHERE {{sel}} AND l.package > '' AND l.\"group\" IN {supplies} "
               "GROUP BY l.episode_id, l.package) g ON g.episode_id = e.id WHERE {sel} AND g.bhtt > g.cap",
        # l2.id <> l.id is implied by the rest; stated, SQLite drops the line itself (found by every probe of the
        # card, item and time index) from the index entry, before reading the line and its episode
        "V02": _V02_SELECT + "{e} e JOIN {l} l ON l.episode_id = e.id" + _V02_WHERE,
        "V03": "SELECT e.id, NULL, 'V03', 'flag', e.t_bhtt, '' FROM {e} e WHERE {sel} "
               f"AND e.visit_type IN ('03','04') AND EXISTS (SELECT 1 FROM {{e}} e2 WHERE e2.current "
               "AND e2.card_number = e.card_number AND e2.id <> e.id AND e2.visit_type IN ('03','04') "
               f"AND e2.admitted < e.discharged AND e.admitted < e2.discharged AND {_LATER})",
        "V04": "SELECT e.id, NULL, 'V04', 'flag', e.t_bhtt, '' FROM {e} e WHERE {sel} AND " + _V04_EXISTS,
        "V05": "SELECT e.id, NULL, 'V05', 'flag', e.t_bhtt, '' FROM {e} e WHERE {sel} "
               f"AND e.visit_type IN {hc.DRUG_VISITS} AND EXISTS (SELECT 1 FROM {{e}} e2 WHERE e2.current "
               f"AND e2.card_number = e.card_number AND e2.id <> e.id AND e2.visit_type IN {hc.DRUG_VISITS} "
               f"AND e.admitted_day < e2.admitted_day + e2.treatment_days AND {_LATER})",
    }
    sql.update(_time_and_appointment())
    out = []
    for c in hc.checks_in_force(on):
        if c.code in sql:
            out.append((c.code, sql[c.code]))
        if c.code == "T01":  # its episodes' part: a statement of its own (the lines' part runs in the line pass)
            out.append(("T01", T01_EPISODES))
    return out


def _time_and_appointment() -> dict[str, str]:
    """T01 (time order) on the lines (its episodes' part: `T01_EPISODES`) and R06 (an appointment slip used twice:
    the later visit citing it, by time, facility, MA_LK, is marked, so a month's run equals the single-episode runs; the
    visits of one card are neighbours of each other)."""
    return {
        "T01": "SELECT e.id, l.id, 'T01', 'flag', l.t_bhtt, CASE WHEN l.performed < l.ordered THEN 'NGAY_TH_YL' "
               "ELSE 'NGAY_KQ' END FROM {e} e JOIN {l} l ON l.episode_id = e.id WHERE {sel} "
               "AND (l.performed < l.ordered OR l.resulted < l.ordered)",
        "R06": "SELECT e.id, NULL, 'R06', 'flag', e.t_bhtt, e.referral_number FROM {e} e WHERE {sel} "
               "AND e.referred_from <> '' AND e.referral_number <> '' "
               "AND EXISTS (SELECT 1 FROM {apt} a JOIN {e} s ON s.id = a.episode_id WHERE s.current "
               "AND s.facility_code = e.referred_from AND s.card_number = e.card_number AND a.number = e.referral_number) "
               "AND EXISTS (SELECT 1 FROM {e} e2 WHERE e2.current AND e2.id <> e.id AND e2.card_number = e.card_number "
               f"AND e2.referred_from = e.referred_from AND e2.referral_number = e.referral_number AND {_LATER})",
    }


# T01 on the episodes (an inpatient start before admission; the appointment slip's date before discharge, or the
# slip made before admission); T01 on the lines is a plain line check
T01_EPISODES = (
    "SELECT e.id, NULL, 'T01', 'flag', e.t_bhtt, CASE WHEN e.inpatient_from < e.admitted "
    "THEN 'NGAY_VAO_NOI_TRU' WHEN a.appointment < e.discharged THEN 'NGAY_HEN_KL' ELSE 'NGAY_CT' END "
    "FROM {e} e LEFT JOIN {apt} a ON a.episode_id = e.id WHERE {sel} AND (e.inpatient_from < e.admitted "
    "OR a.appointment < e.discharged OR a.issued_day < e.admitted_day)")


# A plain check: its rows from one FROM clause and a condition (without subqueries, but where `probes`).
_PLAIN = re.compile(r"SELECT e\.id, (l\.id|NULL), '(\w+)', '(\w+)', (.*) FROM (.*?) WHERE \{sel\} AND (.*)", re.S)


def _split_last(items: str) -> tuple[str, str]:
    """'amount, detail' → (amount, detail), at the last comma outside parentheses and quotes."""
    depth, quoted, cut = 0, False, -1
    for i, ch in enumerate(items):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
        elif not quoted and ch == "," and depth == 0:
            cut = i
    return items[:cut].strip(), items[cut + 1:].strip()


def passes(singles: list[tuple[str, str]], combined: dict[str, str] | None = None, *,
           probes: bool = False) -> list[tuple[str, str]]:
    """The checks reading the same rows run as one pass: the plain ones with the same FROM clause (e.g. the
    selected episodes with their lines; a check's LEFT JOIN of a version valid on the day, as B01's facility level,
    joins at most one row — the versions of a key do not overlap — and is made for the pass) in one statement that
    scans the rows once, keeps those failing any of the
    checks (few) in a materialised table and gives each check's rows from it with the check's own outcome, amount
    and detail; and the `combined` statements (label 'F05+T05': the codes joined by '+') when all their checks are
    in force. The findings are those of the checks run one by one (tests compare them). A pass sits where its first
    check was; the other statements are unchanged. `probes` (`probes_per_row`): an episodes' check with subqueries
    in its condition joins the episodes' pass too."""
    # a check is known by its place in `singles` (a check may have two statements: T01's lines and episodes)
    groups: dict[tuple[str, str], list[tuple[int, tuple[str, str, str, str, str, str]]]] = {}
    for i, (_code, select) in enumerate(singles):
        m = _PLAIN.fullmatch(select)
        if m and (select.count("SELECT") == 1 or (probes and m[1] == "NULL" and m[5] == "{e} e")):
            amount, detail = _split_last(m[4])
            base, _, joined = m[5].partition(" LEFT JOIN ")
            groups.setdefault((m[1], base), []).append((i, (m[2], m[3], amount, detail, m[6], joined)))
    run: dict[int, tuple[str, str]] = {}  # first statement of a pass → the pass
    members: set[int] = set()
    codes = [code for code, _ in singles]
    for label, select in (combined or {}).items():
        parts = label.split("+")
        places = {i for i, code in enumerate(codes) if code in parts}
        if set(parts) <= set(codes) and not members & places:
            run[min(places)] = (label, select)
            members.update(places)
    for key, group in groups.items():
        group = [g for g in group if g[0] not in members]
        if len(group) > 1:
            run[group[0][0]] = ("+".join(g[1][0] for g in group), _pass(key, [g[1] for g in group]))
            members.update(g[0] for g in group)
    return [run.get(i, (code, select)) for i, (code, select) in enumerate(singles) if i in run or i not in members]


def _pass(key: tuple[str, str], group: list[tuple[str, str, str, str, str, str]]) -> str:
    """One statement for plain checks of the same FROM clause. A check's amount is taken only on its own rows
    (CASE WHEN its condition), so that an amount undefined elsewhere (a division) is never computed there."""
    line_id, source = key
    for joined in dict.fromkeys(g[5] for g in group if g[5]):
        source += f" LEFT JOIN {joined}"
    cols = ["e.id AS eid"] + (["l.id AS lid"] if line_id == "l.id" else [])
    for code, _, amount, detail, cond, _ in group:
        cols += [f"CASE WHEN {cond} THEN 1 ELSE 0 END AS k_{code}", f"CASE WHEN {cond} THEN {amount} END AS a_{code}"]
        if detail != "''":
            cols.append(f"{detail} AS d_{code}")
    lid = "lid" if line_id == "l.id" else "CAST(NULL AS BIGINT)"  # a bare NULL in a union is text on PostgreSQL
    return (f"WITH hit AS MATERIALIZED (SELECT {', '.join(cols)} FROM {source} WHERE {{sel}} AND ("
            + " OR ".join(f"({g[4]})" for g in group) + ")) "
            + " UNION ALL ".join(f"SELECT eid, {lid}, '{code}', '{outcome}', a_{code}, "
                                 f"{'d_' + code if detail != chr(39) * 2 else detail} FROM hit WHERE k_{code} = 1"
                                 for code, outcome, _, detail, _, _ in group))


# Checks reading the same rows in another shape than the plain ones, as one statement each.
COMBINED = {
    # F05 and T05 from one sum of each episode's lines, grouped by the episode as its lines are joined to it (no
    # table of sums joined again): the amounts against the totals, the bed-days (NULL without a bed line, as T05's
    # inner join) against the stay. Lines are counted by their episode key (in the index PostgreSQL reads alone).
    "F05+T05": (
        "WITH hit AS MATERIALIZED (SELECT e.id AS eid, e.t_bhtt AS amount, CASE WHEN " + _F05_HAVING
        + f" THEN 1 ELSE 0 END AS k_F05, CASE WHEN {_T05_HAVING} THEN 1 ELSE 0 END AS k_T05 FROM {{e}} e "
        "LEFT JOIN {l} l ON l.episode_id = e.id WHERE {sel} GROUP BY e.id, e.t_bhtt, e.t_tongchi_bh, e.t_tongchi_bv, "
        f"e.visit_type, e.discharged_day, e.admitted_day HAVING {_F05_HAVING} OR ({_T05_HAVING})) "
        "SELECT eid, CAST(NULL AS BIGINT), 'F05', 'flag', amount, '' FROM hit WHERE k_F05 = 1 UNION ALL "
        "SELECT eid, CAST(NULL AS BIGINT), 'T05', 'flag', amount, '' FROM hit WHERE k_T05 = 1"),
}


def render(select: str, *, tables: dict[str, str], sel: str, idiv: str) -> str:
    """The statement for one engine: table names, the selection, integer division."""
    return select.replace("{sel}", f"({sel})").format(**tables).replace(" IDIV ", f" {idiv} ")


DJANGO_TABLES = {"e": "healthcare_episode", "l": "healthcare_line", "apt": "healthcare_appointmentslip",
                 "cat": "healthcare_catalogueitem",
                 "fac": "healthcare_facility", "prac": "healthcare_practitioner", "card": "coverage_hicard", "person": "registry_person"}
