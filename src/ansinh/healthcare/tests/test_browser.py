"""The HI officer's day in a real browser (headless Chromium, Playwright, live server): upload a facility's file,
read the month, open the queue, decide a flagged item with a reason — in Vietnamese at desk width and in English at
phone width. Screenshots go to $ANSINH_SCREENSHOTS (default /tmp).

Run only these: pytest -m browser src/ansinh/healthcare."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import Role
from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import SHOTS, TIMEOUT_MS
from ansinh.healthcare.models import Finding
from ansinh.healthcare.tests.conftest import sample_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def live_facility(transactional_db, facility):
    u = f.UserFactory(username="giamdinh", role=Role.HI_OFFICER)
    u.units.set([facility.province])
    return u


def _login(browser, base, username, viewport, lang):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None)
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-pass-1")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/")
    if lang == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    return context, page, outside


@pytest.mark.parametrize(("lang", "width"), [("vi", 1280), ("en", 390)])
def test_officer_uploads_reads_and_decides(browser, live_server, live_facility, tmp_path, lang, width):
    base = live_server.url

    def flagged(raw):
        raw[0].xml1["SO_NGAY_DTRI"] = "3"  # T04
        raw[1].xml2[0]["MA_THUOC"] = "40.999"  # P01

    path = tmp_path / "claims.xml"
    path.write_bytes(sample_bytes(flagged))
    context, page, outside = _login(browser, base, "giamdinh", {"width": width, "height": 900}, lang)
    page.goto(f"{base}/healthcare/upload/")
    page.set_input_files("#file", str(path))
    page.click("form.stack-form button[type=submit]")
    page.wait_for_selector(".message-success")
    page.screenshot(path=str(SHOTS / f"healthcare-upload-{lang}-{width}.png"), full_page=True)
    page.goto(f"{base}/healthcare/?month=2025-05")
    text = page.locator("main").inner_text()
    assert "99001" in text and ("P01" in text)
    page.screenshot(path=str(SHOTS / f"healthcare-month-{lang}-{width}.png"), full_page=True)
    page.goto(f"{base}/healthcare/queue/")
    page.click("text=SYN2505150001")
    page.wait_for_selector("input[name=reason]")
    page.screenshot(path=str(SHOTS / f"healthcare-episode-{lang}-{width}.png"), full_page=True)
    page.fill("input[name=reason]", "Hồ sơ bệnh án ghi 3 ngày" if lang == "vi" else "3 days in the record")
    page.click("button[value=accept]")
    page.wait_for_selector(".message-success")
    assert Finding.objects.get(check_code="T04").status == "accepted"
    page.goto(f"{base}/healthcare/settlement/?year=2025&quarter=2")
    page.screenshot(path=str(SHOTS / f"healthcare-settlement-{lang}-{width}.png"), full_page=True)
    assert outside == []
    context.close()
