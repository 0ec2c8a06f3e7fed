"""Every UI string of the planning app (templates, gettext calls, the model choices in models.py) has a Vietnamese
translation in planning/locale, and the placeholders of each translation match its English."""

from __future__ import annotations

from pathlib import Path

from ansinh.web.tests.test_translations import app_catalogue_problems

APP = Path(__file__).resolve().parent.parent


def test_every_planning_string_is_translated():
    missing, mismatched = app_catalogue_problems(APP)
    assert missing == []
    assert mismatched == []
