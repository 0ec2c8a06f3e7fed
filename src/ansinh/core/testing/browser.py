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
