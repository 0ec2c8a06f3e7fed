"""The portals: sign-in by identification number with one answer for every failure, citizens and employers kept
out of the staff app (and staff out of the portal), every page reading only the signed-in user's own person or unit,
the contribution history with months the employer has not paid flagged, the HI card with its QR code, C12."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ansinh.accounts.models import Role
from ansinh.benefits.tests.conftest import history
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard
from ansinh.rules.periods import Month


@pytest.fixture
def citizen(two_provinces):
    person = f.PersonFactory(address_commune=two_provinces["a1"], birth_date=dt.date(1990, 3, 4), sex="F")
    history(person, Month(2024, 1), Month(2024, 12), 9_000_000)
    user = f.UserFactory(username="c1", role=Role.CITIZEN, person=person)
    return user


@pytest.fixture
def stranger(two_provinces):
    person = f.PersonFactory(address_commune=two_provinces["a1"], birth_date=dt.date(1985, 1, 1))
    history(person, Month(2023, 1), Month(2023, 6), 7_000_000)
    return person


def _card(person, number="GD4202000000001"):
    from django.utils import timezone

    return HICard.objects.create(person=person, number=number, group="GD", benefit_level=4, province_code="20",
                                 valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31),
                                 primary_care_code="20001", issued_at=timezone.now())


def test_citizen_signs_in_with_the_identification_number(client, citizen):
    r = client.post("/portal/login/", {"identifier": citizen.person.citizen_id, "password": "secret-pass-1"})
    assert r.status_code == 302 and r["Location"] == "/portal/"
    page = client.get("/portal/").content.decode()
    assert citizen.person.full_name in page


def test_one_answer_for_every_failed_sign_in(client, citizen, stranger):
    answers = set()
    for identifier, password in ((citizen.person.citizen_id, "wrong-password"), ("999999999999", "secret-pass-1"),
                                 (stranger.citizen_id, "secret-pass-1"), ("nobody", "x")):
        r = Client().post("/portal/login/", {"identifier": identifier, "password": password})
        assert r.status_code == 401
        answers.add(r.content.decode().split('role="alert"><p>')[1].split("</p>")[0])
    assert len(answers) == 1


def test_portal_and_staff_kept_apart(client, citizen, two_provinces):
    client.force_login(citizen)
    assert client.get("/")["Location"] == "/portal/"  # the staff home sends them to their own
    for staff_url in ("/persons/", "/benefits/", "/reports/", f"/persons/{citizen.person.pk}/", "/jobs/"):
        r = client.get(staff_url)
        body = r.content.decode()
        assert r.status_code == 404 and 'class="sidenav"' not in body and 'href="/portal/"' in body, staff_url
    officer = two_provinces["u1"]
    client.force_login(officer)
    assert client.get("/portal/").status_code == 404
    assert client.get("/portal/unit/").status_code == 404


def test_citizen_sees_only_their_own_contributions(client, citizen, stranger):
    client.force_login(citizen)
    page = client.get("/portal/contributions/").content.decode()
    assert "9.000.000" in page and "7.000.000" not in page and stranger.full_name not in page
    # 12 months in 2024; no month of the employer's is cleared in the ledger: each is flagged as not yet paid
    assert "12 tháng đơn vị chưa đóng" in page or "12 months not yet paid" in page
    pdf = client.get("/portal/contributions.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "no-store"
    # no page takes another person's id
    assert client.get(f"/portal/contributions/?person={stranger.pk}").content.decode().count(stranger.full_name) == 0


def test_card_with_qr_and_household(client, citizen):
    _card(citizen.person)
    client.force_login(citizen)
    page = client.get("/portal/card/").content.decode()
    assert "GD4202000000001" in page and "<svg" in page and "20001" in page
    # the group and the benefit digit in words, not bare codes (Vietnamese by default, English on request)
    assert "GD · tham gia theo hộ gia đình" in page and "4 · 80\u00a0% chi phí trong phạm vi BHYT" in page
    client.cookies["django_language"] = "en"
    page = client.get("/portal/card/").content.decode()
    assert "GD · household" in page and "4 · 80\u00a0% within the HI scope" in page


def test_employer_sees_current_employees_and_its_notice(client, two_provinces, stranger):
    employer = f.EmployerFactory(address_commune=two_provinces["a1"])
    current = f.PersonFactory(address_commune=two_provinces["a1"])
    f.EmploymentFactory(person=current, employer=employer, valid_from=dt.date(2025, 1, 1), salary=8_000_000)
    former = f.PersonFactory(address_commune=two_provinces["a1"])
    f.EmploymentFactory(person=former, employer=employer, valid_from=dt.date(2010, 1, 1),
                        valid_to=dt.date(2011, 6, 30), salary=3_000_000)
    other = f.EmployerFactory(address_commune=two_provinces["a1"])
    f.EmploymentFactory(person=stranger, employer=other, valid_from=dt.date(2025, 1, 1), salary=7_000_000)
    rep = f.UserFactory(username="rep", role=Role.EMPLOYER_REP, employer=employer)
    client.force_login(rep)
    page = client.get("/portal/unit/employees/").content.decode()
    assert current.full_name in page and former.full_name not in page and stranger.full_name not in page
    assert "8.000.000" in page
    assert client.get("/portal/unit/notice/?period=2026-05").status_code == 200
    pdf = client.get("/portal/unit/notice/?period=2026-05&format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/portal/").status_code == 302  # the citizen pages send a unit's user to the unit's home
