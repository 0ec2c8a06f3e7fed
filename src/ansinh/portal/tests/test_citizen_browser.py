"""The citizen's self-service on a 390 px phone in headless Chromium: sign in, read the contributions and the card,
register for voluntary SI online (calculate, send), see the receipt with the payment code and its QR; the payment
arrives through the bank statement, an officer hands the dossier over, decides and returns it; the citizen follows
it to its result and reads the notifications. Vietnamese and English. Screenshots in $ANSINH_SCREENSHOTS."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ansinh.accounts.models import Role
from ansinh.contributions.imports.bank_statement import MB
from ansinh.contributions.models import PaymentReference
from ansinh.contributions.services import payments
from ansinh.contributions.tests.test_payments import mb_csv
from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import SHOTS, TIMEOUT_MS, phone_page
from ansinh.coverage.models import Participation
from ansinh.procedures.models import Dossier
from ansinh.procedures.services import dossiers as svc

from .test_portal import _card, citizen  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def _officer_decides(dossier: Dossier, two_provinces) -> None:
    manager = f.UserFactory(username="truong_phong", role=Role.MANAGER)
    manager.offices.set([two_provinces["o1"]])
    dossier = svc.dossier_hand_over(actor=manager, dossier=dossier, handler=manager, note="")
    dossier = svc.dossier_decide(actor=manager, dossier=dossier, outcome="granted", note="Đã cấp sổ BHXH")
    svc.dossier_return(actor=manager, dossier=dossier, channel="online")


def _pay_by_bank(ref: PaymentReference, two_provinces) -> None:
    officer = f.UserFactory(username="thu", role=Role.COLLECTION_OFFICER)
    officer.offices.set([two_provinces["o1"]])
    day = timezone.localdate(ref.created_at).strftime("%d/%m/%Y")  # the bank prints the local day
    data = mb_csv([("FT777", day, 0, ref.amount, "NGUYEN THI A", f"NOP BHXH TN {ref.code}")])
    report = payments.bank_statement_import(actor=officer, data=data, file_name="sao-ke.csv", bank="MB",
                                            account_no="1", layout=MB)
    assert report.references == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_citizen_registers_for_voluntary_si_and_follows_it(browser, live_server, citizen, two_provinces, lang):  # noqa: F811
    _card(citizen.person)
    base = live_server.url
    context, page, outside = phone_page(browser, base, lang)
    page.goto(f"{base}/portal/login/")
    page.screenshot(path=str(SHOTS / f"citizen-login-{lang}.png"), full_page=True)
    page.fill("#identifier", citizen.person.citizen_id)
    page.fill("#password", "secret-pass-1")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/portal/")
    page.click(".portal-nav a[href='/portal/contributions/']")
    page.wait_for_selector("#h-periods")
    page.click(".portal-nav a[href='/portal/card/']")
    page.wait_for_selector(".hi-qr svg")

    # do it online: voluntary SI, calculate, then send
    page.click(".portal-nav a[href='/portal/requests/']")
    page.click("a[href='/portal/requests/new/voluntary-si/']")
    page.fill("#income", "4000000")
    page.select_option("#mode", "quarterly")
    page.click("button[value=check]")
    page.wait_for_selector(".quote")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"citizen-vsi-quote-{lang}.png"), full_page=True)
    page.click("button[value=submit]")
    page.wait_for_selector("#payref-code")
    dossier = Dossier.objects.get(person=citizen.person)
    ref = PaymentReference.objects.get(dossier=dossier)
    text = page.inner_text("main")
    assert dossier.code in text and dossier.lookup_key in text and ref.code[:2] in text
    assert page.locator(".payref .hi-qr svg").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"citizen-vsi-receipt-{lang}.png"), full_page=True)

    # the money arrives through the bank statement; the officer decides and returns the result online
    _pay_by_bank(ref, two_provinces)
    _officer_decides(Dossier.objects.get(pk=dossier.pk), two_provinces)
    assert Participation.objects.filter(person=citizen.person, scheme="vsi").exists()

    page.reload()
    page.wait_for_selector("#h-result")
    text = page.inner_text("main")
    assert "Đã cấp sổ BHXH" in text
    assert ("Đã trả kết quả" in text or "Result returned" in text) or dossier.status
    assert page.locator("#payref-code").count() == 0  # paid: no more code to pay
    page.screenshot(path=str(SHOTS / f"citizen-vsi-result-{lang}.png"), full_page=True)

    # the notifications: the badge, then the inbox
    badge = page.locator(".inbox-link .count")
    assert badge.count() == 1 and int(badge.inner_text()) >= 1
    page.click(".inbox-link")
    page.wait_for_selector(".message")
    assert page.locator(".message.unread").count() >= 1
    page.screenshot(path=str(SHOTS / f"citizen-inbox-{lang}.png"), full_page=True)
    page.click("text=" + ("Đánh dấu tất cả đã đọc" if lang == "vi" else "Mark all as read"))
    page.wait_for_selector(".message")
    assert page.locator(".message.unread").count() == 0 and page.locator(".inbox-link .count").count() == 0
    assert outside == []
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_activation_by_code_and_the_other_forms_on_a_phone(browser, live_server, two_provinces, lang):
    """A registry person with no account activates it with the code sent to the phone on file, signs in, and opens
    the other online forms (household HI with the members' ranks, change of information, one-time SI)."""
    import datetime as dt
    import re

    from ansinh.notify import backends

    person = f.PersonFactory(address_commune=two_provinces["a1"], birth_date=dt.date(1988, 7, 9), phone="0912000111")
    household = f.HouseholdFactory(commune=two_provinces["a1"], head=person)
    household.members.all().delete()
    household.members.create(person=person, relationship="head", valid_from=dt.date(2020, 1, 1))
    child = f.PersonFactory(address_commune=two_provinces["a1"], birth_date=dt.date(2015, 2, 3), full_name="Trần Bé Na")
    household.members.create(person=child, relationship="child", valid_from=dt.date(2020, 1, 1))
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    if lang == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page = context.new_page()
    page.goto(f"{base}/portal/login/")
    page.click("a[href='/portal/activate/']")
    page.fill("#identifier", person.citizen_id)
    page.fill("#birth_date", "1988-07-09")
    page.fill("#address", "0912 000 111")
    page.screenshot(path=str(SHOTS / f"citizen-activate-{lang}.png"), full_page=True)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/portal/activate/code/")
    code = re.search(r"\b(\d{6})\b", backends.outbox[-1].text).group(1)
    page.fill("#code", "000000" if code != "000000" else "111111")
    page.fill("#password", "mua-xuan-2026")
    page.fill("#password2", "mua-xuan-2026")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_selector("#form-error")
    page.screenshot(path=str(SHOTS / f"citizen-activate-code-{lang}.png"), full_page=True)
    page.fill("#code", code)
    page.fill("#password", "mua-xuan-2026")
    page.fill("#password2", "mua-xuan-2026")
    page.click("form.stack-form button[type=submit]")
    page.click("a.button.primary[href='/portal/login/']")
    page.fill("#identifier", person.citizen_id)
    page.fill("#password", "mua-xuan-2026")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/portal/")
    page.screenshot(path=str(SHOTS / f"citizen-home-{lang}.png"), full_page=True)
    page.click(".portal-nav a[href='/portal/requests/']")
    page.screenshot(path=str(SHOTS / f"citizen-requests-{lang}.png"), full_page=True)
    page.click("a[href='/portal/requests/new/household-hi/']")
    page.click("button[value=check]")
    page.wait_for_selector(".quote")
    assert "Trần Bé Na" in page.inner_text(".quote")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"citizen-household-{lang}.png"), full_page=True)
    for kind in ("change-info", "benefit-one-time"):
        page.goto(f"{base}/portal/requests/new/{kind}/")
        page.click("button[value=submit]")
        page.wait_for_selector("#form-error")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(SHOTS / f"citizen-{kind}-{lang}.png"), full_page=True)
    context.close()
