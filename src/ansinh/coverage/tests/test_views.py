"""The coverage fragment of the person page: htmx fragment or whole page, scope 404, and a Vietnamese
translation for every string it shows."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.db import models
from django.utils import translation

from ansinh.core.testing import factories as f
from ansinh.coverage import models as coverage_models
from ansinh.coverage.services import cards
from ansinh.coverage.tests import factories as cf
from ansinh.rules.periods import Month
from ansinh.web.management.commands.compile_translations import compile_catalogs
from ansinh.web.tests.test_translations import template_messages

APP_DIR = Path(__file__).resolve().parent.parent
LOCALE = APP_DIR / "locale"
PO_PATH = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
M = Month(2026, 3)


@pytest.fixture
def world(two_provinces, client):
    w = dict(two_provinces)
    w["employer"] = f.EmployerFactory(address_commune=w["a1"], name="Công ty Hoa Sen")
    w["person"] = cf.employee(w["employer"], commune=w["a1"], start=M)
    cf.assessed(M)
    client.force_login(w["u1"])
    return w


@pytest.mark.django_db
def test_fragment_for_htmx_and_page_otherwise(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/coverage/persons/{world['person'].pk}/?month=2026-03"
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and "Công ty Hoa Sen" in html and "Not confirmed" in html
    cf.pay(world["employer"], M)
    cards.cards_issue(period=M)
    page = client.get(url).content.decode()
    assert "<html" in page and "Confirmed" in page and f"DN420{world['person'].si_code}" in page


@pytest.mark.django_db
def test_bad_month_is_422_and_outside_scope_404(client, world):
    response = client.get(f"/coverage/persons/{world['person'].pk}/?month=March", headers={"HX-Request": "true"})
    assert response.status_code == 422
    client.force_login(world["u2"])
    assert client.get(f"/coverage/persons/{world['person'].pk}/").status_code == 404


def _choice_labels() -> set[str]:
    with translation.override("en"):
        return _labels()


def _labels() -> set[str]:
    out = set()
    for cls in [*vars(coverage_models).values(), *vars(coverage_models.HICard).values()]:
        if isinstance(cls, type) and issubclass(cls, models.Choices) and cls.__module__ == coverage_models.__name__:
            out.update(str(label) for label in cls.labels)
    for cls in (coverage_models.Participation.Source,):
        out.update(str(label) for label in cls.labels)
    return out


def test_every_string_has_a_vietnamese_translation():
    catalog = {e.msgid: e for e in polib.pofile(str(PO_PATH)) if e.translated()}
    wanted = {m for p in (APP_DIR / "templates").rglob("*.html") for m, _ in template_messages(p)} | _choice_labels()
    missing = sorted(wanted - set(catalog))
    assert not missing, f"add to {PO_PATH}: {missing}"


@pytest.mark.django_db
def test_fragment_in_vietnamese(client, world):
    compile_catalogs([LOCALE])  # the .mo is build output (git-ignored)
    translation.trans_real._translations.clear()  # reload the catalogs with the compiled one
    translation.trans_real._default = None
    html = client.get(f"/coverage/persons/{world['person'].pk}/?month=2026-03", headers={"HX-Request": "true"}).content.decode()
    assert "Chưa xác nhận" in html and "Quá trình đóng" in html
