"""Every UI string of the procedures app has a Vietnamese translation with the same placeholders."""

from __future__ import annotations

from pathlib import Path

from ansinh.web.tests.test_translations import app_catalogue_problems

APP = Path(__file__).resolve().parent.parent


def test_every_procedures_string_is_translated():
    missing, mismatched = app_catalogue_problems(APP)
    assert missing == []
    assert mismatched == []
