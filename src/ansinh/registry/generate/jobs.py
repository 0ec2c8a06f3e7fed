"""Employments and salary histories of one chunk's persons, set-based with numpy.

About one person in eight has been employed under a labour contract or on the state payroll: careers start at
18-26 (not before 1995), a few job changes, retirement ends the last job of older workers. Each job is at an
employer founded before it starts (weighted by employer size); a job at an employer that closed ends on the
closing day. Salaries follow the regional minimum wage (employer-set) or the base salary times a coefficient
(state pay scale), with 1-5 effective-dated records per job and raises between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ansinh.registry.generate import names as N
from ansinh.registry.generate.demography import AS_OF as AS_OF_DATE
from ansinh.registry.generate.demography import FIRST_JOB_DAY
from ansinh.registry.generate.employers import OWNERSHIP, Employers
from ansinh.registry.generate.people import People
from ansinh.registry.generate.sampling import (
    DAY,
    Vocabulary,
    add_years,
    date_strings,
    day,
    uniform_days,
    weighted_prefix_pick,
    year_of,
)
from ansinh.registry.generate.wages import base_salary, minimum_wage

AS_OF = day(AS_OF_DATE)
FIRST_DAY = day(FIRST_JOB_DAY)
NAT = np.datetime64("NaT", "D")
MAX_JOBS = 4
MAX_SALARIES = 5

# Share of persons who are (or were) employees, by 5-year age group at AS_OF (0-4 ... 85+); tuned so that ~12.5 %
# of all persons have an employment row (Lạng Sơn: ~100,000 compulsory SI participants for ~800,000 people).
EMPLOYED_BY_GROUP = (0, 0, 0, 0.013, 0.13, 0.27, 0.30, 0.29, 0.26, 0.23, 0.18, 0.13, 0.075, 0.04, 0, 0, 0, 0)
LEFT_FORMAL_WORK = 0.08  # of workers below retirement age: the last job has ended
CONTRACTS_STATE = (("civil_servant", 85.0), ("indefinite", 10.0), ("fixed_12_36", 5.0))
CONTRACTS_OTHER = (
    ("indefinite", 42.0), ("fixed_12_36", 35.0), ("fixed_3_12", 13.0), ("fixed_1_3", 4.0), ("manager_unpaid", 2.0),
    ("other", 4.0),
)
POSITION_GROUP = {
    "private": "private", "household_business": "private", "state_enterprise": "private",
    "foreign_invested": "private", "state_agency": "state_agency", "public_service": "public_service",
    "commune": "commune", "cooperative": "cooperative", "association": "other", "other": "other",
}


@dataclass
class EmployerPools:
    """Employers sorted by founding day with cumulative weights: all of them, and those never closed."""

    all_order: np.ndarray
    all_start: np.ndarray
    all_cum: np.ndarray
    alive_order: np.ndarray
    alive_start: np.ndarray
    alive_cum: np.ndarray

    @classmethod
    def of(cls, employers: Employers) -> EmployerPools:
        order = np.argsort(employers.start, kind="stable")
        alive = order[np.isnat(employers.end[order])]
        return cls(order, employers.start[order], np.cumsum(employers.weight[order]),
                   alive, employers.start[alive], np.cumsum(employers.weight[alive]))


@dataclass(frozen=True)
class Jobs:
    employments: dict[str, list]
    salaries: dict[str, list]
    workers: int


def make_jobs(rng: np.random.Generator, people: People, employers: Employers, pools: EmployerPools,
              first_employment: int, first_salary: int, stamp: object) -> Jobs:
    age, birth, male = people.age, people.birth, people.male
    group = np.minimum(age // 5, len(EMPLOYED_BY_GROUP) - 1)
    worker = np.flatnonzero((age >= 18) & (rng.random(len(age)) < np.array(EMPLOYED_BY_GROUP)[group]))
    w_birth, w_male = birth[worker], male[worker]

    # --- career span -----------------------------------------------------------------------------------------
    adult = add_years(w_birth, 18)
    start = np.maximum(add_years(w_birth, 18 + rng.random(len(worker)) * 8), FIRST_DAY)
    start = np.minimum(start, AS_OF - rng.integers(30, 400, len(worker)) * DAY)
    keep = start >= adult
    worker, w_birth, w_male, start = worker[keep], w_birth[keep], w_male[keep], start[keep]
    w = len(worker)
    born = year_of(w_birth)
    # retirement age: 60 men / 55 women, rising by 3 / 4 months a year from 2021 (Labour Code 2019)
    ret_men = 60 + np.clip((born + 60 - 2020) * 0.25, 0, 2)
    ret_women = 55 + np.clip((born + 55 - 2020) / 3, 0, 5)
    retire = add_years(w_birth, np.where(w_male, ret_men, ret_women))
    end = np.where(retire < AS_OF, retire, NAT)
    leavers = np.isnat(end) & (rng.random(w) < LEFT_FORMAL_WORK)
    end[leavers] = uniform_days(rng, start + 180 * DAY, AS_OF - DAY, w)[leavers]
    end = np.where(~np.isnat(end) & (end <= start + 30 * DAY), start + 30 * DAY, end)
    span_end = np.where(np.isnat(end), AS_OF, end)
    span = (span_end - start).astype(np.int64)

    # --- jobs: 1 + up to 3 changes, more for longer careers --------------------------------------------------
    years = span / 365.2425
    n_jobs = 1 + rng.binomial(MAX_JOBS - 1, np.clip(years / 80, 0.02, 0.3))
    n_jobs = np.minimum(n_jobs, 1 + span // 200)
    cuts = np.sort(rng.random((w, MAX_JOBS - 1)), axis=1)
    slot = np.arange(MAX_JOBS)[None, :]
    real = slot < n_jobs[:, None]
    # job j starts at the j-th cut of the span (the first at the career start), cuts beyond the last job unused
    frac = np.concatenate([np.zeros((w, 1)), cuts], axis=1)
    frac = np.where(real, frac, 1.0)
    j_start = start[:, None] + np.floor(frac * span[:, None]).astype("timedelta64[D]")
    nxt = np.concatenate([j_start[:, 1:], np.full((w, 1), NAT)], axis=1)
    last = slot == (n_jobs - 1)[:, None]
    room = (nxt - j_start).astype(np.int64)
    gap = np.floor(rng.random((w, MAX_JOBS)) * np.minimum(180, np.maximum(room // 3, 0))).astype(np.int64)
    j_end = np.where(last, end[:, None], nxt - (gap + 1) * DAY)

    person_idx = np.broadcast_to(worker[:, None], (w, MAX_JOBS))[real]
    j_start, j_end = j_start[real], j_end[real]
    # jobs shorter than a day (two cuts on the same day) are dropped
    ok = np.isnat(j_end) | (j_end >= j_start)
    person_idx, j_start, j_end = person_idx[ok], j_start[ok], j_end[ok]
    m = len(j_start)

    # --- employers -------------------------------------------------------------------------------------------
    pick = pools.all_order[weighted_prefix_pick(pools.all_start, pools.all_cum, j_start, rng.random(m))]
    closed_too_soon = ~np.isnat(employers.end[pick]) & (j_start > employers.end[pick] - 60 * DAY)
    if closed_too_soon.any():
        redo = pools.alive_order[weighted_prefix_pick(pools.alive_start, pools.alive_cum, j_start[closed_too_soon],
                                                      rng.random(int(closed_too_soon.sum())))]
        pick[closed_too_soon] = redo
    closing = employers.end[pick]
    cut = ~np.isnat(closing) & (np.isnat(j_end) | (j_end > closing))
    j_end[cut] = closing[cut]
    j_start = np.maximum(j_start, employers.start[pick])
    j_end = np.where(~np.isnat(j_end) & (j_end < j_start), j_start, j_end)

    # --- contract type, position -------------------------------------------------------------------------------
    kinds = list(OWNERSHIP)
    state = employers.state_pay[pick]
    contract = np.empty(m, dtype=object)
    for is_state, table in ((True, CONTRACTS_STATE), (False, CONTRACTS_OTHER)):
        sel = state == is_state
        vocab = Vocabulary(table)
        contract[sel] = np.array(vocab.words, dtype=object)[vocab.sample(rng, int(sel.sum()))]
    position = np.empty(m, dtype=object)
    own = employers.ownership[pick]
    for k, kind in enumerate(kinds):
        sel = own == k
        if sel.any():
            vocab = Vocabulary(N.POSITIONS[POSITION_GROUP[kind]])
            position[sel] = np.array(vocab.words, dtype=object)[vocab.sample(rng, int(sel.sum()))]

    emp_ids = first_employment + np.arange(m, dtype=np.int64)
    employments = {
        "id": emp_ids.tolist(),
        "person_id": people.ids[person_idx].tolist(),
        "employer_id": employers.ids[pick].tolist(),
        "valid_from": date_strings(j_start),
        "valid_to": date_strings(j_end),
        "position": position.tolist(),
        "contract_type": contract.tolist(),
        "workplace_commune_id": [None] * m,
        "created_at": [stamp] * m,
        "updated_at": [stamp] * m,
    }
    salaries = _salaries(rng, j_start, j_end, state, employers.region3[pick], age[person_idx], emp_ids, first_salary)
    return Jobs(employments, salaries, len(np.unique(person_idx)))


def _salaries(rng: np.random.Generator, j_start: np.ndarray, j_end: np.ndarray, state: np.ndarray,
              region3: np.ndarray, age_now: np.ndarray, emp_ids: np.ndarray, first_id: int) -> dict[str, list]:
    m = len(j_start)
    stop = np.where(np.isnat(j_end), AS_OF, j_end)
    days = (stop - j_start).astype(np.int64)
    years = days / 365.2425
    count = 1 + np.floor(years / rng.uniform(2.0, 5.0, m)).astype(np.int64)
    count = np.clip(count, 1, MAX_SALARIES)
    count = np.minimum(count, 1 + days // 90)
    slot = np.arange(MAX_SALARIES)[None, :]
    real = slot < count[:, None]
    # record j (j >= 1) starts inside the j-th equal part of the job: strictly increasing days
    frac = (slot + rng.uniform(0.1, 0.9, (m, MAX_SALARIES))) / count[:, None]
    frac[:, 0] = 0.0
    s_from = j_start[:, None] + np.floor(frac * days[:, None]).astype("timedelta64[D]")
    nxt = np.concatenate([s_from[:, 1:], np.full((m, 1), NAT)], axis=1)
    last = slot == (count - 1)[:, None]
    s_to = np.where(last, j_end[:, None], nxt - DAY)

    # employer-set pay: a multiple of the regional minimum wage, with raises of 2-10 % between records
    multiple = 1.0 + np.minimum(rng.lognormal(np.log(0.22), 0.9, m), 7.0)
    raises = np.ones((m, MAX_SALARIES))
    raises[:, 1:] = np.cumprod(1.0 + rng.uniform(0.02, 0.10, (m, MAX_SALARIES - 1)), axis=1)
    flat_from = s_from[real]
    job = np.broadcast_to(np.arange(m)[:, None], (m, MAX_SALARIES))[real]
    floor_wage = minimum_wage(flat_from, region3[job])
    employer_pay = np.ceil(floor_wage * multiple[job] * raises[real] / 1000.0).astype(np.int64) * 1000
    employer_pay = np.maximum(employer_pay, floor_wage)

    # state pay scale: coefficient (hundredths) from 2.34, a step of 0.33 every 3 years, capped at 6.00
    age_at_start = age_now - (AS_OF - j_start).astype(np.int64) / 365.2425
    steps0 = np.floor(np.clip(age_at_start - 23, 0, None) / 3 * rng.uniform(0.2, 0.9, m)).astype(np.int64)
    elapsed = (flat_from - j_start[job]).astype(np.int64) / 365.2425
    coef = np.clip(234 + 33 * (steps0[job] + np.floor(elapsed / 3).astype(np.int64)), 234, 600)
    allowance = np.where(rng.random(m) < 0.15, rng.choice([20, 30, 40, 50, 70], m), 0)[job]
    state_pay = (coef + allowance) * base_salary(flat_from) // 100

    is_state = state[job]
    amount = np.where(is_state, state_pay, employer_pay)
    n = len(job)

    def hundredths(x: np.ndarray, show: np.ndarray) -> list[str | None]:
        return [f"{v // 100}.{v % 100:02d}" if s else None for v, s in zip(x.tolist(), show.tolist(), strict=True)]

    return {
        "id": (first_id + np.arange(n, dtype=np.int64)).tolist(),
        "employment_id": emp_ids[job].tolist(),
        "valid_from": date_strings(flat_from),
        "valid_to": date_strings(s_to[real]),
        "kind": np.where(is_state, "state", "employer").tolist(),
        "salary": amount.tolist(),
        "coefficient": hundredths(coef, is_state),
        "allowance_coefficient": hundredths(allowance, is_state & (allowance > 0)),
        "recorded_at": [None] * n,  # bulk-loaded history (see the field's help text)
    }
