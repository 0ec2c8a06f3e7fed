"""The citizen portal on a 390 px phone in headless Chromium: sign in with the identification number, read the
contributions month by month and the HI card with its QR code; the staff menu never shows; nothing from outside.
Screenshots in $ANSINH_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import pytest

from ansinh.core.testing.browser import SHOTS, phone_page

from .test_portal import _card, citizen  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_citizen_on_a_phone(browser, live_server, citizen, lang):  # noqa: F811
    _card(citizen.person)
    base = live_server.url
    context, page, outside = phone_page(browser, base, lang)
    page.goto(f"{base}/portal/login/")
    page.fill("#identifier", citizen.person.citizen_id)
    page.fill("#password", "secret-pass-1")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/portal/")
    assert page.locator(".sidenav").count() == 0  # no staff menu
    page.screenshot(path=str(SHOTS / f"portal-home-{lang}.png"), full_page=True)
    page.click(".portal-nav a[href='/portal/contributions/']")
    page.wait_for_selector("#h-periods")
    text = page.inner_text("main")
    assert "9.000.000" in text or "9,000,000" in text
    page.screenshot(path=str(SHOTS / f"portal-contributions-{lang}.png"), full_page=True)
    page.click(".portal-nav a[href='/portal/card/']")
    page.wait_for_selector(".hi-qr svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path=str(SHOTS / f"portal-card-{lang}.png"), full_page=True)
    assert page.goto(f"{base}/persons/").status == 404  # a staff page: not in the portal, no staff menu
    assert page.locator(".sidenav").count() == 0
    assert outside == []
    context.close()
