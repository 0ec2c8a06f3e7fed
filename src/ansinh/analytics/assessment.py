"""The monthly assessment of every employer, set-based.

For a month: one query reads every employment in force with its salary, employer terms and workplace; numpy
computes the amounts column-wise with the parameters of `rules.contributions.parameters` (one look-up per group of
region × pay scale × OA/OD option) and the same integer rounding as the one-person calculator; the lines are
compared with what is already assessed and only the differences are written; the ledger receives, per employer and
month, the difference per fund (an `assessment` txn the first time, an `adjustment` after). Re-running a month
with nothing changed writes nothing.

An employment with compulsory participation rows (opened by declarations) is assessed only in the months one of
them covers: a suspension or unpaid leave declared as a decrease closes them (Law 41/2024 Art 33.5, 34.3).
Months already assessed are re-assessed for the employments changed since the previous run (a retroactive salary
change, a late joining or leaving declaration): their differences are posted as adjustments in the month of the run.
See docs/contributions.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from ansinh.contributions.models import (
    Account,
    AssessmentLine,
    AssessmentRun,
    Fund,
    HolderType,
    LedgerTxn,
)
from ansinh.contributions.regions import regions_of_communes
from ansinh.contributions.services.ledger import BatchTxn, Posting, post_batch
from ansinh.core.bulk import delete_ids, insert_columns
from ansinh.core.progress import Progress, progress_or_none
from ansinh.rules.contributions.parameters import AMOUNT_COLUMNS, month_parameters, rate_fraction
from ansinh.rules.contributions.scope import compulsory_scope
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

# Which fund each amount column feeds.
FUND_OF_COLUMN = {
    "sm_er": Fund.SM, "oaod_er": Fund.OAOD, "rs_er": Fund.RS, "rs_ee": Fund.RS,
    "hi_er": Fund.HI, "hi_ee": Fund.HI, "ui_er": Fund.UI, "ui_ee": Fund.UI,
}
SI_COLUMNS = ("sm_er", "oaod_er", "rs_er", "rs_ee")
HI_COLUMNS = ("hi_er", "hi_ee")
UI_COLUMNS = ("ui_er", "ui_ee")
UNPAID_DAYS_LIMIT = 14  # Law 41/2024 Art 33.5, 34.3: ≥14 working days without pay → no contribution that month
WEEKMASK = "1111100"  # working days Monday-Friday for the day count (the employer's own schedule is not recorded)


@dataclass
class RunReport:
    period: str
    months: list[str] = field(default_factory=list)
    employments_read: int = 0
    lines_due: int = 0
    lines_written: int = 0
    lines_removed: int = 0
    txns: int = 0
    total_delta: int = 0
    below_floor: int = 0
    not_due_part_month: int = 0


_READ_SQL = """
SELECT e.id, e.person_id, e.employer_id, CAST(e.valid_from AS TEXT), CAST(e.valid_to AS TEXT), e.contract_type,
       COALESCE(e.workplace_commune_id, er.address_commune_id) AS commune_id,
       s.salary, s.kind, s.valid_from AS salary_from,
       COALESCE(t.oaod_reduced, %s) AS oaod_reduced
FROM registry_employment e
JOIN registry_employer er ON er.id = e.employer_id
JOIN registry_salaryrecord s ON s.employment_id = e.id
     AND s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s)
LEFT JOIN contributions_employerterms t ON t.employer_id = e.employer_id
     AND t.valid_from <= %s AND (t.valid_to IS NULL OR t.valid_to >= %s)
WHERE e.valid_from <= %s AND (e.valid_to IS NULL OR e.valid_to >= %s)
"""

# Employments with compulsory SI/UI participation rows, and whether one of them covers the month: read once per
# month as a set (one pass over the participations grouped by employment), then applied to the frame in numpy.
# A correlated EXISTS per employment was planned by SQLite through the (scheme, valid_from) index — a scan of
# every SI/UI row per employment, time growing with the square of the province's size (docs/PERFORMANCE.md).
_PARTICIPATION_SQL = """
SELECT p.employment_id,
       MAX(CASE WHEN p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to >= %s) THEN 1 ELSE 0 END)
