"""`ansinh demo` on a small province: history through the month before today, every area populated, and figures
a manager would find plausible, read through the report functions the pages use (reports.selectors.figures)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from ansinh.benefits.models import Claim, Payroll, PayrollLine
from ansinh.contributions.models import LedgerTxn, Receipt
from ansinh.coverage.models import HICard
from ansinh.places.models import AdminUnit, Level
from ansinh.planning.models import Plan, Target
from ansinh.reports import selectors
from ansinh.reports.models import MonthlySummary
from ansinh.rules.periods import Month

PERSONS = 5_000
MONTHS = 13  # the last month and the same month a year before


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", persons=PERSONS, months=MONTHS, seed=1, province="20", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def province(demo, db):
    unit = AdminUnit.objects.current().get(level=Level.PROVINCE, code="20")
    return selectors.unit_ref("province", unit.pk)


def test_history_runs_through_the_month_before_today(province):
    last = Month.of(timezone.localdate()) - 1
    assert Month.of(MonthlySummary.objects.filter(collection__gt=0).latest("period").period) == last
    assert selectors.latest_period() == last
    fig = selectors.figures([province], last)[0]
    assert fig.has_data and fig.schemes["si"].participants > 0 and fig.collection > 0


def test_figures_are_plausible(province):
    last = Month.of(timezone.localdate()) - 1
    fig = selectors.figures([province], last)[0]
    # the population is the generated persons', so HI coverage is the simulated share, not 1 %
    assert fig.population is not None and PERSONS * 0.95 <= fig.population <= PERSONS
    assert 85 <= fig.coverage <= 98, fig.coverage
    for scheme, s in fig.schemes.items():
        assert s.participants > 0, scheme
        assert s.last_year, scheme
        change = s.year_change
        assert change is not None and -20 <= change.pct <= 20, (scheme, s.participants, s.last_year, change)
    # collection in every month of the history, and a year-to-date figure against the plan
    first = last - (MONTHS - 1)
    for i in range(MONTHS):
        month_fig = selectors.figures([province], first + i)[0]
        assert month_fig.collection > 0, first + i
        assert 85 <= month_fig.coverage <= 98, (first + i, month_fig.coverage)
    assert fig.revenue_target and 50 <= fig.revenue_progress <= 100, fig.revenue_progress


def test_every_area_is_populated(province):
    last = Month.of(timezone.localdate()) - 1
    year = timezone.localdate().year
    # contributions: assessments, payments, interest, receipts through agents, remittances, commission
    kinds = set(LedgerTxn.objects.values_list("kind", flat=True).distinct())
    assert {"assessment", "payment", "interest", "receipt", "remittance", "commission"} <= kinds
    assert Receipt.objects.filter(scheme=Receipt.Scheme.HI_HOUSEHOLD).exists()
    assert Receipt.objects.filter(scheme=Receipt.Scheme.VSI).exists()
    # HI cards
    assert HICard.objects.count() > PERSONS * 0.5
    # claims in every status
    assert set(Claim.objects.values_list("status", flat=True).distinct()) == set(Claim.Status.values)
    # pensioners and allowances on the payroll, the last months paid through a return file
    payroll = Payroll.objects.get(period=last.first_day)
    lines = PayrollLine.objects.filter(payroll=payroll)
    assert lines.filter(status=PayrollLine.Status.PAID).count() > 0.9 * lines.count() > 0
    assert not lines.filter(status=PayrollLine.Status.BUILT).exists()
    assert {"pension", "survivor_monthly"} <= set(lines.values_list("entitlement__kind", flat=True).distinct())
    # the year's plan, allocated to offices and communes
    plan = Plan.objects.get(province_id=province.id, year=year)
    hi = Target.objects.filter(plan=plan, metric="hi")
    communes = hi.filter(unit__level=Level.COMMUNE)
    assert communes.count() > 10
    assert sum(t.value for t in communes) == hi.get(unit_id=province.id, office__isnull=True).value
    # the batch steps in the job log, done, with who ran them
    from ansinh.jobs.models import JobRun

    runs = JobRun.objects.all()
    assert {"issue_cards", "refresh_statistics", "payroll"} <= set(runs.values_list("kind", flat=True))
    assert not runs.exclude(status=JobRun.Status.DONE).exists()
    assert runs.filter(kind="issue_cards", started_by__username="hi_officer", params={"period": str(last)}).exists()
    assert runs.filter(kind="refresh_statistics").count() >= MONTHS


def test_a_second_run_reuses_everything(province):
    from ansinh.jobs.models import JobRun

    def counts():
        return (Claim.objects.count(), HICard.objects.count(), PayrollLine.objects.count(), Plan.objects.count(),
                JobRun.objects.count())

    before = counts()
    call_command("demo", persons=PERSONS, months=MONTHS, seed=1, province="20", verbosity=0)
    assert counts() == before
