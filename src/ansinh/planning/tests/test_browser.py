"""Allocation by hand in a real browser: headless Chromium (Debian's) driven by Playwright against the live
server — the form opened from the plan's page (htmx), the running sum as the officer types, a refused save
naming the province, a good save writing version 2; and an office manager doing the same at phone width.

Run only these: pytest -m browser src/ansinh/planning. Screenshots go to $ANSINH_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import pytest

from ansinh.core.testing.browser import SHOTS, sign_in
from ansinh.planning import selectors
from ansinh.planning.models import Target

pytestmark = pytest.mark.browser




def _open_allocation(page, base: str, plan_id: int, metric: str, parent: str) -> None:
    page.goto(f"{base}/planning/{plan_id}/")
    page.select_option("#id_allocate_metric", metric)
    page.select_option("#id_allocate_parent", parent)
    page.click("#allocate-by-hand button[type=submit]")
    page.wait_for_selector("#allocation #shares")  # swapped into the plan's page by htmx
    assert page.url == f"{base}/planning/{plan_id}/"


def test_province_manager_allocates_by_hand(browser, live_server, area_live):
    d = area_live
    base = live_server.url
    context, page, outside = sign_in(browser, base, d["manager"].username, viewport={"width": 1280, "height": 900})
    plan = d["plan"]
    _open_allocation(page, base, plan.pk, "hi", f"province:{d['p'].pk}")
    o1 = page.locator(f"input[name=s_office_{d['o1'].pk}]")
    o2 = page.locator(f"input[name=s_office_{d['o2'].pk}]")
    assert o1.input_value() == "3000" and o2.input_value() == "4500"
    assert page.locator(f"input[name=s_commune_{d['c'][4].pk}]").input_value() == "2500"
    assert "khớp với chỉ tiêu" in page.locator("#allocation-sum").inner_text()

    o1.fill("3500")  # the running sum follows the typing
    page.wait_for_selector("#allocation-sum:has-text('thừa 500')")
    assert "10.500" in page.locator("[data-testid=sum]").inner_text()
    with page.expect_navigation():
        page.click("#allocation button[type=submit]")
    alert = page.locator("#allocation .alert").inner_text()
    assert "Tổng các phần giao là 10.500, vượt chỉ tiêu của Tỉnh Lạng Sơn (10.000): thừa 500." in alert
    assert selectors.current_plan(d["p"].pk, 2026) == plan  # nothing saved
    page.locator("#allocation").screenshot(path=str(SHOTS / "ansinh-planning-allocate-refused.png"))

    o2 = page.locator(f"input[name=s_office_{d['o2'].pk}]")
    assert (
        page.locator(f"input[name=s_office_{d['o1'].pk}]").input_value() == "3500"
    )  # kept after the refusal
    o2.fill("4000")
    page.wait_for_selector("#allocation-sum.sum-ok")
    page.fill("#id_reason", "QĐ 12/2026")
    with page.expect_navigation():
        page.click("#allocation button[type=submit]")
    new = selectors.current_plan(d["p"].pk, 2026)
    assert new.version == 2 and page.url == f"{base}/planning/{new.pk}/"
    assert "Đã lưu phân bổ thành phiên bản 2" in page.locator("main").inner_text()
    assert page.locator(".history-item").count() == 2
    assert Target.objects.get(plan=new, metric="hi", office=d["o1"]).value == 3500
    page.screenshot(path=str(SHOTS / "ansinh-planning-allocated.png"), full_page=True)
    assert outside == [], f"requests left the server: {outside}"
    context.close()


def test_office_manager_allocates_at_phone_width(browser, live_server, area_live):
    d = area_live
    base = live_server.url
    context, page, outside = sign_in(browser, base, d["manager_o1"].username, viewport={"width": 390, "height": 844})
    page.goto(f"{base}/planning/{d['plan'].pk}/")
    options = page.locator("#id_allocate_parent option")
    assert options.count() == 1 and options.first.inner_text() == "BHXH cơ sở Một"
    _open_allocation(page, base, d["plan"].pk, "hi", f"office:{d['o1'].pk}")
    c0 = page.locator(f"input[name=s_commune_{d['c'][0].pk}]")
    c1 = page.locator(f"input[name=s_commune_{d['c'][1].pk}]")
    assert c0.input_value() == "1000" and c1.input_value() == "2000"
    # nothing wider than the phone: no sideways scrolling of the page, the inputs fully on screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for box in (c0.bounding_box(), c1.bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["width"] >= 80
    assert page.locator(".current-inline").first.is_visible()  # the current value moves under the name

    c0.fill("1400")
    page.wait_for_selector("#allocation-sum:has-text('thừa 400')")
    c1.fill("1600")
    page.wait_for_selector("#allocation-sum.sum-ok")
    page.locator("#allocation").screenshot(path=str(SHOTS / "ansinh-planning-allocate-phone.png"))
    page.click("#allocation button[type=submit]")
    page.wait_for_selector(".message-success")
    new = selectors.current_plan(d["p"].pk, 2026)
    assert new.version == 2 and new.created_by == d["manager_o1"]
    assert page.url == f"{base}/planning/{new.pk}/"
    assert Target.objects.get(plan=new, metric="hi", unit=d["c"][0]).value == 1400
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # another office's target is not offered and its allocation is "not found"
    response = page.goto(f"{base}/planning/{new.pk}/allocate/?metric=hi&parent=office:{d['o2'].pk}")
    assert response.status == 404
    assert outside == [], f"requests left the server: {outside}"
    context.close()
