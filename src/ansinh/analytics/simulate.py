"""Demo history for the generated province: months of coverage, assessments, employer payments, agent receipts.

`simulate(months=36, until=Month(2025, 12), seed=1)` takes the population made by `ansinh generate` and writes,
for every month of the window, what an agency's books would hold (assumptions and shares: docs/simulation.md):

1. participations (coverage.Participation, source "generated", rows with valid_from/valid_to, never one per
   month): compulsory SI/HI/UI from the employments (the assessment's own month rule: a month with 14 or more
   working days outside the employment is not due; `rules.contributions.scope` by contract type and month);
   HI by participant group in the order of HI Law Art 12 (employee DN/HC, pensioner HT, child under 6 TE,
   poor household HN, ethnic minority in a difficult commune DT, 80+ (75+ from 2025-07) on social pension BT,
   near-poor CN, pupil HS / student SV, household GD); household HI and voluntary SI as paid by receipts;
2. the monthly assessment (`analytics.assessment.assess`), month by month;
3. employer payments: bank statement lines (matched) and `payment` txns, Dr cash / Cr receivable (and interest
   receivable) allocated by `contributions.services.payments.allocate` (the fund order in force on the value
   date, table payment_allocation_order); late-payment interest by `analytics.arrears.accrue_interest`;
4. agent receipts for household HI and voluntary SI (amounts from the rules calculators, once per distinct
   combination of parameters), posted Dr agent_cash + Dr state_support / Cr revenue; monthly remittances
   (Dr cash / Cr agent_cash) and commission (Dr commission_expense / Cr commission_payable).

Deterministic: every random draw comes from `numpy.random.default_rng([seed, stream, ...])` in a fixed order over
rows read in id order. Set-based: the population is read in a few queries into numpy arrays (persons × months
matrices of small integers), the states of households and voluntary participants advance month by month as
vectors, and every write is a columnar bulk insert (`core.bulk`) or `post_batch`. The whole run is one
transaction: a failure leaves nothing behind. A second run with the same arguments reuses the first
(contributions.SimulationRun).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from ansinh.analytics.arrears import accrue_interest
from ansinh.analytics.assessment import UNPAID_DAYS_LIMIT, WEEKMASK, assess
from ansinh.contributions.models import (
    Account,
    AssessmentLine,
    BankStatementLine,
    CollectionAgent,
    Fund,
    HolderType,
    LedgerEntry,
    LedgerTxn,
    Receipt,
    Remittance,
    SimulationRun,
)
from ansinh.contributions.services.ledger import BatchTxn, Posting, post_batch
from ansinh.contributions.services.payments import Cell, allocate
from ansinh.core.bulk import insert_columns, next_ids
from ansinh.core.errors import ApplicationError
from ansinh.coverage.models import Participation, Payer
from ansinh.places.models import OfficeCommune
from ansinh.registry.generate.demography import AS_OF
from ansinh.registry.generate.units import load_province
from ansinh.registry.models import GeneratedDataset
from ansinh.rules.contributions import household_hi, voluntary
from ansinh.rules.contributions.scope import compulsory_scope
from ansinh.rules.money import vnd
from ansinh.rules.params.reference import POVERTY_LINE
from ansinh.rules.periods import Month

SIM_VERSION = 2  # 2: voluntary SI grows ~10 % a year (was ~25 %)
DEFAULT_MONTHS = 36
PRE = 12  # months before the window: receipts paid before it that still cover its first months
POST = 12  # months after it: months paid in advance by receipts taken inside it

# --- assumptions (docs/simulation.md) -----------------------------------------------------------------------------
DIFFICULT_COMMUNE_SHARE = 0.55  # rural communes with difficult-area status (KV III / extremely difficult villages)
# Households on the poor / near-poor lists at the start of the window, by place and the head's ethnicity.
POOR_SHARE = {"ward": 0.02, "rural_kinh": 0.06, "rural_minority": 0.16}
NEAR_POOR_SHARE = {"ward": 0.02, "rural_kinh": 0.05, "rural_minority": 0.10}
# Yearly review of the lists (each January): leaving, moving between the lists, entering.
POOR_EXIT, POOR_TO_NEAR = 0.22, 0.60  # of the poor: leave the list; of those leaving, become near-poor
NEAR_EXIT, NEAR_TO_POOR = 0.20, 0.03
NEW_POOR, NEW_NEAR = 0.004, 0.010  # of households on no list
PENSION_MIN_YEARS = 15  # Law 41/2024 Art 64 (20 under Law 58/2014; one figure for the whole window: simplification)
SOCIAL_PENSION_AGE, SOCIAL_PENSION_AGE_2025 = 80, 75  # BT: 80+ (Decree 20/2021); 75+ from 2025-07 (Law 41/2024 Art 21)
SOCIAL_PENSION_2025 = dt.date(2025, 7, 1)
# Age at which a person leaves school (pupils HS under 18, students SV 18-22): values and shares.
SCHOOL_LEAVING = ((10, 0.01), (15, 0.09), (18, 0.55), (20, 0.10), (23, 0.25))
# Household HI (GD): payment periods and behaviour.
GD_PERIODS = ((3, 0.15), (6, 0.25), (12, 0.60))
GD_INITIAL = 0.85  # households with members to cover that hold a paid receipt at the start of the window
GD_RENEW = 0.92  # renew when the paid period ends
GD_REJOIN = 0.09  # monthly, households that dropped out
GD_JOIN = 0.03  # monthly, households that never joined
# Voluntary SI: initial share of the population, monthly growth (campaign months more), lapses.
VSI_INITIAL = 0.0045
VSI_GROWTH, VSI_GROWTH_CAMPAIGN = 0.015, 0.032
VSI_CAMPAIGN_MONTHS = frozenset({3, 4, 9, 10, 11, 12})
VSI_LAPSE_MONTHLY = 0.015  # per month paid: a k-month payer renews with probability (1 − lapse)^k
VSI_MODES = (("monthly", 1, 0.35), ("3_months", 3, 0.20), ("6_months", 6, 0.20), ("12_months", 12, 0.25))
VSI_INCOME_MULTIPLES = ((1.0, 0.55), (1.35, 0.20), (2.0, 0.15), (3.35, 0.10))  # × rural poverty line
VSI_JOIN_AGES = (20, 58)
# Employers: paying behaviour (shares sum to 1).
EMPLOYER_BEHAVIOUR = (("on_time", 0.80), ("late", 0.08), ("partial", 0.06), ("debtor", 0.06))
SAME_MONTH_PAYERS = 0.40  # of the on-time payers: pay a month within the month, the others in the next month
AGENT_POST_OFFICE_SHARE = 0.35  # receipts taken at the post office rather than the commune point
COMMUNES_PER_POST_OFFICE = 6  # when no office serves the communes: about the old districts of Lạng Sơn
COMMISSION = {CollectionAgent.Kind.POST_OFFICE: Decimal("0.0350"), CollectionAgent.Kind.COMMUNE_POINT: Decimal("0.0400")}
VNPOST_CODE = "0102595740"  # organisation code of the postal service in the agent code (illustrative)
AGENCY_HOLDER = 0  # the agency's bank account (contributions.services.payments: agency_id default)
STATE_HOLDER = 0  # contributions.services.collection.STATE_HOLDER
BANK, BANK_ACCOUNT = "BIDV", "62010000888888"
HC_OWNERSHIP = frozenset({"state_agency", "public_service", "commune"})  # HI group HC, else DN (services.declare)

# HI group codes in the persons × months matrix (0: none of these; EMP: employee, rows come from employments).
EMP, HT, TE, HN, DT, BT, CN, HS, SV = range(1, 10)
GROUP = {HT: ("HT", Payer.SI_FUND), TE: ("TE", Payer.STATE), HN: ("HN", Payer.STATE), DT: ("DT", Payer.STATE),
         BT: ("BT", Payer.STATE), CN: ("CN", Payer.STATE_SUPPORTED), HS: ("HS", Payer.STUDENT),
         SV: ("SV", Payer.STUDENT)}
POOR, NEAR = 1, 2

_STREAM = {"communes": 1, "households": 2, "persons": 3, "gd": 4, "vsi": 5, "employers": 6, "pay": 7, "agents": 8,
           "days": 9}

Progress = Callable[[str], None]


class SimulationError(ApplicationError):
    pass


@dataclass
class SimulationResult:
    run: SimulationRun
    reused: bool

    @property
    def summary(self) -> dict[str, Any]:
        return self.run.summary


def parameters(*, months: int, until: Month, seed: int, dataset: GeneratedDataset) -> dict[str, Any]:
    return {"province": dataset.province_code, "months": months, "until": str(until), "seed": seed,
            "dataset": dataset.pk, "dataset_parameters": dataset.parameters, "version": SIM_VERSION}


def default_until(dataset: GeneratedDataset | None = None) -> Month:
    """The month before the generated province's as-of date (employments and salaries are made up to it)."""
    as_of = AS_OF
    if dataset is not None and dataset.parameters.get("as_of"):
        as_of = dt.date.fromisoformat(dataset.parameters["as_of"])
    return Month.of(as_of) - 1


