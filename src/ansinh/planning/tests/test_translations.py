"""Every UI string of the planning app (templates, gettext calls, the model choices in models.py) has a Vietnamese
translation in planning/locale, and the placeholders of each translation match its English."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from ansinh.web.tests.test_translations import python_messages, template_messages

APP = Path(__file__).resolve().parent.parent
PO = APP / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _messages() -> set[str]:
    out: set[str] = set()
    for path in APP.rglob("*.html"):
        out |= {m for m, _ in template_messages(path)}
    for path in APP.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            out |= {m for m, _ in python_messages(path)}
    return out


def test_every_planning_string_is_translated():
    catalog = {e.msgid: e for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = sorted(
        m
        for m in _messages()
        if m not in catalog or not (catalog[m].msgstr or any(catalog[m].msgstr_plural.values()))
    )
    assert missing == []
    for entry in catalog.values():
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                    entry.msgid
                )
