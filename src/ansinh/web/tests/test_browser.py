"""The staff pages in a real browser: headless Chromium (Debian's) driven by Playwright, against the live server.

Run only these: pytest -m browser src/ansinh/web. Screenshots go to $ANSINH_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import SHOTS, TIMEOUT_MS, sign_in_page
from ansinh.registry.models import HouseholdMember, Relationship, SalaryRecord
from ansinh.registry.services import persons as person_services

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db, two_provinces):
    d = two_provinces
    an = f.PersonFactory(full_name="Nguyễn Văn An", address_commune=d["a1"], address_line="Số 12 đường Bà Triệu",
                         phone="0912345678", birth_date=dt.date(1985, 5, 17))
    wife = f.PersonFactory(full_name="Hoàng Thị Mai", sex="F", address_commune=d["a1"], birth_date=dt.date(1987, 3, 2))
    f.PersonFactory(full_name="Nguyễn Văn Anh", address_commune=d["a2"], birth_date=dt.date(1992, 11, 5))
    f.PersonFactory(full_name="Nguyễn Văn An", address_commune=d["b1"])  # another province: never shown
    household = f.HouseholdFactory(commune=d["a1"], head=an, address_line="Số 12 đường Bà Triệu")
    HouseholdMember.objects.create(household=household, person=wife, relationship=Relationship.SPOUSE,
                                   valid_from=dt.date(2020, 1, 1))
    employer = f.EmployerFactory(name="Công ty Cổ phần Vận tải Lạng Sơn", address_commune=d["a2"])
    job = f.EmploymentFactory(person=an, employer=employer, valid_from=dt.date(2019, 3, 1), position="Lái xe",
                              salary=7_200_000)
    SalaryRecord.objects.filter(employment=job).update(valid_to=dt.date(2023, 12, 31))
    SalaryRecord.objects.create(employment=job, valid_from=dt.date(2024, 1, 1), salary=9_450_000)
    person_services.person_update(actor=d["u1"], person=an, changes={"phone": "0987654321"},
                                  reason="Tờ khai TK1-TS ngày 03/11/2025", source="web")
    return {"an": an, "user": d["u1"]}




def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_staff_pages_in_a_browser(browser, live_server, people):
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    sign_in_page(page, base, people["user"].username)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Tổng quan"
    assert "Cán bộ thu" in page.locator(".who-role").inner_text()
    page.screenshot(path=str(SHOTS / "ansinh-dashboard.png"), full_page=True)

    # English and back; the choice is remembered from page to page
    page.click(".language button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "Dashboard"
    page.click("nav.sidenav a[href='/persons/']")
    page.wait_for_selector("h1:text('Person search')")
    page.click(".language button[value=vi]")
    page.wait_for_selector("html[lang=vi]")
    assert page.locator("h1").inner_text() == "Tra cứu người tham gia"

    # the results come in as you type (htmx fragment), and the address follows
    page.fill("#id_q", "nguyen van an")
    link = page.locator("#results a", has_text="Nguyễn Văn An")
    link.first.wait_for()
    assert page.locator("#results table.results tbody tr").count() == 2  # An and Anh here, not the other province
    assert "q=nguyen%20van%20an" in page.url
    export = page.locator("#results a[download]").get_attribute("href")
    assert export.startswith("/persons/export.csv?q=nguyen") and "van" in export  # the page's own CSV (headers in words)
    page.screenshot(path=str(SHOTS / "ansinh-search.png"), full_page=True)

    link.first.click()
    page.wait_for_url(f"{base}/persons/{people['an'].pk}/")
    assert page.locator("h1").inner_text().startswith("Nguyễn Văn An")
    body = page.locator("main").inner_text()
    assert "Chủ hộ" in body and "Công ty Cổ phần Vận tải Lạng Sơn" in body and "9.450.000" in body
    assert "Tờ khai TK1-TS ngày 03/11/2025" in body
    page.screenshot(path=str(SHOTS / "ansinh-person.png"), full_page=True)
    context.close()


def test_phone_layout(browser, live_server, people):
    base = live_server.url
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{base}/login/")
    assert _no_horizontal_scroll(page)
    page.screenshot(path=str(SHOTS / "ansinh-phone-login.png"))
    sign_in_page(page, base, people["user"].username)
    pages = {
        "dashboard": "/",
        "search": "/persons/?q=nguyen+van",
        "person": f"/persons/{people['an'].pk}/",
        "edit": f"/persons/{people['an'].pk}/edit/",
        "audit": f"/audit/registry.person/{people['an'].pk}/",
    }
    for name, path in pages.items():
        page.goto(base + path)
        assert _no_horizontal_scroll(page), f"{path} scrolls sideways at 375px"
        if name in ("dashboard", "search", "person"):
            page.screenshot(path=str(SHOTS / f"ansinh-phone-{name}.png"), full_page=True)

    # a refused edit: the service's message next to the field, nothing saved
    page.goto(base + pages["edit"])
    page.fill("#id_phone", "12345")
    page.fill("#id_reason", "Kiểm tra")
    page.click("form.edit-form button[type=submit]")
    error = page.locator("#id_phone_error")
    error.wait_for()
    assert "Không phải số điện thoại Việt Nam" in error.inner_text()
    assert page.locator("#id_phone").get_attribute("aria-invalid") == "true"
    assert _no_horizontal_scroll(page)
    error.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "ansinh-phone-edit-error.png"))
    context.close()


def test_household_and_employer_pages_in_english(browser, live_server, people):
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in_page(page, base, people["user"].username)
    page.click(".language button[value=en]")
    page.wait_for_selector("html[lang=en]")

    page.goto(f"{base}/employers/")
    page.fill("#id_q", "van tai")
    page.locator("#results a", has_text="Công ty Cổ phần Vận tải Lạng Sơn").click()
    page.wait_for_selector("h2:text('Current employees')")
    assert "9,450,000" in page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / "ansinh-employer-en.png"), full_page=True)

    page.goto(f"{base}/households/")
    page.fill("#id_q", "nguyen van an")
    page.locator("#results a").first.click()
    page.wait_for_selector("h2:text('Members')")
    members = page.locator("main").inner_text()
    assert "Head of household" in members and "Spouse" in members and "Hoàng Thị Mai" in members
    page.screenshot(path=str(SHOTS / "ansinh-household-en.png"), full_page=True)
    context.close()
