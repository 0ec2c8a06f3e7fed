"""Pages and API of the claims: upload (accepted, and refused per field with nothing stored), the month, the
queue and an episode with the decision (audited), the facility token's own facility only, scope (404 outside)."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import ApiToken, AuditEvent, Role
from ansinh.core.testing import factories as f
from ansinh.healthcare.models import ClaimFile, Episode, FacilityAccount, Finding
from ansinh.healthcare.tests.conftest import sample_bytes


def _flagged(raw):
    raw[0].xml1["SO_NGAY_DTRI"] = "3"  # T04: a flag for the assessor


@pytest.fixture
def officers(facility):
    inside = f.UserFactory(username="hi_in", role=Role.HI_OFFICER)
    inside.units.set([facility.province])
    other = f.ProvinceFactory(code="98")
    outside = f.UserFactory(username="hi_out", role=Role.HI_OFFICER)
    outside.units.set([other])
    return inside, outside


def _upload(client, data, name="claims.xml"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/healthcare/upload/", {"file": SimpleUploadedFile(name, data, "text/xml")})


@pytest.mark.django_db
def test_upload_month_queue_and_decision(client, officers, settings):
    inside, outside = officers
    client.force_login(inside)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = _upload(client, sample_bytes(_flagged))
    assert r.status_code == 200 and "2 episodes stored" in r.content.decode()
    page = client.get("/healthcare/?month=2025-05").content.decode()
    assert "99001" in page and "588,496" in page  # the two T_BHTT: 322,496 + 266,000
    queue = client.get("/healthcare/queue/").content.decode()
    assert "SYN2505150001" in queue and "T04" in queue
    flag = Finding.objects.get(check_code="T04")
    ep = client.get(f"/healthcare/episodes/{flag.episode_id}/").content.decode()
    assert "Treatment days do not match the visit type" in ep and "XML1" in ep
    assert "MA_THE_BHYT" in ep and "SYN2505150001" in ep  # XML1 as sent (EpisodeXml1), all fields listed
    assert client.post(f"/healthcare/findings/{flag.pk}/decide/", {"decision": "reject", "reason": ""}).status_code == 302
    flag.refresh_from_db()
    assert flag.status == "open"  # no reason: refused
    client.post(f"/healthcare/findings/{flag.pk}/decide/", {"decision": "reject", "reason": "3 days not documented"})
    flag.refresh_from_db()
    assert flag.status == "rejected" and flag.decided_by == inside
    assert AuditEvent.objects.filter(object_type="healthcare.finding", object_id=str(flag.pk)).exists()
    # outside the scope: not found
    client.force_login(outside)
    assert client.get(f"/healthcare/episodes/{flag.episode_id}/").status_code == 404
    assert client.post(f"/healthcare/findings/{flag.pk}/decide/", {"decision": "accept", "reason": "x"}).status_code == 404
    assert "99001" not in client.get("/healthcare/?month=2025-05").content.decode()


@pytest.mark.django_db
def test_upload_refused_per_field(client, officers, settings):
    client.force_login(officers[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def spoil(raw):
        raw[1].xml2[0]["DON_GIA"] = "12,000"

    r = _upload(client, sample_bytes(spoil))
    html = r.content.decode()
    assert r.status_code == 422 and "DON_GIA" in html and "SYN2505160001" in html and "nothing was stored" in html
    assert not ClaimFile.objects.exists()


@pytest.mark.django_db
def test_api_with_a_facility_token(client, facility, officers):
    user = f.UserFactory(username="bv99001", role=Role.DESK_CLERK)
    FacilityAccount.objects.create(user=user, facility_code="99001")
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="his", key_hash=ApiToken.hash_key(key), prefix=key[:8])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post("/api/v1/healthcare/claims", {"file": SimpleUploadedFile("a.xml", sample_bytes(_flagged))}, **auth)
    assert r.status_code == 201, r.content
    assert r.json()["episodes"] == 2
    again = client.post("/api/v1/healthcare/claims", {"file": SimpleUploadedFile("a.xml", sample_bytes(_flagged))},
                        **auth)
    assert again.json()["unchanged"] == 2
    found = client.get("/api/v1/healthcare/findings?period=2025-05", **auth).json()
    assert [(x["ma_lk"], x["check_code"], x["status"]) for x in found] == [("SYN2505150001", "T04", "open")]
    month = client.get("/api/v1/healthcare/months/2025-05", **auth).json()
    assert month[0]["claimed"] == 322496 + 266000 and month[0]["waiting"] == 1
    # the facility cannot decide its own findings
    assert client.post(f"/api/v1/healthcare/findings/{found[0]['id']}/decision",
                       {"decision": "accept", "reason": "x"}, content_type="application/json", **auth).status_code == 404

    def spoil(raw):
        raw[0].xml1["GT_THE_DEN"] = "2025-12-31"

    bad = client.post("/api/v1/healthcare/claims", {"file": SimpleUploadedFile("b.xml", sample_bytes(spoil))}, **auth)
    assert bad.status_code == 422
    assert bad.json()["details"][0] == {"table": "XML1", "ma_lk": "SYN2505150001", "line": None, "field": "GT_THE_DEN",
                                        "message": "GT_THE_DEN: expected yyyymmdd, got '2025-12-31'"}
    assert Episode.objects.count() == 2
    # another facility's file with this token: refused
    def other(raw):
        for r in raw:
            r.xml1["MA_CSKCB"] = "99002"
    from ansinh.healthcare.intake import write_file
    from ansinh.healthcare.tests.conftest import sample_raw

    raw = sample_raw()
    other(raw)
    data = write_file(raw, "99002")
    assert client.post("/api/v1/healthcare/claims", {"file": SimpleUploadedFile("c.xml", data)}, **auth).status_code == 422
