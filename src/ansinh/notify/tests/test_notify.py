"""The notification service: inbox per recipient, deliveries per channel, dedupe, failures recorded and retried."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from ansinh.core.errors import InvalidInput
from ansinh.core.testing import factories as f
from ansinh.notify import backends
from ansinh.notify import services as notify
from ansinh.notify.models import Delivery, Message

pytestmark = pytest.mark.django_db(transaction=True)  # deliveries leave after commit


class Broken(backends.Backend):
    def send(self, message):
        raise ConnectionError("gateway down")


def test_message_to_a_person_reaches_the_inbox_and_the_phone():
    p = f.PersonFactory(phone="0912345678")
    other = f.PersonFactory(phone="0987654321")
    msg = notify.notify(topic="card.expiring", text="Thẻ BHYT của bạn hết hạn ngày 31/12/2026.", person=p,
                        url="/portal/card/")
    assert list(notify.inbox(person=p)) == [msg]
    assert list(notify.inbox(person=other)) == []
    assert notify.unread_count(person=p) == 1
    assert [(o.channel, o.address) for o in backends.outbox] == [("sms", "0912345678")]
    assert backends.outbox[0].text.startswith("Thẻ BHYT")
    assert Delivery.objects.get(message=msg).status == "sent"


def test_a_unit_gets_sms_and_email_and_nobody_else_marks_its_messages_read():
    e = f.EmployerFactory(phone="02053123456", email="ketoan@example.vn")
    p = f.PersonFactory()
    msg = notify.notify(topic="dossier.receipt", text="Đã tiếp nhận hồ sơ.", employer=e)
    assert sorted(o.channel for o in backends.outbox) == ["email", "sms"]
    assert notify.mark_read([msg.pk], person=p) == 0  # not theirs
    assert notify.unread_count(employer=e) == 1
    assert notify.mark_read([msg.pk], employer=e) == 1
    assert notify.unread_count(employer=e) == 0


def test_no_address_means_inbox_only():
    p = f.PersonFactory(phone="")
    notify.notify(topic="benefit.paid", text="Đã chi trả lương hưu tháng 11/2026.", person=p)
    assert backends.outbox == [] and Delivery.objects.count() == 0 and Message.objects.count() == 1


def test_refusals_name_the_field():
    p = f.PersonFactory()
    with pytest.raises(InvalidInput) as e:
        notify.notify(topic="nonsense", text="x", person=p)
    assert e.value.field == "topic"
    with pytest.raises(InvalidInput) as e:
        notify.notify(topic="other", text="x")
    assert e.value.field == "person"
    with pytest.raises(InvalidInput) as e:
        notify.notify(topic="other", text="  ", person=p)
    assert e.value.field == "text"
    with pytest.raises(InvalidInput) as e:
        notify.deliver(channel="fax", address="1", subject="", text="x")
    assert e.value.field == "channel"


def test_dedupe_key_makes_producers_idempotent():
    p = f.PersonFactory()
    assert notify.notify(topic="contributions.unpaid", text="a", person=p, dedupe_key="unpaid:2026-11:1")
    assert notify.notify(topic="contributions.unpaid", text="a", person=p, dedupe_key="unpaid:2026-11:1") is None
    rows = [{"person_id": p.pk, "text": "b", "dedupe_key": "unpaid:2026-11:1"},
            {"person_id": p.pk, "text": "c", "dedupe_key": "unpaid:2026-12:1"}]
    assert notify.notify_many(rows, topic="contributions.unpaid") == 1
    assert notify.notify_many(rows, topic="contributions.unpaid") == 0
    assert Message.objects.filter(person=p).count() == 2


def test_notify_many_queues_sms_for_persons_with_a_phone():
    with_phone, without = f.PersonFactory(phone="0911111111"), f.PersonFactory(phone="")
    n = notify.notify_many([{"person_id": with_phone.pk, "text": "x"}, {"person_id": without.pk, "text": "y"}],
                           topic="card.expiring")
    assert n == 2
    assert [(o.address, o.text) for o in backends.outbox] == [("0911111111", "x")]


def test_a_failed_delivery_is_recorded_and_retried(settings):
    settings.ANSINH_NOTIFY_BACKENDS = {"sms": f"{__name__}.Broken"}
    p = f.PersonFactory(phone="0912345678")
    msg = notify.notify(topic="other", text="x", person=p)
    d = Delivery.objects.get(message=msg)
    assert d.status == "failed" and "gateway down" in d.error and d.attempts == 1
    settings.ANSINH_NOTIFY_BACKENDS = {"sms": "ansinh.notify.backends.MemoryBackend"}
    call_command("notify_retry")
    d.refresh_from_db()
    assert d.status == "sent" and d.attempts == 2 and backends.outbox[0].address == "0912345678"


def test_direct_delivery_keeps_no_text(settings, tmp_path):
    settings.ANSINH_NOTIFY_BACKENDS = {"sms": "ansinh.notify.backends.FileBackend"}
    settings.ANSINH_NOTIFY_FILE = str(tmp_path / "n.jsonl")
    d = notify.deliver(channel="sms", address="0912345678", subject="Mã xác thực", text="Mã của bạn: 482913")
    assert d.status == "sent" and d.message_id is None
    line = json.loads((tmp_path / "n.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert line["text"] == "Mã của bạn: 482913" and line["address"] == "0912345678"
    assert "482913" not in json.dumps(list(Delivery.objects.values()), default=str)


def test_a_keyed_message_reads_in_the_readers_language_and_is_sent_in_vietnamese():
    """The inbox renders a keyed text when it is read, in the page's language; the SMS carries the Vietnamese."""
    import datetime as dt

    from django.utils import translation

    from ansinh.notify import texts

    p = f.PersonFactory(phone="0912345678")
    msg = notify.notify(topic="payment.code", person=p, key="payment.code.new_for_dossier",
                        params={"dossier": "HS-01", "code": "1234 5678", "amount": texts.money(1_250_000, words=True),
                                "until": texts.day(dt.date(2026, 12, 31)), "old": "87654321"})
    msg = Message.objects.get(pk=msg.pk)
    vi = ("Mã thanh toán mới cho hồ sơ HS-01: 1234 5678, số tiền 1.250.000\u00a0đồng, nộp trước ngày 31/12/2026 tại "
          "ngân hàng hoặc điểm thu. Mã cũ 87654321 không còn dùng được.")
    assert msg.text == vi and backends.outbox[0].text == vi
    with translation.override("vi"):
        assert msg.shown_text == vi
    with translation.override("en"):
        assert msg.shown_text == ("New payment code for dossier HS-01: 1234 5678, amount 1,250,000\u00a0VND, to pay by "
                                  "31 Dec 2026 at a bank or a collection point. The old code 87654321 can no longer "
                                  "be used.")


