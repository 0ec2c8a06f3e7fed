"""The officer's path in a real browser (headless Chromium via Playwright, live server): import a commune list and
a tax list, see the uncertain match in the review queue and confirm it (htmx), run the month's check, follow a
finding up (htmx), open a check case and record the fine; in Vietnamese at desktop width and in English at 390 px.

Run only these: pytest -m browser src/ansinh/compliance. Screenshots go to $ANSINH_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ansinh.compliance.models import CheckCase, Finding, ListEntry
from ansinh.compliance.tests.conftest import csv_bytes
from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import SHOTS, sign_in
from ansinh.rules.periods import Month

pytestmark = pytest.mark.browser




@pytest.fixture
def area(transactional_db, two_provinces):
    a1 = two_provinces["a1"]
    f.EmployerFactory(name="Công ty TNHH Xây dựng Hoàng Long", address_commune=a1)
    poor = f.PersonFactory(full_name="Hoàng Thị Mai", birth_date=dt.date(1970, 4, 2), address_commune=a1)
    return {**two_provinces, "poor": poor}


def test_officer_from_list_to_fine(browser, live_server, area):
    base, a1 = live_server.url, area["a1"]
    context, page, _ = sign_in(browser, base, area["u1"].username, viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/compliance/lists/")
    page.select_option("select[name=kind]", "state_budget_group")
    page.fill("input[name=source]", "UBND Phường Lương Văn Tri")
    page.fill("input[name=source_date]", (timezone.localdate() - dt.timedelta(days=3)).isoformat())
    bad = csv_bytes([["Họ và tên", "Ngày sinh", "Mã xã", "Đối tượng"], ["Hoàng Thị Mai", "31/02/1970", a1.code, "hộ nghèo"]])
    page.set_input_files("input[name=file]", {"name": "ds.csv", "mimeType": "text/csv", "buffer": bad})
    page.click("form[enctype] button[type=submit]")
    assert "chưa nhập gì" in page.locator("section[role=alert]").inner_text()
    page.screenshot(path=str(SHOTS / "ansinh-compliance-list-refused-vi.png"), full_page=True)
    assert ListEntry.objects.count() == 0

    good = csv_bytes([["Họ và tên", "Ngày sinh", "Mã xã", "Đối tượng"],
                      ["Hoang Thi Mai", "02/04/1970", a1.code, "hộ cận nghèo"],
                      ["Lường Văn Mới", "01/01/1980", a1.code, "hộ nghèo"]])
    page.select_option("select[name=kind]", "state_budget_group")
    page.fill("input[name=source]", "UBND Phường Lương Văn Tri")
    page.fill("input[name=source_date]", (timezone.localdate() - dt.timedelta(days=3)).isoformat())
    page.set_input_files("input[name=file]", {"name": "ds.csv", "mimeType": "text/csv", "buffer": good})
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url("**/compliance/lists/*/")
    assert "Hoàng Thị Mai" in page.content()  # matched by name and birth date

    tax = csv_bytes([["Mã số thuế", "Tên doanh nghiệp", "Mã xã", "Ngày thành lập"],
                     [f.EmployerFactory.build().tax_code, "Cty TNHH XD Hoàng Lan", a1.code, "01/01/2020"]])
    page.goto(f"{base}/compliance/lists/")
    page.select_option("select[name=kind]", "tax_enterprises")
    page.fill("input[name=source]", "Thuế tỉnh")
    page.fill("input[name=source_date]", (timezone.localdate() - dt.timedelta(days=3)).isoformat())
    page.set_input_files("input[name=file]", {"name": "mst.csv", "mimeType": "text/csv", "buffer": tax})
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url("**/compliance/lists/*/")
    page.goto(f"{base}/compliance/review/")
    row = page.locator("tbody tr").first
    assert "Hoàng Long" in row.inner_text()
    page.screenshot(path=str(SHOTS / "ansinh-compliance-review-vi.png"), full_page=True)
    row.locator("button[value='0']").click()  # not the same unit: htmx swaps the row
    page.wait_for_selector("tbody tr:has-text('Cán bộ đã loại')")

    period = Month.of(timezone.localdate()) - 1
    page.goto(f"{base}/compliance/")
    page.fill("input[name=period]", str(period))
    page.click("form[action$='/detect/'] button[type=submit]")
    page.wait_for_url("**/compliance/findings/**")
    assert "Lường Văn Mới" in page.content() and "Cty TNHH XD Hoàng Lan" in page.content()
    page.screenshot(path=str(SHOTS / "ansinh-compliance-findings-vi.png"), full_page=True)
    finding = Finding.objects.get(subject="Lường Văn Mới")
    row = page.locator(f"#finding-{finding.id}")
    row.locator("select[name=status]").select_option("contacted")
    row.locator("input[name=note]").fill("đã gọi điện")
    row.locator("button[type=submit]").click()
    for _attempt in range(100):  # the htmx request may still be on its way (the typed note proves nothing)
        finding.refresh_from_db()
        if finding.status == "contacted":
            break
        page.wait_for_timeout(100)
    assert (finding.status, finding.note) == ("contacted", "đã gọi điện")
    context.close()

    employer = f.EmployerFactory(address_commune=a1, name="Công ty Cổ phần Bắc Sơn")
    context, page, _ = sign_in(browser, base, area["u1"].username, viewport={"width": 390, "height": 844}, lang="en")
    page.goto(f"{base}/compliance/checks/?employer={employer.id}")
    page.fill("input[name=scope]", "SI, HI, UI since 01/2025")
    page.fill("input[name=team]", "Team 1")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/compliance/checks/*/")
    page.select_option("select[name=act]", "non_registration")
    page.fill("input[name=act_date]", "2026-10-01")
    page.fill("input[name=employees_not_enrolled]", "12")
    page.fill("input[name=amount]", "150000000")
    page.click("form:has(input[value=record]) button[type=submit]")
    page.wait_for_selector("text=Decree 283/2026")
    case = CheckCase.objects.get()
    assert case.fine == 32_000_000
    assert "32,000,000" in page.content()
    page.screenshot(path=str(SHOTS / "ansinh-compliance-check-en-390.png"), full_page=True)
    page.goto(f"{base}/compliance/findings/?period={period}")
    page.screenshot(path=str(SHOTS / "ansinh-compliance-findings-en-390.png"), full_page=True)
    context.close()


def test_school_records_payments_and_cards_in_both_languages(browser, live_server, area):
    """The school's page: tick two pupils, record (Vietnamese, desktop), the receipts and cards shown; the third
    pupil by upload, the page in English at 390 px."""
    from ansinh.compliance.models import SchoolPayment
    from ansinh.compliance.tests.test_detect import imp
    from ansinh.compliance.tests.test_support_cards import HEADER
    from ansinh.coverage.models import HICard

    base, a1 = live_server.url, area["a1"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=dt.date(2015, 2, d)) for d in (1, 2, 3)]
    imp(area["u1"], "school_pupils", [HEADER] + [["TH01", "TH Kim Đồng", "5A", p.citizen_id, p.full_name,
                                                   p.birth_date.strftime("%d/%m/%Y"), a1.code] for p in pupils])
    year = timezone.localdate().year if timezone.localdate().month >= 9 else timezone.localdate().year - 1
    context, page, _ = sign_in(browser, base, area["u1"].username, viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/compliance/schools/?year={year}")
    page.click("text=TH Kim Đồng")
    page.wait_for_url("**/compliance/schools/TH01/**")
    boxes = page.locator("input[name=entries]")
    assert boxes.count() == 3
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("form.card button.primary")
    page.wait_for_selector("text=Đã ghi 2 khoản đóng, cấp 2 thẻ BHYT.")
    assert SchoolPayment.objects.count() == 2 and HICard.objects.filter(group="HS").count() == 2
    assert f"HS-TH01-{year}-00001" in page.content()
    page.screenshot(path=str(SHOTS / "ansinh-compliance-school-vi.png"), full_page=True)
    context.close()

    context, page, _ = sign_in(browser, base, area["u1"].username, viewport={"width": 390, "height": 844}, lang="en")
    page.goto(f"{base}/compliance/schools/TH01/?year={year}")
    page.click("text=Or upload the school's list of pupils who paid")
    paid = csv_bytes([["Số định danh", "Họ và tên"], [pupils[2].citizen_id, pupils[2].full_name]])
    page.set_input_files("input[name=file]", {"name": "paid.csv", "mimeType": "text/csv", "buffer": paid})
    page.click("form:has(input[value=upload]) button[type=submit]")
    page.wait_for_selector("text=Payments recorded: 1; HI cards issued: 1.")
    assert SchoolPayment.objects.count() == 3
    page.screenshot(path=str(SHOTS / "ansinh-compliance-school-en-390.png"), full_page=True)
    context.close()


def test_school_remittance_in_both_languages(browser, live_server, transactional_db, two_provinces):
    """The officer records what a school remitted: a wrong amount is refused naming the pupils' share, the right one
    is posted; the school page and the schools' report show remitted vs collected (Vietnamese, then English)."""
    from ansinh.compliance.models import SchoolRemittance
    from ansinh.compliance.services import schools
    from ansinh.compliance.tests.test_support_cards import _school

    base, a1, u1 = live_server.url, two_provinces["a1"], two_provinces["u1"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=dt.date(2015, 2, d)) for d in (1, 2, 3)]
    entries = _school(u1, a1, pupils)
    schools.school_payments_record(actor=u1, school_code="TH01", year=2026, paid_on=dt.date(2026, 9, 15),
                                   entry_ids=[entries[pupils[0].pk], entries[pupils[1].pk]])
    context, page, outside = sign_in(browser, base, u1.username, viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/compliance/schools/TH01/?year=2026")
    form = page.locator("form:has(input[name=step][value=remit])")
    form.locator("input[name=reference]").fill("UNC-2026-0918")
    form.locator("input[name=remitted_on]").fill("2026-09-18")
    form.locator("input[name=amount]").fill("1.000.000")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.locator("ul.messages").inner_text()
    assert "Số tiền kê khai khác" in alert and "1,366,200" in alert
    assert not SchoolRemittance.objects.exists()
    form.locator("input[name=reference]").fill("UNC-2026-0918")
    form.locator("input[name=remitted_on]").fill("2026-09-18")
    form.locator("input[name=amount]").fill("1.366.200")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã ghi nhận và hạch toán khoản nộp UNC-2026-0918" in page.content()
    assert SchoolRemittance.objects.get().amount == 1_366_200
    page.screenshot(path=str(SHOTS / "ansinh-school-remittance-vi.png"), full_page=True)
    page.goto(f"{base}/compliance/schools/?year=2026")
    assert "Trường chưa nộp" in page.content()
    page.screenshot(path=str(SHOTS / "ansinh-schools-remitted-vi.png"), full_page=True)
    context.close()

    context, page, more = sign_in(browser, base, u1.username, viewport={"width": 1280, "height": 900}, lang="en")
    page.goto(f"{base}/compliance/schools/TH01/?year=2026")
    assert "What the school remitted" in page.content() and "UNC-2026-0918" in page.content()
    page.screenshot(path=str(SHOTS / "ansinh-school-remittance-en.png"), full_page=True)
    page.goto(f"{base}/compliance/schools/?year=2026")
    assert "Not yet remitted" in page.content()
    page.screenshot(path=str(SHOTS / "ansinh-schools-remitted-en.png"), full_page=True)
    context.close()
    assert outside == [] and more == []
