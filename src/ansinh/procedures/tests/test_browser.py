"""The desk in a real browser (headless Chromium against the live server): the clerk receives a dossier (procedure
chosen, person found, documents ticked — htmx), hands it over; the handler decides; the clerk returns the result.
In Vietnamese at desk width and in English at phone width. Screenshots go to $ANSINH_SCREENSHOTS (default /tmp).

Run only these: pytest -m browser src/ansinh/procedures."""

from __future__ import annotations

import pytest

from ansinh.core.testing.browser import SHOTS, sign_in
from ansinh.procedures.models import Dossier

pytestmark = pytest.mark.browser




def test_desk_dossier_to_result_in_the_browser(browser, live_server, transactional_db, desk):
    base = live_server.url
    person = desk["person"]
    context, page, outside = sign_in(browser, base, "clerk", viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/procedures/")
    page.click("text=Tiếp nhận hồ sơ")
    page.select_option("#procedure", "change-info")
    page.wait_for_selector("text=Law 41/2024 Art 29.2")  # the limit shown after the htmx swap
    page.fill("#who", person.citizen_id)
    page.click("button:has-text('Tìm')")
    page.click(f"text={person.full_name}")
    for code in ("TK1-TS", "proof", "si-book"):
        page.check(f"input[name=documents][value='{code}']")
    page.fill("#req_changes_address_line", "Số 12, thôn Nà Sla")
    page.fill("#req_reason", "Chuyển nơi ở")
    page.screenshot(path=str(SHOTS / "procedures-receive-vi.png"), full_page=True)
    page.click("button[value=receive]")
    page.wait_for_selector("#h-steps")
    d = Dossier.objects.get()
    assert d.status == "received" and d.due_on is not None
    page.select_option("#department", "collection")
    page.click("button:has-text('Chuyển giao')")
    page.wait_for_selector("text=Đang giải quyết")
    page.screenshot(path=str(SHOTS / "procedures-detail-vi.png"), full_page=True)
    context.close()

    context, page, _ = sign_in(browser, base, "collection", viewport={"width": 390, "height": 844}, lang="en")
    page.goto(f"{base}/procedures/handlers/")
    page.click(f"text={d.code}")
    page.select_option("#outcome", "granted")
    page.click("button:has-text('Record the decision')")
    page.wait_for_selector("button:has-text('Record the decision')", state="detached")
    page.screenshot(path=str(SHOTS / "procedures-handler-en-390.png"), full_page=True)
    d.refresh_from_db()
    person.refresh_from_db()
    assert d.status == "decided" and person.address_line == "Số 12, thôn Nà Sla"  # the change applied
    context.close()

    context, page, _ = sign_in(browser, base, "clerk", viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/procedures/dossiers/{d.pk}/")
    page.select_option("#result-channel", "post")
    page.fill("#tracking", "EB123456789VN")
    page.click("button:has-text('Đã trả kết quả')")
    page.wait_for_selector("text=EB123456789VN")
    d.refresh_from_db()
    assert d.status == "returned" and d.tracking_number == "EB123456789VN"
    page.goto(f"{base}/procedures/report/")
    page.screenshot(path=str(SHOTS / "procedures-report-vi.png"), full_page=True)
    assert "tiếp nhận 1 hồ sơ" in page.inner_text("#steering-paragraph")
    context.close()
    assert outside == []


def test_desk_registers_a_new_person_then_receives_in_the_browser(browser, live_server, transactional_db, desk):
    from ansinh.registry.models import Person

    base = live_server.url
    context, page, outside = sign_in(browser, base, "clerk", viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/procedures/receive/?procedure=change-info&subject=person&who=020192011111")
    page.click("text=Đăng ký người mới")
    page.fill("#id_full_name", "Hoàng Thị Lan")
    page.fill("#id_birth_date", "1992-04-15")
    page.select_option("#id_sex", "F")
    page.select_option("#id_address_commune_id", str(desk["a1"].pk))
    page.screenshot(path=str(SHOTS / "procedures-new-person-vi.png"), full_page=True)
    page.click("form.edit-form button[type=submit]")
    page.wait_for_selector("text=Đã đăng ký: Hoàng Thị Lan.")
    person = Person.objects.get(citizen_id="020192011111")
    assert f"person={person.pk}" in page.url
    for code in ("TK1-TS", "proof", "si-book"):
        page.check(f"input[name=documents][value='{code}']")
    page.click("button[value=receive]")
    page.wait_for_selector("#h-steps")
    assert Dossier.objects.get().person == person
    context.close()
    assert outside == []
