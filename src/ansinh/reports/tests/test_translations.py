"""Every UI string of the reports app (templates, gettext calls, the model choices in models.py) has a Vietnamese
translation in reports/locale, and the placeholders of each translation match its English."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from ansinh.web.tests.test_translations import python_messages, template_messages

APP = Path(__file__).resolve().parent.parent
PO = APP / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}")


def _messages() -> set[str]:
    out: set[str] = set()
    for path in APP.rglob("*.html"):
        out |= {m for m, _ in template_messages(path)}
    for path in APP.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            out |= {m for m, _ in python_messages(path)}
    return out


def test_every_reports_string_is_translated():
    # a literal % of a template string is written %% in the catalogue (python-format), as makemessages writes it
    catalog = {e.msgid.replace("%%", "%") if "python-format" in e.flags else e.msgid: e
               for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = sorted(m for m in _messages()
                     if m not in catalog or not (catalog[m].msgstr or any(catalog[m].msgstr_plural.values())))
    assert missing == []
    for entry in catalog.values():
        if entry.msgstr:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_debt_strings_in_vietnamese():
    catalog = {e.msgid: e.msgstr for e in polib.pofile(str(PO))}
    assert catalog["Late-payment interest"] == "Lãi chậm đóng"
    assert catalog["Debt (principal + interest)"] == "Nợ (gốc + lãi chậm đóng)"
