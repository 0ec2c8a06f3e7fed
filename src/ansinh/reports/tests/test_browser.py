"""The reports in a real browser: headless Chromium (Debian's) driven by Playwright, against the live server —
the dashboard with its charts (inline SVG, nothing from a CDN), the scope of a commune officer, and the PDF export.

Run only these: pytest -m browser src/ansinh/reports. Screenshots go to $ANSINH_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest

from ansinh.analytics import statistics
from ansinh.core.testing.browser import SHOTS, TIMEOUT_MS, sign_in_page
from ansinh.planning.services.targets import PlanInput, plan_create
from ansinh.rules.periods import Month

pytestmark = pytest.mark.browser


@pytest.fixture
def built_live(small_province_live):
    d = small_province_live
    statistics.refresh([Month(2019, 5), Month(2020, 3), Month(2020, 4), Month(2020, 5)], only_dirty=False)
    plan_create(actor=None, data=PlanInput(province_id=d["p"].pk, year=2020, method="population", targets={
        "vsi": Decimal(25), "hi": Decimal(500), "revenue": Decimal(10_000_000), "debt_ceiling": Decimal(4)}))
    return d




def test_dashboard_and_pdf_in_a_browser(browser, live_server, built_live, tmp_path):
    d = built_live
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) and
            not r.url.startswith("data:") else None)
    sign_in_page(page, base, d["province_officer"].username)
    page.click("nav.sidenav a[href='/reports/']")
    page.wait_for_selector("h1:has-text('Tỉnh Lạng Sơn')")
    page.select_option("select[name=period]", "2020-05")
    with page.expect_navigation():
        page.click(".report-filters button[type=submit]")
    assert "period=2020-05" in page.url
    assert page.locator("svg.chart").count() == 4
    assert page.locator("svg.chart polyline").count() >= 2
    text = page.locator("main").inner_text()
    assert "22 người tham gia BHXH tự nguyện, tăng 2 người (10,0\u00a0%) so với tháng 4/2020" in text
    rows = page.locator("#units tbody tr")
    assert rows.count() == 3  # the local office and communes A and B
    assert page.locator("[data-scheme=vsi] svg.progress").count() == 1
    page.screenshot(path=str(SHOTS / "ansinh-reports-dashboard.png"), full_page=True)
    assert outside == [], f"requests left the server: {outside}"

    href = page.locator("a[data-testid=pdf]").get_attribute("href")
    response = page.request.get(base + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "report.pdf"
        path.write_bytes(body)
        flat = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
        assert "tăng 5 người (29,4 %) so với cùng kỳ năm 2019" in flat
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(tmp_path / "report.pdf"),
                        str(SHOTS / "ansinh-reports-pdf")], check=False)

    # drill down to a commune from the table
    page.click(f"#units a:has-text('{d['b'].name}')")
    page.wait_for_selector(f"h1:has-text('{d['b'].name}')")
    context.close()


def test_commune_officer_sees_one_commune(browser, live_server, built_live):
    d = built_live
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in_page(page, base, d["officer"].username)
    page.goto(f"{base}/reports/?period=2020-05")
    assert d["a"].name in page.locator("h1").inner_text()
    options = page.locator("select[name=unit] option")
    assert options.count() == 1 and options.first.inner_text() == d["a"].name
    assert d["b"].name not in page.locator("main").inner_text()
    response = page.goto(f"{base}/reports/?unit=province:{d['p'].pk}&period=2020-05")
    assert response.status == 404
    context.close()
