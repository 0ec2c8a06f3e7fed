"""The desk registers a new person or unit (registry create pages: 12-digit ID, duplicates refused and linked,
commune in scope, audited), reachable from the receive form when the search finds nobody."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ansinh.accounts.models import AuditEvent, Role
from ansinh.core.testing import factories as f
from ansinh.registry.models import Employer, Person

pytestmark = pytest.mark.django_db


def _person(desk, **over):
    return {"full_name": "Lò Thị Mai", "citizen_id": "011195012345", "birth_date": "1995-03-02",
            "birth_precision": "D", "sex": "F", "ethnicity": "01", "nationality": "VN",
            "address_commune_id": desk["a1"].pk, "address_line": "Bản Mường", "phone": "0912345678",
            "procedure": "change-info", **over}


def test_desk_registers_a_new_person_from_the_receive_form(client, desk):
    client.force_login(desk["clerk"])
    r = client.get(reverse("procedures:receive"), {"procedure": "change-info", "who": "011195012345"})
    body = r.content.decode()
    link = reverse("web:person_new") + "?procedure=change-info&amp;who=011195012345"
    assert link in body
    r = client.get(reverse("web:person_new"), {"procedure": "change-info", "who": "011195012345"})
    assert r.status_code == 200 and 'value="011195012345"' in r.content.decode()
    r = client.post(reverse("web:person_new"), _person(desk, citizen_id="01119501234"))
    assert r.status_code == 422 and not Person.objects.filter(full_name="Lò Thị Mai").exists()
    r = client.post(reverse("web:person_new"), _person(desk, address_commune_id=desk["b1"].pk))
    assert r.status_code == 422  # not a commune of the clerk's localities
    r = client.post(reverse("web:person_new"), _person(desk))
    person = Person.objects.get(citizen_id="011195012345")
    assert r.status_code == 302 and r["Location"] == (reverse("procedures:receive")
                                                      + f"?procedure=change-info&person={person.pk}")
    assert AuditEvent.objects.filter(object_type="registry.person", object_id=str(person.pk), action="create",
                                     actor=desk["clerk"]).exists()
    # the same ID again: refused, and the page links the person already registered
    r = client.post(reverse("web:person_new"), _person(desk, full_name="Lò Thị Mai Khác"))
    body = r.content.decode()
    assert r.status_code == 409 and reverse("web:person_detail", args=[person.pk]) in body
    assert f"person={person.pk}" in body and Person.objects.filter(citizen_id="011195012345").count() == 1


def test_desk_registers_a_new_unit_and_who_may(client, desk):
    client.force_login(desk["clerk"])
    assert reverse("web:employer_new") in client.get(reverse("web:employer_search")).content.decode()
    data = {"unit_code": "0312345673DN", "name": "Công ty TNHH Mới", "tax_code": "0312345673",
            "ownership_type": "private", "sector": "C", "start_date": "2024-01-01",
            "address_commune_id": desk["a1"].pk}
    r = client.post(reverse("web:employer_new"), data)
    unit = Employer.objects.get(unit_code="0312345673DN")
    assert r.status_code == 302 and r["Location"] == reverse("web:employer_detail", args=[unit.pk])
    assert client.post(reverse("web:employer_new"), data).status_code == 409
    client.force_login(desk["benefits"])
    assert client.get(reverse("web:person_new")).status_code == 403
    assert reverse("web:person_new") not in client.get(reverse("web:person_search")).content.decode()
    client.force_login(f.UserFactory(username="cit_reg", role=Role.CITIZEN, person=desk["person"]))
    assert client.get(reverse("web:person_new")).status_code in (302, 403, 404)