FROM coverage_participation p
WHERE p.employment_id IS NOT NULL AND p.scheme IN ('si', 'ui')
GROUP BY p.employment_id
"""


def _not_covered(month: Month, employment_ids: list[int] | None) -> np.ndarray:
    """Sorted ids of the employments that have SI/UI participation rows none of which covers the month: they are
    not assessed that month (a suspension or unpaid leave closed them)."""
    sql, params = _PARTICIPATION_SQL, [month.last_day, month.first_day]
    if employment_ids is not None:
        sql = sql.replace("GROUP BY", f"AND p.employment_id IN ({', '.join(str(int(i)) for i in employment_ids)}) GROUP BY")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return np.sort(np.array([r[0] for r in rows if not r[1]], dtype=np.int64))


def _read_month(month: Month, employment_ids: list[int] | None) -> dict[str, np.ndarray]:
    first, last = month.first_day, month.last_day
    sql = _READ_SQL
    params: list[Any] = [False, last, first, first, first, last, first]
    if employment_ids is not None:
        if not employment_ids:
            return {}
        sql += f" AND e.id IN ({', '.join(str(int(i)) for i in employment_ids)})"
    sql += " ORDER BY e.id, s.valid_from"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return {}
    excluded = _not_covered(month, employment_ids)
    if len(excluded):
        rows = [r for r, out in zip(rows, np.isin(np.array([r[0] for r in rows], dtype=np.int64), excluded,
                                                   assume_unique=False).tolist(), strict=True) if not out]
        if not rows:
            return {}
    cols = list(zip(*rows, strict=True))
    frame = {
        "employment_id": np.array(cols[0], dtype=np.int64),
        "person_id": np.array(cols[1], dtype=np.int64),
        "employer_id": np.array(cols[2], dtype=np.int64),
        "valid_from": np.array(cols[3], dtype="datetime64[D]"),
        "valid_to": np.array([v or last.isoformat() for v in cols[4]], dtype="datetime64[D]"),
        "contract_type": np.array(cols[5], dtype=object),
        "commune_id": np.array(cols[6], dtype=np.int64),
        "salary": np.array(cols[7], dtype=np.int64),
        "state_scale": np.array([k == "state" for k in cols[8]], dtype=bool),
        "oaod_reduced": np.array([bool(v) for v in cols[10]], dtype=bool),
    }
    # Several salary records in the month: the latest one applies (rows are ordered by salary start).
    keep = np.ones(len(rows), dtype=bool)
    keep[:-1] = frame["employment_id"][:-1] != frame["employment_id"][1:]
    return {k: v[keep] for k, v in frame.items()}


def compute_month(month: Month, frame: dict[str, np.ndarray], report: RunReport | None = None) -> dict[str, np.ndarray]:
    """Amounts due for the month for every row of the frame that owes a contribution (others are dropped)."""
    if not frame:
        return {}
    first, last = np.datetime64(month.first_day, "D"), np.datetime64(month.last_day + dt.timedelta(days=1), "D")
    n = len(frame["employment_id"])
    # Working days of the month outside the employment (before it starts, after it ends) count as unpaid days.
    start = np.maximum(frame["valid_from"], first)
    end = np.minimum(frame["valid_to"] + np.timedelta64(1, "D"), last)
    month_days = np.busday_count(first, last, weekmask=WEEKMASK)
    worked = np.busday_count(start, np.maximum(end, start), weekmask=WEEKMASK)
    due = (month_days - worked) < UNPAID_DAYS_LIMIT

    day = month.first_day
    types = frame["contract_type"]
    scope = {t: compulsory_scope(t, day) for t in set(types.tolist())}
    si_on = np.array([scope[t].si for t in types], dtype=bool)
    hi_on = np.array([scope[t].hi for t in types], dtype=bool)
    ui_on = np.array([scope[t].ui for t in types], dtype=bool)
    due &= si_on | hi_on | ui_on

    regions_by_commune = regions_of_communes(frame["commune_id"], day)
    region = np.array([regions_by_commune[int(c)] for c in frame["commune_id"]], dtype=np.int64)
    salary = frame["salary"]
    si_base = np.zeros(n, dtype=np.int64)
    ui_base = np.zeros(n, dtype=np.int64)
    amounts = {c: np.zeros(n, dtype=np.int64) for c in AMOUNT_COLUMNS}
    below_floor = np.zeros(n, dtype=bool)
    groups = np.stack([region, frame["state_scale"].astype(np.int64), frame["oaod_reduced"].astype(np.int64)], axis=1)
    for key in np.unique(groups, axis=0):
        r, state, reduced = (int(x) for x in key)
        mask = (region == r) & (frame["state_scale"] == bool(state)) & (frame["oaod_reduced"] == bool(reduced))
        try:
            params = month_parameters(month, region=r, pay_scale="state" if state else "employer_decided",
                                      oa_option="reduced" if reduced else "normal")
        except RuleError:  # no reduced OA/OD rate that month: the normal rate applies
            params = month_parameters(month, region=r, pay_scale="state" if state else "employer_decided")
        s = salary[mask]
        below_floor[mask] = s < params.floor
        si_base[mask] = s if params.si_cap is None else np.minimum(s, params.si_cap)
        ui_base[mask] = np.minimum(s, params.ui_cap)
        for column, value in params.rates().items():
            num, den = rate_fraction(value)
            base = ui_base[mask] if column in UI_COLUMNS else si_base[mask]
            amounts[column][mask] = (2 * base * num + den) // (2 * den)
    for columns, on in ((SI_COLUMNS, si_on), (HI_COLUMNS, hi_on), (UI_COLUMNS, ui_on)):
        for column in columns:
            amounts[column][~on] = 0
    ui_base[~ui_on] = 0
    if report is not None:
        report.below_floor += int((below_floor & due).sum())
        report.not_due_part_month += int((~due & (si_on | hi_on | ui_on)).sum())
    keep = due
    out = {
        "employment_id": frame["employment_id"][keep], "person_id": frame["person_id"][keep],
        "employer_id": frame["employer_id"][keep], "salary": salary[keep], "si_base": si_base[keep],
        "ui_base": ui_base[keep],
    }
    out.update({c: amounts[c][keep] for c in AMOUNT_COLUMNS})
    return out


_LINE_COLUMNS = ("employment_id", "person_id", "employer_id", "salary", "si_base", "ui_base", *AMOUNT_COLUMNS)


def _existing_lines(for_period: dt.date, employment_ids: list[int] | None) -> dict[str, np.ndarray]:
    sql = (f"SELECT id, {', '.join(_LINE_COLUMNS)} FROM contributions_assessmentline WHERE for_period = %s")
    if employment_ids is not None:
        if not employment_ids:
            return {}
        sql += f" AND employment_id IN ({', '.join(str(int(i)) for i in employment_ids)})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [for_period])
        rows = cursor.fetchall()
    if not rows:
        return {}
    cols = list(zip(*rows, strict=True))
    return {name: np.array(cols[i], dtype=np.int64) for i, name in enumerate(("id", *_LINE_COLUMNS))}


def _diff(desired: dict[str, np.ndarray], existing: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indices of desired rows to insert, ids of existing rows to delete, indices of existing rows deleted) —
    a changed row is deleted and inserted again."""
    if not existing:
        return np.arange(len(desired.get("employment_id", []))), np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    if not desired:
        idx = np.arange(len(existing["id"]))
        return np.array([], dtype=np.int64), existing["id"], idx
    d_order = np.argsort(desired["employment_id"], kind="stable")
    e_order = np.argsort(existing["employment_id"], kind="stable")
    d_keys, e_keys = desired["employment_id"][d_order], existing["employment_id"][e_order]
    common, d_pos, e_pos = np.intersect1d(d_keys, e_keys, assume_unique=True, return_indices=True)
    same = np.ones(len(common), dtype=bool)
    for c in _LINE_COLUMNS:
        same &= desired[c][d_order][d_pos] == existing[c][e_order][e_pos]
    d_changed = d_order[d_pos[~same]]
    e_changed = e_order[e_pos[~same]]
    d_new = d_order[~np.isin(d_keys, common)]
    e_gone = e_order[~np.isin(e_keys, common)]
    insert_idx = np.concatenate([d_new, d_changed])
    delete_idx = np.concatenate([e_gone, e_changed])
    return insert_idx, existing["id"][delete_idx], delete_idx


