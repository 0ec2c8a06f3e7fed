"""The agent screen on a 390 px phone in headless Chromium: the agent signs in, finds a household by a member's
name, chooses the members, sees the amount, takes the payment, prints the receipt, remits the day's money and sees
the household's HI cards issued. Vietnamese and English. Screenshots in $ANSINH_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ansinh.contributions.models import Receipt, Remittance
from ansinh.core.testing.browser import SHOTS, TIMEOUT_MS, phone_page
from ansinh.coverage.models import HICard
from ansinh.rules.contributions import household_hi
from ansinh.rules.periods import Month

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_agent_takes_a_household_payment_remits_and_the_cards_are_issued(browser, live_server, agent_world, lang):
    w = agent_world
    base = live_server.url
    context, page, outside = phone_page(browser, base, lang)
    page.goto(f"{base}/agent/login/")
    page.fill("#username", "agent_user")
    page.fill("#password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/agent/")
    assert page.locator(".sidenav").count() == 0  # no staff menu
    page.fill("#q", "hoàng văn đức")
    page.click("form.search-row button")
    page.wait_for_selector(f"a[href='/agent/households/{w['household'].pk}/']")
    page.screenshot(path=str(SHOTS / f"agent-find-{lang}.png"), full_page=True)
    page.click(f"a.button[href='/agent/households/{w['household'].pk}/']")
    page.wait_for_selector("#pay-form")
    worker = page.locator(f"input[name=member][value='{w['worker'].pk}']")
    assert worker.is_disabled()  # insured by the employer: not paid for again
    page.click("button[value=quote]")
    page.wait_for_selector("#amount-due")
    month = Month.of(timezone.localdate())
    expected = household_hi.calculate(household_hi.HouseholdInput(members=2, month=month, months=12)).total
    due = page.inner_text("#amount-due")
    assert f"{expected:,}".replace(",", ".") in due or f"{expected:,}" in due
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"agent-quote-{lang}.png"), full_page=True)
    page.click("button[value=take]")
    page.wait_for_selector("#receipt-number")
    receipt = Receipt.objects.get()
    assert page.inner_text("#receipt-number").strip() == receipt.number
    assert page.locator(".receipt-qr svg").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"agent-receipt-{lang}.png"), full_page=True)
    pdf = page.request.get(f"{base}/agent/receipts/{receipt.pk}.pdf")
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    page.click(".agent-nav a[href='/agent/day/']")
    page.wait_for_selector("#day-total")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"agent-day-{lang}.png"), full_page=True)
    page.click(".agent-nav a[href='/agent/remit/']")
    page.wait_for_selector("#remit-button")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"agent-remit-{lang}.png"), full_page=True)
    page.click("#remit-button")
    page.wait_for_selector(".card-number")
    cards = HICard.objects.filter(person__in=[w["head"], w["spouse"]], status=HICard.Status.ISSUED)
    assert cards.count() == 2 and Remittance.objects.count() == 1
    shown = page.inner_text("main")
    assert all(c.number in shown for c in cards)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"agent-cards-{lang}.png"), full_page=True)
    page.click(".agent-nav a[href='/agent/commission/']")
    page.wait_for_selector("table")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"agent-commission-{lang}.png"), full_page=True)
    assert page.goto(f"{base}/persons/").status == 404  # a staff page: not for agent staff
    assert page.locator(".sidenav").count() == 0
    assert outside == []
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_agent_takes_a_payment_code(browser, live_server, agent_world, lang):
    """A household's payment code typed with spaces: a wrong digit refused at the field, the right code opens the
    household's form with the code's members and months, the amount is the code's, taking it marks the code paid."""
    from ansinh.contributions.services import references as refs

    w = agent_world
    base = live_server.url
    ref = refs.payment_reference_issue(actor=w["u1"], purpose="hi_household", person=w["head"],
                                       household=w["household"], members=[w["head"].pk, w["spouse"].pk], months=6,
                                       from_month=Month.of(timezone.localdate()))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    if lang == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page = context.new_page()
    page.goto(f"{base}/agent/login/")
    page.fill("#username", "agent_user")
    page.fill("#password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/agent/")
    page.fill("#code", ref.code[:-1] + str((int(ref.code[-1]) + 1) % 10))
    page.click("#code-form button")
    page.wait_for_selector("#refusal")
    assert page.locator("#code").get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(SHOTS / f"agent-code-refused-{lang}.png"), full_page=True)
    page.fill("#code", refs.grouped(ref.code))
    page.click("#code-form button")
    page.wait_for_selector("#pay-form")
    assert ref.code in page.content()
    page.screenshot(path=str(SHOTS / f"agent-code-household-{lang}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("button[name=action][value=take]")
    page.wait_for_url(f"{base}/agent/receipts/**")
    ref.refresh_from_db()
    receipt = Receipt.objects.get(number=ref.paid_ref)
    assert ref.status == "paid" and receipt.payable == ref.amount
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_find_page_focus_and_keyboard_on_a_360px_phone(browser, live_server, agent_world, lang):
    """The search field has the focus on load; after a search, Tab goes from the field to the Find button and then
    to the first result (the results come before the payment-code form); nothing wider than the phone."""
    w = agent_world
    base = live_server.url
    context, page, outside = phone_page(browser, base, lang, width=360)
    page.goto(f"{base}/agent/login/")
    page.fill("#username", "agent_user")
    page.fill("#password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/agent/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("hoàng văn đức")
    page.keyboard.press("Enter")
    page.wait_for_selector("#h-found")
    assert page.evaluate("document.activeElement.id") == "q"  # the field again, to correct the search
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first == f"/agent/households/{w['household'].pk}/"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / f"agent-find-360-{lang}.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_selector("#pay-form")
    # a refused payment code: the focus on the code field, described by the refusal
    page.goto(f"{base}/agent/?code=AS123")
    assert page.evaluate("document.activeElement.id") == "code"
    assert page.get_attribute("#code", "aria-describedby") == "refusal"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / f"agent-code-refused-360-{lang}.png"), full_page=True)
    assert outside == []
    context.close()
