"""The staff pages: sign-in, scope, search, edit with its audit row, language, CSV export."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from ansinh.accounts.models import AuditEvent
from ansinh.core.testing import factories as f
from ansinh.registry.models import Person
from ansinh.web.context import AREAS

pytestmark = pytest.mark.django_db


def _urls(data: dict) -> dict[str, str]:
    return {
        "person": reverse("web:person_detail", args=[data["person_cb"].pk]),
        "person_edit": reverse("web:person_edit", args=[data["person_cb"].pk]),
        "person_audit": reverse("web:audit", args=["registry.person", data["person_cb"].pk]),
        "household": reverse("web:household_detail", args=[data["household_cb"].pk]),
        "household_audit": reverse("web:audit", args=["registry.household", data["household_cb"].pk]),
        "employer": reverse("web:employer_detail", args=[data["employer_cb"].pk]),
        "employer_edit": reverse("web:employer_edit", args=[data["employer_cb"].pk]),
        "employer_audit": reverse("web:audit", args=["registry.employer", data["employer_cb"].pk]),
    }


# --- sign-in ----------------------------------------------------------------------------------------------------

def test_pages_need_login(client, scoped):
    pages = [reverse("web:dashboard"), reverse("web:person_search"), reverse("web:household_search"),
             reverse("web:employer_search"), *_urls(scoped).values()]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("web:login") + "?next="), url


def test_login_and_logout(client, scoped):
    page = client.get(reverse("web:login"))
    assert page.status_code == 200
    assert "Đăng nhập" in page.content.decode()
    bad = client.post(reverse("web:login"), {"username": "officer_ls", "password": "wrong-password"})
    assert bad.status_code == 200 and b'role="alert"' in bad.content
    ok = client.post(reverse("web:login"), {"username": "officer_ls", "password": "secret-pass-1"})
    assert ok.status_code == 302 and ok["Location"] == reverse("web:dashboard")
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert client.get(reverse("web:logout")).status_code == 405  # logging out is a POST (a form in the header)
    assert client.post(reverse("web:logout"))["Location"] == reverse("web:login")
    assert client.get(reverse("web:dashboard")).status_code == 302


def test_dashboard_shows_role_localities_and_areas(client, scoped):
    client.force_login(scoped["u1"])
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "Cán bộ thu" in html  # Role.COLLECTION_OFFICER in Vietnamese
    assert scoped["o1"].name in html
    assert "2 xã/phường đang có hiệu lực" in html
    assert 'href="/persons/"' in html and 'href="/employers/"' in html and 'href="/households/"' in html
    coming = [label for name, label in AREAS if name is None]
    assert html.count('aria-disabled="true"') == 2 * len(coming)  # the areas not built yet, in the nav and as tiles
    assert ("sắp có" in html) == bool(coming)  # "coming" only for what is not built


# --- scope ------------------------------------------------------------------------------------------------------

def test_other_province_objects_are_not_found(client, scoped):
    client.force_login(scoped["u1"])
    for name, url in _urls(scoped).items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert "Không tìm thấy" in response.content.decode(), name
    assert client.post(_urls(scoped)["person_edit"], {"reason": "x"}).status_code == 404


def test_own_province_objects_are_shown(client, scoped):
    client.force_login(scoped["u1"])
    person = client.get(reverse("web:person_detail", args=[scoped["person_ls"].pk])).content.decode()
    assert "Nguyễn Văn An" in person
    assert scoped["household_ls"].code in person and "Chủ hộ" in person  # household with the relationship
    assert "Công ty TNHH Lạng Sơn Xanh" in person and "9.500.000" in person  # employment and salary history
    household = client.get(reverse("web:household_detail", args=[scoped["household_ls"].pk])).content.decode()
    assert "Nguyễn Văn An" in household and "Chủ hộ" in household
    employer = client.get(reverse("web:employer_detail", args=[scoped["employer_ls"].pk])).content.decode()
    assert "Nguyễn Văn An" in employer and "9.500.000" in employer
    for obj in ("person_ls", "household_ls", "employer_ls"):
        label = scoped[obj]._meta.label_lower
        assert client.get(reverse("web:audit", args=[label, scoped[obj].pk])).status_code == 200


def test_audit_page_only_for_known_types(client, scoped):
    client.force_login(scoped["u1"])
    assert client.get(reverse("web:audit", args=["accounts.user", scoped["u1"].pk])).status_code == 404
    assert client.get(reverse("web:audit", args=["registry.person", 999999])).status_code == 404


def test_search_lists_only_the_users_scope(client, scoped):
    client.force_login(scoped["u1"])
    html = client.get(reverse("web:person_search"), {"q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn An" in html and "Nguyễn Văn Anh" not in html
    assert "Tìm thấy 1 người" in html
    client.force_login(scoped["u2"])
    html = client.get(reverse("web:person_search"), {"q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn Anh" in html and "Nguyễn Văn An<" not in html
    by_id = client.get(reverse("web:person_search"), {"q": scoped["person_ls"].citizen_id}).content.decode()
    assert "Tìm thấy 0 người" in by_id  # the other province's person, even by exact ID


def test_household_and_employer_search_scope(client, scoped):
    client.force_login(scoped["u1"])
    households = client.get(reverse("web:household_search"), {"q": "nguyen van"}).content.decode()
    assert scoped["household_ls"].code in households and scoped["household_cb"].code not in households
    employers = client.get(reverse("web:employer_search"), {"q": "cong ty"}).content.decode()
    assert "Lạng Sơn Xanh" in employers and "Cao Bằng Xanh" not in employers


def test_search_answers_htmx_with_the_results_fragment(client, scoped):
    client.force_login(scoped["u1"])
    full = client.get(reverse("web:person_search"), {"q": "nguyen"})
    assert b"<html" in full.content and b'id="results"' in full.content
    fragment = client.get(reverse("web:person_search"), {"q": "nguyen"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "<html" not in body and "<form" not in body
    assert "Nguyễn Văn An" in body
    assert "HX-Request" in fragment["Vary"]


def test_search_filters_and_pages(client, scoped):
    client.force_login(scoped["u1"])
    for i in range(30):
        f.PersonFactory(full_name=f"Trần Thị Bình {i:02d}", address_commune=scoped["a2"], birth_date=f.dt.date(1990, 1, 1))
    first = client.get(reverse("web:person_search"), {"q": "tran thi binh"}).content.decode()
    assert "Tìm thấy 30 người" in first and "Trang 1/2" in first
    second = client.get(reverse("web:person_search"), {"q": "tran thi binh", "page": 2}).content.decode()
    assert "Trần Thị Bình 29" in second and "Trần Thị Bình 00" not in second
    assert "Tìm thấy 0 người" in client.get(
        reverse("web:person_search"), {"q": "tran thi binh", "birth_year": 1991}
    ).content.decode()
    in_a1 = client.get(reverse("web:person_search"), {"q": "nguyen", "commune": scoped["a1"].pk}).content.decode()
    assert "Nguyễn Văn An" in in_a1
    assert "Tìm thấy 0 người" in client.get(
        reverse("web:person_search"), {"q": "nguyen", "commune": scoped["a2"].pk}
    ).content.decode()
    bad = client.get(reverse("web:person_search"), {"q": "x", "birth_year": "abc"})
    assert bad.status_code == 200 and b'role="alert"' in bad.content


def test_csv_export_link_respects_scope(client, scoped):
    client.force_login(scoped["u1"])
    html = client.get(reverse("web:person_search"), {"q": "nguyen van"}).content.decode()
    link = re.search(r'href="(/persons/export\.csv\?[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "q=nguyen+van" in link
    response = client.get(link)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    names = [r for r in rows[1:] if r]
    assert len(names) == 1 and "Nguyễn Văn An" in names[0]  # only the officer's own locality


# --- edits ------------------------------------------------------------------------------------------------------

def _person_form(person: Person, **changes: object) -> dict[str, object]:
    data = {
        "full_name": person.full_name, "citizen_id": person.citizen_id or "", "si_code": person.si_code or "",
        "birth_date": person.birth_date.isoformat(), "birth_precision": person.birth_precision, "sex": person.sex,
        "ethnicity": person.ethnicity, "nationality": person.nationality, "address_commune_id": person.address_commune_id,
        "address_line": person.address_line, "phone": person.phone, "death_date": "", "reason": "",
    }
    data.update(changes)
    return data


def test_person_edit_writes_an_audit_row(client, scoped):
    person = scoped["person_ls"]
    client.force_login(scoped["u1"])
    url = reverse("web:person_edit", args=[person.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="0912345678"' in form.content.decode()
    response = client.post(url, _person_form(person, phone="0987654321", address_line="Số 5 Lê Lợi",
                                             reason="Phiếu đăng ký 12/2025"))
    assert response.status_code == 302 and response["Location"] == reverse("web:person_detail", args=[person.pk])
    event = AuditEvent.objects.get(object_type="registry.person", object_id=str(person.pk), action="update")
    assert event.actor == scoped["u1"] and event.source == "web" and event.reason == "Phiếu đăng ký 12/2025"
    assert event.before["phone"] == "0912345678" and event.after["phone"] == "0987654321"
    assert {k for k, _, _ in event.changed_fields()} == {"phone", "address_line"}
    detail = client.get(response["Location"]).content.decode()
    assert "Đã lưu thay đổi." in detail
    assert "Phiếu đăng ký 12/2025" in detail and "0912345678" in detail and "0987654321" in detail
    audit = client.get(reverse("web:audit", args=["registry.person", person.pk])).content.decode()
    assert "Số điện thoại" in audit and scoped["u1"].username in audit


def test_person_edit_bad_phone_shows_the_field_error_and_writes_nothing(client, scoped):
    person = scoped["person_ls"]
    client.force_login(scoped["u1"])
    response = client.post(
        reverse("web:person_edit", args=[person.pk]), _person_form(person, phone="12345", reason="test")
    )
    assert response.status_code == 422
    html = response.content.decode()
    error = re.search(r'<p class="field-error" id="id_phone_error">([^<]*)</p>', html)
    assert error and "Không phải số điện thoại Việt Nam" in error.group(1)
    assert not AuditEvent.objects.filter(object_type="registry.person").exists()
    person.refresh_from_db()
    assert person.phone == "0912345678"


def test_person_edit_needs_a_reason_and_a_change(client, scoped):
    person = scoped["person_ls"]
    client.force_login(scoped["u1"])
    url = reverse("web:person_edit", args=[person.pk])
    no_reason = client.post(url, _person_form(person, phone="0987654321"))
    assert no_reason.status_code == 422 and b'id="id_reason_error"' in no_reason.content
    unchanged = client.post(url, _person_form(person, reason="nothing"))
    assert unchanged.status_code == 302
    assert not AuditEvent.objects.exclude(object_type="accounts.user").exists()  # sign-ins are audited too


def test_edit_refused_for_a_role_outside_staff(client, scoped):
    citizen = f.UserFactory(username="citizen1", role="citizen")
    citizen.person = scoped["person_ls"]
    citizen.save()
    client.force_login(citizen)
    response = client.post(
        reverse("web:person_edit", args=[scoped["person_ls"].pk]),
        _person_form(scoped["person_ls"], phone="0987654321", reason="self"),
    )
    assert response.status_code == 404  # citizens have their own portal; staff pages do not answer them
    assert not AuditEvent.objects.exclude(object_type="accounts.user").exists()  # sign-ins are audited too


def test_employer_edit(client, scoped):
    employer = scoped["employer_ls"]
    client.force_login(scoped["u1"])
    url = reverse("web:employer_edit", args=[employer.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": employer.name, "tax_code": employer.tax_code, "ownership_type": employer.ownership_type,
        "sector": employer.sector, "status": "suspended", "start_date": employer.start_date.isoformat(),
        "end_date": "", "address_commune_id": employer.address_commune_id, "address_line": "", "phone": "",
        "email": "", "reason": "Thông báo của cơ quan thuế",
    }
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(object_type="registry.employer", object_id=str(employer.pk))
    assert (event.before["status"], event.after["status"]) == ("active", "suspended")
    bad = client.post(url, {**data, "status": "active", "tax_code": "0123456788"})
    assert bad.status_code == 422 and b'id="id_tax_code_error"' in bad.content
    assert AuditEvent.objects.filter(object_type="registry.employer").count() == 1


# --- language ---------------------------------------------------------------------------------------------------

def test_language_switch(client, scoped):
    client.force_login(scoped["u1"])
    url = reverse("web:person_search")
    vi = client.get(url).content.decode()
    assert '<html lang="vi">' in vi and "Tra cứu người tham gia" in vi
    switched = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert switched.status_code == 302 and switched["Location"] == url
    en = client.get(url).content.decode()
    assert '<html lang="en">' in en and "Person search" in en and "Tra cứu người tham gia" not in en
    assert re.search(r'value="en"[^>]*aria-pressed="true"', en)
    # remembered on every page, the login page included
    assert "Dashboard" in client.get(reverse("web:dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": url})
    assert "Tra cứu người tham gia" in client.get(url).content.decode()


def test_vietnamese_whatever_the_browser_asks(client, scoped):
    client.force_login(scoped["u1"])
    page = client.get(reverse("web:dashboard"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in page.content.decode()
    client.logout()
    login = client.get(reverse("web:login"), headers={"Accept-Language": "en-US"})
    assert "Đăng nhập" in login.content.decode()


def test_refusal_in_english_is_the_services_own_message(client, scoped):
    person = scoped["person_ls"]
    client.force_login(scoped["u1"])
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("web:person_edit", args=[person.pk]), _person_form(person, phone="12345", reason="test")
    )
    assert response.status_code == 422
    assert "Phone number &#x27;12345&#x27; is not a Vietnamese number" in response.content.decode()


def test_whole_country_user_types_commune_codes(client, scoped, monkeypatch):
    from ansinh.web import forms

    monkeypatch.setattr(forms, "MAX_COMMUNE_CHOICES", 1)  # as with the 3,321 communes of the whole country
    national = f.UserFactory(username="national", role="manager", whole_country=True)
    client.force_login(national)
    dashboard = client.get(reverse("web:dashboard")).content.decode()
    assert "Toàn quốc" in dashboard
    search = client.get(reverse("web:person_search"), {"q": "nguyen van", "commune": scoped["b1"].code})
    html = search.content.decode()
    assert 'name="commune"' in html and "<select" not in html.split('name="commune"')[0][-200:]
    assert "Nguyễn Văn Anh" in html and "Nguyễn Văn An<" not in html
    unknown = client.get(reverse("web:person_search"), {"q": "nguyen", "commune": "99999"}).content.decode()
    assert "Không có xã/phường nào đang có hiệu lực mang mã 99999." in unknown
    person = scoped["person_cb"]
    moved = client.post(reverse("web:person_edit", args=[person.pk]),
                        _person_form(person, address_commune_id=scoped["b2"].code, reason="chuyển nơi ở"))
    assert moved.status_code == 302
    person.refresh_from_db()
    assert person.address_commune_id == scoped["b2"].pk


def test_unknown_address_is_a_page_not_found(client, scoped):
    client.force_login(scoped["u1"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Không có trang nào ở địa chỉ này." in response.content.decode()
