"""`ansinh simulate`: a small generated province (3,000 persons) over 6 months — determinism, HI coverage, a balanced
ledger, receivables equal to what was assessed less what was paid, receipts behind household and voluntary
coverage, a second run reusing the first."""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from ansinh.analytics.simulate import simulate
from ansinh.contributions.models import (
    Account,
    AssessmentLine,
    BankStatementLine,
    HolderType,
    LedgerEntry,
    LedgerTxn,
    Receipt,
    SimulationRun,
)
from ansinh.coverage.models import Participation
from ansinh.registry.models import Person
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

MONTHS, UNTIL = 6, Month(2025, 12)


@pytest.fixture
def province(db):
    call_command("load_places", province=["20"], verbosity=0)
    call_command("generate", persons=3_000, seed=1, province="20", stdout=io.StringIO())


def _fingerprint() -> dict:
    """What a run wrote, without database ids that sequences hand out (agents, the run row)."""
    summary = dict(SimulationRun.objects.get().summary)
    summary.pop("seconds")
    return {
        "summary": summary,
        "ledger": sorted(LedgerEntry.objects.values_list("txn__kind", "account", "fund", "holder_type")
                         .annotate(n=Count("id"), s=Sum("amount"))),
        "participations": sorted(Participation.objects.values_list(
            "person_id", "scheme", "hi_group", "payer", "employment_id", "household_id", "valid_from", "valid_to",
            "source_ref")),
        "receipts": sorted(Receipt.objects.values_list("number", "person_id", "household_id", "from_month",
                                                       "to_month", "gross", "state_support", "payable", "taken_on")),
        "bank": sorted(BankStatementLine.objects.values_list("reference", "employer_id", "value_date", "amount")),
        "lines": AssessmentLine.objects.aggregate(n=Count("id"), s=Sum("rs_ee")),
    }


def test_the_same_arguments_give_the_same_history(province):
    with transaction.atomic():
        simulate(months=MONTHS, until=UNTIL, seed=1)
        first = _fingerprint()
        transaction.set_rollback(True)
    simulate(months=MONTHS, until=UNTIL, seed=1)
    second = _fingerprint()
    assert first == second
    assert first["summary"]["participations"]["rows"] > 3_000 and first["receipts"] and first["bank"]


