"""Headless Debian Chromium driven by Playwright for the browser tests (`browser` fixture in the root conftest).

Playwright cannot download its own browsers here; the tests use /usr/bin/chromium (installed by .ci/run) and skip
with a message where it is absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("ANSINH_SCREENSHOTS", "/tmp"))
TIMEOUT_MS = 15_000


def launch_chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium not found at /usr/bin/chromium: browser tests skipped (install Debian's chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures would be refused.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


PASSWORD = "secret-pass-1"  # the factories' and the demo users' test password


def sign_in_page(page: Any, base: str, username: str, *, password: str = PASSWORD, lang: str = "vi") -> Any:
    """Sign in on an open page through the staff sign-in form, wait for the home page, then switch the language
    with the header's switch when `lang` is not Vietnamese (waiting for the page to say it is in that language)."""
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/")
    if lang != "vi":
        page.click(f"form.language button[value={lang}]")
        page.wait_for_selector(f"html[lang={lang}]")
    return page


def phone_page(browser: Any, base: str, lang: str = "vi", *, width: int = 390,
               timeout_ms: int = TIMEOUT_MS) -> tuple[Any, Any, list[str]]:
    """A new phone-sized browser context (the portals and the agent screen), in `lang` through the language
    cookie, not signed in: returns (context, page, outside) like `sign_in`."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.set_default_timeout(timeout_ms)
    if lang != "vi":
        context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None)
    return context, page, outside


def sign_in(browser: Any, base: str, username: str, *, viewport: dict[str, int] | None = None, lang: str = "vi",
            password: str = PASSWORD, bypass_csp: bool = False, timeout_ms: int = TIMEOUT_MS) -> tuple[Any, Any, list[str]]:
    """A new browser context signed in as `username`: returns (context, page, outside), where `outside` collects
    every request that left the test server (the pages must load nothing from elsewhere; assert it is empty).
    `bypass_csp` for tests that evaluate strings in the page (Playwright's wait_for_function uses eval, which the
    pages' CSP forbids; tests/security/test_csp_browser.py checks the pages under the CSP)."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None)
    sign_in_page(page, base, username, password=password, lang=lang)
    return context, page, outside
