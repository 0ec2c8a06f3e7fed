"""The staff page: upload a D02-LT file, see every error (nothing written) or the declaration applied; the
Vietnamese catalogue of the contributions app covers every string of the pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import translation
from django.utils.translation import trans_real

from ansinh.contributions import models as contribution_models
from ansinh.contributions.imports.d02lt import write_xlsx
from ansinh.contributions.models import Declaration
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month
from ansinh.web.management.commands.compile_translations import compile_catalogs
from ansinh.web.tests.test_translations import python_messages, template_messages

P = Month(2026, 3)
APP_DIR = Path(__file__).resolve().parent.parent
LOCALE = APP_DIR / "locale"
PO_PATH = LOCALE / "vi" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    """`ansinh compile_translations` compiles only LOCALE_PATHS (src/ansinh/locale); compile this app's catalogue
    too and forget the catalogues loaded before."""
    compile_catalogs([LOCALE])
    trans_real._translations = {}
    trans_real._default = None
    translation.deactivate()


@pytest.fixture
def unit(two_provinces):
    world = dict(two_provinces)
    world["employer"] = f.EmployerFactory(address_commune=world["a1"], start_date=dt.date(2015, 1, 1))
    return world


def _file(unit, salary=8_000_000, name="d02.xlsx"):
    rows = [{"full_name": "Hà Văn Trang", "citizen_id": "020090000321", "birth_date": dt.date(1990, 3, 3), "sex": "Nam",
             "commune_code": unit["a2"].code, "contract_type": "indefinite", "salary": salary, "from_month": P,
             "action": "TM"}]
    return SimpleUploadedFile(name, write_xlsx(rows, unit_code=unit["employer"].unit_code, period=P))


@pytest.mark.django_db
def test_page_upload_errors_then_applied(client, unit):
    client.force_login(unit["u1"])
    url = f"/contributions/employers/{unit['employer'].pk}/declarations/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Tải lên danh sách" in page.content.decode()  # Vietnamese by default
    bad = client.post(url, {"file": _file(unit, salary=100)}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "<html" not in html  # the fragment only
    assert "below_floor" in html and ">8<" in html  # the spreadsheet row of the line
    # the refusal reads in Vietnamese; the service's English record only as a detail marked lang="en"
    assert "Tiền lương thấp hơn mức thấp nhất làm căn cứ đóng" in html
    assert '<small class="muted" lang="en">salary 100 is below the floor' in html
    client.cookies["django_language"] = "en"
    english = client.post(url, {"file": _file(unit, salary=100)}, HTTP_HX_REQUEST="true").content.decode()
    assert "salary 100 is below the floor" in english and "Tiền lương thấp hơn" not in english
    del client.cookies["django_language"]
    assert not Declaration.objects.exists()
    good = client.post(url, {"file": _file(unit)}, HTTP_HX_REQUEST="true")
    assert good.status_code == 200
    declaration = Declaration.objects.get()
    assert f"/contributions/declarations/{declaration.pk}/" in good.content.decode()
    detail = client.get(f"/contributions/declarations/{declaration.pk}/")
    assert detail.status_code == 200 and "Hà Văn Trang" in detail.content.decode()
    plain = client.post(url, {"file": _file(unit, name="again.xlsx")})  # without htmx: the whole page
    assert plain.status_code == 422 and "<html" in plain.content.decode() and "already_employed" in plain.content.decode()


@pytest.mark.django_db
def test_page_scope(client, unit):
    client.force_login(unit["u2"])
    assert client.get(f"/contributions/employers/{unit['employer'].pk}/declarations/").status_code == 404
    response = client.post(f"/contributions/employers/{unit['employer'].pk}/declarations/", {"file": _file(unit)})
    assert response.status_code == 404
    assert not Declaration.objects.exists()


def _messages() -> dict[tuple[str, str | None], str]:
    found: dict[tuple[str, str | None], str] = {}
    for path in sorted((APP_DIR / "templates" / "contributions").glob("declaration_*.html")):
        for message in template_messages(path):
            found.setdefault(message, path.name)
    for message in python_messages(APP_DIR / "views.py"):
        found.setdefault(message, "views.py")
    with translation.override(None):
        for cls in (Declaration.Channel, Declaration.Status, contribution_models.DeclarationLine.Action):
            assert issubclass(cls, models.Choices)
            for label in cls.labels:
                found.setdefault((str(label), None), cls.__qualname__)
    return found


def test_every_page_string_is_translated() -> None:
    ours = {e.msgid: e for e in polib.pofile(str(PO_PATH)) if not e.obsolete}
    web = {e.msgid: e for e in polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"))}
    missing = []
    for (msgid, plural), where in sorted(_messages().items()):
        entry = ours.get(msgid) or web.get(msgid)
        if entry is None:
            missing.append(f"{where}: {msgid!r}")
        elif plural is not None and entry.msgid_plural != plural:
            missing.append(f"{where}: {msgid!r} needs msgid_plural {plural!r}")
        elif not (entry.msgstr or "".join(entry.msgstr_plural.values())).strip():
            missing.append(f"{where}: {msgid!r} has no translation")
    assert not missing, "\n".join(missing)
    assert polib.pofile(str(PO_PATH)).percent_translated() == 100
