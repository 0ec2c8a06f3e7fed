"""Monthly coverage confirmed as payments arrive, the contribution history compressed into periods, counts for
reports, and the employees an employer's debt leaves unconfirmed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.accounts.scope import visible_commune_ids
from ansinh.contributions.models import Receipt
from ansinh.core.testing import factories as f
from ansinh.coverage import selectors
from ansinh.coverage.models import Payer, Scheme
from ansinh.coverage.tests import factories as cf
from ansinh.registry.services import employment as employment_services
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

M = Month(2026, 3)


@pytest.fixture
def world(two_provinces):
    w = dict(two_provinces)
    w["employer"] = f.EmployerFactory(address_commune=w["a1"])
    return w


def test_month_unconfirmed_until_the_employer_pays_in_full(world):
    person = cf.employee(world["employer"], commune=world["a1"], start=M)
    cov = selectors.monthly_coverage(person, M)
    assert {s.scheme for s in cov.schemes} == {Scheme.SI, Scheme.HI}
    assert not cov.confirmed  # not assessed yet: nothing is confirmed
    assert all(s.basis == selectors.Basis.EMPLOYER_LEDGER for s in cov.schemes)

    cf.assessed(M)
    cov = selectors.monthly_coverage(person, M)
    assert not cov.confirmed
    assert cov.schemes[0].owed == cf.receivable_sum(world["employer"], M) > 0

    cf.pay(world["employer"], M, share=Decimal("0.5"))
    assert not selectors.monthly_coverage(person, M).confirmed  # a part payment confirms nothing

    cf.pay(world["employer"], M, on=dt.date(2026, 4, 20))
    cov = selectors.monthly_coverage(person, M)
    assert cov.confirmed
    hi = next(s for s in cov.schemes if s.scheme == Scheme.HI)
    assert (hi.hi_group, hi.payer, hi.employer_id) == ("DN", Payer.EMPLOYER_EMPLOYEE, world["employer"].pk)
    assert hi.paid_on == dt.date(2026, 4, 20)
    assert hi.owed == 0
    # the month before the participation started: no scheme
    assert selectors.monthly_coverage(person, M - 1).schemes == []


def test_months_are_confirmed_one_by_one(world):
    person = cf.employee(world["employer"], commune=world["a1"], start=M - 1)
    cf.assessed(M - 1, M)
    cf.pay(world["employer"], M - 1)
    assert selectors.monthly_coverage(person, M - 1).confirmed
    assert not selectors.monthly_coverage(person, M).confirmed


def test_receipt_confirms_household_and_voluntary_months(world):
    hh = f.HouseholdFactory(commune=world["a2"])
    person = hh.head
    cf.hi_participation(person, group="GD", payer=Payer.HOUSEHOLD, start=M, household=hh,
                        source="receipt")
    assert not selectors.monthly_coverage(person, M).confirmed
    cf.receipt(commune=world["a2"], household=hh, first=M, last=M + 5, taken_on=dt.date(2026, 2, 20))
    cov = selectors.monthly_coverage(person, M + 2)
    assert cov.confirmed
    assert cov.schemes[0].basis == selectors.Basis.RECEIPT
    assert cov.schemes[0].paid_on == dt.date(2026, 2, 20)
    assert not selectors.monthly_coverage(person, M + 6).confirmed


def test_state_budget_group_is_confirmed_by_its_list(world):
    child = f.PersonFactory(address_commune=world["a1"], birth_date=dt.date(2023, 5, 1))
    cf.hi_participation(child, group="TE", payer=Payer.STATE, start=Month(2023, 5))
    cov = selectors.monthly_coverage(child, M)
    assert cov.confirmed and cov.schemes[0].basis == selectors.Basis.STATE_LIST


def test_history_compresses_consecutive_months(world, django_assert_max_num_queries):
    employer2 = f.EmployerFactory(address_commune=world["a1"])
    start = Month(2025, 10)
    person = cf.employee(world["employer"], commune=world["a1"], start=start, salary=8_000_000)
    employment = person.employments.get()
    cf.assessed(start, start + 1, start + 2)
    employment_services.salary_change(actor=world["u1"], employment=employment, valid_from=(start + 3).first_day,
                                      salary=9_000_000, source="test")
    cf.assessed(start + 3, start + 4)
    employment_services.employment_end(actor=world["u1"], employment=employment, valid_to=(start + 4).last_day, source="test")
    cf.employee(employer2, commune=world["a1"], start=start + 5, salary=12_000_000, person=person)
    cf.assessed(start + 5, start + 6)
    for m in range(5):
        cf.pay(world["employer"], start + m)
    cf.pay(employer2, start + 5)
    cf.receipt(commune=world["a1"], scheme=Receipt.Scheme.VSI, person=person, first=Month(2024, 1), last=Month(2024, 6),
               taken_on=dt.date(2024, 1, 5), gross=330_000, income=1_500_000)
    cf.receipt(commune=world["a1"], scheme=Receipt.Scheme.VSI, person=person, first=Month(2024, 7), last=Month(2024, 12),
               taken_on=dt.date(2024, 7, 5), gross=330_000, income=1_500_000)

    with django_assert_max_num_queries(4):
        history = selectors.contribution_history(person)
    got = [(str(p.from_month), str(p.to_month), p.months, p.employer_id, p.salary, p.unconfirmed_months)
           for p in history.periods]
    assert got == [
        ("2025-10", "2025-12", 3, world["employer"].pk, 8_000_000, 0),
        ("2026-01", "2026-02", 2, world["employer"].pk, 9_000_000, 0),
        ("2026-03", "2026-04", 2, employer2.pk, 12_000_000, 1),
    ]
    first = history.periods[0]
    assert first.funds["hi"] == 3 * (240_000 + 120_000)  # 3% + 1.5% of 8,000,000
    assert first.total == sum(first.funds.values())
    assert history.months == {"si": 7, "hi": 7, "ui": 7, "vsi": 12, "si_total": 19}
    assert history.months_confirmed["si"] == 6
    assert [(str(v.from_month), str(v.to_month), v.months, v.gross) for v in history.voluntary] == [
        ("2024-01", "2024-12", 12, 12 * 330_000)]
    assert history.totals["vsi"] == 12 * 330_000
    assert history.totals["hi"] == sum(p.funds["hi"] for p in history.periods)


def test_history_of_a_person_without_contributions_is_empty(world):
    history = selectors.contribution_history(f.PersonFactory(address_commune=world["a1"]))
    assert history.periods == [] and history.voluntary == [] and history.months["si"] == 0


def test_coverage_counts_by_scheme_and_group(world, django_assert_max_num_queries):
    for _ in range(3):
        cf.employee(world["employer"], commune=world["a1"], start=M)
    child = f.PersonFactory(address_commune=world["a2"])
    cf.hi_participation(child, group="TE", payer=Payer.STATE, start=M)
    outsider = f.PersonFactory(address_commune=world["b1"])
    cf.hi_participation(outsider, group="TE", payer=Payer.STATE, start=M)
    cf.assessed(M)
    cf.pay(world["employer"], M)
    with django_assert_max_num_queries(1):
        rows = selectors.coverage_counts(M, commune_ids=[world["a1"].pk, world["a2"].pk])
    assert rows == [
        {"scheme": "hi", "hi_group": "DN", "persons": 3, "confirmed": 3, "unconfirmed": 0},
        {"scheme": "hi", "hi_group": "TE", "persons": 1, "confirmed": 1, "unconfirmed": 0},
        {"scheme": "si", "hi_group": "", "persons": 3, "confirmed": 3, "unconfirmed": 0},
    ]
    scoped = selectors.coverage_counts(M, user=world["u2"])
    assert scoped == [{"scheme": "hi", "hi_group": "TE", "persons": 1, "confirmed": 1, "unconfirmed": 0}]
    assert sum(r["unconfirmed"] for r in selectors.coverage_counts(M + 1)) == 3 + 3  # April not paid


def test_unconfirmed_by_debt_and_the_province_list(world, django_assert_max_num_queries):
    good = f.EmployerFactory(address_commune=world["a1"])
    late = world["employer"]
    elsewhere = f.EmployerFactory(address_commune=world["b1"])
    for _ in range(2):
        cf.employee(good, commune=world["a1"], start=M)
    late_people = [cf.employee(late, commune=world["a1"], start=M) for _ in range(3)]
    cf.employee(elsewhere, commune=world["b1"], start=M)
    cf.assessed(M)
    cf.pay(good, M)
    cf.pay(late, M, share=Decimal("0.25"))

    assert selectors.unconfirmed_by_debt(good, M).status == "paid"
    assert selectors.unconfirmed_by_debt(good, M).employees == []
    result = selectors.unconfirmed_by_debt(late, M)
    assert result.status == "debt" and result.owed == cf.receivable_sum(late, M) > 0
    assert {e.person_id for e in result.employees} == {p.pk for p in late_people}
    assert all(set(e.schemes) == {"hi", "si"} for e in result.employees)
    assert selectors.unconfirmed_by_debt(late, M + 1).status == "not_assessed"

    visible_commune_ids(world["u1"])  # the user's scope is read once per request and kept on the user
    with django_assert_max_num_queries(3):
        rows = selectors.debtors_with_unconfirmed(month=M, user=world["u1"])
    assert [(r.employer_id, r.employees) for r in rows] == [(late.pk, 3)]
    assert rows[0].owed_month == rows[0].owed_total == result.owed
    everywhere = selectors.debtors_with_unconfirmed(month=M)
    assert {r.employer_id for r in everywhere} == {late.pk, elsewhere.pk}
