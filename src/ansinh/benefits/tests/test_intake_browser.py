"""Claim intake in a real browser (headless Chromium): find the person as one types (htmx), choose the benefit and
get its own form, a refused field named in place, the claim received; then the officer computes it from the form
and reads the steps in words. Desktop in Vietnamese, phone width in English. Screenshots in $ANSINH_SCREENSHOTS."""

from __future__ import annotations

import pytest

from ansinh.benefits.models import Claim
from ansinh.core.testing.browser import SHOTS, sign_in

pytestmark = pytest.mark.browser




@pytest.mark.parametrize(("lang", "viewport"), [("vi", {"width": 1280, "height": 900}), ("en", {"width": 390, "height": 844})])
def test_officer_receives_and_computes_a_pension_claim(browser, live_server, insured, officers, lang, viewport):
    base = live_server.url
    context, page, outside = sign_in(browser, base, officers[0].username, viewport=viewport, lang=lang)
    page.goto(f"{base}/benefits/claims/new/")
    page.fill("#q", insured.citizen_id)
    page.wait_for_selector(f"#people a[href$='?person={insured.pk}']")  # found while typing, no reload
    page.click(f"#people a[href$='?person={insured.pk}']")
    page.select_option("#kind", "maternity")
    page.wait_for_selector("#f-gestation_weeks")  # the kind's own fields swapped in
    page.select_option("#kind", "pension")
    page.wait_for_selector("#f-pension_start")
    page.fill("#f-heavy_work_years", "many")
    page.fill("#f-pension_start", "2026-06-01")
    page.screenshot(path=str(SHOTS / f"claim-intake-{lang}.png"), full_page=True)
    page.click("form[method=post] button[type=submit]:has-text('{}')".format("Tiếp nhận" if lang == "vi" else "Receive"))
    page.wait_for_selector(".field-error")
    assert not Claim.objects.exists()
    page.fill("#f-heavy_work_years", "0")
    page.click("form[method=post] button[type=submit]:has-text('{}')".format("Tiếp nhận" if lang == "vi" else "Receive"))
    page.wait_for_url(f"{base}/benefits/claims/*/")
    claim = Claim.objects.get()
    page.click("#claim form[action$='/compute/'] button[type=submit]")
    page.wait_for_selector("#h-steps")
    text = page.inner_text("#claim")
    if lang == "vi":
        assert "Tỷ lệ hưởng lương hưu" in text and "Khoản 1 Điều 66 Luật BHXH 2024" in text
    else:
        assert "Pension rate" in text and "Article 66(1) of the Social Insurance Law 2024" in text
    assert "V-LAW" not in text and "UNVERIFIED" not in text
    claim.refresh_from_db()
    assert claim.status == Claim.Status.COMPUTED and claim.monthly_amount > 0
    page.screenshot(path=str(SHOTS / f"claim-computed-{lang}.png"), full_page=True)
    assert outside == []
    context.close()
