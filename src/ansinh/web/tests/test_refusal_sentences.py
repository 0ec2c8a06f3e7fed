"""Every refusal code a service can raise has its own sentence in Vietnamese and in English, so that a page never
falls back to "The request was refused (code)" or shows the service's English record inside a Vietnamese page.

The codes are read from the source (ansinh.core.testing.refusal_codes: every ApplicationError, InvalidInput,
Forbidden, Conflict … and their subclasses raised with a literal code). Codes raised only by the commands that
build the demo data (generate, simulate, load_places) never reach a page and are left out, by module."""

from __future__ import annotations

import pytest
from django.urls import get_resolver
from django.utils import translation

from ansinh.core import presentation
from ansinh.core.testing.refusal_codes import raised_codes

COMMAND_ONLY = ("ansinh/registry/generate/", "ansinh/analytics/simulate.py", "ansinh/places/services/load.py",
                "ansinh/healthcare/simulate.py")


@pytest.fixture(scope="module")
def sentences():
    assert get_resolver().url_patterns  # every view module imported: each area has registered its refusals
    registered: dict[str, object] = {}
    for area in presentation._REFUSALS.values():
        for code, sentence in area.items():
            registered.setdefault(code, sentence)
    return registered


def page_codes() -> dict[str, list[str]]:
    return {code: places for code, places in raised_codes().items()
            if any(not place.startswith(COMMAND_ONLY) for place in places)}


def test_the_collector_finds_the_refusals_of_every_area():
    codes = page_codes()
    assert len(codes) > 150
    for code in ("not_found", "file_invalid", "job_running", "import_conflict", "facility_window", "stale_plan",
                 "still_missing", "card_not_current"):
        assert code in codes, code
    assert "dataset_exists" not in codes  # the generator's, a command's only


def test_every_code_that_can_reach_a_page_has_a_vietnamese_and_an_english_sentence(sentences):
    missing, untranslated = [], []
    for code, places in sorted(page_codes().items()):
        sentence = sentences.get(code)
        if sentence is None:
            missing.append(f"{code} ({places[0]})")
            continue
        with translation.override("en"):
            english = str(sentence)
        with translation.override("vi"):
            vietnamese = str(sentence)
        if not english.strip() or vietnamese == english:
            untranslated.append(f"{code}: {english!r}")
    assert not missing, "no sentence registered (core.presentation.register_refusals) for: " + ", ".join(missing)
    assert not untranslated, "no Vietnamese in the catalogue for: " + "; ".join(untranslated)


def test_a_page_in_vietnamese_shows_the_sentence_not_the_service_message(sentences):
    shown, detail = presentation.refusal("facility_window", "the primary-care facility can be changed only in the "
                                         "first 15 days of a quarter (HI Law Art 26.1)", lang="vi")
    assert shown == "Chỉ được đổi nơi đăng ký KCB ban đầu trong 15 ngày đầu mỗi quý." and "quarter" in detail
    shown, detail = presentation.refusal("facility_window", "the facility … (HI Law Art 26.1)", lang="en")
    assert shown == "the facility … (HI Law Art 26.1)" and detail == ""  # English pages: the precise record
