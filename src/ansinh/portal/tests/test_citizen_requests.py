"""Do it online: the forms check what the citizen types (a refusal names the field), show the calculators' figures,
file an online dossier, issue the payment reference of a payable request, show the receipt and the dossier's steps;
a citizen sees only their own dossiers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ansinh.accounts.models import Role
from ansinh.contributions.models import PaymentReference
from ansinh.contributions.services import references
from ansinh.core.errors import InvalidInput
from ansinh.core.testing import factories as f
from ansinh.portal.citizen import online
from ansinh.procedures.models import Dossier
from ansinh.rules.contributions import household_hi, voluntary
from ansinh.rules.periods import Month

from .test_portal import citizen, stranger  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _next() -> Month:
    return Month.of(timezone.localdate()) + 1


def test_voluntary_si_quote_then_dossier_with_its_payment_reference(client, citizen):  # noqa: F811
    client.force_login(citizen)
    start = _next()
    form = {"income": "5.000.000", "mode": "quarterly", "start_month": str(start)}
    page = client.post("/portal/requests/new/voluntary-si/", form | {"action": "check"}).content.decode()
    expected = voluntary.calculate(voluntary.VoluntaryInput(income=5_000_000, month=start, mode="3_months", months=3))
    assert f"{expected.payable:,}".replace(",", ".") in page and f"{expected.state_support:,}".replace(",", ".") in page
    assert not Dossier.objects.exists()  # calculating files nothing
    r = client.post("/portal/requests/new/voluntary-si/", form | {"action": "submit"})
    dossier = Dossier.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/portal/requests/{dossier.pk}/"
    assert (dossier.channel, dossier.person_id, dossier.procedure_code) == ("online", citizen.person_id, "voluntary-si")
    if hasattr(dossier, "request"):
        assert dossier.request["income"] == 5_000_000 and dossier.request["mode"] == "quarterly"
    ref = PaymentReference.objects.get(dossier=dossier)
    assert (ref.amount, ref.person_id, ref.months) == (expected.payable, citizen.person_id, 3)
    page = client.get(r["Location"]).content.decode()
    assert dossier.code in page and dossier.lookup_key in page and references.grouped(ref.code) in page
    assert "<svg" in page and ref.account_no in page
    listing = client.get("/portal/requests/").content.decode()
    assert dossier.code in listing


def test_refusals_name_the_field_in_the_users_language(client, citizen):  # noqa: F811
    client.force_login(citizen)
    r = client.post("/portal/requests/new/voluntary-si/", {"income": "100", "mode": "monthly", "action": "check"},
                    HTTP_ACCEPT_LANGUAGE="en")
    body = r.content.decode()
    assert r.status_code == 422 and 'id="income" name="income"' in body and 'aria-invalid="true"' in body
    for data, field in (({"income": "abc"}, "request.income"), ({"income": "5000000", "mode": "weekly"}, "request.mode"),
                        ({"income": "5000000", "mode": "years_ahead", "months": "7"}, "request.months"),
                        ({"income": "5000000", "start_month": "1990-01"}, "request.start_month")):
        with pytest.raises(InvalidInput) as exc:
            online.check("voluntary-si", data, citizen.person)
        assert exc.value.field == field
    with pytest.raises(InvalidInput) as exc:
        online.check("change-info", {"reason": "x"}, citizen.person)
    assert exc.value.field == "request.changes"
    with pytest.raises(InvalidInput) as exc:
        online.check("payment-change", {"method": "bank", "bank_account": "12"}, citizen.person)
    assert exc.value.field == "request.bank_account"
    assert not Dossier.objects.exists()


def test_household_renewal_by_member_rank(client, citizen, two_provinces):  # noqa: F811
    person = citizen.person
    household = f.HouseholdFactory(commune=two_provinces["a1"], head=person)
    household.members.all().delete()
    household.members.create(person=person, relationship="head", valid_from=dt.date(2020, 1, 1))
    child = f.PersonFactory(address_commune=two_provinces["a1"], birth_date=dt.date(2012, 5, 1))
    household.members.create(person=child, relationship="child", valid_from=dt.date(2020, 1, 1))
    client.force_login(citizen)
    form = {"members": [str(person.pk), str(child.pk)], "months": "6", "start_month": str(_next())}
    page = client.post("/portal/requests/new/household-hi/", form | {"action": "check"}).content.decode()
    result = household_hi.calculate(household_hi.HouseholdInput(members=2, month=_next(), months=6))
    for due in result.members:
        assert f"{due.amount:,}".replace(",", ".") in page
    client.post("/portal/requests/new/household-hi/", form | {"action": "submit"})
    ref = PaymentReference.objects.get()
    assert ref.amount == result.total and ref.household_id == household.pk and ref.members == [person.pk, child.pk]


def test_a_citizen_sees_only_their_own_dossiers(client, citizen, stranger):  # noqa: F811
    other = f.UserFactory(username="c2", role=Role.CITIZEN, person=stranger)
    client.force_login(other)
    client.post("/portal/requests/new/payment-change/", {"method": "cash", "action": "submit"})
    theirs = Dossier.objects.get()
    client.force_login(citizen)
    assert client.get(f"/portal/requests/{theirs.pk}/").status_code == 404
    assert theirs.code not in client.get("/portal/requests/").content.decode()
    assert client.get("/portal/requests/new/nothing/").status_code == 404


def test_change_info_with_a_proof_scan(client, citizen):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(citizen)
    scan = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    r = client.post("/portal/requests/new/change-info/", {"phone": "0987 654 321", "reason": "Đổi số điện thoại",
                                                          "files": scan, "action": "submit"})
    assert r.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.files.count() == 1 and "proof" in dossier.documents and dossier.status == "received"


def test_an_expired_payment_code_is_replaced_by_a_new_one(client, citizen):  # noqa: F811
    client.force_login(citizen)
    client.post("/portal/requests/new/voluntary-si/", {"income": "3000000", "mode": "monthly",
                                                       "start_month": str(_next()), "action": "submit"})
    old = PaymentReference.objects.get()
    PaymentReference.objects.filter(pk=old.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    page = client.get(f"/portal/requests/{old.dossier_id}/").content.decode()
    assert f"/portal/requests/{old.dossier_id}/new-code/" in page and 'id="payref-code"' not in page
    client.post(f"/portal/requests/{old.dossier_id}/new-code/")
    old.refresh_from_db()
    new = PaymentReference.objects.get(status="open")
    assert old.status == "cancelled" and new.code != old.code and new.dossier_id == old.dossier_id
    assert new.amount == old.amount and new.valid_until > timezone.localdate()
    assert references.payment_reference_find(old.code).status == "cancelled"
    page = client.get(f"/portal/requests/{old.dossier_id}/").content.decode()
    assert references.grouped(new.code) in page
    # audited with the citizen; the new code is in the inbox too (the same service as the agent's and the desk's)
    from ansinh.accounts.models import AuditEvent
    from ansinh.notify.models import Message

    assert AuditEvent.objects.filter(object_type="contributions.paymentreference", object_id=str(new.pk),
                                     actor=citizen, source="portal").exists()
    told = Message.objects.get(topic="payment.code")
    assert told.person_id == citizen.person_id and references.grouped(new.code) in told.text
    assert references.grouped(new.code) in client.get("/portal/inbox/").content.decode()


def test_household_renewal_paid_by_bank_is_granted_and_the_cards_issued(client, citizen, two_provinces):  # noqa: F811
    """The portal's payment code paid through the bank is what the handler's 'waiting for payment' waits for; a
    refused request's open code is cancelled."""
    from ansinh.coverage.models import HICard
    from ansinh.procedures.services import dossiers as s

    person = citizen.person
    household = f.HouseholdFactory(commune=two_provinces["a1"], head=person)
    household.members.all().delete()
    household.members.create(person=person, relationship="head", valid_from=dt.date(2020, 1, 1))
    client.force_login(citizen)
    start = _next()
    client.post("/portal/requests/new/household-hi/", {"members": [str(person.pk)], "months": "12",
                                                        "start_month": str(start), "action": "submit"})
    ref = PaymentReference.objects.get()
    dossier = Dossier.objects.get(pk=ref.dossier_id)
    officer = f.UserFactory(username="collector", role=Role.COLLECTION_OFFICER)
    officer.offices.set([two_provinces["o1"]])
    dossier = s.dossier_hand_over(actor=officer, dossier=dossier, handler=officer)
    assert s.work_status(dossier) == "waiting_payment" and dossier.work_detail["reference"] == ref.code
    references.payment_reference_settle(actor=officer, code=ref.code, amount=ref.amount, paid_on=timezone.localdate(),
                                        channel="bank", paid_ref="FT26340001", agency_id=two_provinces["o1"].pk)
    assert s.work_status(dossier) == "ready"
    dossier = s.dossier_decide(actor=officer, dossier=dossier, outcome="granted")
    assert dossier.outcome == "granted" and HICard.objects.filter(person=person, status="issued").count() == 1

    client.post("/portal/requests/new/household-hi/", {"members": [str(person.pk)], "months": "12",
                                                        "start_month": str(start + 6), "action": "submit"})
    second = PaymentReference.objects.get(status="open")
    d2 = s.dossier_hand_over(actor=officer, dossier=Dossier.objects.get(pk=second.dossier_id), handler=officer)
    s.dossier_decide(actor=officer, dossier=d2, outcome="refused", note="không còn là thành viên hộ")
    second.refresh_from_db()
    assert second.status == "cancelled"


def test_step_notes_shown_to_the_citizen_leave_out_the_rules_verification_remarks():
    from ansinh.portal.citizen.views_requests import _step_note

    note = ("Tiếp nhận 06/12/2026 17:56, vào ngày nghỉ: tính là tiếp nhận trong ngày; thời hạn tính từ ngày làm việc "
            "kế tiếp (cách tính thận trọng, CHƯA KIỂM CHỨNG).")
    assert _step_note(note).endswith("thời hạn tính từ ngày làm việc kế tiếp.")
    assert _step_note("granted: ok (UNVERIFIED basis)") == "ok"
    assert _step_note("refused: thiếu giấy tờ") == "thiếu giấy tờ"