def simulate(*, months: int = DEFAULT_MONTHS, until: Month | None = None, seed: int = 1,
             progress: Progress | None = None) -> SimulationResult:
    say = progress or (lambda _msg: None)
    if not 1 <= months <= 120:
        raise SimulationError("bad_months", "--months must be between 1 and 120", field="months")
    if seed < 0:
        raise SimulationError("bad_seed", "--seed must be zero or positive", field="seed")
    dataset = GeneratedDataset.objects.order_by("-id").first()
    if dataset is None:
        raise SimulationError("no_dataset", "No generated province: run `ansinh generate` first.")
    until = until or default_until(dataset)
    params = parameters(months=months, until=until, seed=seed, dataset=dataset)
    for run in SimulationRun.objects.filter(finished_at__isnull=False).order_by("id"):
        if run.parameters == params:
            return SimulationResult(run, reused=True)
    if SimulationRun.objects.exists():
        last = SimulationRun.objects.order_by("-id").first()
        raise SimulationError(
            "already_simulated",
            f"A simulated history is already there (#{last.pk}: {last.parameters.get('months')} months to "
            f"{last.parameters.get('until')}, seed {last.seed}); simulate into a fresh database.")
    started = time.monotonic()
    with transaction.atomic():
        run = SimulationRun.objects.create(
            province_code=dataset.province_code, first_month=(until - (months - 1)).first_day,
            last_month=until.first_day, seed=seed, parameters=params, started_at=timezone.now())
        sim = _Simulation(dataset, until - (months - 1), months, seed, say)
        summary = sim.run()
        summary["seconds"]["total"] = round(time.monotonic() - started, 1)
        run.summary = summary
        run.finished_at = timezone.now()
        run.save(update_fields=["summary", "finished_at"])
    return SimulationResult(run, reused=False)


# --- helpers ---------------------------------------------------------------------------------------------------

def _dates(values: list[Any]) -> np.ndarray:
    return np.array([v if v else "NaT" for v in values], dtype="datetime64[D]")


def _iso(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(days, unit="D").astype(object)


def _analyze(*models: Any) -> None:
    """Fresh planner statistics for tables this transaction has just filled (PostgreSQL's ANALYZE samples the rows
    the current transaction inserted; SQLite's, with a sampling limit, reads a few hundred rows per index). Without
    them a planner treats a freshly filled table as empty or small and picks scans whose cost grows with the
    square of the province's size (docs/PERFORMANCE.md)."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _fetch(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _add_years(days: np.ndarray, years: np.ndarray | float) -> np.ndarray:
    return days + np.floor(np.asarray(years) * 365.2425).astype("timedelta64[D]")


def _choice(rng: np.random.Generator, table: tuple[tuple[Any, float], ...], n: int) -> np.ndarray:
    p = np.array([w for _, w in table], dtype=np.float64)
    return rng.choice(len(table), size=n, p=p / p.sum())


def runs(mat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Maximal runs of equal non-zero values along each row: (row, first column, last column, value)."""
    n, t = mat.shape
    pad = np.zeros((n, t + 2), dtype=mat.dtype)
    pad[:, 1:-1] = mat
    start = (pad[:, 1:-1] != pad[:, :-2]) & (mat != 0)
    end = (pad[:, 1:-1] != pad[:, 2:]) & (mat != 0)
    r0, c0 = np.nonzero(start)
    _, c1 = np.nonzero(end)
    return r0, c0, c1, mat[r0, c0]


def _merge_spells(person: np.ndarray, key: np.ndarray, first: np.ndarray, last: np.ndarray, ref: np.ndarray
                  ) -> tuple[np.ndarray, ...]:
    """Spells (person, key, first month, last month, ref) joined where one continues the previous one of the same
    person and key: (person, key, first, last, ref of the first spell)."""
    if len(person) == 0:
        return person, key, first, last, ref
    order = np.lexsort((first, key, person))
    person, key, first, last, ref = person[order], key[order], first[order], last[order], ref[order]
    new = np.ones(len(person), dtype=bool)
    new[1:] = (person[1:] != person[:-1]) | (key[1:] != key[:-1]) | (first[1:] != last[:-1] + 1)
    group = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], len(person)) - 1
    assert (group[ends] == np.arange(len(starts))).all()
    return person[starts], key[starts], first[starts], last[ends], ref[starts]


# --- the simulation ----------------------------------------------------------------------------------------------

@dataclass
class _Receipts:
    """Receipts made by the household and voluntary simulations (one entry per receipt)."""

    scheme: list[np.ndarray] = field(default_factory=list)  # 0 voluntary SI, 1 household HI
    payer: list[np.ndarray] = field(default_factory=list)  # person index or household index
    month: list[np.ndarray] = field(default_factory=list)  # extended month index of from_month (= taken)
    months: list[np.ndarray] = field(default_factory=list)
    size: list[np.ndarray] = field(default_factory=list)  # household: members paid for; voluntary: mode index
    extra: list[np.ndarray] = field(default_factory=list)  # voluntary: income multiple index; household: 0

    def add(self, scheme: int, payer: np.ndarray, month: np.ndarray | int, months: np.ndarray, size: np.ndarray,
            extra: np.ndarray | int = 0) -> None:
        n = len(payer)
        self.scheme.append(np.full(n, scheme, dtype=np.int8))
        self.payer.append(payer.astype(np.int64))
        self.month.append(np.broadcast_to(np.asarray(month, dtype=np.int64), (n,)).copy())
        self.months.append(months.astype(np.int64))
        self.size.append(size.astype(np.int64))
        self.extra.append(np.broadcast_to(np.asarray(extra, dtype=np.int64), (n,)).copy())

    def frame(self) -> dict[str, np.ndarray]:
        out = {name: np.concatenate(getattr(self, name)) if getattr(self, name) else np.zeros(0, np.int64)
               for name in ("scheme", "payer", "month", "months", "size", "extra")}
        return out


