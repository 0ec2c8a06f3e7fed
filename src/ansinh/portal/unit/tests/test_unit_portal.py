"""The employer portal: the unit's users and their roles (invitation, activation, disable, last administrator),
API tokens scoped to the unit, D02-LT lists (every vendor file read or refused with its reason; errors per line and
field; corrected online; submitted as a dossier; accepted by an officer and applied, counted by the next
assessment; or returned), money (payments and their allocation, transfer reference) and the HI cards an employer
may see."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from ansinh.accounts.models import ApiToken, AuditEvent, Role
from ansinh.contributions.imports.d02lt import read_d02lt, write_xlsx
from ansinh.contributions.models import Declaration
from ansinh.core.errors import Conflict, FileErrors, Forbidden, InvalidInput, NotFound
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard, Participation
from ansinh.portal.unit import services
from ansinh.portal.unit.models import Submission, UnitMember, UnitRole
from ansinh.procedures.models import Dossier
from ansinh.registry.models import Employment, Person
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

# the shared reference data beside the checkout (../shared), or where the project keeps it
FORMATS = next((p / "data" / "formats" / "employer-declarations" for p in (
    Path(__file__).resolve().parents[6] / "shared", Path("/work/shared"))
    if (p / "data" / "formats" / "employer-declarations").is_dir()), Path("/work/shared/data/formats/employer-declarations"))
NOW = Month.of(timezone.localdate())


def cid(n: int, sex: str = "M", year: int = 1990) -> str:
    century_sex = (0 if year < 2000 else 2) + (0 if sex == "M" else 1)
    return f"020{century_sex}{year % 100:02d}{n:06d}"


@pytest.fixture
def unit(two_provinces):
    world = dict(two_provinces)
    employer = f.EmployerFactory(address_commune=world["a1"], start_date=dt.date(2015, 1, 1))
    world["employer"] = employer
    world["staying"] = f.EmploymentFactory(employer=employer, person=f.PersonFactory(address_commune=world["a1"]),
                                           valid_from=dt.date(2024, 1, 1), salary=9_000_000)
    world["admin"] = f.UserFactory(username="unit_admin", role=Role.EMPLOYER_REP, employer=employer)
    world["other_employer"] = f.EmployerFactory(address_commune=world["a2"], start_date=dt.date(2015, 1, 1))
    world["other_admin"] = f.UserFactory(username="other_admin", role=Role.EMPLOYER_REP,
                                         employer=world["other_employer"])
    return world


def _member(unit, role: str, username: str):
    user = f.UserFactory(username=username, role=Role.EMPLOYER_REP, employer=unit["employer"])
    services.member_ensure(user=user, unit_role=role)
    return user


def _line(n: int, commune, **over) -> dict:
    values = dict(action="TM", from_month=f"{NOW.month:02d}/{NOW.year}", citizen_id=cid(700 + n),
                  full_name=f"Trần Văn Mới {n}", birth_date="17/05/1990", sex="Nam", commune_code=commune.code,
                  contract_type="indefinite", salary=8_000_000, position="Công nhân")
    values.update(over)
    return values


def _xlsx(rows, unit) -> bytes:
    return write_xlsx(rows, unit_code=unit["employer"].unit_code, unit_name=unit["employer"].name, period=NOW)


# --- every vendor file: read or refused with a precise reason ----------------------------------------------------

def test_every_file_of_the_formats_folder_is_read_or_refused_with_its_reason():
    files = sorted(p for p in FORMATS.iterdir() if p.is_file())
    assert files, "the shared formats folder is missing"
    expected = {
        "FileMau_D03_TK1_VNPT.xlsx": ("other_form", "“Dữ Liệu” is a D03-TS list"),
        "d03-ts-template.xlsx": ("other_form", "“D03-TS” is a D03-TS list"),
    }
    for path in files:
        assert path.name in expected, f"{path.name}: a new file in the folder needs its test"
        code, words = expected[path.name]
        with pytest.raises(FileErrors) as caught:
            read_d02lt(path.read_bytes(), path.name)
        error = caught.value.details[0]
        assert error["code"] == code and words in error["message"], (path.name, error)


def test_a_header_without_the_month_names_what_is_missing():
    from openpyxl import Workbook

    from ansinh.core.exports import xlsx_bytes

    book = Workbook()
    book.active.append(["STT", "HoTen", "MasoBHXH", "PA", "TuNgay"])
    book.active.append([1, "A", "0123456789", "TM", "01/01/2026"])
    with pytest.raises(FileErrors) as caught:
        read_d02lt(xlsx_bytes(book))
    message = caught.value.details[0]["message"]
    assert caught.value.details[0]["code"] == "no_header" and "row 1" in message and "“Từ tháng”" in message


# --- users and roles ---------------------------------------------------------------------------------------------

def test_administrator_invites_a_user_who_activates_and_signs_in(unit):
    admin = unit["admin"]
    member, key = services.member_invite(actor=admin, username="ke.toan", full_name="Nguyễn Thị Kế Toán",
                                         email="kt@example.vn", unit_role=UnitRole.ACCOUNTANT)
    assert member.employer == unit["employer"] and not member.user.has_usable_password()
    assert AuditEvent.objects.filter(object_type="portal_unit.unitmember", actor=admin, action="create").exists()
    assert Client().post("/portal/login/", {"identifier": "ke.toan", "password": "x"}).status_code == 401
    with pytest.raises(InvalidInput):
        services.member_activate(key=key, password="short")
    services.member_activate(key=key, password="mật-khẩu-dài-2026")
    with pytest.raises(InvalidInput):  # spent
        services.member_activate(key=key, password="another-long-pass")
    client = Client()
    r = client.post("/portal/login/", {"identifier": "ke.toan", "password": "mật-khẩu-dài-2026"})
    assert r.status_code == 302
    assert client.get("/portal/unit/money/").status_code == 200  # an accountant sees the money
    assert client.get("/portal/unit/users/").status_code == 403  # but does not manage users


def test_roles_are_enforced_in_the_services(unit):
    viewer = _member(unit, UnitRole.VIEWER, "viewer1")
    accountant = _member(unit, UnitRole.ACCOUNTANT, "acc1")
    declarer = _member(unit, UnitRole.DECLARER, "decl1")
    for user in (viewer, accountant):
        with pytest.raises(Forbidden):
            services.submission_new(actor=user, period=str(NOW))
    with pytest.raises(Forbidden):
        services.member_invite(actor=declarer, username="x1", full_name="X", unit_role="viewer")
    with pytest.raises(Forbidden):
        services.unit_token_create(actor=declarer, name="payroll")
    assert services.submission_new(actor=declarer, period=str(NOW)).status == Submission.Status.DRAFT
    c = Client()
    c.force_login(viewer)
    assert c.get("/portal/unit/money/").status_code == 403
    assert c.get("/portal/unit/notice/").status_code == 403
    assert c.get("/portal/unit/declarations/").status_code == 200
    assert c.post("/portal/unit/declarations/", {"do": "new", "period": str(NOW)}).status_code == 403


def test_administrator_changes_and_disables_users_but_keeps_one_administrator(unit):
    admin = unit["admin"]
    services.member_ensure(user=admin, unit_role=UnitRole.ADMIN)
    declarer = _member(unit, UnitRole.DECLARER, "decl2")
    member = services.member_of_unit(actor=admin, member_id=declarer.unit_member.pk)
    services.member_change(actor=admin, member=member, unit_role=UnitRole.VIEWER)
    assert UnitMember.objects.get(pk=member.pk).unit_role == UnitRole.VIEWER
    services.member_change(actor=admin, member=member, enabled=False)
    declarer.refresh_from_db()
    assert not declarer.is_active
    assert Client().post("/portal/login/", {"identifier": "decl2", "password": "secret-pass-1"}).status_code == 401
    own = services.member_of_unit(actor=admin, member_id=admin.unit_member.pk)
    with pytest.raises(Conflict):
        services.member_change(actor=admin, member=own, unit_role=UnitRole.VIEWER)
    other = _member({"employer": unit["other_employer"]}, UnitRole.VIEWER, "other_viewer")
    with pytest.raises(NotFound):  # another unit's user
        services.member_of_unit(actor=admin, member_id=other.unit_member.pk)
    assert AuditEvent.objects.filter(object_type="portal_unit.unitmember", action="update").count() == 2


def test_users_page_invites_and_shows_the_link_once(client, unit):
    client.force_login(unit["admin"])
    r = client.post("/portal/unit/users/", {"do": "invite", "username": "khai.bao", "full_name": "Hà Văn Khai",
                                            "unit_role": "declarer"})
    page = r.content.decode()
    link = re.search(r'id="activation-link">([^<]+)<', page).group(1)
    assert "/portal/unit/activate/" in link
    activate = Client()
    path = link.split("testserver", 1)[1]
    assert activate.get(path).status_code == 200
    r = activate.post(path, {"password": "Khai-bao-2026!", "password2": "Khai-bao-2026!"})
    assert r.status_code == 200 and "/portal/login/" in r.content.decode()
    assert "activation-link" not in client.get("/portal/unit/users/").content.decode()  # shown once
    assert Client().post("/portal/login/", {"identifier": "khai.bao", "password": "Khai-bao-2026!"}).status_code == 302


def test_activation_link_is_sent_to_the_invited_user_and_a_new_link_too(client, unit):
    from ansinh.notify.backends import outbox
    from ansinh.notify.models import Delivery, Message

    client.force_login(unit["admin"])
    outbox.clear()
    r = client.post("/portal/unit/users/", {"do": "invite", "username": "ke.toan", "full_name": "Lê Thị Toán",
                                            "email": "toan@example.vn", "phone": "0912345678",
                                            "unit_role": "accountant"})
    page = r.content.decode()
    link = re.search(r'id="activation-link">([^<]+)<', page).group(1)
    sent = {o.channel: o for o in outbox}
    assert set(sent) == {"email", "sms"} and sent["email"].address == "toan@example.vn"
    assert all(link in o.text and "ke.toan" in o.text for o in outbox)
    assert 'id="activation-sent"' in page and "t•••@example.vn" in page and "091••••678" in page
    # direct deliveries: no inbox message keeps the link
    assert Delivery.objects.filter(message__isnull=True, status="sent").count() == 2
    assert not Message.objects.filter(text__contains=link.rsplit("/", 2)[-2]).exists()
    member = UnitMember.objects.get(user__username="ke.toan")
    event = AuditEvent.objects.get(object_type="portal_unit.unitmember", object_id=str(member.pk),
                                   reason="activation link sent")
    assert event.actor_id == unit["admin"].pk and link.rsplit("/", 2)[-2] not in str(event.after)
    outbox.clear()
    r = client.post("/portal/unit/users/", {"do": "reinvite", "member": member.pk})
    new_link = re.search(r'id="activation-link">([^<]+)<', r.content.decode()).group(1)
    assert new_link != link and {o.channel for o in outbox} == {"email", "sms"}
    assert all(new_link in o.text for o in outbox)
    # no address: the page says the link was not sent, the administrator passes it on
    outbox.clear()
    r = client.post("/portal/unit/users/", {"do": "invite", "username": "xem.thoi", "full_name": "Vũ Xem",
                                            "unit_role": "viewer"})
    assert 'id="activation-not-sent"' in r.content.decode() and not outbox


# --- API tokens --------------------------------------------------------------------------------------------------

def test_unit_token_reaches_only_the_units_objects(unit):
    admin = unit["admin"]
    key = services.unit_token_create(actor=admin, name="Phần mềm lương", days=30)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    api = Client()
    own = unit["employer"].pk
    assert api.get(f"/api/v1/employers/{own}", **auth).status_code == 200
    assert api.get(f"/api/v1/employers/{unit['other_employer'].pk}", **auth).status_code == 404
    assert api.get(f"/api/v1/persons/{unit['staying'].person_id}", **auth).status_code == 200
    stranger = f.PersonFactory(address_commune=unit["a1"])
    assert api.get(f"/api/v1/persons/{stranger.pk}", **auth).status_code == 404
    token = services.unit_tokens(actor=admin)[0]
    assert token.expires_at <= timezone.now() + dt.timedelta(days=31)
    with pytest.raises(NotFound):  # another unit's administrator cannot revoke it
        services.unit_token_revoke(actor=unit["other_admin"], token_id=token.pk)
    services.unit_token_revoke(actor=admin, token_id=token.pk)
    assert api.get(f"/api/v1/employers/{own}", **auth).status_code == 401
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


# --- D02-LT: upload with errors, correct, submit, accept ---------------------------------------------------------

def test_upload_with_errors_then_corrected_submitted_accepted_and_assessed(client, unit):
    from ansinh.analytics.assessment import assess
    from ansinh.contributions.models import AssessmentLine

    declarer = _member(unit, UnitRole.DECLARER, "decl3")
    data = _xlsx([_line(1, unit["a2"]), _line(2, unit["a2"], salary=1_000, citizen_id=cid(702)),
                  _line(3, unit["a2"], citizen_id="12345")], unit)
    client.force_login(declarer)
    r = client.post("/portal/unit/declarations/", {"do": "upload", "file": _upload(data)})
    assert r.status_code == 302
    s = Submission.objects.get()
    codes = {(e["line"], e["field"], e["code"]) for e in s.errors}
    assert (9, "salary", "below_floor") in codes and any(e[0] == 10 and e[1] == "citizen_id" for e in codes)
    page = client.get(f"/portal/unit/declarations/{s.pk}/").content.decode()
    assert "Dòng 9" in page and "Dòng 10" in page and "has-errors" in page
    # nothing in the registry yet
    assert not Person.objects.filter(citizen_id=cid(701)).exists()
    with pytest.raises(FileErrors):
        services.submission_submit(actor=declarer, submission=s)
    # correct line 9 online, remove line 10
    r = client.post(f"/portal/unit/declarations/{s.pk}/", {"do": "save_line", "line": "9",
                                                          **{k: str(v) for k, v in _line(2, unit["a2"]).items()}})
    assert r.status_code == 302
    client.post(f"/portal/unit/declarations/{s.pk}/", {"do": "remove_line", "line": "10"})
    s.refresh_from_db()
    assert s.errors == [] and len(s.lines) == 2
    client.post(f"/portal/unit/declarations/{s.pk}/", {"do": "submit"})
    s.refresh_from_db()
    assert s.status == Submission.Status.SUBMITTED and s.dossier.procedure_code == "employee-changes"
    assert s.dossier.channel == "online" and s.dossier.employer == unit["employer"] and s.dossier.code
    assert not Person.objects.filter(citizen_id=cid(701)).exists()  # still nothing applied
    page = client.get(f"/portal/unit/declarations/{s.pk}/").content.decode()
    assert s.dossier.code in page
    # the officer of the unit's locality accepts
    officer = unit["u1"]
    staff = Client()
    staff.force_login(officer)
    assert s.dossier.code in staff.get("/contributions/unit-lists/").content.decode()
    other_officer = Client()
    other_officer.force_login(unit["u2"])
    assert other_officer.get(f"/contributions/unit-lists/{s.pk}/").status_code == 404
    r = staff.post(f"/contributions/unit-lists/{s.pk}/", {"do": "accept"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == Submission.Status.ACCEPTED and s.declaration.status == Declaration.Status.APPLIED
    assert s.declaration.channel == "portal" and s.declaration.submitted_by == officer
    assert Dossier.objects.get(pk=s.dossier_id).outcome == "granted"
    new = Person.objects.get(citizen_id=cid(701))
    assert Employment.objects.filter(person=new, employer=unit["employer"], valid_to__isnull=True).exists()
    page = client.get(f"/portal/unit/declarations/{s.pk}/").content.decode()
    assert "Đã được chấp nhận và cập nhật vào cơ sở dữ liệu" in page
    # the next assessment counts the new employees
    assess(NOW)
    assert AssessmentLine.objects.filter(person=new, employer=unit["employer"], for_period=NOW.first_day).exists()


def _upload(data: bytes, name: str = "d02lt.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_vendor_file_is_refused_on_the_page_with_its_reason(client, unit):
    client.force_login(unit["admin"])
    path = FORMATS / "FileMau_D03_TK1_VNPT.xlsx"
    r = client.post("/portal/unit/declarations/", {"do": "upload", "file": _upload(path.read_bytes(), path.name)})
    assert r.status_code == 422 and "D03-TS" in r.content.decode()
    assert not Submission.objects.exists()


def test_officer_returns_with_reasons_and_the_unit_sends_a_corrected_copy(unit):
    declarer = _member(unit, UnitRole.DECLARER, "decl4")
    s = services.submission_new(actor=declarer, period=str(NOW))
    services.submission_line_save(actor=declarer, submission=s, values=_line(1, unit["a2"]))
    s = services.submission_submit(actor=declarer, submission=s)
    with pytest.raises(Forbidden):
        services.submission_accept(actor=declarer, submission=s)
    s = services.submission_return(actor=unit["u1"], submission=s, reasons="Thiếu hợp đồng lao động")
    assert s.status == Submission.Status.RETURNED and Dossier.objects.get(pk=s.dossier_id).outcome == "refused"
    assert not Person.objects.filter(citizen_id=cid(701)).exists()
    with pytest.raises(Conflict):
        services.submission_line_save(actor=declarer, submission=s, values=_line(2, unit["a2"]))
    copy = services.submission_copy(actor=declarer, submission=s)
    assert copy.status == Submission.Status.DRAFT and copy.lines == s.lines


def test_another_units_list_is_not_found(client, unit):
    s = services.submission_new(actor=unit["admin"], period=str(NOW))
    client.force_login(unit["other_admin"])
    assert client.get(f"/portal/unit/declarations/{s.pk}/").status_code == 404
    assert client.post(f"/portal/unit/declarations/{s.pk}/", {"do": "submit"}).status_code == 404


def test_template_download_is_the_layout_the_reader_reads(client, unit):
    client.force_login(unit["admin"])
    r = client.get("/portal/unit/declarations/template.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    with pytest.raises(FileErrors) as caught:  # the header is found; the template has no line yet
        read_d02lt(r.content)
    assert caught.value.details[0]["code"] == "empty"


# --- money ---------------------------------------------------------------------------------------------------------

def test_money_page_shows_payments_and_their_allocation(client, unit):
    from ansinh.contributions.codes import payment_text_codes
    from ansinh.contributions.services.payments import employer_payment_post
    from ansinh.contributions.tests.test_payments import assess as owe

    employer = unit["employer"]
    owe(employer, Month(2026, 9), {"hi": 300_000, "ui": 100_000, "sm": 200_000})
    employer_payment_post(actor=unit["u1"], employer=employer, amount=450_000, reference="FT26001",
                          paid_on=dt.date(2026, 10, 20))
    from ansinh.portal.unit.selectors import payments, transfer_reference

    rows = payments(employer)
    assert len(rows) == 1 and rows[0]["amount"] == 450_000
    paid = {a["fund"]: a["total"] for a in rows[0]["allocation"]}
    assert sum(paid.values()) == 450_000 and paid["hi"] == 300_000 and paid["ui"] == 100_000
    assert employer.unit_code in payment_text_codes(transfer_reference(employer, Month(2026, 11))).unit_codes
    client.force_login(unit["admin"])
    page = client.get("/portal/unit/money/").content.decode()
    assert "FT26001" in page and "450.000" in page


# --- HI cards: only those through the unit ---------------------------------------------------------------------------

def test_employer_sees_only_the_cards_issued_through_the_unit(unit):
    from ansinh.coverage.selectors import person_cards

    person = unit["staying"].person
    mine = Participation.objects.create(person=person, scheme="hi", hi_group="DN", payer="employer_employee",
                                        employer=unit["employer"], valid_from=dt.date(2024, 1, 1), source="declaration")
    earlier = Participation.objects.create(person=person, scheme="hi", hi_group="GD", payer="household",
                                           valid_from=dt.date(2022, 1, 1), valid_to=dt.date(2023, 12, 31),
                                           source="declaration")
    kw = dict(person=person, benefit_level=4, province_code="20", primary_care_code="20001", issued_at=timezone.now())
    HICard.objects.create(number="GD4202000000001", group="GD", valid_from=dt.date(2022, 1, 1), status="replaced",
                          valid_to=dt.date(2023, 12, 31), detail={"participation_id": earlier.pk}, **kw)
    HICard.objects.create(number="DN4202000000001", group="DN", valid_from=dt.date(2026, 1, 1),
                          valid_to=dt.date(2026, 12, 31), detail={"participation_id": mine.pk}, **kw)
    assert [c.number for c in person_cards(person, unit["admin"])] == ["DN4202000000001"]
    assert len(person_cards(person, unit["u1"])) == 2
    api = Client()
    api.force_login(unit["admin"])
    body = api.get(f"/api/v1/persons/{person.pk}/hi-cards").json()
    assert [c["number"] for c in body] == ["DN4202000000001"]
    assert api.get("/api/v1/hi-cards/GD4202000000001").status_code == 404


def test_payroll_software_sends_a_list_for_review_with_the_unit_token(unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    key = services.unit_token_create(actor=unit["admin"], name="payroll")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    api = Client()
    bad = _xlsx([_line(1, unit["a2"], salary=1_000)], unit)
    r = api.post("/api/v1/unit/declarations", {"file": SimpleUploadedFile("bad.xlsx", bad)}, **auth)
    assert r.status_code == 422 and r.json()["details"][0]["code"] == "below_floor"
    good = _xlsx([_line(1, unit["a2"])], unit)
    r = api.post("/api/v1/unit/declarations", {"file": SimpleUploadedFile("good.xlsx", good)}, **auth)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "submitted" and body["receipt_number"]
    assert not Person.objects.filter(citizen_id=cid(701)).exists()  # waiting for the officer
    assert api.get(f"/api/v1/unit/declarations/{body['id']}", **auth).json()["status"] == "submitted"
    other = services.unit_token_create(actor=unit["other_admin"], name="theirs")
    r = api.get(f"/api/v1/unit/declarations/{body['id']}", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert r.status_code == 404
    assert len(api.get("/api/v1/unit/declarations", HTTP_AUTHORIZATION=f"Bearer {other}").json()) == 0