def test_messages_written_before_keys_still_read_as_written():
    p = f.PersonFactory()
    old = Message.objects.create(topic="dossier.receipt", text="Đã tiếp nhận hồ sơ.", person=p,
                                 created_at=dt_now())
    from django.utils import translation

    with translation.override("en"):
        assert Message.objects.get(pk=old.pk).shown_text == "Đã tiếp nhận hồ sơ."
    gone = Message.objects.create(topic="other", text="Văn bản cũ", key="no.such.key", person=p, created_at=dt_now())
    assert gone.shown_text == "Văn bản cũ"  # a key no longer known: the stored text


def test_every_text_renders_in_both_languages_and_a_bad_key_is_refused():
    from ansinh.notify import texts

    p = f.PersonFactory()
    with pytest.raises(InvalidInput) as e:
        notify.notify(topic="other", key="no.such.key", person=p)
    assert e.value.field == "key"
    with pytest.raises(InvalidInput) as e:
        notify.notify(topic="payment.received", key="payment.paid", params={"code": "1"}, person=p)
    assert e.value.field == "params"
    values = {"procedure": texts.both("Cấp lại thẻ BHYT", "HI card reissue"), "due": texts.day(dt_now().date()),
              "lookup": "K1", "code": "C1", "documents": texts.both("Tờ khai", "Form"), "note": "", "reason": "r",
              "tracking": "EB1VN", "amount": texts.money(930_000), "old": "O1", "dossier": "D1",
              "until": texts.day(dt_now().date()), "agent": "Bưu điện", "from": texts.month("2026-01"),
              "to": texts.month("2026-12"), "number": "N1", "day": texts.day(dt_now().date()), "household": "H1",
              "employer": "Công ty A", "n": 2, "last": texts.month("2026-11"), "month": texts.month("2026-11"),
              "channel": {"name": "cash_point", "kind": "payment_channel", "lower": True}}
    for key in texts.TEXTS:
        vi, en = texts.render(key, values, "vi"), texts.render(key, values, "en")
        assert vi != en, key  # translated
        assert "%(" not in vi + en and "HI card reissue" not in vi and "Cấp lại" not in en, key


def dt_now():
    from django.utils import timezone

    return timezone.now()


def test_a_keyed_message_is_sent_in_the_recipients_language():
    """SMS to a person and e-mail to a user carry the keyed text in the recipient's preferred language (their
    portal account's); Vietnamese without a preference; a plain text is sent as it is."""
    from ansinh.accounts.models import Role
    from ansinh.notify import texts

    params = {"amount": texts.money(930_000, words=True), "code": "AS1"}
    en = f.PersonFactory(phone="0911000001")
    f.UserFactory(username="en-reader", role=Role.CITIZEN, person=en, preferred_language="en")
    vi = f.PersonFactory(phone="0911000002")
    user = f.UserFactory(username="en-user", email="a@example.vn", preferred_language="en")
    notify.notify(topic="payment.received", key="payment.paid", params=params, person=en)
    notify.notify(topic="payment.received", key="payment.paid", params=params, person=vi)
    notify.notify(topic="payment.received", key="payment.paid", params=params, user=user)
    notify.notify(topic="payment.received", text="Đã nhận.", person=en)
    sent = {(o.channel, o.address): o for o in backends.outbox if o.text != "Đã nhận."}
    assert sent[("sms", "0911000001")].text == "Received 930,000\u00a0VND under payment code AS1."
    assert sent[("sms", "0911000001")].subject == "Payment received"
    assert sent[("sms", "0911000002")].text == "Đã nhận 930.000\u00a0đồng theo mã thanh toán AS1."
    assert sent[("email", "a@example.vn")].text == "Received 930,000\u00a0VND under payment code AS1."
    assert [o.text for o in backends.outbox if o.address == "0911000001"][-1] == "Đã nhận."
    assert notify.languages([en.pk, vi.pk]) == {en.pk: "en"}
