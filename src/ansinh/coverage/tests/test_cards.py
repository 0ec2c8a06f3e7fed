"""HI cards: issued set-based for paid months, numbers valid, the benefit digit by date, renewal / reissue / change
writing new rows and never overwriting, one audit row per card."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection

from ansinh.accounts.models import AuditEvent
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.core.testing import factories as f
from ansinh.coverage import selectors
from ansinh.coverage.models import HICard, Participation, Payer
from ansinh.coverage.services import cards
from ansinh.coverage.services.participation import participation_close
from ansinh.coverage.tests import factories as cf
from ansinh.rules import hi_card
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

M = Month(2026, 3)
NUMBER = re.compile(hi_card.CARD_NUMBER_PATTERN)


@pytest.fixture
def world(two_provinces):
    w = dict(two_provinces)
    w["employer"] = f.EmployerFactory(address_commune=w["a1"])
    return w


def card_rows():
    return {c.pk: {k: v for k, v in c.__dict__.items() if not k.startswith("_")} for c in HICard.objects.all()}


def test_cards_for_paid_months_only_with_valid_numbers(world):
    late = f.EmployerFactory(address_commune=world["a1"])
    paid = [cf.employee(world["employer"], commune=world["a1"], start=M) for _ in range(2)]
    unpaid = cf.employee(late, commune=world["a1"], start=M)
    cf.assessed(M)
    cf.pay(world["employer"], M, on=dt.date(2026, 4, 10))
    cf.pay(late, M, share=Decimal("0.9"))

    report = cards.cards_issue(period=M, actor=world["u1"], primary_care_code="20001")
    assert (report.candidates, report.new, report.renewed, report.skipped) == (2, 2, 0, {})
    assert not HICard.objects.filter(person=unpaid).exists()
    for person in paid:
        card = HICard.objects.get(person=person)
        assert NUMBER.match(card.number)
        assert card.number == f"DN420{person.si_code}"
        assert (card.group, card.benefit_level, card.province_code, card.primary_care_code) == ("DN", 4, "20", "20001")
        # first card of an employee: valid from the payment date (the month was paid on 10 April) to the year end
        assert (card.valid_from, card.valid_to) == (dt.date(2026, 4, 10), dt.date(2026, 12, 31))
        assert card.five_years_from == dt.date(2031, 3, 1)
        assert (card.status, card.reason, card.issued_by) == (HICard.Status.ISSUED, HICard.Reason.NEW, world["u1"])
        assert card.detail["validity"] == "payment"
    assert AuditEvent.objects.filter(object_type="coverage.hicard", action="create").count() == 2

    again = cards.cards_issue(period=M)
    assert (again.issued, again.already_valid) == (0, 2)
    assert HICard.objects.count() == 2


def test_near_poor_card_digit_3_in_december_2025_and_2_from_january_2026(world):
    person = f.PersonFactory(address_commune=world["a1"])
    cf.hi_participation(person, group="CN", payer=Payer.STATE_SUPPORTED, start=Month(2025, 12))
    cf.receipt(commune=world["a1"], person=person, first=Month(2025, 12), last=Month(2025, 12),
               taken_on=dt.date(2025, 11, 10))
    cards.cards_issue(period=Month(2025, 12))
    december = HICard.objects.get(person=person)
    assert december.number == f"CN320{person.si_code}"
    # group 4, first time: valid 30 days after payment, for the length paid (Law 51/2024 Art 16.3.c)
    assert (december.valid_from, december.valid_to) == (dt.date(2025, 12, 10), dt.date(2026, 1, 9))
    assert december.detail["validity"] == "waiting"
    before = card_rows()

    cf.receipt(commune=world["a1"], person=person, first=Month(2026, 1), last=Month(2026, 1),
               taken_on=dt.date(2025, 12, 20))
    report = cards.cards_issue(period=Month(2026, 1))
    assert report.renewed == 1
    january = HICard.objects.get(person=person, status=HICard.Status.ISSUED)
    assert january.number == f"CN220{person.si_code}"
    assert (january.valid_from, january.valid_to) == (dt.date(2026, 1, 10), dt.date(2026, 1, 31))
    assert january.replaces_id == december.pk and january.reason == HICard.Reason.RENEWAL
    after = card_rows()[december.pk]
    assert after.pop("status") == HICard.Status.REPLACED
    assert {k: v for k, v in before[december.pk].items() if k != "status"} == after  # nothing else touched
    # the December card is read with the digit in force on the day of treatment
    assert hi_card.benefit_digit_on(december.number, dt.date(2025, 12, 31)).digit == 3
    assert hi_card.benefit_digit_on(december.number, dt.date(2026, 1, 5)).digit == 2
    assert selectors.card_valid_on(person, dt.date(2025, 12, 15)) == december
    assert selectors.card_valid_on(person, dt.date(2026, 1, 15)) == january

    newcomer = f.PersonFactory(address_commune=world["a1"])
    cf.hi_participation(newcomer, group="CN", payer=Payer.STATE_SUPPORTED, start=Month(2026, 1))
    cf.receipt(commune=world["a1"], person=newcomer, first=Month(2026, 1), last=Month(2026, 6),
               taken_on=dt.date(2025, 12, 1))
    cards.cards_issue(period=Month(2026, 1))
    assert HICard.objects.get(person=newcomer).number == f"CN220{newcomer.si_code}"


def test_household_first_card_waits_30_days_and_keeps_its_length(world):
    hh = f.HouseholdFactory(commune=world["a2"])
    cf.hi_participation(hh.head, group="GD", payer=Payer.HOUSEHOLD, start=M, household=hh,
                        source=Participation.Source.RECEIPT)
    cf.receipt(commune=world["a2"], household=hh, first=M, last=M + 5, taken_on=dt.date(2026, 2, 20))
    cards.cards_issue(period=M)
    card = HICard.objects.get(person=hh.head)
    assert (card.valid_from, card.valid_to) == (dt.date(2026, 3, 22), dt.date(2026, 9, 21))
    assert card.number.startswith("GD420")


def test_state_budget_child_card_and_renewal_at_year_end(world):
    child = f.PersonFactory(address_commune=world["a2"], birth_date=dt.date(2024, 2, 1))
    cf.hi_participation(child, group="TE", payer=Payer.STATE, start=Month(2024, 2))
    cards.cards_issue(period=M)
    card = HICard.objects.get(person=child)
    # not a first participation (covered since 2024-02): continuous, from the month's first day
    assert (card.number[:3], card.valid_from, card.valid_to) == ("TE1", M.first_day, dt.date(2026, 12, 31))
    assert card.five_years_from == dt.date(2029, 2, 1)
    report = cards.cards_issue(period=Month(2027, 1))
    assert report.renewed == 1
    renewed = HICard.objects.get(person=child, status=HICard.Status.ISSUED)
    assert (renewed.valid_from, renewed.valid_to, renewed.replaces_id) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31), card.pk)


def test_change_of_group_is_a_new_card(world):
    person = f.PersonFactory(address_commune=world["a1"])
    near_poor = cf.hi_participation(person, group="HN", payer=Payer.STATE, start=Month(2025, 1))
    cards.cards_issue(period=M)
    first = HICard.objects.get(person=person)
    participation_close(actor=None, participation=near_poor, last_month=M)
    cf.hi_participation(person, group="CN", payer=Payer.STATE_SUPPORTED, start=M + 1)
    cf.receipt(commune=world["a1"], person=person, first=M + 1, last=M + 12, taken_on=dt.date(2026, 3, 25))
    report = cards.cards_issue(period=M + 1)
    assert report.changed == 1  # the HN card was issued to the year end
    new = HICard.objects.get(person=person, status=HICard.Status.ISSUED)
    assert (new.group, new.benefit_level, new.replaces_id, new.reason) == ("CN", 2, first.pk, HICard.Reason.CHANGE)
    assert (new.valid_from, new.valid_to) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))


def test_change_detected_while_the_old_card_still_runs(world):
    person = f.PersonFactory(address_commune=world["a1"])
    near_poor = cf.hi_participation(person, group="CN", payer=Payer.STATE_SUPPORTED, start=Month(2025, 7))
    cf.receipt(commune=world["a1"], person=person, first=Month(2025, 7), last=Month(2026, 6),
               taken_on=dt.date(2025, 6, 1))
    cards.cards_issue(period=Month(2025, 7))
    old = HICard.objects.get(person=person)
    participation_close(actor=None, participation=near_poor, last_month=M - 1)  # retires: a pension from March
    pension = cf.hi_participation(person, group="HT", payer=Payer.SI_FUND, start=M,
                                  source=Participation.Source.BENEFIT)
    report = cards.cards_issue(period=M)
    assert report.changed == 1
    new = HICard.objects.get(person=person, status=HICard.Status.ISSUED)
    assert (new.group, new.benefit_level, new.valid_from, new.reason) == ("HT", 3, M.first_day, HICard.Reason.CHANGE)
    assert new.detail["participation_id"] == pension.pk
    assert HICard.objects.get(pk=old.pk).valid_to == old.valid_to  # the old card is not shortened


def test_renew_reissue_change_never_overwrite(world):
    child = f.PersonFactory(address_commune=world["a1"])
    cf.hi_participation(child, group="TE", payer=Payer.STATE, start=Month(2025, 1))
    cards.cards_issue(period=M)
    card = HICard.objects.get()
    snapshot = card_rows()

    lost = cards.card_reissue(actor=world["u1"], card=card, cause="lost", note="lost at the market")
    assert (lost.number, lost.valid_from, lost.valid_to, lost.reason) == (card.number, card.valid_from, card.valid_to,
                                                                          HICard.Reason.REISSUE_LOST)
    assert lost.pk != card.pk and lost.replaces_id == card.pk
    with pytest.raises(Conflict):
        cards.card_reissue(actor=world["u1"], card=card, cause="damaged")  # no longer the current card
    with pytest.raises(InvalidInput):
        cards.card_reissue(actor=world["u1"], card=lost, cause="stolen?")

    renewed = cards.card_renew(actor=world["u1"], card=lost, valid_to=dt.date(2027, 12, 31))
    assert (renewed.valid_from, renewed.valid_to) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    with pytest.raises(InvalidInput):
        cards.card_renew(actor=world["u1"], card=renewed, valid_to=dt.date(2027, 6, 30))

    changed = cards.card_change(actor=world["u1"], card=renewed, on=dt.date(2027, 4, 3), primary_care_code="20002")
    assert (changed.primary_care_code, changed.valid_from, changed.number) == ("20002", dt.date(2027, 4, 3), card.number)
    with pytest.raises(InvalidInput) as exc:
        cards.card_change(actor=world["u1"], card=changed, on=dt.date(2027, 5, 20), primary_care_code="20003")
    assert exc.value.code == "facility_window"
    with pytest.raises(Conflict):
        cards.card_change(actor=world["u1"], card=changed, on=dt.date(2027, 5, 20))

    rows = card_rows()
    assert len(rows) == 4
    assert HICard.objects.filter(status=HICard.Status.ISSUED).get() == changed
    original = rows[card.pk]
    assert original.pop("status") == HICard.Status.REPLACED
    assert {k: v for k, v in snapshot[card.pk].items() if k != "status"} == original
    assert AuditEvent.objects.filter(object_type="coverage.hicard").count() == 1 + 3 * 2


def test_persons_without_si_number_are_reported_not_carded(world):
    person = f.PersonFactory(address_commune=world["a1"], si_code=None)
    cf.hi_participation(person, group="TE", payer=Payer.STATE, start=M)
    report = cards.cards_issue(period=M)
    assert report.skipped == {"no_si_number": 1}
    assert "no_si_number 1" in report.summary()


def test_bad_facility_code_is_refused():
    with pytest.raises(InvalidInput) as exc:
        cards.cards_issue(period=M, primary_care_code="12")
    assert exc.value.field == "primary_care_code"


@pytest.mark.parametrize("n", [10, 60])
def test_set_based_issue_in_few_queries(world, n, django_assert_max_num_queries):
    employers = [world["employer"], f.EmployerFactory(address_commune=world["a2"])]
    for i in range(n):
        cf.employee(employers[i % 2], commune=world["a1"], start=Month(2025, 1), si=False)
    for _ in range(n // 2):
        cf.hi_participation(f.PersonFactory(address_commune=world["a2"]), group="TE", payer=Payer.STATE,
                            start=Month(2025, 1))
    for _ in range(n // 5):
        hh = f.HouseholdFactory(commune=world["a2"])
        cf.hi_participation(hh.head, group="GD", payer=Payer.HOUSEHOLD, start=M, household=hh,
                            source=Participation.Source.RECEIPT)
        cf.receipt(commune=world["a2"], household=hh, first=M, last=M + 11, taken_on=dt.date(2026, 2, 1))
    cf.assessed(M)
    for e in employers:
        cf.pay(e, M)
    # one more on PostgreSQL: the run's `SET LOCAL jit = off` (docs/PERFORMANCE.md, HI cards on PostgreSQL)
    with django_assert_max_num_queries(12 + (connection.vendor == "postgresql")):
        report = cards.cards_issue(period=M)
    total = n + n // 2 + n // 5
    assert report.new == total == HICard.objects.count()
    assert AuditEvent.objects.filter(object_type="coverage.hicard").count() == total
    assert all(NUMBER.match(x) for x in HICard.objects.values_list("number", flat=True))
