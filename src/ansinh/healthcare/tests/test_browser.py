"""The HI officer's day in a real browser (headless Chromium, Playwright, live server): upload a facility's file,
read the month, open the queue, decide a flagged item with a reason — in Vietnamese at desk width and in English at
phone width. Screenshots go to $ANSINH_SCREENSHOTS (default /tmp).

Run only these: pytest -m browser src/ansinh/healthcare."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import Role
from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import SHOTS, sign_in
from ansinh.healthcare.models import Finding
from ansinh.healthcare.tests.conftest import sample_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def live_facility(transactional_db, facility):
    u = f.UserFactory(username="giamdinh", role=Role.HI_OFFICER)
    u.units.set([facility.province])
    return u




@pytest.mark.parametrize(("lang", "width"), [("vi", 1280), ("en", 390)])
def test_officer_uploads_reads_and_decides(browser, live_server, live_facility, tmp_path, lang, width):
    base = live_server.url

    def flagged(raw):
        raw[0].xml1["SO_NGAY_DTRI"] = "3"  # T04
        raw[1].xml2[0]["MA_THUOC"] = "40.999"  # P01

    path = tmp_path / "claims.xml"
    path.write_bytes(sample_bytes(flagged))
    context, page, outside = sign_in(browser, base, "giamdinh", viewport={"width": width, "height": 900}, lang=lang)
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


@pytest.mark.parametrize(("lang", "width"), [("vi", 1280), ("en", 390)])
def test_reference_registrations_answers_funds_report(browser, live_server, live_facility, tmp_path, lang, width):
    import datetime as dt

    from ansinh.contributions.models import AssessmentLine
    from ansinh.healthcare.models import Facility, PrimaryCareUnit
    from ansinh.healthcare.tests.conftest import receive

    base = live_server.url
    receive(sample_bytes(lambda raw: raw[0].xml1.update(SO_NGAY_DTRI="3")))  # T04, waiting with a deadline
    school = f.EmployerFactory(address_commune=Facility.objects.get(code="99001").commune, name="Trường THCS Thử")
    emp = f.EmploymentFactory(employer=school)
    for m in (7, 8, 9):
        AssessmentLine.objects.create(period=dt.date(2025, m, 1), for_period=dt.date(2025, m, 1), employer=school,
                                      person=emp.person, employment=emp, salary=10_000_000, si_base=10_000_000,
                                      ui_base=10_000_000, sm_er=0, oaod_er=0, rs_er=0, rs_ee=0, hi_er=300_000,
                                      hi_ee=150_000, ui_er=0, ui_ee=0)
    PrimaryCareUnit.objects.create(employer=school, kind="school", pupils=420, valid_from=dt.date(2025, 1, 1))
    path = tmp_path / "practitioners.csv"
    path.write_text("certificate_number,full_name,title,facility_code,valid_from,valid_to\n"
                    "000777/SYN-CCHN,Nguyễn Văn Bảy,BS CKI,99001,2025-06-01,\n", encoding="utf-8")
    context, page, outside = sign_in(browser, base, "giamdinh", viewport={"width": width, "height": 900}, lang=lang)
    page.goto(f"{base}/healthcare/reference/")
    page.check("input[value=practitioners]")
    page.set_input_files("#file", str(path))
    page.click("form.stack-form button[type=submit]")
    page.wait_for_selector(".message-success")
    page.screenshot(path=str(SHOTS / f"healthcare-reference-{lang}-{width}.png"), full_page=True)
    page.goto(f"{base}/healthcare/registrations/?card=DN4990000000001")
    page.fill("#on", "2025-10-20")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_selector(".alert")
    page.screenshot(path=str(SHOTS / f"healthcare-registrations-{lang}-{width}.png"), full_page=True)
    flag = Finding.objects.get(check_code="T04")
    page.goto(f"{base}/healthcare/episodes/{flag.episode_id}/")
    page.locator("details summary").first.click()  # XML1 as sent, every field
    assert "MA_THE_BHYT" in page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / f"healthcare-episode-{lang}-{width}.png"), full_page=True)
    page.fill(f"#answer-{flag.pk}", "Công văn số 12/BV ngày 05/12" if lang == "vi" else "Letter 12/BV of 05/12")
    page.click(f"form[action$='/findings/{flag.pk}/answer/'] button")
    page.wait_for_selector(".facility-answer")
    page.goto(f"{base}/healthcare/queue/")
    page.screenshot(path=str(SHOTS / f"healthcare-queue-answer-{lang}-{width}.png"), full_page=True)
    page.goto(f"{base}/healthcare/funds/?year=2025&quarter=3")
    assert "420" in page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / f"healthcare-funds-{lang}-{width}.png"), full_page=True)
    page.goto(f"{base}/healthcare/report/?month=2025-05")
    page.wait_for_selector("#steering")
    page.screenshot(path=str(SHOTS / f"healthcare-report-{lang}-{width}.png"), full_page=True)
    assert outside == []
    context.close()


@pytest.mark.parametrize(("lang", "width"), [("vi", 1280), ("en", 360)])
def test_episode_with_its_appointment_slip(browser, live_server, live_facility, lang, width):
    """The episode that issued an appointment slip (XML14), its re-examination linked, the T01 flag of a slip
    issued before admission; nothing wider than the phone's screen."""
    from ansinh.healthcare.intake import write_file
    from ansinh.healthcare.models import Episode
    from ansinh.healthcare.tests.conftest import receive, sample_raw
    from ansinh.healthcare.tests.test_appointments_time_order import _revisit, _visits_file, with_slip

    raw = sample_raw()[:1]
    with_slip(NGAY_CT="20250514")(raw)
    receive(write_file(raw, "99001", "20250517"))
    receive(_visits_file(_revisit("RE01", "20250522")))
    base = live_server.url
    context, page, outside = sign_in(browser, base, "giamdinh", viewport={"width": width, "height": 900}, lang=lang)
    page.goto(f"{base}/healthcare/episodes/{Episode.objects.get(ma_lk=raw[0].xml1['MA_LK']).pk}/")
    text = page.locator("main").inner_text()
    assert "HK0001" in text and "RE01" in text and "T01" in text and "NGAY_CT" in text
    assert ("Giấy hẹn khám lại (XML14)" if lang == "vi" else "Appointment slip for re-examination (XML14)") in text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / f"healthcare-appointment-{lang}-{width}.png"), full_page=True)
    page.click("text=RE01")
    page.wait_for_load_state()
    assert "RE01" in page.locator("h1").inner_text()
    assert outside == []
    context.close()
