"""The employer portal on a 390 px phone in headless Chromium: a declarer signs in, uploads a D02-LT list with
errors, sees them per line and field, corrects one line in the form and removes another, submits; the officer
accepts on the staff page; the unit sees the list applied and the next assessment counts the new employee.
Screenshots in $ANSINH_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import pytest
from django.test import Client

from ansinh.core.testing.browser import SHOTS, TIMEOUT_MS, phone_page
from ansinh.portal.unit.models import Submission, UnitRole

from .test_unit_portal import NOW, _line, _member, _xlsx, cid, unit  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def _tap(page, selector: str) -> None:
    """Press a button that posts its form (with the keyboard: the portal's fixed bottom bar makes a mouse click at
    the foot of a long page land beside the button) and wait for the page that answers."""
    button = page.locator(selector)
    button.scroll_into_view_if_needed()
    invalid = button.evaluate("e => Array.from(e.form.elements).filter(x => x.willValidate && !x.checkValidity())"
                              ".map(x => x.name + ': ' + x.validationMessage)")
    assert not invalid, invalid
    with page.expect_navigation():
        button.press("Enter")


def _signed_in(browser, base: str, user, lang: str, width: int, height: int):
    """A browser context of that size, in that language, with `user` signed in."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(TIMEOUT_MS)
    if lang == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
    return context


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_employer_declares_on_a_phone_and_the_officer_accepts(browser, live_server, unit, lang, tmp_path):  # noqa: F811
    from ansinh.analytics.assessment import assess
    from ansinh.contributions.models import AssessmentLine
    from ansinh.registry.models import Person

    _member(unit, UnitRole.DECLARER, "khaibao")
    base = live_server.url
    upload = tmp_path / "d02lt.xlsx"
    upload.write_bytes(_xlsx([_line(1, unit["a2"]), _line(2, unit["a2"], salary=1_000, citizen_id=cid(702)),
                              _line(3, unit["a2"], citizen_id="12345")], unit))
    context, page, outside = phone_page(browser, base, lang)
    page.goto(f"{base}/portal/login/")
    page.fill("#identifier", "khaibao")
    page.fill("#password", "secret-pass-1")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/portal/unit/")
    page.click(".portal-nav a[href='/portal/unit/declarations/']")
    page.wait_for_selector("#h-upload")
    page.screenshot(path=str(SHOTS / f"unit-declarations-{lang}.png"), full_page=True)
    page.set_input_files("#file", str(upload))
    _tap(page, "#h-upload ~ form button[type=submit]")
    page.wait_for_selector("#h-lines")
    assert page.locator(".unit-line.has-errors").count() == 2
    assert page.locator("button:has-text('Submit for review'), button:has-text('Nộp để thẩm định')").is_disabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"unit-list-errors-{lang}.png"), full_page=True)
    # correct line 9 (salary below the floor) in the form
    assert page.locator("#line-9 a[href='?edit=9#line-form']").count() == 1
    page.goto(page.url.split("?")[0].split("#")[0] + "?edit=9")
    page.wait_for_selector("#line-form input[name=line][value='9']", state="attached")
    page.fill("#f-salary", "8000000")
    page.screenshot(path=str(SHOTS / f"unit-line-form-{lang}.png"), full_page=True)
    _tap(page, "#line-form button[type=submit]")
    page.wait_for_selector("#h-lines")
    assert page.locator(".unit-line.has-errors").count() == 1
    _tap(page, "#line-10 button[type=submit]")  # remove the line with a bad ID
    page.wait_for_selector("#h-lines")
    assert page.locator(".unit-line.has-errors").count() == 0
    _tap(page, "form input[value=submit] + button")
    page.wait_for_selector(".status-pill.submitted")
    s = Submission.objects.get()
    assert s.dossier is not None and s.dossier.code in page.inner_text("main")
    page.screenshot(path=str(SHOTS / f"unit-list-submitted-{lang}.png"), full_page=True)
    # the officer of the unit's locality accepts on the staff page
    staff = _signed_in(browser, base, unit["u1"], lang, 1280, 900)
    officer = staff.new_page()
    officer.goto(f"{base}/contributions/unit-lists/")
    officer.click(f"a:has-text('{s.dossier.code}')")
    officer.wait_for_selector("#decide")
    officer.screenshot(path=str(SHOTS / f"unit-review-{lang}.png"), full_page=True)
    _tap(officer, "form input[value=accept] + button")
    officer.wait_for_selector("a[href^='/contributions/declarations/']")  # applied as a declaration
    staff.close()
    # the unit sees it applied
    page.reload()
    page.wait_for_selector(".status-pill.accepted")
    page.screenshot(path=str(SHOTS / f"unit-list-accepted-{lang}.png"), full_page=True)
    new = Person.objects.get(citizen_id=cid(701))
    assess(NOW)
    assert AssessmentLine.objects.filter(person=new, employer=unit["employer"], for_period=NOW.first_day).exists()
    page.click(".portal-nav a[href='/portal/unit/employees/']")
    page.wait_for_selector("ol.periods")
    assert new.full_name in page.inner_text("main")
    assert page.goto(f"{base}/contributions/unit-lists/").status == 404  # a staff page: not for the unit
    assert outside == []
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_administrator_money_and_users_on_a_phone(browser, live_server, unit, lang):  # noqa: F811
    import datetime as dt

    from ansinh.contributions.services.payments import employer_payment_post
    from ansinh.contributions.tests.test_payments import assess as owe
    from ansinh.rules.periods import Month

    employer = unit["employer"]
    owe(employer, Month(2026, 9), {"hi": 300_000, "ui": 100_000, "sm": 200_000})
    employer_payment_post(actor=unit["u1"], employer=employer, amount=450_000, reference="FT26001",
                          paid_on=dt.date(2026, 10, 20))
    base = live_server.url
    context = _signed_in(browser, base, unit["admin"], lang, 390, 844)
    page = context.new_page()
    page.goto(f"{base}/portal/unit/")
    page.screenshot(path=str(SHOTS / f"unit-home-{lang}.png"), full_page=True)
    page.click(".portal-nav a[href='/portal/unit/money/']")
    page.wait_for_selector("#h-payments")
    assert "FT26001" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"unit-money-{lang}.png"), full_page=True)
    page.goto(f"{base}/portal/unit/users/")
    page.fill("#i-username", "ke.toan")
    page.fill("#i-name", "Nguyễn Thị Kế Toán")
    page.select_option("#i-role", "accountant")
    _tap(page, "#h-invite ~ form button[type=submit]")
    page.wait_for_selector("#activation-link")
    page.fill("#t-name", "Phần mềm lương")
    _tap(page, "#t-name")
    page.wait_for_selector("#token-key")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"unit-users-{lang}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_money_page_is_short_and_fits_a_360_px_phone(browser, live_server, unit, lang):  # noqa: F811
    """A unit with a year of payments, each spread over several months and funds, one with interest: at 360 px the
    debt comes first, each payment is one line (date, amount) whose allocation opens on demand (the newest open),
    the allocation table fits the phone, and nothing is wider than the screen."""
    import datetime as dt

    from ansinh.contributions.models import Account
    from ansinh.contributions.services.payments import employer_payment_post
    from ansinh.contributions.tests.test_payments import assess as owe
    from ansinh.rules.periods import Month

    employer = unit["employer"]
    funds = {"hi": 43_527_975, "ui": 3_019_504, "sm": 29_018_646, "oaod": 4_836_447, "rs": 212_803_404}
    for i in range(12):
        owe(employer, Month(2025, 11) + i, funds)
    owe(employer, Month(2025, 11), {"hi": 11_057_020}, account=Account.INTEREST_RECEIVABLE)
    for i in range(10):  # each pays a month and a half: every payment is spread over several months and funds
        employer_payment_post(actor=unit["u1"], employer=employer, amount=440_000_000, reference=f"FT2600{i:02d}",
                              paid_on=dt.date(2026, 1, 20) + dt.timedelta(days=30 * i))
    base = live_server.url
    context = _signed_in(browser, base, unit["admin"], lang, 360, 740)
    page = context.new_page()
    page.goto(f"{base}/portal/unit/money/")
    page.wait_for_selector("#h-payments")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    payments = page.locator("details.payment")
    assert payments.count() == 10
    assert payments.first.get_attribute("open") is not None  # the newest payment's allocation shown
    assert page.locator("details.payment[open]").count() == 1  # the others: one line each, opened on demand
    assert page.locator("details.payment:not([open]) table.alloc").first.is_hidden()
    shown = page.evaluate("document.documentElement.scrollHeight")
    assert shown < 740 * 5, shown  # all allocations spread out at 360 px took some 30 screens
    # the debt (the summary) before the payments
    assert page.locator("#h-debt").bounding_box()["y"] < page.locator("#h-payments").bounding_box()["y"]
    # the payment with interest: the interest line fits too, opened
    with_interest = page.locator("details.payment", has=page.locator("table.alloc small"))
    assert with_interest.count() == 1
    with_interest.locator("summary").click()
    with_interest.locator("table.alloc small").first.wait_for()  # "paid to interest: 11.057.020 đ"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for box in page.locator("details.payment[open] table.alloc").evaluate_all(
            "ts => ts.map(t => t.getBoundingClientRect().right)"):
        assert box <= 360
    page.screenshot(path=str(SHOTS / f"unit-money-360-{lang}.png"), full_page=True)
    context.close()