class _Simulation:
    def __init__(self, dataset: GeneratedDataset, first: Month, months: int, seed: int, say: Progress) -> None:
        self.dataset, self.first, self.T, self.seed, self.say = dataset, first, months, seed, say
        self.K = PRE + months + POST
        self.base = first - PRE  # extended month 0
        self.seconds: dict[str, float] = {}
        self.summary: dict[str, Any] = {}

    def rng(self, stream: str, *more: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, _STREAM[stream], *more])

    def month(self, i: int) -> Month:
        return self.base + int(i)

    # -- orchestration --
    def run(self) -> dict[str, Any]:
        t = time.monotonic()
        self._load()
        self._grid()
        self._employments()
        self._groups()
        self._households()
        self._voluntary()
        self.seconds["population"] = round(time.monotonic() - t, 1)
        t = time.monotonic()
        self._participations()
        self._agents()
        self._receipt_frame()
        self.seconds["participations_receipts_prepared"] = round(time.monotonic() - t, 1)
        self._months()
        self.summary["seconds"] = self.seconds
        return self.summary

    # -- reading the population --
    def _load(self) -> None:
        ranges = self.dataset.summary.get("id_ranges", {})
        p_lo, p_hi = ranges.get("persons", (1, 0))
        e_lo, e_hi = ranges.get("employers", (1, 0))
        self.province = load_province(self.dataset.province_code)
        communes = self.province.communes
        self.commune_ids = np.array([c.id for c in communes], dtype=np.int64)
        self.ward = np.array([c.is_ward for c in communes], dtype=bool)
        rows = _fetch("SELECT id, CAST(birth_date AS TEXT), sex, ethnicity, address_commune_id, "
                      "CAST(death_date AS TEXT) FROM registry_person WHERE id BETWEEN %s AND %s ORDER BY id",
                      [p_lo, p_hi])
        if not rows:
            raise SimulationError("no_dataset", "The generated province has no persons: run `ansinh generate`.")
        cols = list(zip(*rows, strict=True))
        self.pid = np.array(cols[0], dtype=np.int64)
        self.birth = _dates(list(cols[1]))
        self.male = np.array([s == "M" for s in cols[2]], dtype=bool)
        self.minority = np.array([e != "01" for e in cols[3]], dtype=bool)
        self.commune = self._commune_index(np.array(cols[4], dtype=np.int64))
        self.death = _dates(list(cols[5]))
        del rows, cols
        P = len(self.pid)
        members = _fetch("SELECT m.person_id, m.household_id FROM registry_householdmember m "
                         "WHERE m.person_id BETWEEN %s AND %s AND m.valid_to IS NULL ORDER BY m.person_id",
                         [p_lo, p_hi])
        households = _fetch("SELECT id, commune_id, head_id FROM registry_household WHERE id IN "
                            "(SELECT household_id FROM registry_householdmember WHERE person_id BETWEEN %s AND %s) "
                            "ORDER BY id", [p_lo, p_hi])
        self.hid = np.array([h[0] for h in households], dtype=np.int64)
        self.hh_commune = self._commune_index(np.array([h[1] for h in households], dtype=np.int64))
        head = np.array([h[2] or 0 for h in households], dtype=np.int64)
        self.household = np.full(P, -1, dtype=np.int64)
        if members:
            m = np.array(members, dtype=np.int64)
            self.household[np.searchsorted(self.pid, m[:, 0])] = np.searchsorted(self.hid, m[:, 1])
        H = len(self.hid)
        self.hh_minority = np.zeros(H, dtype=bool)
        has = self.household >= 0
        np.logical_or.at(self.hh_minority, self.household[has], self.minority[has])  # any member: a fallback
        known = np.isin(head, self.pid)
        self.hh_minority[known] = self.minority[np.searchsorted(self.pid, head[known])]
        emps = _fetch("SELECT e.id, e.person_id, e.employer_id, CAST(e.valid_from AS TEXT), CAST(e.valid_to AS TEXT), "
                      "e.contract_type FROM registry_employment e WHERE e.person_id BETWEEN %s AND %s ORDER BY e.id",
                      [p_lo, p_hi])
        cols = list(zip(*emps, strict=True)) if emps else [[] for _ in range(6)]
        self.eid = np.array(cols[0], dtype=np.int64)
        self.e_person = np.searchsorted(self.pid, np.array(cols[1], dtype=np.int64))
        self.e_employer = np.array(cols[2], dtype=np.int64)
        self.e_from = _dates(list(cols[3]))
        self.e_to = _dates(list(cols[4]))
        self.e_type = np.array(cols[5], dtype=object)
        employers = _fetch("SELECT id, ownership_type, unit_code, name FROM registry_employer WHERE id BETWEEN %s AND %s "
                           "ORDER BY id", [e_lo, e_hi])
        self.er_id = np.array([r[0] for r in employers], dtype=np.int64)
        self.er_hc = np.array([r[1] in HC_OWNERSHIP for r in employers], dtype=bool)
        self.er_unit = [r[2] for r in employers]
        self.er_name = [r[3] for r in employers]
        self.summary.update({"window": f"{self.first}..{self.first + (self.T - 1)}", "months": self.T,
                             "persons": P, "households": H, "employers": len(self.er_id),
                             "employments": len(self.eid)})
        self.say(f"population: {P:,} persons, {H:,} households, {len(self.eid):,} employments, "
                 f"{len(self.er_id):,} employers")

    def _commune_index(self, ids: np.ndarray) -> np.ndarray:
        order = np.argsort(self.commune_ids)
        pos = np.searchsorted(self.commune_ids[order], ids)
        pos = np.clip(pos, 0, len(order) - 1)
        found = self.commune_ids[order][pos] == ids
        return np.where(found, order[pos], 0)  # a commune outside the province's current list: the first one

    # -- months --
    def _grid(self) -> None:
        K = self.K
        self.mfirst = np.array([self.month(i).first_day for i in range(K + 1)], dtype="datetime64[D]")
        self.base_m = self.mfirst[0].astype("datetime64[M]").astype(np.int64)
        self.win = slice(PRE, PRE + self.T)

    def _month_of(self, days: np.ndarray) -> np.ndarray:
        """Extended month index of each day (NaT: a month far away)."""
        nat = np.isnat(days)
        idx = days.astype("datetime64[M]").astype(np.int64) - self.base_m
        return np.where(nat, 10**6, idx)

    def _first_month_from(self, days: np.ndarray) -> np.ndarray:
        """Index of the first month that starts on or after each day."""
        nat = np.isnat(days)
        mm = days.astype("datetime64[M]")
        idx = mm.astype(np.int64) - self.base_m + (days > mm.astype("datetime64[D]"))
        return np.where(nat, 10**6, idx)

    # -- compulsory schemes from employments --
    def _employments(self) -> None:
        K, P = self.K, len(self.pid)
        far = np.datetime64("9999-12-31")
        vf = self.e_from
        vt1 = np.where(np.isnat(self.e_to), far, self.e_to + np.timedelta64(1, "D"))
        keep = (vf < self.mfirst[K]) & (vt1 > self.mfirst[0])
        self.e_keep = np.flatnonzero(keep)
        vf, vt1 = vf[keep][:, None], vt1[keep][:, None]
        start = np.maximum(vf, self.mfirst[None, :K])
        end = np.minimum(vt1, self.mfirst[None, 1:])
        worked = np.busday_count(start, np.maximum(end, start), weekmask=WEEKMASK)
        month_days = np.busday_count(self.mfirst[:-1], self.mfirst[1:], weekmask=WEEKMASK)
        due = (month_days[None, :] - worked) < UNPAID_DAYS_LIMIT
        types = sorted(set(self.e_type[keep].tolist()))
        tix = np.array([types.index(t) for t in self.e_type[keep]], dtype=np.int64)
        scope = {s: np.array([[getattr(compulsory_scope(t, self.month(i).first_day), s) for i in range(K)]
                              for t in types], dtype=bool).reshape(len(types), K) for s in ("si", "hi", "ui")}
        self.e_on = {s: due & scope[s][tix] for s in ("si", "hi", "ui")}
        person = self.e_person[keep]
        self.emp_hi = np.zeros((P, K), dtype=bool)
        self.emp_si = np.zeros((P, K), dtype=bool)
        np.logical_or.at(self.emp_hi, person, self.e_on["hi"])
        np.logical_or.at(self.emp_si, person, self.e_on["si"])
        # pension: 15 years of employment, retirement age reached, no job open
        open_job = np.zeros(P, dtype=bool)
        np.logical_or.at(open_job, self.e_person, np.isnat(self.e_to))
        as_of = np.datetime64(AS_OF)
        stop = np.where(np.isnat(self.e_to), as_of, self.e_to)
        years = np.zeros(P, dtype=np.float64)
        np.add.at(years, self.e_person, (stop - self.e_from).astype(np.int64) / 365.2425)
        last_end = np.full(P, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(last_end, self.e_person, stop.astype(np.int64))
        born = self.birth.astype("datetime64[Y]").astype(np.int64) + 1970
        # retirement age as the generator makes it (registry.generate.jobs): the Labour Code 2019 roadmap
        ret_men = 60 + np.clip((born + 60 - 2020) * 0.25, 0, 2)
        ret_women = 55 + np.clip((born + 55 - 2020) / 3, 0, 5)
        self.retire = _add_years(self.birth, np.where(self.male, ret_men, ret_women))
        had_job = last_end > np.iinfo(np.int64).min
        pension = had_job & ~open_job & (years >= PENSION_MIN_YEARS)
        last = np.where(had_job, last_end, 0).astype("datetime64[D]")
        self.ht_from = np.where(pension, self._month_of(np.maximum(self.retire, last)) + 1, 10**6)

    # -- HI groups of the State lists, by person and month --
    def _groups(self) -> None:
        K, P, H = self.K, len(self.pid), len(self.hid)
        rng = self.rng("communes")
        rural = ~self.ward
        difficult = rural & (rng.random(len(self.ward)) < DIFFICULT_COMMUNE_SHARE)
        # poor / near-poor lists by year
        years = sorted({self.month(i).year for i in range(K)})
        rng = self.rng("households")
        kind = np.where(self.ward[self.hh_commune], "ward", np.where(self.hh_minority, "rural_minority", "rural_kinh"))
        p_poor = np.vectorize(POOR_SHARE.get)(kind) if H else np.zeros(0)
        p_near = np.vectorize(NEAR_POOR_SHARE.get)(kind) if H else np.zeros(0)
        status = np.zeros((H + 1, len(years)), dtype=np.int8)  # the last row: persons without a household
        u = rng.random(H)
        status[:H, 0] = np.where(u < p_poor, POOR, np.where(u < p_poor + p_near, NEAR, 0))
        for y in range(1, len(years)):
            prev = status[:H, y - 1]
            u, v = rng.random(H), rng.random(H)
            cur = prev.copy()
            poor_out = (prev == POOR) & (u < POOR_EXIT)
            cur[poor_out] = np.where(v[poor_out] < POOR_TO_NEAR, NEAR, 0)
            near_out = (prev == NEAR) & (u < NEAR_EXIT + NEAR_TO_POOR)
            cur[near_out] = np.where(u[near_out] < NEAR_TO_POOR, POOR, 0)
            none = prev == 0
            cur[none & (u < NEW_POOR)] = POOR
            cur[none & (u >= NEW_POOR) & (u < NEW_POOR + NEW_NEAR)] = NEAR
            status[:H, y] = cur
        self.hh_status, self.years = status, years
        year_of = np.array([years.index(self.month(i).year) for i in range(K)], dtype=np.int64)
        self.year_of = year_of
        person_status = status[self.household][:, year_of]  # (P, K); household −1 → the last row (no list)

        rng = self.rng("persons")
        leave_age = np.array([a for a, _ in SCHOOL_LEAVING], dtype=np.float64)[_choice(rng, SCHOOL_LEAVING, P)]
        born_i = self._month_of(self.birth)
        dead_i = np.where(np.isnat(self.death), 10**6, self._month_of(self.death))
        te_end = self._first_month_from(_add_years(self.birth, 6))
        s_to = self._first_month_from(_add_years(self.birth, leave_age))
        sv_from = self._first_month_from(_add_years(self.birth, 18))
        sp2025 = int(self._month_of(np.array([SOCIAL_PENSION_2025], dtype="datetime64[D]"))[0])
        bt_from = np.minimum(self._first_month_from(_add_years(self.birth, SOCIAL_PENSION_AGE)),
                             np.maximum(self._first_month_from(_add_years(self.birth, SOCIAL_PENSION_AGE_2025)), sp2025))
        dt_person = self.minority & difficult[self.commune]
        i = np.arange(K)[None, :]
        code = np.zeros((P, K), dtype=np.int8)

        def put(mask: np.ndarray, value: int) -> None:
            code[(code == 0) & mask] = value

        put(self.emp_hi, EMP)
        put(i >= self.ht_from[:, None], HT)
        put(i < te_end[:, None], TE)
        put(person_status == POOR, HN)
        put(np.broadcast_to(dt_person[:, None], (P, K)), DT)
        put(i >= bt_from[:, None], BT)
        put(person_status == NEAR, CN)
        student = (i >= te_end[:, None]) & (i < s_to[:, None])
        put(student & (i < sv_from[:, None]), HS)
        put(student & (i >= sv_from[:, None]), SV)
        self.alive = (i >= born_i[:, None]) & (i <= dead_i[:, None])
        code[~self.alive] = 0
        self.code = code
        self.person_status = person_status
        self.difficult = difficult
        # who may join voluntary SI: 15 to retirement age, not in compulsory SI, not a pensioner
        age15 = self._first_month_from(_add_years(self.birth, 15))
        retire_i = self._month_of(self.retire)
        self.vsi_ok = (self.alive & (i >= age15[:, None]) & (i < retire_i[:, None]) & ~self.emp_si
                       & (i < self.ht_from[:, None]))
        join_lo = self._first_month_from(_add_years(self.birth, VSI_JOIN_AGES[0]))
        join_hi = self._first_month_from(_add_years(self.birth, VSI_JOIN_AGES[1]))
        self.vsi_join_age = (i >= join_lo[:, None]) & (i < join_hi[:, None])

    # -- household HI (GD) --
    def _households(self) -> None:
        K, P, H = self.K, len(self.pid), len(self.hid)
        elig = self.alive & (self.code == 0) & (self.household >= 0)[:, None]
        self.gd_elig = elig
        n_elig = np.zeros((H, K), dtype=np.int32)
        for k in range(K):
            n_elig[:, k] = np.bincount(self.household[elig[:, k]], minlength=H)
        rng = self.rng("gd")
        periods = np.array([p for p, _ in GD_PERIODS], dtype=np.int64)
        per = periods[_choice(rng, GD_PERIODS, H)]
        receipts = _Receipts()
        members_r: list[np.ndarray] = []  # receipt number (within this simulation) per member row
        members_p: list[np.ndarray] = []
        self.gd = np.zeros((P, K), dtype=bool)
        spells: list[tuple[np.ndarray, ...]] = []
        count = 0

        def issue(hh: np.ndarray, at: np.ndarray) -> None:
            nonlocal count
            if len(hh) == 0:
                return
            ids = count + np.arange(len(hh))
            count += len(hh)
            by_hh = np.full(H, -1, dtype=np.int64)
            by_hh[hh] = np.arange(len(hh))
            # members: persons eligible in the receipt's month
            rows_p, rows_r = [], []
            for k in np.unique(at):
                sel = hh[at == k]
                mark = np.zeros(H, dtype=bool)
                mark[sel] = True
                who = np.flatnonzero(elig[:, k] & mark[np.maximum(self.household, 0)] & (self.household >= 0))
                rows_p.append(who)
                rows_r.append(by_hh[self.household[who]])
            who = np.concatenate(rows_p)
            rix = np.concatenate(rows_r)
            size = np.bincount(rix, minlength=len(hh))
            receipts.add(1, hh, at, per[hh], size)
            members_p.append(who)
            members_r.append(ids[rix])
            # coverage: from the receipt's month while eligible, for the months paid
            start, length = at[rix], per[hh][rix]
            on = np.ones(len(who), dtype=bool)
            last = start - 1
            for j in range(int(length.max()) if len(length) else 0):
                k = start + j
                inside = (j < length) & (k < K)
                on &= inside & elig[who, np.minimum(k, K - 1)]
                self.gd[who[on], k[on]] = True
                last = np.where(on, k, last)
            got = last >= start
            spells.append((who[got], self.household[who[got]], start[got], last[got], ids[rix][got]))

        # at the start of the window: households holding a receipt taken up to a period before
        k0 = PRE - np.floor(rng.random(H) * per).astype(np.int64)
        holder = (rng.random(H) < GD_INITIAL) & (n_elig[np.arange(H), k0] > 0)
        ever = holder | (rng.random(H) < 0.5)
        start_hh = np.flatnonzero(holder)
        issue(start_hh, k0[start_hh])
        paid_until = np.where(holder, k0 + per, -1)
        active = holder.copy()
        for k in range(PRE, PRE + self.T):
            u = rng.random(H)
            expired = active & (paid_until == k)
            has = n_elig[:, k] > 0
            renew = expired & has & (u < GD_RENEW)
            active[expired & ~renew] = False
            join = ~active & ~expired & has & (u < np.where(ever, GD_REJOIN, GD_JOIN))
            start = np.flatnonzero(renew | join)
            issue(start, np.full(len(start), k, dtype=np.int64))
            paid_until[start] = k + per[start]
            active[start] = True
            ever[start] = True
        self.gd_receipts = receipts.frame()
        self.gd_members = (np.concatenate(members_p) if members_p else np.zeros(0, np.int64),
                           np.concatenate(members_r) if members_r else np.zeros(0, np.int64))
        cat = [np.concatenate(x) for x in zip(*spells, strict=True)] if spells else [np.zeros(0, np.int64)] * 5
        self.gd_spells = _merge_spells(*cat)
        self.say(f"household HI: {count:,} receipts for {len(np.unique(self.gd_receipts['payer'])):,} households")

    # -- voluntary SI --
    def _voluntary(self) -> None:
        K, P = self.K, len(self.pid)
        rng = self.rng("vsi")
        mode_months = np.array([m for _, m, _ in VSI_MODES], dtype=np.int64)
        mode_table = tuple((name, w) for name, _, w in VSI_MODES)
        mode = _choice(rng, mode_table, P)
        mult = _choice(rng, VSI_INCOME_MULTIPLES, P)
        per = mode_months[mode]
        ok = self.vsi_ok
        receipts = _Receipts()
        self.vsi = np.zeros((P, K), dtype=bool)
        spells: list[tuple[np.ndarray, ...]] = []
        count = 0
        active_by_month: list[int] = []

        def issue(who: np.ndarray, at: np.ndarray) -> None:
            nonlocal count
            if len(who) == 0:
                return
            ids = count + np.arange(len(who))
            count += len(who)
            receipts.add(0, who, at, per[who], mode[who], mult[who])
            on = np.ones(len(who), dtype=bool)
            last = at - 1
            for j in range(int(per[who].max())):
                k = at + j
                on &= (j < per[who]) & (k < K) & ok[who, np.minimum(k, K - 1)]
                self.vsi[who[on], k[on]] = True
                last = np.where(on, k, last)
            got = last >= at
            spells.append((who[got], np.zeros(int(got.sum()), np.int64), at[got], last[got], ids[got]))

        start_ok = np.flatnonzero(ok[:, PRE] & self.vsi_join_age[:, PRE])
        n0 = min(len(start_ok), round(VSI_INITIAL * int(self.alive[:, PRE].sum())))
        first = np.sort(rng.choice(start_ok, n0, replace=False)) if n0 else np.zeros(0, np.int64)
        k0 = PRE - np.floor(rng.random(len(first)) * per[first]).astype(np.int64)
        fine = ok[first, k0]
        k0 = np.where(fine, k0, PRE)
        issue(first, k0)
        active = np.zeros(P, dtype=bool)
        active[first] = True
        paid_until = np.full(P, -1, dtype=np.int64)
        paid_until[first] = k0 + per[first]
        for k in range(PRE, PRE + self.T):
            u = rng.random(P)
            expired = active & (paid_until == k)
            keep = expired & ok[:, k] & (u < (1 - VSI_LAPSE_MONTHLY) ** per)
            active[expired & ~keep] = False
            growth = VSI_GROWTH_CAMPAIGN if self.month(k).month in VSI_CAMPAIGN_MONTHS else VSI_GROWTH
            cands = np.flatnonzero(ok[:, k] & self.vsi_join_age[:, k] & ~active & ~expired)
            n_new = min(len(cands), round(growth * int(active.sum())))
            new = np.sort(rng.choice(cands, n_new, replace=False)) if n_new else np.zeros(0, np.int64)
            start = np.union1d(np.flatnonzero(keep), new)
            issue(start, np.full(len(start), k, dtype=np.int64))
            paid_until[start] = k + per[start]
            active[start] = True
            active_by_month.append(int(self.vsi[:, k].sum()))
        self.vsi_receipts = receipts.frame()
        cat = [np.concatenate(x) for x in zip(*spells, strict=True)] if spells else [np.zeros(0, np.int64)] * 5
        self.vsi_spells = _merge_spells(*cat)
        self.summary["voluntary_si"] = {"first_month": active_by_month[0], "last_month": active_by_month[-1],
                                        "by_month": active_by_month}
        self.say(f"voluntary SI: {active_by_month[0]:,} → {active_by_month[-1]:,} participants, {count:,} receipts")

    # -- participations --
    def _participations(self) -> None:
        T, win_end = self.T, PRE + self.T
        cols: dict[str, list[np.ndarray]] = defaultdict(list)

        def add(person: np.ndarray, scheme: str, group: np.ndarray | str, payer: np.ndarray | str,
                first: np.ndarray, last: np.ndarray, open_: np.ndarray, *, employer: np.ndarray | None = None,
                employment: np.ndarray | None = None, household: np.ndarray | None = None,
                ref: np.ndarray | list[str] | str = "") -> None:
            n = len(person)
            none = np.full(n, None, dtype=object)
            cols["person_id"].append(self.pid[person])
            cols["scheme"].append(np.full(n, scheme, dtype=object))
            cols["hi_group"].append(np.broadcast_to(np.asarray(group, dtype=object), (n,)))
            cols["payer"].append(np.broadcast_to(np.asarray(payer, dtype=object), (n,)))
            cols["employer_id"].append(none if employer is None else employer.astype(object))
            cols["employment_id"].append(none if employment is None else employment.astype(object))
            cols["household_id"].append(none if household is None else household.astype(object))
            cols["valid_from"].append(_iso(self.mfirst[first]))
            to = _iso(self.mfirst[last + 1] - np.timedelta64(1, "D"))
            to[open_] = None
            cols["valid_to"].append(to)
            cols["source_ref"].append(np.broadcast_to(np.asarray(ref, dtype=object), (n,)))

        counts: dict[str, int] = defaultdict(int)
        # compulsory, from employments: runs inside the window (+ the month after: open when it goes on)
        keep = self.e_keep
        for scheme in ("si", "hi", "ui"):
            on = self.e_on[scheme][:, PRE:win_end + 1].astype(np.int8)
            r, c0, c1, _ = runs(on)
            r, c0, c1 = r[c0 < T], c0[c0 < T], c1[c0 < T]
            open_ = c1 >= T
            c1 = np.minimum(c1, T - 1)
            emp = keep[r]
            employer = self.e_employer[emp]
            hc = self.er_hc[np.clip(np.searchsorted(self.er_id, employer), 0, max(len(self.er_id) - 1, 0))]
            group = np.where(hc, "HC", "DN") if scheme == "hi" else ""
            add(self.e_person[emp], scheme, group, Payer.EMPLOYER_EMPLOYEE, c0 + PRE, c1 + PRE, open_,
                employer=employer, employment=self.eid[emp], ref=np.array([f"sim:employment:{e}" for e in self.eid[emp]], dtype=object))
            counts[scheme] += len(r)
            if scheme == "hi":
                for g in ("DN", "HC"):
                    counts[f"hi_{g}"] = int((group == g).sum())
        # HI groups of the lists
        lists = np.where(self.code == EMP, 0, self.code)[:, PRE:win_end + 1]
        r, c0, c1, v = runs(lists)
        sel = c0 < T
        r, c0, c1, v = r[sel], c0[sel], c1[sel], v[sel]
        open_ = c1 >= T
        c1 = np.minimum(c1, T - 1)
        for code, (group, payer) in GROUP.items():
            s = v == code
            hh = self.household[r[s]]
            household = np.where(hh >= 0, self.hid[np.maximum(hh, 0)], 0).astype(object)
            household[hh < 0] = None
            add(r[s], "hi", group, payer, c0[s] + PRE, c1[s] + PRE, open_[s],
                household=household if code in (HN, CN) else None, ref=f"sim:list:{group}")
            counts[f"hi_{group}"] = int(s.sum())
        # household HI and voluntary SI: the spells paid by receipts (numbers known once receipts are numbered)
        self._pending_spells = cols, counts
        self.say("participations prepared")

    def _write_participations(self, gd_numbers: np.ndarray, vsi_numbers: np.ndarray) -> dict[str, int]:
        cols, counts = self._pending_spells
        for spells, numbers, scheme, group, payer in ((self.gd_spells, gd_numbers, "hi", "GD", Payer.HOUSEHOLD),
                                                      (self.vsi_spells, vsi_numbers, "vsi", "", Payer.SELF)):
            person, hh, first, last, ref = spells
            n = len(person)
            cols["person_id"].append(self.pid[person])
            cols["scheme"].append(np.full(n, scheme, dtype=object))
            cols["hi_group"].append(np.full(n, group, dtype=object))
            cols["payer"].append(np.full(n, payer, dtype=object))
            cols["employer_id"].append(np.full(n, None, dtype=object))
            cols["employment_id"].append(np.full(n, None, dtype=object))
            cols["household_id"].append(self.hid[hh].astype(object) if scheme == "hi" else np.full(n, None, dtype=object))
            cols["valid_from"].append(_iso(self.mfirst[first]))
            cols["valid_to"].append(_iso(self.mfirst[last + 1] - np.timedelta64(1, "D")))
            cols["source_ref"].append(numbers[ref] if n else np.zeros(0, dtype=object))
            counts["hi_GD" if scheme == "hi" else "vsi"] = n
        data = {k: np.concatenate(v) for k, v in cols.items()}
        n = len(data["person_id"])
        order = np.lexsort((data["valid_from"].astype(str), data["scheme"].astype(str), data["person_id"]))
        data = {k: v[order] for k, v in data.items()}
        data["id"] = np.array(next_ids(Participation._meta.db_table, n), dtype=np.int64)
        data["source"] = Participation.Source.GENERATED
        data["created_at"] = timezone.now()
        insert_columns(Participation._meta.db_table, data, n)
        counts["rows"] = n
        return dict(counts)

    # -- collection agents --
    def _agents(self) -> None:
        communes = self.province.communes
        pcode = self.province.code
        served = dict(OfficeCommune.objects.filter(commune_id__in=self.commune_ids, valid_to__isnull=True)
                      .order_by("commune_id", "office_id").values_list("commune_id", "office_id"))
        office_of = np.array([served.get(int(c), 0) for c in self.commune_ids], dtype=np.int64)
        # post offices: one per serving office, or per block of communes in code order when none is loaded
        keys = office_of if served else np.arange(len(communes)) // COMMUNES_PER_POST_OFFICE
        specs: list[dict[str, Any]] = []
        po_of = np.zeros(len(communes), dtype=np.int64)
        for key in sorted(set(keys.tolist())):
            members = np.flatnonzero(keys == key)
            wards = [m for m in members if self.ward[m]]
            at = int(wards[0] if wards else members[0])
            po_of[members] = len(specs)
            c = communes[at]
            specs.append({"code": f"{VNPOST_CODE}TH{pcode}{c.code}001", "name": f"Bưu điện {c.short}",
                          "kind": CollectionAgent.Kind.POST_OFFICE, "commune": at})
        cp_of = np.zeros(len(communes), dtype=np.int64)
        for j, c in enumerate(communes):
            cp_of[j] = len(specs)
            org = f"{pcode}{c.code}000"[-10:].rjust(10, "0")
            specs.append({"code": f"{org}TH{pcode}{c.code}001", "name": f"Điểm thu {c.label}",
                          "kind": CollectionAgent.Kind.COMMUNE_POINT, "commune": j})
        existing = {a.code: a for a in CollectionAgent.objects.filter(code__in=[s["code"] for s in specs])}
        valid_from = self.month(0).first_day
        new = [CollectionAgent(code=s["code"], name=s["name"], kind=s["kind"], commune_id=int(self.commune_ids[s["commune"]]),
                               office_id=int(office_of[s["commune"]]) or None, commission_rate=COMMISSION[s["kind"]],
                               valid_from=valid_from)
               for s in specs if s["code"] not in existing]
        CollectionAgent.objects.bulk_create(new)
        by_code = {a.code: a for a in CollectionAgent.objects.filter(code__in=[s["code"] for s in specs])}
        agents = [by_code[s["code"]] for s in specs]
        self.agent_id = np.array([a.pk for a in agents], dtype=np.int64)
        self.agent_code = [a.code for a in agents]
        self.agent_rate = [Decimal(a.commission_rate) for a in agents]
        self.agent_office = np.array([a.office_id or AGENCY_HOLDER for a in agents], dtype=np.int64)
        self.po_of, self.cp_of = po_of, cp_of
        self.summary["agents"] = {"created": len(new), "post_offices": len(set(po_of.tolist())),
                                  "commune_points": len(communes)}

    # -- receipts: amounts, numbers, agents --
    def _receipt_frame(self) -> None:
        gd, vs = self.gd_receipts, self.vsi_receipts
        r = {k: np.concatenate([vs[k], gd[k]]) for k in vs}
        n = len(r["scheme"])
        vsi = r["scheme"] == 0
        commune = np.where(vsi, self.commune[np.where(vsi, r["payer"], 0)],
                           self.hh_commune[np.where(vsi, 0, r["payer"])] if len(self.hid) else 0)
        rng = self.rng("agents")
        at_po = rng.random(n) < AGENT_POST_OFFICE_SHARE
        r["agent"] = np.where(at_po, self.po_of[commune], self.cp_of[commune])
        r["day"] = 1 + np.floor(rng.random(n) * 28).astype(np.int64)
        # State-support group of a voluntary participant in the receipt's month
        status = np.where(vsi, self.person_status[np.where(vsi, r["payer"], 0), np.clip(r["month"], 0, self.K - 1)], 0)
        minority = self.minority[np.where(vsi, r["payer"], 0)]
        groups = ("poor", "near_poor", "ethnic_minority", "other")
        r["group"] = np.where(status == POOR, 0, np.where(status == NEAR, 1, np.where(minority, 2, 3)))
        gross = np.zeros(n, dtype=np.int64)
        support = np.zeros(n, dtype=np.int64)
        income = np.zeros(n, dtype=np.int64)
        calls = 0
        # voluntary SI: one calculator call per (income multiple, month, mode, group)
        keys = np.stack([r["extra"], r["month"], r["size"], r["group"]], axis=1)[vsi]
        uniq, inv = np.unique(keys, axis=0, return_inverse=True) if len(keys) else (np.zeros((0, 4), np.int64), np.zeros(0, np.int64))
        vg, vsup, vinc = np.zeros(len(uniq), np.int64), np.zeros(len(uniq), np.int64), np.zeros(len(uniq), np.int64)
        for j, (mi, k, md, g) in enumerate(uniq.tolist()):
            m = self.month(k)
            line = POVERTY_LINE.at(m.first_day).rural
            inc = round(VSI_INCOME_MULTIPLES[mi][0] * line / 1000) * 1000
            res = voluntary.calculate(voluntary.VoluntaryInput(income=max(inc, line), month=m, mode=VSI_MODES[md][0],
                                                               months=VSI_MODES[md][1], group=groups[g]))
            vg[j], vsup[j], vinc[j] = res.payable + res.state_support, res.state_support, max(inc, line)
            calls += 1
        idx = np.flatnonzero(vsi)
        inv = np.asarray(inv).reshape(-1)
        gross[idx], support[idx], income[idx] = vg[inv], vsup[inv], vinc[inv]
        # household HI: the province's support scheme per member, as the agent screen applies it
        # (contributions.services.collection._household_local: the member's age on the first day paid, no other
        # card; the commune lists are not held yet when the history is made, so no list groups). One call of the
        # rules per (members, month, months, local group of each member in rank order).
        hh = ~vsi
        local_of = self._household_local_groups()
        keys = [(int(sz), int(k), int(mo), local_of[g]) for g, (sz, k, mo) in
                enumerate(zip(gd["size"].tolist(), gd["month"].tolist(), gd["months"].tolist(), strict=True))]
        uniq_keys: dict[tuple[Any, ...], int] = {}
        inv = np.array([uniq_keys.setdefault(key, len(uniq_keys)) for key in keys], dtype=np.int64)
        hg, hs = np.zeros(len(uniq_keys), np.int64), np.zeros(len(uniq_keys), np.int64)
        for (size, k, months, ages), j in uniq_keys.items():
            res = household_hi.calculate(household_hi.HouseholdInput(
                members=max(size, 1), month=self.month(k), months=months, province=self.province.code,
                local=tuple({"lists": (), "age": a, "has_card": False} for a in ages)))
            hg[j], hs[j] = res.total, res.state_support + res.province_support
            calls += 1
        idx = np.flatnonzero(hh)
        gross[idx], support[idx] = hg[inv], hs[inv]
        r["gross"], r["support"], r["income"] = gross, support, income
        # numbers: per month taken, voluntary first, in the order made
        order = np.lexsort((np.arange(n), r["scheme"], r["month"]))
        r = {k: v[order] for k, v in r.items()}
        r["orig"] = order
        seq = np.zeros(n, dtype=np.int64)
        if n:
            new_month = np.ones(n, dtype=bool)
            new_month[1:] = r["month"][1:] != r["month"][:-1]
            starts = np.flatnonzero(new_month)
            seq = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
        prefix = {k: f"S{self.month(k).year % 100:02d}{self.month(k).month:02d}" for k in np.unique(r["month"]).tolist()}
        r["number"] = np.array([f"{prefix[k]}{'V' if s == 0 else 'H'}{q + 1:06d}"
                                for k, s, q in zip(r["month"].tolist(), r["scheme"].tolist(), seq.tolist(), strict=True)],
                               dtype=object)
        self.receipts = r
        # the receipt numbers in the order each simulation made them, for the participations' source_ref
        numbers = np.empty(n, dtype=object)
        numbers[order] = r["number"]
        n_vsi = len(vs["scheme"])
        self.vsi_numbers, self.gd_numbers = numbers[:n_vsi], numbers[n_vsi:]
        self.summary["calculator_calls"] = calls

    # -- the months --
    def _months(self) -> None:
        t = time.monotonic()
        counts = self._write_participations(self.gd_numbers, self.vsi_numbers)
        _analyze(Participation, CollectionAgent)
        self.summary["participations"] = counts
        self.seconds["participations_written"] = round(time.monotonic() - t, 1)
        self.say(f"participations: {counts['rows']:,} rows")
        self._employer_behaviour()
        r = self.receipts
        first_collect = int(r["month"].min()) if len(r["month"]) else PRE
        totals: dict[str, int] = defaultdict(int)
        timing: dict[str, float] = defaultdict(float)
        coverage = []
        for i in range(min(first_collect, PRE), PRE + self.T):
            m = self.month(i)
            t0 = time.monotonic()
            line = [str(m)]
            if i >= PRE:
                _, report = assess(m)
                timing["assess"] += time.monotonic() - t0
                totals["assessment_lines"] += report.lines_written
                totals["assessment_due"] += report.total_delta
                self._read_dues(m)
                line.append(f"assessed {report.lines_written:,} lines ({report.total_delta / 1e9:,.2f} bn)")
            t1 = time.monotonic()
            n_rec, collected = self._collect(i)
            timing["receipts"] += time.monotonic() - t1
            totals["receipts"] += n_rec
            totals["receipts_gross"] += collected
            line.append(f"{n_rec:,} receipts ({collected / 1e9:,.2f} bn)")
            if i >= PRE:
                t2 = time.monotonic()
                n_pay, paid = self._pay(i)
                timing["payments"] += time.monotonic() - t2
                totals["payments"] += n_pay
                totals["paid"] += paid
                t3 = time.monotonic()
                interest = accrue_interest(m)
                self._read_interest(m)
                timing["interest"] += time.monotonic() - t3
                totals["interest"] += interest.total
                k = i
                alive = int(self.alive[:, k].sum())
                covered = int((self.alive[:, k] & ((self.code[:, k] != 0) | self.gd[:, k])).sum())
                share = covered / alive if alive else 0.0
                coverage.append(round(100 * share, 2))
                if (i - PRE) % 12 == 0:
                    _analyze(AssessmentLine, LedgerTxn, LedgerEntry, Receipt, Remittance, BankStatementLine)
                line.append(f"{n_pay:,} payments ({paid / 1e9:,.2f} bn), interest {interest.total:,}, "
                            f"HI coverage {100 * share:.1f} %")
            self.say(f"{'  '.join(line)} ({time.monotonic() - t0:.1f} s)")
        debt = sum(max(v, 0) for cells in self.bal.values() for v in cells.values())
        self.summary.update({
            "hi_coverage_percent": {"first_month": coverage[0], "last_month": coverage[-1], "by_month": coverage},
            "hi_by_group_last_month": self._groups_last_month(),
            "totals": dict(totals), "receivable_end": debt,
            "employers_by_behaviour": {name: int((self.behaviour == j).sum()) for j, (name, _) in enumerate(EMPLOYER_BEHAVIOUR)},
        })
        self.seconds.update({k: round(v, 1) for k, v in timing.items()})

    def _groups_last_month(self) -> dict[str, int]:
        k = PRE + self.T - 1
        alive = self.alive[:, k]
        code = self.code[:, k]
        out = {"persons": int(alive.sum()), "DN_HC": int((alive & (code == EMP)).sum())}
        for c, (group, _) in GROUP.items():
            out[group] = int((alive & (code == c)).sum())
        out["GD"] = int((alive & (code == 0) & self.gd[:, k]).sum())
        out["uncovered"] = int((alive & (code == 0) & ~self.gd[:, k]).sum())
        return out

    # -- employers --
    def _employer_behaviour(self) -> None:
        E = len(self.er_id)
        rng = self.rng("employers")
        self.behaviour = _choice(rng, EMPLOYER_BEHAVIOUR, E)
        self.lag = np.where((self.behaviour == 0) & (rng.random(E) < SAME_MONTH_PAYERS), 0, 1)
        self.fraction = rng.uniform(0.6, 0.95, E)
        self.phase = rng.integers(0, 6, E)
        self.debt_from = PRE + rng.integers(0, max(self.T - 3, 1), E)
        self.debt_len = rng.integers(4, 19, E)
        self.debt_forever = rng.random(E) < 0.3
        self.er_index = {int(e): j for j, e in enumerate(self.er_id.tolist())}
        self.bal: dict[int, dict[tuple[int, str, str], int]] = defaultdict(dict)  # employer → (month, account, fund)

    def _read_dues(self, m: Month) -> None:
        self._read_into(m, Account.RECEIVABLE, (LedgerTxn.Kind.ASSESSMENT, LedgerTxn.Kind.ADJUSTMENT))

    def _read_interest(self, m: Month) -> None:
        self._read_into(m, Account.INTEREST_RECEIVABLE, (LedgerTxn.Kind.INTEREST,))

    def _read_into(self, m: Month, account: str, kinds: tuple[str, ...]) -> None:
        rows = _fetch(
            "SELECT e.holder_id, CAST(e.for_period AS TEXT), e.fund, SUM(e.amount) FROM contributions_ledgerentry e "
            "JOIN contributions_ledgertxn t ON t.id = e.txn_id WHERE e.period = %s AND e.account = %s "
            f"AND e.holder_type = %s AND t.kind IN ({', '.join(['%s'] * len(kinds))}) "
            "GROUP BY e.holder_id, e.for_period, e.fund", [m.first_day, account, HolderType.EMPLOYER, *kinds])
        for holder, fp, fund, amount in rows:
            if amount:
                key = (Month.parse(str(fp)[:7]).index - self.base.index, account, fund)
                cells = self.bal[int(holder)]
                cells[key] = cells.get(key, 0) + int(amount)

    def _pay(self, i: int) -> tuple[int, int]:
        m = self.month(i)
        k = i - PRE
        rng = self.rng("pay", i)
        E = len(self.er_id)
        u, v, w = rng.random(E), rng.random(E), rng.random(E)
        day_early = 20 + np.floor(v * 9).astype(np.int64)
        day_late = 5 + np.floor(v * 24).astype(np.int64)
        last_day = m.last_day.day
        batch: list[BatchTxn] = []
        lines: dict[str, list[Any]] = defaultdict(list)
        total = 0
        for holder in sorted(self.bal):
            cells = self.bal[holder]
            j = self.er_index.get(holder)
            if j is None:
                continue  # an employer outside the generated province: not ours to pay
            upto = i - int(self.lag[j])
            owed_now = sum(a for (f, _, _), a in cells.items() if f <= upto and a > 0)
            if owed_now <= 0:
                continue
            b = int(self.behaviour[j])
            latest = sum(a for (f, acc, _), a in cells.items() if f == upto and acc == Account.RECEIVABLE and a > 0)
            if b == 0:  # on time
                amount = owed_now
            elif b == 1:  # late: now and then a month or two behind
                older = owed_now - latest
                amount = owed_now if u[j] < 0.55 else (older if u[j] < 0.85 else 0)
            elif b == 2:  # partial, catching up twice a year
                amount = owed_now if k % 6 == int(self.phase[j]) else int(owed_now * self.fraction[j]) // 1000 * 1000
            else:  # debtor: an episode of months with little or nothing paid, then paying back (or never)
                in_debt = self.debt_from[j] <= i and (self.debt_forever[j] or i < self.debt_from[j] + self.debt_len[j])
                if in_debt:
                    amount = 0 if u[j] < 0.5 else int(owed_now * (0.05 + 0.25 * w[j])) // 1000 * 1000
                else:
                    amount = min(owed_now, latest + (owed_now - latest) // 6)
            if amount <= 0:
                continue
            day = int(min(day_early[j] if self.lag[j] == 0 else day_late[j], last_day))
            paid_on = dt.date(m.year, m.month, day)
            postings = self._allocate(holder, amount, m, paid_on)
            reference = f"sim:{holder}:{m}:1"
            batch.append(BatchTxn(LedgerTxn.Kind.PAYMENT, reference, paid_on, tuple(postings)))
            unit = self.er_unit[j]
            lines["reference"].append(reference)
            lines["value_date"].append(paid_on.isoformat())
            lines["amount"].append(amount)
            lines["text"].append(f"{unit} nop BHXH BHYT BHTN thang {m.month:02d}/{m.year} {self.er_name[j]}"[:400])
            lines["payer_name"].append(self.er_name[j][:200])
            lines["employer_id"].append(holder)
            total += amount
        if batch:
            post_batch(batch, period=m, memo=f"simulated employer payments {m}")
            n = len(batch)
            lines["id"] = list(next_ids(BankStatementLine._meta.db_table, n))
            insert_columns(BankStatementLine._meta.db_table, {
                **lines, "bank": BANK, "account_no": BANK_ACCOUNT, "status": BankStatementLine.Status.MATCHED,
                "file_name": f"sim-{m}.csv", "imported_at": timezone.now(), "resolved_by_id": None, "resolved_at": None,
            }, n)
        return len(batch), total

    def _allocate(self, holder: int, amount: int, m: Month, paid_on: dt.date) -> list[Posting]:
        """The payments service's allocation (`contributions.services.payments.allocate`, the order in force on
        the value date) applied to the simulator's balances; the amount never exceeds what is owed."""
        cells = self.bal[holder]
        index = {self.month(f).first_day: f for (f, _, _) in cells}
        owed = [Cell(self.month(f).first_day, account, fund, a) for (f, account, fund), a in cells.items() if a > 0]
        moves = allocate(amount, owed, paid_on=paid_on)
        postings = []
        cash: dict[str, int] = defaultdict(int)
        for mv in moves:
            key = (index[mv.for_period], mv.account, mv.fund)
            postings.append(Posting(mv.account, mv.fund, HolderType.EMPLOYER, holder, mv.for_period, mv.amount))
            cash[mv.fund] -= mv.amount
            cells[key] += mv.amount
            if not cells[key]:
                del cells[key]
        postings += [Posting(Account.CASH, fund, HolderType.AGENCY, AGENCY_HOLDER, m.first_day, value)
                     for fund, value in sorted(cash.items())]
        return postings

    # -- receipts, remittances and commission of a month --
    def _collect(self, i: int) -> tuple[int, int]:
        r = self.receipts
        sel = np.flatnonzero(r["month"] == i)
        if len(sel) == 0:
            return 0, 0
        m = self.month(i)
        agents = r["agent"][sel]
        used = np.unique(agents)
        remit_ids = np.array(next_ids(Remittance._meta.db_table, len(used)), dtype=np.int64)
        by_agent = {int(a): n for n, a in enumerate(used.tolist())}
        payable = r["gross"][sel] - r["support"][sel]
        # remittances first (the receipts point at them)
        sums = np.zeros(len(used), dtype=np.int64)
        slot = np.array([by_agent[int(a)] for a in agents], dtype=np.int64)
        np.add.at(sums, slot, payable)
        insert_columns(Remittance._meta.db_table, {
            "id": remit_ids, "agent_id": self.agent_id[used], "remitted_on": m.last_day,
            "reference": [f"sim-remit:{self.agent_code[a]}:{m}" for a in used.tolist()], "amount": sums,
            "created_at": timezone.now()}, len(used))
        vsi = r["scheme"][sel] == 0
        payer = r["payer"][sel]
        first = r["month"][sel]
        to = first + r["months"][sel] - 1
        detail = []
        members = self._members_of(sel)
        for n, s in enumerate(sel.tolist()):
            if vsi[n]:
                detail.append(json.dumps({"generated": "simulate", "calculator": "voluntary",
                                          "mode": VSI_MODES[int(r["size"][s])][0], "months": int(r["months"][s])}))
            else:
                detail.append(json.dumps({"generated": "simulate", "calculator": "household_hi",
                                          "months": int(r["months"][s]), "members": members[n]}))
        ids = np.array(next_ids(Receipt._meta.db_table, len(sel)), dtype=np.int64)
        person = np.where(vsi, self.pid[np.where(vsi, payer, 0)], 0).astype(object)
        person[~vsi] = None
        household = (np.where(~vsi, self.hid[np.where(~vsi, payer, 0)], 0) if len(self.hid) else np.zeros(len(sel), np.int64)).astype(object)
        household[vsi] = None
        income = r["income"][sel].astype(object)
        income[~vsi] = None
        groups = np.array(["poor", "near_poor", "ethnic_minority", "other"], dtype=object)[r["group"][sel]]
        groups[~vsi] = ""
        days = r["day"][sel]
        taken = [dt.date(m.year, m.month, int(d)) for d in days.tolist()]
        insert_columns(Receipt._meta.db_table, {
            "id": ids, "number": r["number"][sel], "agent_id": self.agent_id[agents], "staff_id": None,
            "scheme": np.where(vsi, Receipt.Scheme.VSI, Receipt.Scheme.HI_HOUSEHOLD).astype(object),
            "person_id": person, "household_id": household,
            "from_month": _iso(self.mfirst[first]), "to_month": _iso(self.mfirst[to]),
            "income": income, "support_group": groups, "gross": r["gross"][sel], "state_support": r["support"][sel],
            "payable": payable, "taken_on": [d.isoformat() for d in taken], "remittance_id": remit_ids[slot],
            "detail": detail, "created_at": timezone.now()}, len(sel))
        # ledger: one receipt txn each; one remittance and one commission txn per agent
        batch: list[BatchTxn] = []
        gross, support = r["gross"][sel].tolist(), r["support"][sel].tolist()
        numbers = r["number"][sel].tolist()
        agent_ids = self.agent_id[agents].tolist()
        holders = [(HolderType.PERSON, p) if v else (HolderType.HOUSEHOLD, h)
                   for v, p, h in zip(vsi.tolist(), person.tolist(), household.tolist(), strict=True)]
        cells: dict[tuple[int, str, int], int] = defaultdict(int)
        base: dict[tuple[int, str], int] = defaultdict(int)
        for n in range(len(sel)):
            fund = Fund.RS if vsi[n] else Fund.HI
            fp_i = int(first[n])
            fp = self.month(fp_i).first_day
            pay = gross[n] - support[n]
            batch.append(BatchTxn(LedgerTxn.Kind.RECEIPT, numbers[n], taken[n], (
                Posting(Account.AGENT_CASH, fund, HolderType.AGENT, agent_ids[n], fp, pay),
                Posting(Account.STATE_SUPPORT, fund, HolderType.STATE, STATE_HOLDER, fp, support[n]),
                Posting(Account.REVENUE, fund, holders[n][0], int(holders[n][1]), fp, -gross[n]),
            )))
            cells[(int(agents[n]), fund, fp_i)] += pay
            base[(int(agents[n]), fund)] += pay
        for a in used.tolist():
            postings = []
            for (agent, fund, fp_i), value in sorted(cells.items()):
                if agent == a and value:
                    fp = self.month(fp_i).first_day
                    postings += [Posting(Account.CASH, fund, HolderType.AGENCY, int(self.agent_office[a]), fp, value),
                                 Posting(Account.AGENT_CASH, fund, HolderType.AGENT, int(self.agent_id[a]), fp, -value)]
            batch.append(BatchTxn(LedgerTxn.Kind.REMITTANCE, f"sim-remit:{self.agent_code[a]}:{m}", m.last_day,
                                  tuple(postings)))
            # commission as contributions.services.collection.commission_post computes it
            rate = self.agent_rate[a]
            total_base = base.get((a, Fund.HI), 0) + base.get((a, Fund.RS), 0)
            commission = vnd(total_base * rate)
            hi = min(vnd(base.get((a, Fund.HI), 0) * rate), commission)
            if commission:
                postings = []
                for fund, value in ((Fund.HI, hi), (Fund.RS, commission - hi)):
                    postings += [Posting(Account.COMMISSION_EXPENSE, fund, HolderType.AGENT, int(self.agent_id[a]), m.first_day, value),
                                 Posting(Account.COMMISSION_PAYABLE, fund, HolderType.AGENT, int(self.agent_id[a]), m.first_day, -value)]
                batch.append(BatchTxn(LedgerTxn.Kind.COMMISSION, f"commission:{self.agent_code[a]}:{m}", m.last_day,
                                      tuple(postings)))
        post_batch(batch, period=m, memo=f"simulated agent receipts {m}")
        return len(sel), int(np.sum(r["gross"][sel]))

    def _household_local_groups(self) -> list[tuple[int | None, ...]]:
        """Per household receipt (in gd_receipts order), the members' ages on the first day paid in rank order,
        each replaced by one representative age of the province's local group it falls in (None: no group), so that
        receipts whose members fall in the same groups share one calculation. The group is the rules' own
        (`local_support.support`, called once per distinct age and month)."""
        from ansinh.rules.contributions import local_support

        who, rec = self.gd_members
        n = len(self.gd_receipts["scheme"])
        if n == 0:
            return []
        order = np.lexsort((who, rec))
        who, rec = who[order], rec[order]
        k = self.gd_receipts["month"][rec]
        day = self.mfirst[k]
        born = self.birth[who]
        by, bm, bd = (born.astype("datetime64[Y]").astype(np.int64) + 1970,
                      born.astype("datetime64[M]").astype(np.int64) % 12 + 1,
                      (born - born.astype("datetime64[M]")).astype(np.int64) + 1)
        dy, dm = day.astype("datetime64[Y]").astype(np.int64) + 1970, day.astype("datetime64[M]").astype(np.int64) % 12 + 1
        age = dy - by - ((dm < bm) | ((dm == bm) & (bd > 1))).astype(np.int64)
        pairs, back = np.unique(np.stack([age, k], axis=1), axis=0, return_inverse=True)
        rep: dict[tuple[str, int], int] = {}
        group_age: list[int | None] = []
        for a, kk in pairs.tolist():
            g = local_support.support(province=self.province.code, central_group=None, day=self.month(kk).first_day,
                                      age=a).group
            group_age.append(rep.setdefault((g, kk), a) if g else None)
        member_age = [group_age[i] for i in np.asarray(back).reshape(-1).tolist()]
        bounds = np.searchsorted(rec, np.arange(n + 1))
        return [tuple(member_age[bounds[g]:bounds[g + 1]]) for g in range(n)]

    def _members_of(self, sel: np.ndarray) -> list[list[int]]:
        """Person ids paid for by each household receipt of `sel` (empty for voluntary SI)."""
        if not hasattr(self, "_member_lists"):
            who, rec = self.gd_members
            order = np.argsort(rec, kind="stable")
            who, rec = who[order], rec[order]
            bounds = np.searchsorted(rec, np.arange(len(self.gd_receipts["scheme"]) + 1))
            self._member_bounds, self._member_who = bounds, self.pid[who]
            self._member_lists = True
        n_vsi = len(self.vsi_receipts["scheme"])
        out = []
        for s in sel.tolist():
            orig = int(self.receipts["orig"][s])
            if orig < n_vsi:
                out.append([])
            else:
                g = orig - n_vsi
                out.append(self._member_who[self._member_bounds[g]:self._member_bounds[g + 1]].tolist())
        return out
