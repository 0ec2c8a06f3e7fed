"""Scans through the API: multipart upload to a dossier (type by content, size, count: the desk's checks), listed
and downloaded within the scope; the applicant attaches to their own open dossier only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.accounts.models import Role
from ansinh.core.testing import factories as f
from ansinh.procedures.models import DossierDocument
from ansinh.procedures.services import dossiers as s

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 scan of TK1-TS"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def dossier(desk):
    return s.dossier_receive(actor=desk["clerk"], procedure_code="hi-card-reissue", channel="online",
                             person=desk["person"], documents=["TK1-TS", "id"], request={"reason": "damaged"})


def _post(client, dossier, *files, code=""):
    return client.post(f"/api/v1/procedures/dossiers/{dossier.pk}/files", {"files": list(files),
                                                                            "document_code": code})


def test_upload_list_download_and_refusals(client, desk, dossier):
    client.force_login(desk["clerk"])
    r = _post(client, dossier, SimpleUploadedFile("tk1.pdf", PDF, content_type="application/pdf"),
              SimpleUploadedFile("the.png", PNG, content_type="image/png"), code="TK1-TS")
    assert r.status_code == 201, r.content
    assert [(x["name"], x["size"], x["document_code"]) for x in r.json()] == [
        ("tk1.pdf", len(PDF), "TK1-TS"), ("the.png", len(PNG), "TK1-TS")]
    listed = client.get(f"/api/v1/procedures/dossiers/{dossier.pk}/files").json()
    got = client.get(f"/api/v1/procedures/dossiers/{dossier.pk}/files/{listed[0]['id']}")
    assert got.status_code == 200 and got.content == PDF and got["Content-Type"] == "application/pdf"
    # a bad file: an executable declared as a PDF, an unknown type, an empty file, too big — nothing written
    for bad, field_code in (
        (SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"), "bad_file_content"),
        (SimpleUploadedFile("x.exe", b"MZ\x90", content_type="application/x-msdownload"), "bad_file_type"),
        (SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"), "bad_file"),
        (SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"),
         "file_too_large"),
    ):
        r = _post(client, dossier, SimpleUploadedFile("ok.pdf", PDF, content_type="application/pdf"), bad)
        assert r.status_code == 422 and r.json()["code"] == field_code and r.json()["field"] == "files", r.json()
        assert bad.name in r.json()["message"]
    assert DossierDocument.objects.filter(dossier=dossier).count() == 2
    r = _post(client, dossier, *[SimpleUploadedFile(f"{i}.pdf", PDF, content_type="application/pdf")
                                 for i in range(19)])
    assert r.status_code == 422 and r.json()["code"] == "too_many_files"


def test_scope_and_the_applicants_own_dossier(client, desk, dossier):
    client.force_login(desk["u2"])  # another province
    assert client.get(f"/api/v1/procedures/dossiers/{dossier.pk}/files").status_code == 404
    assert _post(client, dossier, SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
                 ).status_code == 404
    client.force_login(f.UserFactory(username="cit_files", role=Role.CITIZEN, person=desk["person"]))
    r = _post(client, dossier, SimpleUploadedFile("cccd.jpg", b"\xff\xd8\xff\xe0 jpeg", content_type="image/jpeg"))
    assert r.status_code == 201 and r.json()[0]["content_type"] == "image/jpeg"
    other = f.UserFactory(username="cit_other", role=Role.CITIZEN, person=desk["outsider"])
    client.force_login(other)
    assert client.get(f"/api/v1/procedures/dossiers/{dossier.pk}/files").status_code == 404