def _fund_deltas(rows: dict[str, np.ndarray], idx: np.ndarray, sign: int,
                 acc: dict[tuple[int, dt.date, str], int], for_period: dt.date) -> None:
    if len(idx) == 0:
        return
    employers = rows["employer_id"][idx]
    uniq, inverse = np.unique(employers, return_inverse=True)
    for column in AMOUNT_COLUMNS:
        sums = np.zeros(len(uniq), dtype=np.int64)
        np.add.at(sums, inverse, rows[column][idx])
        for employer_id, total in zip(uniq.tolist(), sums.tolist(), strict=True):
            if total:
                acc[(employer_id, for_period, FUND_OF_COLUMN[column])] += sign * total


def _dirty_employments(before: dt.datetime | None, period: Month) -> dict[int, dt.date]:
    """Employments changed since `before`, with the first month their change affects."""
    if before is None:
        return {}
    sql = """
        SELECT e.id, MIN(CASE WHEN s.recorded_at > %s THEN s.valid_from END), e.valid_from, e.valid_to,
               MAX(CASE WHEN e.updated_at > %s THEN 1 ELSE 0 END)
        FROM registry_employment e LEFT JOIN registry_salaryrecord s ON s.employment_id = e.id
        WHERE e.updated_at > %s OR s.recorded_at > %s
        GROUP BY e.id, e.valid_from, e.valid_to
    """
    out: dict[int, dt.date] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [before, before, before, before])
        for emp_id, salary_from, valid_from, valid_to, employment_changed in cursor.fetchall():
            candidates = [d for d in (salary_from,) if d is not None]
            if employment_changed:
                candidates.append(valid_from)
                if valid_to is not None:
                    candidates.append(valid_to)
            if candidates:
                first = min(_as_date(c) for c in candidates)
                if Month.of(first) < period:
                    out[int(emp_id)] = Month.of(first).first_day
    return out


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def assess(period: Month, *, actor: Any = None, progress: Progress | None = None) -> tuple[AssessmentRun, RunReport]:
    """Assess `period` for every employer of the database (and re-assess changed earlier months). `progress`
    hears one step per month assessed and one for the posting."""
    progress = progress_or_none(progress)
    report = RunReport(period=str(period))
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(727001)")  # one assessment at a time
        previous = AssessmentRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
        run = AssessmentRun.objects.create(period=period.first_day, started_at=now, actor=actor if getattr(actor, "pk", None) else None)
        first_assessed = AssessmentLine.objects.order_by("for_period").values_list("for_period", flat=True).first()
        work: list[tuple[Month, list[int] | None]] = [(period, None)]
        dirty = _dirty_employments(previous.started_at if previous else None, period)
        if dirty and first_assessed is not None:
            by_month: dict[Month, list[int]] = defaultdict(list)
            floor = Month.of(first_assessed)
            for emp_id, start in dirty.items():
                m = max(Month.of(start), floor)
                while m < period:
                    by_month[m].append(emp_id)
                    m = m + 1
            work = sorted(by_month.items()) + work
        deltas: dict[tuple[int, dt.date, str], int] = defaultdict(int)
        progress.start(len(work) + 1, "months")
        for month, ids in work:
            report.months.append(str(month))
            frame = _read_month(month, ids)
            report.employments_read += len(frame.get("employment_id", []))
            desired = compute_month(month, frame, report)
            report.lines_due += len(desired.get("employment_id", [])) if month == period else 0
            existing = _existing_lines(month.first_day, ids)
            insert_idx, delete_ids_, delete_idx = _diff(desired, existing)
            _fund_deltas(existing, delete_idx, -1, deltas, month.first_day)
            _fund_deltas(desired, insert_idx, +1, deltas, month.first_day)
            if len(delete_ids_):
                report.lines_removed += delete_ids("contributions_assessmentline", delete_ids_.tolist())
            if len(insert_idx):
                columns: dict[str, Any] = {"period": period.first_day, "for_period": month.first_day}
                columns.update({c: desired[c][insert_idx] for c in _LINE_COLUMNS})
                report.lines_written += insert_columns(AssessmentLine._meta.db_table, columns, len(insert_idx))
            progress.advance(1)
        report.txns, report.total_delta = _post(period, run, deltas, actor, now)
        progress.advance(1)
        run.finished_at = timezone.now()
        run.employers = len({k[0] for k in deltas})
        run.lines_written, run.lines_removed, run.txns_posted = report.lines_written, report.lines_removed, report.txns
        run.total_due = report.total_delta
        run.summary = report.__dict__.copy()
        run.save()
    return run, report


