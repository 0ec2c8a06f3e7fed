"""Every UI string of the reports app (templates, gettext calls, the model choices in models.py) has a Vietnamese
translation in reports/locale, and the placeholders of each translation match its English."""

from __future__ import annotations

from pathlib import Path

import polib

from ansinh.web.tests.test_translations import app_catalogue_problems

APP = Path(__file__).resolve().parent.parent


def test_every_reports_string_is_translated():
    missing, mismatched = app_catalogue_problems(APP)
    assert missing == []
    assert mismatched == []


def test_debt_strings_in_vietnamese():
    catalog = {e.msgid: e.msgstr for e in polib.pofile(str(APP / "locale" / "vi" / "LC_MESSAGES" / "django.po"))}
    assert catalog["Late-payment interest"] == "Lãi chậm đóng"
    assert catalog["Debt (principal + interest)"] == "Nợ (gốc + lãi chậm đóng)"