def test_history_is_plausible_balanced_and_reused(province):
    out = io.StringIO()
    call_command("simulate", months=MONTHS, until=str(UNTIL), seed=1, stdout=out)
    assert "Simulated 2025-07..2025-12 for 3,000 persons" in out.getvalue()
    run = SimulationRun.objects.get()

    # HI coverage of the population in each month, from the participation rows: a mountain province, ~94-95 %
    for month in (UNTIL - (MONTHS - 1), UNTIL):
        alive = Person.objects.filter(birth_date__lte=month.last_day).count()
        covered = (Participation.objects.filter(scheme="hi", valid_from__lte=month.last_day)
                   .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month.first_day))
                   .values("person_id").distinct().count())
        assert 0.85 <= covered / alive <= 0.98, (month, covered, alive)
    assert run.summary["hi_coverage_percent"]["last_month"] == pytest.approx(100 * covered / alive, abs=0.01)
    groups = set(Participation.objects.filter(scheme="hi").values_list("hi_group", flat=True))
    assert {"DN", "HC", "TE", "HN", "DT", "HS", "GD"} <= groups

    # never two HI (or two voluntary SI) rows of a person in the same month
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT COUNT(*) FROM coverage_participation a JOIN coverage_participation b
              ON a.person_id = b.person_id AND a.scheme = b.scheme AND a.id < b.id AND a.scheme IN ('hi', 'vsi')
             AND a.valid_from <= COALESCE(b.valid_to, '9999-12-31') AND b.valid_from <= COALESCE(a.valid_to, '9999-12-31')
        """)
        assert cursor.fetchone()[0] == 0

    # every txn balances
    unbalanced = LedgerEntry.objects.values("txn_id").annotate(s=Sum("amount")).exclude(s=0)
    assert not unbalanced.exists()
    kinds = set(LedgerTxn.objects.values_list("kind", flat=True))
    assert {"assessment", "payment", "receipt", "remittance", "commission"} <= kinds

    # per employer: receivable = Σ assessed − Σ paid (bank lines less the interest they paid)
    assessed: dict[int, int] = defaultdict(int)
    for row in AssessmentLine.objects.values("employer_id").annotate(
            **{c: Sum(c) for c in AssessmentLine.AMOUNT_COLUMNS}):
        assessed[row["employer_id"]] = sum(row[c] for c in AssessmentLine.AMOUNT_COLUMNS)
    paid = dict(BankStatementLine.objects.values_list("employer_id").annotate(s=Sum("amount")))
    interest_paid = dict(LedgerEntry.objects.filter(txn__kind="payment", account=Account.INTEREST_RECEIVABLE)
                         .values_list("holder_id").annotate(s=Sum("amount")))
    receivable = dict(LedgerEntry.objects.filter(account=Account.RECEIVABLE, holder_type=HolderType.EMPLOYER)
                      .values_list("holder_id").annotate(s=Sum("amount")))
    assert paid and set(paid) <= set(assessed)
    for employer_id, due in assessed.items():
        cash = paid.get(employer_id, 0) + interest_paid.get(employer_id, 0)  # interest credits are negative
        assert receivable.get(employer_id, 0) == due - cash, employer_id
        assert receivable.get(employer_id, 0) >= 0
    assert BankStatementLine.objects.exclude(status="matched").count() == 0

    # household HI and voluntary SI coverage is paid by receipts; agents remitted all they took
    numbers = set(Receipt.objects.values_list("number", flat=True))
    refs = set(Participation.objects.filter(Q(hi_group="GD") | Q(scheme="vsi")).values_list("source_ref", flat=True))
    assert refs and refs <= numbers
    assert not Receipt.objects.filter(remittance__isnull=True).exists()
    agent_cash = LedgerEntry.objects.filter(account=Account.AGENT_CASH).aggregate(s=Sum("amount"))["s"]
    assert agent_cash == 0
    assert Participation.objects.exclude(source="generated").count() == 0

    # a second run with the same arguments reuses the first; other arguments are refused
    out = io.StringIO()
    call_command("simulate", months=MONTHS, until=str(UNTIL), seed=1, stdout=out)
    assert out.getvalue().startswith(f"Reusing simulated history #{run.pk}")
    assert SimulationRun.objects.count() == 1
    with pytest.raises(CommandError, match="already there"):
        call_command("simulate", months=MONTHS, until=str(UNTIL), seed=2, stdout=io.StringIO())


def test_household_receipts_apply_the_provincial_support_as_the_agent_screen_does(province):
    """Every simulated household HI receipt has the amounts the agent screen would compute for the same household,
    members (in rank order), first month and months: the province's support scheme (Lạng Sơn: members aged 60 to
    under 80 without a card are paid by the provincial budget) is the receipt's state_support."""
    from ansinh.contributions.services.collection import ReceiptInput, _compute, _household_local
    from ansinh.registry.models import Household

    simulate(months=MONTHS, until=UNTIL, seed=1)
    receipts = list(Receipt.objects.filter(scheme="hi_household").order_by("number"))
    assert receipts
    households = Household.objects.in_bulk({r.household_id for r in receipts})
    persons = Person.objects.in_bulk({p for r in receipts for p in r.detail["members"]})
    supported = 0
    for r in receipts:
        members = [persons[p] for p in r.detail["members"]]
        first = Month.of(r.from_month)
        months = first.months_until(Month.of(r.to_month)) + 1
        province, local = _household_local(households[r.household_id], members, first.first_day)
        live = _compute(ReceiptInput(number=r.number, scheme="hi_household", from_month=first, taken_on=r.taken_on,
                                     household_id=r.household_id, member_ids=tuple(r.detail["members"]),
                                     months=months), len(members), province, local)
        assert (r.gross, r.state_support, r.payable) == (live.gross, live.support, live.payable), r.number
        supported += r.state_support > 0
    assert supported > 0  # some households have members the province pays for
    # the ledger follows: the budgets' support owed equals the receipts' state_support
    owed = LedgerEntry.objects.filter(txn__kind="receipt", account=Account.STATE_SUPPORT, fund="hi").aggregate(
        s=Sum("amount"))["s"]
    assert owed == sum(r.state_support for r in receipts)