def _post(period: Month, run: AssessmentRun, deltas: dict[tuple[int, dt.date, str], int], actor: Any,
          now: dt.datetime) -> tuple[int, int]:
    """One txn per employer and month owed with a non-zero difference: Dr receivable / Cr revenue per fund."""
    by_key: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(dict)
    for (employer_id, for_period, fund), amount in deltas.items():
        if amount:
            by_key[(employer_id, for_period)][fund] = amount
    if not by_key:
        return 0, 0
    assessed = set(
        LedgerTxn.objects.filter(kind=LedgerTxn.Kind.ASSESSMENT, reference__in=[_ref(e, f) for e, f in by_key])
        .values_list("reference", flat=True)
    )
    batch, total = [], 0
    for (employer_id, for_period), funds in by_key.items():
        reference = _ref(employer_id, for_period)
        kind = LedgerTxn.Kind.ASSESSMENT
        if reference in assessed or for_period != period.first_day:
            kind, reference = LedgerTxn.Kind.ADJUSTMENT, f"{reference}:run{run.pk}"
        postings = []
        for fund, amount in sorted(funds.items()):
            total += amount
            postings += [Posting(Account.RECEIVABLE, fund, HolderType.EMPLOYER, employer_id, for_period, amount),
                         Posting(Account.REVENUE, fund, HolderType.EMPLOYER, employer_id, for_period, -amount)]
        batch.append(BatchTxn(kind, reference, Month.of(for_period).last_day, tuple(postings)))
    return post_batch(batch, period=period, actor=actor, memo=f"assessment run {run.pk}"), total


def _ref(employer_id: int, for_period: dt.date) -> str:
    return f"assess:{employer_id}:{for_period:%Y-%m}"
