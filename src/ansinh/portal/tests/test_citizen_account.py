"""Activation and password reset by one-time code: the code goes to the phone on file, is hashed, expires, dies
after five wrong tries; requests are limited per identification number and address; the answers never tell whether
a person exists; the password set is checked by Django's validators; everything audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from ansinh.accounts.models import AuditEvent, Role, User
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.core.testing import factories as f
from ansinh.portal.citizen import otp
from ansinh.portal.citizen.models import OneTimeCode

pytestmark = pytest.mark.django_db
BIRTH = dt.date(1990, 3, 4)


@pytest.fixture
def sent(monkeypatch):
    box: list[dict] = []
    monkeypatch.setattr(otp, "_deliver", lambda **kw: box.append(kw))
    return box


@pytest.fixture
def person(two_provinces):
    return f.PersonFactory(address_commune=two_provinces["a1"], birth_date=BIRTH, phone="0912345678")


def _code(box) -> str:
    return re.search(r"\b(\d{6})\b", box[-1]["text"]).group(1)


def _ask(client, person, *, address="0912 345 678", birth=BIRTH, identifier=None, url="/portal/activate/"):
    return client.post(url, {"identifier": identifier or person.citizen_id, "birth_date": birth.isoformat(),
                             "address": address})


def test_activation_creates_the_account_and_signs_in(client, person, sent):
    r = _ask(client, person, address="+84912345678")
    assert r.status_code == 302 and r["Location"] == "/portal/activate/code/"
    assert sent and sent[0]["channel"] == "sms" and sent[0]["address"] == "0912345678"
    code = _code(sent)
    row = OneTimeCode.objects.get()
    assert code not in row.code_hash and len(row.code_hash) == 64  # only a hash is kept
    page = client.get("/portal/activate/code/").content.decode()
    assert "091••••678" in page
    r = client.post("/portal/activate/code/", {"code": code, "password": "short", "password2": "short"})
    assert r.status_code == 422 and not User.objects.filter(person=person).exists()  # validators
    r = client.post("/portal/activate/code/", {"code": code, "password": "mua-xuan-2026", "password2": "mua-xuan-2026"})
    assert r.status_code == 200
    user = User.objects.get(person=person)
    assert user.role == Role.CITIZEN and user.check_password("mua-xuan-2026")
    assert AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk), actor=user).exists()
    assert AuditEvent.objects.filter(object_type="portal.onetimecode").count() == 1
    r = Client().post("/portal/login/", {"identifier": person.citizen_id, "password": "mua-xuan-2026"})
    assert r.status_code == 302 and r["Location"] == "/portal/"
    # the code is spent
    with pytest.raises(Conflict):
        otp.code_use(row_id=row.pk, code=code, password="mua-xuan-2027", password2="mua-xuan-2027")


def test_reset_of_an_existing_account(client, person, sent):
    user = f.UserFactory(username="c9", role=Role.CITIZEN, person=person)
    _ask(client, person, url="/portal/reset/")
    client.post("/portal/activate/code/", {"code": _code(sent), "password": "hoa-dao-2026!", "password2": "hoa-dao-2026!"})
    user.refresh_from_db()
    assert user.check_password("hoa-dao-2026!") and User.objects.filter(person=person).count() == 1


def test_same_answer_whether_the_person_exists_or_not(person, sent):
    pages = []
    for ident, birth, address in ((person.citizen_id, BIRTH, "0912345678"),  # matches
                                  ("001099000001", BIRTH, "0912345678"),  # nobody
                                  (person.citizen_id, dt.date(1991, 3, 4), "0912345678"),  # wrong birth date
                                  (person.citizen_id, BIRTH, "0987654321")):  # not the phone on file
        c = Client()
        r = c.post("/portal/activate/", {"identifier": ident, "birth_date": birth.isoformat(), "address": address})
        assert r.status_code == 302 and r["Location"] == "/portal/activate/code/"
        page = c.get("/portal/activate/code/").content.decode()
        page = re.sub(r"[A-Za-z0-9]{32,}", "", re.sub(r"\d{3}••••\d{3}", "X", page))  # CSRF tokens, masked phone
        pages.append(page)
        r = c.post("/portal/activate/code/", {"code": "000000", "password": "mua-xuan-2026", "password2": "mua-xuan-2026"})
        assert r.status_code == 422 and "4" in r.content.decode()  # "not right (4 tries left)"
    assert len(set(pages)) == 1
    assert len(sent) == 1  # a code only to the phone on file of the person matched


def test_wrong_codes_void_the_code(person, sent):
    got = otp.code_request(purpose="activate", identifier=person.citizen_id, birth_date=BIRTH, address="0912345678")
    code = _code(sent)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(InvalidInput) as exc:
            otp.code_use(row_id=got.row_id, code=wrong, password="mua-xuan-2026", password2="mua-xuan-2026")
        assert exc.value.details == {"left": left}
    with pytest.raises(Conflict) as exc:
        otp.code_use(row_id=got.row_id, code=wrong, password="mua-xuan-2026", password2="mua-xuan-2026")
    assert exc.value.code == "too_many_attempts"
    with pytest.raises(Conflict):  # even the right code now
        otp.code_use(row_id=got.row_id, code=code, password="mua-xuan-2026", password2="mua-xuan-2026")
    assert not User.objects.filter(person=person).exists()


def test_code_expires_after_ten_minutes(person, sent):
    got = otp.code_request(purpose="activate", identifier=person.citizen_id, birth_date=BIRTH, address="0912345678")
    later = timezone.now() + dt.timedelta(minutes=10, seconds=1)
    with pytest.raises(Conflict) as exc:
        otp.code_use(row_id=got.row_id, code=_code(sent), password="mua-xuan-2026", password2="mua-xuan-2026",
                     now=later)
    assert exc.value.code == "code_expired"


def test_requests_are_limited_per_number_and_address_alike_for_unknown_persons(person, sent):
    for ident in (person.citizen_id, "001099000001"):
        for _ in range(otp.PER_KEY):
            otp.code_request(purpose="reset", identifier=ident, birth_date=BIRTH, address=f"09{ident[-8:]}")
        with pytest.raises(otp.RateLimited):
            otp.code_request(purpose="reset", identifier=ident, birth_date=BIRTH, address="0900000000")
    for i in range(otp.PER_KEY):  # one address, other numbers: the address's own limit
        otp.code_request(purpose="reset", identifier=f"0010990000{i + 2:02d}", birth_date=BIRTH, address="0911111111")
    with pytest.raises(otp.RateLimited):
        otp.code_request(purpose="reset", identifier="001099000009", birth_date=BIRTH, address="0911111111")
    r = Client().post("/portal/reset/", {"identifier": person.citizen_id, "birth_date": BIRTH.isoformat(),
                                         "address": "0912345678"})
    assert r.status_code == 422
    assert "Try again in an hour" in r.content.decode() or "thử lại sau một giờ" in r.content.decode().lower()


def test_a_closed_account_gets_no_code(person, sent):
    f.UserFactory(username="c8", role=Role.CITIZEN, person=person, is_active=False)
    otp.code_request(purpose="reset", identifier=person.citizen_id, birth_date=BIRTH, address="0912345678")
    assert sent == []


def test_refusals_name_the_field(person):
    for kw, field in (({"identifier": "123"}, "identifier"), ({"address": "abc"}, "address"),
                      ({"address": "a@b"}, "address"), ({"birth_date": None}, "birth_date")):
        args = {"purpose": "activate", "identifier": person.citizen_id, "birth_date": BIRTH,
                "address": "0912345678"} | kw
        with pytest.raises(InvalidInput) as exc:
            otp.code_request(**args)
        assert exc.value.field == field


def test_the_code_goes_through_the_notification_service(client, person):
    """No stand-in: the code leaves through ansinh.notify.deliver (the memory backend in tests, the file in the
    demo); the delivery is recorded without the code."""
    from ansinh.notify import backends
    from ansinh.notify.models import Delivery

    _ask(client, person)
    assert len(backends.outbox) == 1 and backends.outbox[0].address == "0912345678"
    code = re.search(r"\b(\d{6})\b", backends.outbox[0].text).group(1)
    delivery = Delivery.objects.get()
    assert delivery.message_id is None and delivery.status == "sent" and code not in delivery.subject
    r = client.post("/portal/activate/code/", {"code": code, "password": "mua-xuan-2026", "password2": "mua-xuan-2026"})
    assert r.status_code == 200 and User.objects.get(person=person).check_password("mua-xuan-2026")
