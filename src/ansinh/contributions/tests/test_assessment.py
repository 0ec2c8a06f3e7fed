"""The set-based monthly assessment against the one-person calculator, re-runs, retroactive changes, the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from ansinh.analytics.assessment import assess
from ansinh.contributions.models import Account, AssessmentLine, LedgerEntry, LedgerTxn
from ansinh.core.testing import factories as f
from ansinh.registry.services import employment as employment_services
from ansinh.rules.contributions.compulsory import CompulsoryInput, calculate
from ansinh.rules.params.regions import DEFAULT_REGION, RegionFinding
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

M = Month(2026, 3)


def employ(world, salary, *, start=dt.date(2025, 1, 1), end=None, contract="indefinite", employer=None):
    employer = employer or world.setdefault("employer", f.EmployerFactory(address_commune=world["a1"], start_date=dt.date(2000, 1, 1)))
    person = f.PersonFactory(address_commune=world["a1"])
    return f.EmploymentFactory(person=person, employer=employer, valid_from=start, valid_to=end, contract_type=contract,
                               salary=salary)


def scalar(salary: int, month: Month = M):
    region = RegionFinding("", month.first_day, DEFAULT_REGION, "default", "", "UNVERIFIED")
    return calculate(CompulsoryInput(salary=salary, month=month, region=region))


def test_lines_equal_the_one_person_calculator(two_provinces):
    salaries = [3_700_000, 10_000_000, 46_800_000, 46_800_001, 60_000_000, 150_000_000]
    employments = [employ(two_provinces, s) for s in salaries]
    _, report = assess(M)
    assert report.lines_due == len(salaries)
    for employment, salary in zip(employments, salaries, strict=True):
        line = AssessmentLine.objects.get(employment=employment, for_period=M.first_day)
        expected = scalar(salary)
        funds = {fd.fund: fd for fd in expected.funds}
        assert line.si_base == expected.si_hi_base
        assert line.ui_base == expected.ui_base
        assert line.sm_er == funds["sickness_maternity"].employer
        assert line.oaod_er == funds["occupational_accident"].employer
        assert (line.rs_er, line.rs_ee) == (funds["retirement_survivorship"].employer, funds["retirement_survivorship"].employee)
        assert (line.hi_er, line.hi_ee) == (funds["health_insurance"].employer, funds["health_insurance"].employee)
        assert (line.ui_er, line.ui_ee) == (funds["unemployment"].employer, funds["unemployment"].employee)
        assert sum(getattr(line, c) for c in AssessmentLine.AMOUNT_COLUMNS) == expected.total


def test_worked_example_d2_salary_above_the_ceiling(two_provinces):
    # domain-vn D2 (2026-03, 60,000,000, region I there; the UI base is uncapped in every region at this salary):
    # SI/HI base 46,800,000; employer 46.8M × 20.5% + 60M × 1% = 10,194,000; employee 46.8M × 9.5% + 600,000.
    employ(two_provinces, 60_000_000)
    assess(M)
    line = AssessmentLine.objects.get()
    assert line.si_base == 46_800_000
    assert line.ui_base == 60_000_000
    assert line.sm_er + line.oaod_er + line.rs_er + line.hi_er + line.ui_er == 10_194_000
    assert line.rs_ee + line.hi_ee + line.ui_ee == 5_046_000


def test_rerun_changes_nothing(two_provinces):
    for s in (6_000_000, 9_000_000):
        employ(two_provinces, s)
    assess(M)
    counts = (AssessmentLine.objects.count(), LedgerTxn.objects.count(), LedgerEntry.objects.count())
    _, report = assess(M)
    assert (report.lines_written, report.lines_removed, report.txns) == (0, 0, 0)
    assert (AssessmentLine.objects.count(), LedgerTxn.objects.count(), LedgerEntry.objects.count()) == counts


def test_every_txn_balances_and_receivable_equals_lines(two_provinces):
    for s in (5_000_000, 7_500_000, 12_345_678):
        employ(two_provinces, s)
    assess(M)
    for txn in LedgerTxn.objects.all():
        assert txn.entries.aggregate(s=Sum("amount"))["s"] == 0
    receivable = LedgerEntry.objects.filter(account=Account.RECEIVABLE).aggregate(s=Sum("amount"))["s"]
    lines = sum(sum(getattr(line, c) for c in AssessmentLine.AMOUNT_COLUMNS) for line in AssessmentLine.objects.all())
    assert receivable == lines > 0


def test_part_month_rule(two_provinces):
    # March 2026 has 22 working days (Mon-Fri; the 1st is a Sunday). Starting on the 2nd: 0 unpaid days → due.
    # Starting on Tuesday the 17th: 11 worked, 11 unpaid → due. Starting on Friday the 20th: 8 worked, 14 unpaid
    # (≥14) → not due. Starting on the 24th: 6 worked, 16 unpaid → not due.
    early = employ(two_provinces, 8_000_000, start=dt.date(2026, 3, 2))
    mid = employ(two_provinces, 8_000_000, start=dt.date(2026, 3, 17))
    boundary = employ(two_provinces, 8_000_000, start=dt.date(2026, 3, 20))
    late = employ(two_provinces, 8_000_000, start=dt.date(2026, 3, 24))
    left = employ(two_provinces, 8_000_000, end=dt.date(2026, 3, 6))  # worked 5 days, 17 unpaid → not due
    _, report = assess(M)
    assessed = set(AssessmentLine.objects.values_list("employment_id", flat=True))
    assert assessed == {early.pk, mid.pk}
    assert not {late.pk, left.pk, boundary.pk} & assessed
    assert report.not_due_part_month == 3


def test_short_contracts_and_civil_servants(two_provinces):
    under_1 = employ(two_provinces, 8_000_000, contract="under_1")
    short = employ(two_provinces, 8_000_000, contract="fixed_1_3")
    civil = employ(two_provinces, 8_000_000, contract="civil_servant")
    assess(M)
    assert not AssessmentLine.objects.filter(employment=under_1).exists()
    s = AssessmentLine.objects.get(employment=short)
    assert s.rs_ee == 640_000 and s.ui_ee == 80_000  # 1-3 month contracts: SI since 2018, UI since 2026
    c = AssessmentLine.objects.get(employment=civil)
    assert c.ui_er == c.ui_ee == c.ui_base == 0
    assert c.hi_ee == 120_000


def test_retroactive_salary_change_is_an_adjustment(two_provinces):
    actor = two_provinces["u1"]
    employment = employ(two_provinces, 8_000_000)
    jan, feb = Month(2026, 1), Month(2026, 2)
    assess(jan)
    assess(feb)
    # Declared in March: the salary was 10,000,000 from February.
    employment_services.salary_change(actor=actor, employment=employment, valid_from=feb.first_day, salary=10_000_000)
    _, report = assess(M)
    # The changed employment is re-read from the first month assessed that its changed rows touch (the closed
    # January record included); only February differs.
    assert report.months[-2:] == ["2026-02", "2026-03"]
    assert report.lines_written == 2  # February re-assessed, March assessed
    feb_line = AssessmentLine.objects.get(employment=employment, for_period=feb.first_day)
    assert feb_line.salary == 10_000_000
    assert feb_line.period == M.first_day  # re-assessed in March
    adjustment = LedgerTxn.objects.get(kind=LedgerTxn.Kind.ADJUSTMENT)
    assert adjustment.period == M.first_day
    delta = adjustment.entries.filter(account=Account.RECEIVABLE).aggregate(s=Sum("amount"))["s"]
    assert delta == (scalar(10_000_000, feb).total - scalar(8_000_000, feb).total) == 640_000
    # January was before the change: untouched.
    assert AssessmentLine.objects.get(employment=employment, for_period=jan.first_day).salary == 8_000_000
    # Running March again changes nothing more.
    _, again = assess(M)
    assert (again.lines_written, again.txns) == (0, 0)


def test_retroactive_leaving_reverses_months(two_provinces):
    actor = two_provinces["u1"]
    employment = employ(two_provinces, 8_000_000)
    assess(Month(2026, 1))
    assess(Month(2026, 2))
    employment_services.employment_end(actor=actor, employment=employment, valid_to=dt.date(2026, 1, 31))
    _, report = assess(M)
    assert not AssessmentLine.objects.filter(employment=employment, for_period=dt.date(2026, 2, 1)).exists()
    assert report.lines_removed == 1
    receivable_feb = LedgerEntry.objects.filter(account=Account.RECEIVABLE, for_period=dt.date(2026, 2, 1)).aggregate(
        s=Sum("amount"))["s"]
    assert receivable_feb == 0


def test_unpaid_leave_closes_participation_and_stops_the_assessment(two_provinces):
    from ansinh.coverage.services.participation import participation_close, participation_open

    actor = two_provinces["u1"]
    employment = employ(two_provinces, 8_000_000)
    si = participation_open(actor=actor, person=employment.person, scheme="si", payer="employer_employee",
                            from_month=Month(2025, 1), employer=employment.employer, employment=employment,
                            source="declaration")
    participation_close(actor=actor, participation=si, last_month=Month(2026, 1), reason="unpaid leave")
    participation_open(actor=actor, person=employment.person, scheme="si", payer="employer_employee",
                       from_month=Month(2026, 3), employer=employment.employer, employment=employment,
                       source="declaration")
    for month in (Month(2026, 1), Month(2026, 2), Month(2026, 3)):
        assess(month)
    months = set(AssessmentLine.objects.filter(employment=employment).values_list("for_period", flat=True))
    assert months == {dt.date(2026, 1, 1), dt.date(2026, 3, 1)}
