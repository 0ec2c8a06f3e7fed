"""Every UI string of the compliance app has a Vietnamese translation with the same placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest

from ansinh.web.tests.test_translations import app_catalogue_problems

APP = Path(__file__).resolve().parent.parent


def test_every_compliance_string_is_translated() -> None:
    missing, mismatched = app_catalogue_problems(APP)
    assert missing == []
    assert mismatched == []


@pytest.mark.parametrize(("lang", "amount"), [("vi", "1.234.567\u00a0đồng"), ("en", "1,234,567\u00a0VND")])
def test_the_steering_paragraphs_money_does_not_wrap(lang, amount):
    """The amount recovered is written by presentation.money: its unit after a no-break space, once."""
    from django.utils import translation

    from ansinh.compliance.reports import steering_paragraph

    totals = dict.fromkeys(("units_found", "persons_found", "units_enrolled", "workers_enrolled", "reminders",
                            "checks"), 3) | {"recovered": 1_234_567}
    with translation.override(lang):
        text = steering_paragraph(totals, 2026)
    assert amount in text and "1.234.567 " not in text and "1,234,567 " not in text
    assert text.count("đồng") == (1 if lang == "vi" else 0)
    assert ("thu hồi 1.234.567\u00a0đồng tiền đóng" if lang == "vi" else "recovering 1,234,567\u00a0VND of") in text
