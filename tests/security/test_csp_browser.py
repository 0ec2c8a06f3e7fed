"""The Content-Security-Policy breaks nothing: in Chromium, the pages (sign-in, dashboard, a search through htmx,
a person, the tokens page, the API docs) load with no CSP violation reported in the console."""

from __future__ import annotations

import pytest

from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import SHOTS, TIMEOUT_MS, sign_in_page

pytestmark = pytest.mark.browser


def test_pages_run_under_the_csp(browser, live_server, transactional_db, two_provinces):
    person = f.PersonFactory(full_name="Nguyễn Văn An", address_commune=two_provinces["a1"])
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(max(TIMEOUT_MS, 60_000))
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in_page(page, base, two_provinces["u1"].username)
    page.goto(f"{base}/persons/")
    page.fill("input[name=q]", "Nguyễn")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"a[href='/persons/{person.pk}/']")
    page.goto(f"{base}/persons/{person.pk}/")
    page.goto(f"{base}/account/tokens/")
    page.fill("#token-name", "nightly")
    page.click("form.inline-form button[type=submit]")
    assert "ansinh_" in page.locator(".token-key").inner_text()
    page.screenshot(path=str(SHOTS / "security-tokens-390.png"), full_page=True)
    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector("#swagger-ui .information-container", timeout=max(TIMEOUT_MS, 60_000))
    context.close()
    assert not violations, violations
