"""The citizen's notices: the monthly producers (unpaid contributions by the employer, card ending, benefit paid)
are set-based and idempotent per month; the inbox shows only the citizen's own messages, the badge counts the
unread, and marking read touches only their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from ansinh.accounts.models import Role
from ansinh.contributions.models import Account
from ansinh.contributions.tests.test_payments import assess
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard
from ansinh.notify import services as notify
from ansinh.notify.models import Message
from ansinh.portal.citizen import notices
from ansinh.rules.periods import Month

from .test_portal import _card, citizen, stranger  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
M = Month(2026, 5)


def test_unpaid_contributions_notice_to_the_employees_of_an_employer_that_owes(two_provinces, django_assert_max_num_queries):
    a1 = two_provinces["a1"]
    owing, paid_up = f.EmployerFactory(address_commune=a1, name="Công ty Nợ"), f.EmployerFactory(address_commune=a1)
    assess(owing, Month(2026, 3), {"rs": 1_000_000})
    assess(owing, Month(2026, 4), {"rs": 1_000_000})
    assess(owing, Month(2026, 5), {"rs": 1_000_000})  # the month itself is not late yet
    assess(paid_up, Month(2026, 4), {"rs": 500_000})
    assess(paid_up, Month(2026, 4), {"rs": -500_000}, account=Account.RECEIVABLE, ref="paid")
    workers = [f.PersonFactory(address_commune=a1) for _ in range(5)]
    for p in workers:
        f.EmploymentFactory(person=p, employer=owing, valid_from=dt.date(2025, 1, 1))
    gone = f.PersonFactory(address_commune=a1)
    f.EmploymentFactory(person=gone, employer=owing, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2024, 12, 31))
    other = f.PersonFactory(address_commune=a1)
    f.EmploymentFactory(person=other, employer=paid_up, valid_from=dt.date(2025, 1, 1))
    f.UserFactory(username="en1", role=Role.CITIZEN, person=workers[0], preferred_language="en")
    with django_assert_max_num_queries(8):
        report = notices.produce(month=M, topics=["unpaid"])
    assert report.unpaid == 5
    msgs = Message.objects.filter(topic="contributions.unpaid")
    assert set(msgs.values_list("person_id", flat=True)) == {p.pk for p in workers}
    vi = msgs.get(person=workers[1]).text
    assert "Công ty Nợ" in vi and "2 tháng" in vi and "04/2026" in vi
    assert "has not paid the contributions of 2 months" in msgs.get(person=workers[0]).text
    assert notices.produce(month=M, topics=["unpaid"]).unpaid == 0  # idempotent
    assert msgs.count() == 5


def test_card_ending_within_30_days_unless_renewed(two_provinces, citizen, stranger):  # noqa: F811
    today = dt.date(2026, 12, 10)
    _card(citizen.person)  # ends 2026-12-31
    old = _card(stranger, number="GD4202000000002")
    HICard.objects.filter(pk=old.pk).update(status=HICard.Status.REPLACED)  # renewed: a new card replaces it
    HICard.objects.create(person=stranger, number="GD4202000000003", group="GD", benefit_level=4, province_code="20",
                          valid_from=dt.date(2027, 1, 1), valid_to=dt.date(2027, 12, 31), primary_care_code="20001",
                          issued_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), replaces=old)
    call_command("portal_notices", "--period", "2026-12", "--today", today.isoformat(), "--only", "expiring")
    msgs = Message.objects.filter(topic="card.expiring")
    assert list(msgs.values_list("person_id", flat=True)) == [citizen.person_id]
    assert "GD4202000000001" in msgs.get().text and "31/12/2026" in msgs.get().text
    assert notices.produce(month=Month(2026, 12), today=today, topics=["expiring"]).expiring == 0
    assert notices.produce(month=Month(2026, 12), today=dt.date(2026, 11, 1), topics=["expiring"]).expiring == 0


def test_inbox_badge_and_mark_read_are_the_citizens_own(client, citizen, stranger):  # noqa: F811
    mine = notify.notify(topic="other", text="Thông báo của tôi", person=citizen.person, url="/portal/card/")
    notify.notify(topic="other", text="Thông báo thứ hai", person=citizen.person)
    theirs = notify.notify(topic="other", text="Thông báo của người khác", person=stranger)
    client.force_login(citizen)
    page = client.get("/portal/").content.decode()
    assert 'class="count" aria-hidden="true">2<' in page
    inbox = client.get("/portal/inbox/").content.decode()
    assert "Thông báo của tôi" in inbox and "người khác" not in inbox
    r = client.post("/portal/inbox/read/", {"id": theirs.pk})  # another's id: nothing happens
    theirs.refresh_from_db()
    assert theirs.read_at is None and r["Location"] == "/portal/inbox/"
    r = client.post("/portal/inbox/read/", {"id": mine.pk, "go": "/portal/card/"})
    assert r["Location"] == "/portal/card/"
    r = client.post("/portal/inbox/read/", {"id": mine.pk, "go": "https://evil.example/"})
    assert r["Location"] == "/portal/inbox/"
    assert notify.unread_count(person=citizen.person) == 1
    client.post("/portal/inbox/read/", {"all": "1"})
    assert notify.unread_count(person=citizen.person) == 0 and notify.unread_count(person=stranger) == 1
    assert 'class="count"' not in client.get("/portal/").content.decode()


def test_the_inbox_follows_the_readers_language(client, citizen, two_provinces):  # noqa: F811
    """A notice written once (a dossier step, a monthly notice) reads in Vietnamese on a Vietnamese page and in
    English on an English one; a message written before the texts had keys shows its stored text."""
    from ansinh.notify import texts

    p = citizen.person
    notify.notify(topic="dossier.returned", key="dossier.returned.post", params={"code": "HS-9", "tracking": "EB1VN"},
                  person=p)
    notify.notify_many([{"person_id": p.pk, "key": "benefit.paid", "params": {
        "month": texts.month("2026-11"), "amount": texts.money(5_600_000),
        "channel": {"name": "cash_point", "kind": "payment_channel", "lower": True}}}], topic="benefit.paid")
    Message.objects.create(topic="other", text="Thông báo cũ", person=p, created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    client.force_login(citizen)
    vi = client.get("/portal/inbox/").content.decode()
    assert "Kết quả hồ sơ HS-9 đã được trả qua bưu điện (số vận đơn EB1VN)." in vi
    assert "Đã chi trả chế độ tháng 11/2026: 5.600.000\u00a0đ, tiền mặt" in vi and "Thông báo cũ" in vi
    client.cookies["django_language"] = "en"
    en = client.get("/portal/inbox/").content.decode()
    assert "The result of dossier HS-9 has been sent by post (tracking number EB1VN)." in en
    assert "Your benefit for Nov 2026 has been paid: 5,600,000\u00a0VND," in en
    assert "Kết quả hồ sơ" not in en and "Thông báo cũ" in en  # the old row, as written
