"""The collection agent screen over HTTP: sign-in and separation, finding within the agent's communes, voluntary SI
and household HI payments at the calculators' amounts, the receipt (page and PDF), the day's totals, remittance
(ledger, receipts marked, the household's HI cards issued, audited with the agent's user), commission, refusals."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.utils import timezone

from ansinh.accounts.models import AuditEvent
from ansinh.agents import selectors
from ansinh.agents.tests.conftest import PASSWORD
from ansinh.contributions.models import Account, HolderType, LedgerEntry, Receipt, Remittance
from ansinh.coverage.models import HICard
from ansinh.rules.contributions import household_hi, voluntary
from ansinh.rules.money import vnd
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client, agent_world):
    client.force_login(agent_world["agent_user"])
    return client


def _take_household(client, w, members, from_month, months=12):
    url = f"/agent/households/{w['household'].pk}/"
    data = {"member": [m.pk for m in members], "months": str(months), "from_month": str(from_month)}
    quote = client.post(url, {**data, "action": "quote"})
    assert quote.status_code == 200, quote.content.decode()[:2000]
    number = quote.context["number"]
    taken = client.post(url, {**data, "action": "take", "number": number})
    return quote, taken


def test_sign_in_lands_on_the_agent_screen_and_nowhere_else(client, agent_world):
    response = client.post("/agent/login/", {"username": "agent_user", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/agent/"
    home = client.get("/agent/")
    assert home.status_code == 200 and "Bưu điện Lương Văn Tri" in home.content.decode()
    assert client.get("/")["Location"] == "/agent/"
    assert client.get("/portal/")["Location"] == "/agent/"
    assert client.get("/contributions/agents/").status_code == 404
    assert client.get("/coverage/").status_code == 404


def test_only_agent_staff_sign_in_here(client, agent_world):
    for username in ("officer_ls",):
        response = client.post("/agent/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 401
    client.force_login(agent_world["u1"])  # an officer: the agent screen does not exist for staff
    assert client.get("/agent/").status_code == 404
    assert client.get("/agent/login/").status_code == 200


def test_find_by_id_number_and_name_within_the_agents_communes(agent_client, agent_world):
    w = agent_world
    by_id = agent_client.get("/agent/", {"q": w["participant"].citizen_id}).context["found"]
    assert [p.pk for p in by_id.persons] == [w["participant"].pk]
    by_name = agent_client.get("/agent/", {"q": "le thi van"}).context["found"]
    assert [p.pk for p in by_name.persons] == [w["participant"].pk]  # the namesake of the other province is not shown
    by_member = agent_client.get("/agent/", {"q": "hoang van duc"}).context["found"]
    assert [h.pk for h in by_member.households] == [w["household"].pk]
    by_code = agent_client.get("/agent/", {"q": w["household"].code.lower()}).context["found"]
    assert [h.pk for h in by_code.households] == [w["household"].pk]
    assert agent_client.get("/agent/", {"q": w["stranger"].citizen_id}).context["found"].persons == []


def test_household_payment_at_the_calculators_amount(agent_client, agent_world):
    """The documented worked figure: 2 members, 12 months from 2026-03 → 2,148,120 đồng."""
    w = agent_world
    quote, taken = _take_household(agent_client, w, [w["head"], w["spouse"]], Month(2026, 3))
    assert quote.context["quote"].payable == 2_148_120
    assert "2.148.120" in quote.content.decode()
    assert taken.status_code == 302
    receipt = Receipt.objects.get()
    assert (receipt.payable, receipt.household_id, receipt.scheme) == (2_148_120, w["household"].pk, "hi_household")
    assert receipt.detail["members"] == [w["head"].pk, w["spouse"].pk]
    assert receipt.staff.user_id == w["agent_user"].pk
    page = agent_client.get(taken["Location"])
    assert page.status_code == 200 and receipt.number in page.content.decode()
    pdf = agent_client.get(f"/agent/receipts/{receipt.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    audit = AuditEvent.objects.get(object_type="contributions.receipt")
    assert audit.actor_id == w["agent_user"].pk and audit.source == "agent"


def test_the_same_form_sent_twice_takes_one_payment(agent_client, agent_world):
    w = agent_world
    quote, first = _take_household(agent_client, w, [w["head"]], Month(2026, 3), months=6)
    assert first.status_code == 302
    again = agent_client.post(f"/agent/households/{w['household'].pk}/", {
        "member": [w["head"].pk], "months": "6", "from_month": "2026-03", "action": "take",
        "number": quote.context["number"]})
    assert again.status_code == 302 and "again=1" in again["Location"]
    assert Receipt.objects.count() == 1


def test_a_member_insured_elsewhere_is_left_out_and_refused_if_forced(agent_client, agent_world):
    w = agent_world
    page = agent_client.get(f"/agent/households/{w['household'].pk}/")
    assert page.context["chosen"] == [w["head"].pk, w["spouse"].pk]  # the employee is not offered
    _, taken = _take_household(agent_client, w, [w["head"], w["worker"]], Month(2026, 3))
    assert taken.status_code == 409
    assert "đã có bảo hiểm" in taken.content.decode()  # the refusal in Vietnamese
    assert not Receipt.objects.exists()
    with_english = agent_client.post("/i18n/setlang/", {"language": "en", "next": "/agent/"})
    assert with_english.status_code == 302
    _, taken = _take_household(agent_client, w, [w["head"], w["worker"]], Month(2026, 3))
    assert "already participates" in taken.content.decode()


def test_voluntary_si_payment_with_state_support(agent_client, agent_world):
    w = agent_world
    url = f"/agent/persons/{w['participant'].pk}/"
    data = {"income": "3.000.000", "mode": "3_months", "months": "", "support_group": "poor", "from_month": "2026-03"}
    quote = agent_client.post(url, {**data, "action": "quote"})
    expected = voluntary.calculate(voluntary.VoluntaryInput(income=3_000_000, month=Month(2026, 3), mode="3_months",
                                                            months=3, group="poor"))
    assert quote.status_code == 200
    assert (quote.context["quote"].payable, quote.context["quote"].support) == (expected.payable, expected.state_support)
    assert expected.state_support > 0
    taken = agent_client.post(url, {**data, "action": "take", "number": quote.context["number"]})
    assert taken.status_code == 302
    receipt = Receipt.objects.get()
    assert (receipt.person_id, receipt.payable, receipt.income) == (w["participant"].pk, expected.payable, 3_000_000)


def test_voluntary_si_refusals_are_translated_and_name_the_field(agent_client, agent_world):
    w = agent_world
    url = f"/agent/persons/{w['participant'].pk}/"
    low = agent_client.post(url, {"income": "100000", "mode": "monthly", "support_group": "other",
                                  "from_month": "2026-03", "action": "quote"})
    assert low.status_code == 422 and low.context["error_field"] == "income"
    assert "chuẩn nghèo" in low.content.decode()
    bad = agent_client.post(url, {"income": "ba triệu", "mode": "monthly", "support_group": "other",
                                  "from_month": "2026-03", "action": "quote"})
    assert bad.status_code == 422 and bad.context["error_field"] == "income"


def test_outside_the_agents_reach_is_not_found(agent_client, agent_world):
    w = agent_world
    assert agent_client.get(f"/agent/persons/{w['stranger'].pk}/").status_code == 404
    assert agent_client.get(f"/agent/households/{w['household_b'].pk}/").status_code == 404
    assert agent_client.post(f"/agent/persons/{w['stranger'].pk}/", {
        "income": "3000000", "mode": "monthly", "support_group": "other", "from_month": "2026-03",
        "action": "take", "number": "X-000001"}).status_code == 404
    assert not Receipt.objects.exists()


def test_remittance_posts_marks_and_issues_the_households_cards(agent_client, agent_world):
    w = agent_world
    this_month = Month.of(timezone.localdate())
    _, taken = _take_household(agent_client, w, [w["head"], w["spouse"]], this_month)
    assert taken.status_code == 302
    receipt = Receipt.objects.get()
    assert not HICard.objects.filter(person__in=[w["head"], w["spouse"]]).exists()  # not before remittance
    page = agent_client.get("/agent/remit/")
    assert page.context["total"] == receipt.payable
    done = agent_client.post("/agent/remit/", {"receipt": [receipt.pk]})
    assert done.status_code == 302
    remittance = Remittance.objects.get()
    receipt.refresh_from_db()
    assert receipt.remittance_id == remittance.pk and remittance.amount == receipt.payable
    held = LedgerEntry.objects.filter(account=Account.AGENT_CASH, holder_type=HolderType.AGENT,
                                      holder_id=w["agent"].pk).aggregate(s=Sum("amount"))["s"]
    assert held == 0
    cash = LedgerEntry.objects.filter(account=Account.CASH, txn__reference=remittance.reference).aggregate(s=Sum("amount"))
    assert cash["s"] == receipt.payable
    cards = HICard.objects.filter(person__in=[w["head"], w["spouse"]], status=HICard.Status.ISSUED)
    assert cards.count() == 2
    assert all(c.group == "GD" for c in cards)
    assert not HICard.objects.filter(person=w["worker"]).exists()
    shown = agent_client.get(done["Location"])
    for card in cards:
        assert card.number in shown.content.decode()
    card_audit = AuditEvent.objects.filter(object_type="coverage.hicard")
    assert card_audit.count() == 2 and {a.actor_id for a in card_audit} == {w["agent_user"].pk}
    assert AuditEvent.objects.filter(object_type="contributions.remittance", actor=w["agent_user"]).exists()
    # nothing left to remit
    again = agent_client.post("/agent/remit/", {"receipt": [receipt.pk]})
    assert again.status_code == 422 and Remittance.objects.count() == 1


def test_day_list_and_commission(agent_client, agent_world):
    w = agent_world
    _take_household(agent_client, w, [w["head"]], Month(2026, 3), months=3)
    _take_household(agent_client, w, [w["spouse"]], Month(2026, 3), months=6)
    total = sum(Receipt.objects.values_list("payable", flat=True))
    day = agent_client.get("/agent/day/")
    assert day.context["summary"]["all"].count == 2 and day.context["summary"]["all"].payable == total
    commission = agent_client.get("/agent/commission/")
    this = commission.context["months"][0]
    assert (this.base, this.amount) == (total, vnd(total * w["agent"].commission_rate))
    assert this.posted is None


def test_another_agents_receipts_are_not_found(client, agent_world):
    w = agent_world
    client.force_login(w["agent_user"])
    _take_household(client, w, [w["head"]], Month(2026, 3), months=3)
    receipt = Receipt.objects.get()
    client.force_login(w["agent_user_b"])
    assert client.get(f"/agent/receipts/{receipt.pk}/").status_code == 404
    assert client.get(f"/agent/receipts/{receipt.pk}.pdf").status_code == 404
    assert client.get(f"/agent/households/{w['household'].pk}/").status_code == 404


def test_agent_communes_of_a_post_office_are_its_offices(agent_world):
    w = agent_world
    assert selectors.agent_communes(w["agent"]) == {w["a1"].pk, w["a2"].pk}
    assert selectors.agent_communes(w["agent_b"]) == {w["b1"].pk}


def test_household_amounts_by_rank_are_shown(agent_client, agent_world):
    w = agent_world
    quote, _ = _take_household(agent_client, w, [w["head"], w["spouse"]], Month(2026, 3))
    expected = household_hi.calculate(household_hi.HouseholdInput(members=2, month=Month(2026, 3), months=12))
    assert [d["amount"] for _, d in quote.context["ranked"]] == [m.amount for m in expected.members]
    assert quote.context["quote"].payable == expected.total
    assert "Số tiền hộ gia đình nộp" in quote.content.decode()  # the page in the default language


def test_the_receipt_is_sent_once_to_the_payers_inbox_and_phone(agent_client, agent_world):
    from ansinh.notify import backends
    from ansinh.notify.models import Message

    w = agent_world
    w["head"].phone = "0912345678"
    w["head"].save(update_fields=["phone"])
    _take_household(agent_client, w, [w["head"], w["spouse"]], Month(2026, 3))
    receipt = Receipt.objects.get()
    backends.outbox.clear()
    sent = agent_client.post(f"/agent/receipts/{receipt.pk}/send/")
    assert sent.status_code == 302 and "sent=1" in sent["Location"]
    message = Message.objects.get(person=w["head"])
    assert message.topic == "payment.received" and receipt.number in message.text and "2.148.120" in message.text
    assert [d.channel for d in message.deliveries.all()] == ["sms"]
    again = agent_client.post(f"/agent/receipts/{receipt.pk}/send/")
    assert "sent=again" in again["Location"] and Message.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="contributions.receipt", action="action",
                                     actor=w["agent_user"]).count() == 1
    page = agent_client.get(f"/agent/receipts/{receipt.pk}/?sent=1")
    assert "0912345678" in page.content.decode()
    client_b = agent_client
    client_b.force_login(w["agent_user_b"])
    assert client_b.post(f"/agent/receipts/{receipt.pk}/send/").status_code == 404


# --- payment codes (mã thanh toán) --------------------------------------------------------------------------------

def _desk_clerk(w):
    from ansinh.accounts.models import Role
    from ansinh.core.testing import factories as f

    clerk = f.UserFactory(username="clerk_ref", role=Role.DESK_CLERK)
    clerk.offices.set([w["o1"]])
    return clerk


def test_household_payment_code_takes_exactly_the_reference_and_settles_it(agent_client, agent_world):
    from ansinh.contributions.models import PaymentReference
    from ansinh.contributions.services import references as refs
    from ansinh.procedures.services import dossiers as ds

    w = agent_world
    month = Month.of(timezone.localdate())
    clerk = _desk_clerk(w)
    dossier = ds.dossier_receive(actor=clerk, procedure_code="household-hi", channel="desk", person=w["head"],
                                 documents=["TK1-TS", "hh-list"],
                                 request={"members": [w["head"].pk, w["spouse"].pk], "months": 12,
                                          "start_month": str(month)})
    ds.dossier_hand_over(actor=clerk, dossier=dossier)
    dossier.refresh_from_db()
    assert ds.work_status(dossier) == "waiting_payment"
    ref = refs.payment_reference_issue(actor=clerk, purpose="hi_household", person=w["head"],
                                       household=w["household"], members=[w["head"].pk, w["spouse"].pk],
                                       months=12, from_month=month, dossier=dossier)
    found = agent_client.get("/agent/", {"code": refs.grouped(ref.code).lower()})
    assert found.status_code == 302
    assert found["Location"] == f"/agent/households/{w['household'].pk}/?ref={ref.code}"
    page = agent_client.get(found["Location"])
    assert page.status_code == 200, page.content.decode()[:2000]
    assert page.context["quote"].payable == ref.amount and page.context["chosen"] == [w["head"].pk, w["spouse"].pk]
    assert ref.code in page.content.decode()
    number = page.context["number"]
    # the form's figures are ignored: the code's are taken
    taken = agent_client.post(found["Location"], {"ref": ref.code, "action": "take", "number": number,
                                                  "member": [w["spouse"].pk], "months": "3"})
    assert taken.status_code == 302, taken.content.decode()[:2000]
    receipt = Receipt.objects.get(number=number)
    assert receipt.payable == ref.amount and receipt.household_id == w["household"].pk
    assert [int(i) for i in receipt.detail["members"]] == [w["head"].pk, w["spouse"].pk]
    assert Month.of(receipt.from_month) == month and Month.of(receipt.to_month) == month + 11
    ref.refresh_from_db()
    assert (ref.status, ref.paid_channel, ref.paid_ref) == (PaymentReference.Status.PAID, "agent", number)
    assert AuditEvent.objects.filter(object_type="contributions.paymentreference", object_id=str(ref.pk),
                                     actor=agent_world["agent_user"]).exists()
    assert ds.work_status(dossier) == "ready"
    again = agent_client.post(found["Location"], {"ref": ref.code, "action": "take", "number": number})
    assert again.status_code == 302 and again["Location"] == f"/agent/receipts/{receipt.pk}/?again=1"
    assert Receipt.objects.filter(household=w["household"]).count() == 1
    refused = agent_client.get("/agent/", {"code": ref.code})
    assert refused.status_code == 409 and refused.context["error_field"] == "code"
    assert "Mã thanh toán: mã này đã được nộp tiền." in refused.content.decode()


def test_voluntary_payment_code_prefills_the_reference_figures(agent_client, agent_world):
    from ansinh.contributions.services import references as refs

    w = agent_world
    month = Month.of(timezone.localdate())
    ref = refs.payment_reference_issue(actor=w["u1"], purpose="vsi", person=w["participant"], from_month=month,
                                       income=3_000_000, mode="quarterly", support_group="poor")
    url = agent_client.get("/agent/", {"code": ref.code})["Location"]
    assert url == f"/agent/persons/{w['participant'].pk}/?ref={ref.code}"
    page = agent_client.get(url)
    form = page.context["form"]
    assert (form["income"], form["mode"], form["support_group"], form["from_month"]) == (
        "3000000", "3_months", "poor", str(month))
    assert page.context["quote"].payable == ref.amount
    taken = agent_client.post(url, {"ref": ref.code, "action": "take", "number": page.context["number"],
                                    "income": "9000000", "mode": "monthly"})
    assert taken.status_code == 302, taken.content.decode()[:2000]
    receipt = Receipt.objects.get(number=page.context["number"])
    assert (receipt.payable, receipt.income, Month.of(receipt.to_month)) == (ref.amount, 3_000_000, month + 2)
    ref.refresh_from_db()
    assert ref.status == "paid" and ref.paid_ref == receipt.number


def test_payment_code_refusals(agent_client, agent_world):
    import datetime as dt

    from ansinh.contributions.services import references as refs

    w = agent_world
    today = timezone.localdate()
    month = Month.of(today)

    def issue(person, **kw):
        return refs.payment_reference_issue(actor=w["u1"], purpose="vsi", person=person, from_month=month,
                                            income=3_000_000, **kw)

    good = issue(w["participant"])
    wrong_digit = good.code[:-1] + str((int(good.code[-1]) + 1) % 10)
    cancelled = refs.payment_reference_cancel(actor=w["u1"], ref=issue(w["participant"]), reason="withdrawn")
    expired = issue(w["participant"], today=today - dt.timedelta(days=30))
    stranger = issue(w["stranger"])
    cases = [("", "required"), ("AS123", "bad_reference_code"), (wrong_digit, "bad_reference_code"),
             (refs.new_code(), "unknown_reference"), (cancelled.code, "reference_cancelled"),
             (expired.code, "reference_expired"), (stranger.code, "reference_elsewhere")]
    from ansinh.agents.refusals import MESSAGES

    for code, expected in cases:
        response = agent_client.get("/agent/", {"code": code})
        assert response.status_code in (409, 422), (code, response.status_code)
        assert response.context["error_field"] == "code" and response.context["code"] == code, code
        assert response.context["error"] == str(MESSAGES[expected]), (code, response.context["error_detail"])
        assert 'aria-invalid="true"' in response.content.decode()
    assert not Receipt.objects.exists()
    # the stranger's reference cannot be paid by opening the page directly either
    assert agent_client.get(f"/agent/persons/{w['stranger'].pk}/?ref={stranger.code}").status_code == 404
    page = agent_client.get(f"/agent/persons/{w['participant'].pk}/?ref={stranger.code}")
    assert page.status_code == 422 and page.context["error_field"] == "code"
    taken = agent_client.post(f"/agent/persons/{w['participant'].pk}/",
                              {"ref": expired.code, "action": "take", "number": "2000070001-261206-001"})
    assert taken.status_code == 409 and not Receipt.objects.exists()
    expired.refresh_from_db()
    assert expired.status == "open"
    # a code of another payer on this payer's page: not found
    other = issue(w["participant"])
    assert agent_client.get(f"/agent/households/{w['household'].pk}/?ref={other.code}").status_code == 404


# --- expired payment codes: a new code at the counter and on the dossier page ------------------------------------


def test_expired_code_is_renewed_at_the_counter_and_the_payer_told(agent_client, agent_world):
    import datetime as dt

    from ansinh.contributions.models import PaymentReference
    from ansinh.contributions.services import references as refs
    from ansinh.notify.models import Message

    w = agent_world
    today = timezone.localdate()
    month = Month.of(today)
    w["participant"].phone = "0912345678"
    w["participant"].save(update_fields=["phone"])
    expired = refs.payment_reference_issue(actor=w["u1"], purpose="vsi", person=w["participant"], from_month=month,
                                           income=3_000_000, mode="quarterly", today=today - dt.timedelta(days=30))
    refused = agent_client.get("/agent/", {"code": refs.grouped(expired.code)})
    assert refused.status_code == 409 and refused.context["renewable"] is True
    assert 'action="/agent/code/renew/"' in refused.content.decode()
    with_new = agent_client.post("/agent/code/renew/", {"code": refs.grouped(expired.code)})
    assert with_new.status_code == 302, with_new.content.decode()[:2000]
    expired.refresh_from_db()
    new = PaymentReference.objects.get(status="open", person=w["participant"])
    assert expired.status == "cancelled" and new.code != expired.code
    assert with_new["Location"] == f"/agent/persons/{w['participant'].pk}/?ref={new.code}&renewed=1"
    assert (new.income, new.mode, new.months, new.valid_until) == (3_000_000, "quarterly", 3,
                                                                   today + dt.timedelta(days=refs.VALID_DAYS))
    for ref in (expired, new):  # audited with the agent's user
        assert AuditEvent.objects.filter(object_type="contributions.paymentreference", object_id=str(ref.pk),
                                         actor=w["agent_user"], source="agent").exists()
    told = Message.objects.get(topic="payment.code", person=w["participant"])
    assert refs.grouped(new.code) in told.text and expired.code in told.text
    assert told.deliveries.filter(channel="sms", address="0912345678").exists()  # sent after the commit
    page = agent_client.get(with_new["Location"])
    assert page.status_code == 200 and 'id="renewed"' in page.content.decode()
    assert page.context["quote"].payable == new.amount
    # a valid code: nothing renewed, its page opened; paid or elsewhere: refused as for paying, nothing written
    again = agent_client.post("/agent/code/renew/", {"code": new.code})
    assert again["Location"].startswith(f"/agent/persons/{w['participant'].pk}/?ref={new.code}")
    stranger = refs.payment_reference_issue(actor=w["u1"], purpose="vsi", person=w["stranger"], from_month=month,
                                            income=3_000_000, today=today - dt.timedelta(days=30))
    r = agent_client.post("/agent/code/renew/", {"code": stranger.code})
    assert r.status_code == 422 and r.context["error_field"] == "code" and not r.context["renewable"]
    stranger.refresh_from_db()
    assert stranger.status == "open" and PaymentReference.objects.count() == 3
    assert agent_client.get("/agent/code/renew/").status_code == 405


def test_desk_officer_renews_the_expired_code_of_a_dossier(client, agent_world):
    import datetime as dt

    from ansinh.contributions.models import PaymentReference
    from ansinh.contributions.services import references as refs
    from ansinh.notify.models import Message
    from ansinh.procedures.services import dossiers as ds

    w = agent_world
    today = timezone.localdate()
    month = Month.of(today)
    clerk = _desk_clerk(w)
    dossier = ds.dossier_receive(actor=clerk, procedure_code="household-hi", channel="desk", person=w["head"],
                                 documents=["TK1-TS", "hh-list"],
                                 request={"members": [w["head"].pk, w["spouse"].pk], "months": 12,
                                          "start_month": str(month)})
    old = refs.payment_reference_issue(actor=clerk, purpose="hi_household", person=w["head"],
                                       household=w["household"], members=[w["head"].pk, w["spouse"].pk],
                                       months=12, from_month=month, dossier=dossier,
                                       today=today - dt.timedelta(days=20))
    client.force_login(clerk)
    client.cookies["django_language"] = "vi"
    page = client.get(f"/procedures/dossiers/{dossier.pk}/")
    assert page.context["payment_ref_expired"] and "renew_code" in page.content.decode()
    r = client.post(f"/procedures/dossiers/{dossier.pk}/renew_code/")
    assert r.status_code == 302
    old.refresh_from_db()
    new = PaymentReference.objects.get(dossier=dossier, status="open")
    assert old.status == "cancelled" and new.members == old.members and new.valid_until >= today
    assert new.amount == household_hi.calculate(household_hi.HouseholdInput(members=2, month=month, months=12)).total
    assert AuditEvent.objects.filter(object_type="contributions.paymentreference", object_id=str(new.pk),
                                     actor=clerk).exists()
    told = Message.objects.get(topic="payment.code", dossier=dossier)
    assert told.person_id == w["head"].pk and refs.grouped(new.code) in told.text and dossier.code in told.text
    page = client.get(f"/procedures/dossiers/{dossier.pk}/").content.decode()
    assert refs.grouped(new.code) in page and "renew_code" not in page
    # still valid now: refused in the page's language, nothing written
    r = client.post(f"/procedures/dossiers/{dossier.pk}/renew_code/", HTTP_HX_REQUEST="true")
    assert r.status_code == 409 and "Mã thanh toán vẫn còn hiệu lực" in r.content.decode()
    assert PaymentReference.objects.filter(dossier=dossier).count() == 2
    # an agent's user or a citizen may not
    with pytest.raises(Exception) as exc:
        ds.dossier_payment_code_renew(actor=w["agent_user"], dossier=dossier)
    assert getattr(exc.value, "code", "") == "not_allowed"
