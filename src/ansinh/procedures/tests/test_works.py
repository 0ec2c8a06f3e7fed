"""Every procedure starts and applies its work: one dossier per procedure group followed from receipt to result.
The handler decides from the work's state (a problem or an unpaid enrolment cannot be granted), a granted decision
applies the work in the decision's transaction (audited, actor = the handler), and there is no result without a
decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ansinh.accounts.models import AuditEvent, Role
from ansinh.benefits.models import Entitlement
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard, Payer
from ansinh.coverage.tests import factories as cf
from ansinh.procedures.services import dossiers as s
from ansinh.registry.models import Employer, HouseholdMember, Person, Relationship
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db


def _through(clerk, handler, dossier, *, outcome="granted", note=""):
    s.dossier_hand_over(actor=clerk, dossier=dossier)
    dossier.refresh_from_db()
    return dossier


def _finish(clerk, handler, dossier, outcome="granted", note=""):
    d = s.dossier_decide(actor=handler, dossier=dossier, outcome=outcome, note=note)
    return s.dossier_return(actor=clerk, dossier=d, channel="desk")


def _audited(obj, actor) -> bool:
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk),
                                     actor=actor).exists()


def test_change_info_applied_on_approval(desk):
    clerk, handler, p = desk["clerk"], desk["collection"], desk["person"]
    citizen = f.UserFactory(username="cit_ci", role=Role.CITIZEN, person=p)
    d = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=p,
                          documents=["TK1-TS", "proof", "si-book"])
    d = _through(clerk, handler, d)
    assert s.work_status(d) == "problem"  # a paper dossier: the request is typed in from TK1-TS
    with pytest.raises(Conflict):
        s.dossier_decide(actor=handler, dossier=d, outcome="granted")
    with pytest.raises(InvalidInput) as exc:
        s.dossier_set_request(actor=handler, dossier=d, request={"changes": {"phone": "12"}, "reason": "x"})
    assert exc.value.field == "request.changes.phone"
    d = s.dossier_set_request(actor=handler, dossier=d, request={
        "changes": {"full_name": "Trần Thị Mới", "phone": "0987654321", "email": "moi@example.vn"},
        "reason": "cải chính hộ tịch"})
    assert s.work_status(d) == "ready"
    d = _finish(clerk, handler, d)
    p.refresh_from_db()
    citizen.refresh_from_db()
    assert (p.full_name, p.phone, citizen.email) == ("Trần Thị Mới", "0987654321", "moi@example.vn")
    assert _audited(p, handler) and d.status == "returned" and d.work_detail["applied"]


def test_card_issue_needs_paid_coverage_and_reissue_keeps_the_number(desk):
    clerk, handler, p = desk["clerk"], desk["collection"], desk["person"]
    d = _through(clerk, handler, s.dossier_receive(actor=clerk, procedure_code="hi-card-issue", channel="desk",
                                                   person=p, documents=["TK1-TS", "id"]))
    assert s.work_status(d) == "ready"
    with pytest.raises(Conflict) as exc:  # no HI coverage confirmed this month: no card
        s.dossier_decide(actor=handler, dossier=d, outcome="granted")
    assert exc.value.code == "no_coverage"
    cf.hi_participation(p, group="HT", payer=Payer.SI_FUND, start=Month.of(timezone.localdate()))
    d = _finish(clerk, handler, d)
    card = HICard.objects.get(person=p, status="issued")
    assert d.work_id == card.pk and d.work_detail["card"] == card.number and card.issued_by == handler
    # the card is lost: reissued with the same number
    r = _through(clerk, handler, s.dossier_receive(actor=clerk, procedure_code="hi-card-reissue", channel="online",
                                                   person=p, documents=["TK1-TS", "id"], request={"reason": "lost"}))
    assert r.work_id == card.pk
    r = _finish(clerk, handler, r)
    new = HICard.objects.get(person=p, status="issued")
    assert new.pk != card.pk and new.number == card.number and new.reason == "reissue_lost"
    # a second first-card dossier is stopped at the start: the person holds a card
    again = _through(clerk, handler, s.dossier_receive(actor=clerk, procedure_code="hi-card-issue", channel="desk",
                                                       person=p, documents=["TK1-TS", "id"]))
    assert s.work_status(again) == "problem" and "hi-card-reissue" in again.work_detail["problem"]
    s.dossier_decide(actor=handler, dossier=again, outcome="refused", note="đã có thẻ")


def test_voluntary_si_amount_due_and_household_hi_cards_once_paid(desk):
    clerk, handler, p = desk["clerk"], desk["collection"], desk["person"]
    month = Month.of(timezone.localdate())
    d = _through(clerk, handler, s.dossier_receive(
        actor=clerk, procedure_code="voluntary-si", channel="desk", person=p, documents=["TK1-TS", "D05-TS"],
        request={"income": 3_000_000, "mode": "quarterly", "start_month": str(month), "support_group": "poor"}))
    w = d.work_detail
    assert w["months"] == 3 and w["payable"] + w["state_support"] == w["contribution"] and w["state_support"] > 0
    assert w["contribution"] == 3 * 22 * 3_000_000 // 100 and w["reference"] == f"BHXH {d.code}"
    d = _finish(clerk, handler, d)
    assert d.outcome == "granted" and d.work_detail["applied"]

    household = f.HouseholdFactory(commune=desk["a1"], head=p)
    member = f.PersonFactory(address_commune=desk["a1"])
    HouseholdMember.objects.create(household=household, person=member, relationship=Relationship.CHILD,
                                   valid_from=dt.date(2020, 1, 1))
    outsider = f.PersonFactory(address_commune=desk["a1"])
    bad = _through(clerk, handler, s.dossier_receive(
        actor=clerk, procedure_code="household-hi", channel="desk", person=p, documents=["TK1-TS", "hh-list"],
        request={"members": [p.pk, outsider.pk], "months": 12, "start_month": str(month)}))
    assert s.work_status(bad) == "problem" and str(outsider.pk) in bad.work_detail["problem"]
    h = _through(clerk, handler, s.dossier_receive(
        actor=clerk, procedure_code="household-hi", channel="desk", person=p, documents=["TK1-TS", "hh-list"],
        request={"members": [p.pk, member.pk], "months": 12, "start_month": str(month)}))
    assert h.work_detail["by_rank"][1] == h.work_detail["by_rank"][0] * 70 // 100
    assert h.work_detail["payable"] == sum(h.work_detail["by_rank"])
    assert s.work_status(h) == "waiting_payment"
    with pytest.raises(Conflict) as exc:
        s.dossier_decide(actor=handler, dossier=h, outcome="granted")
    assert exc.value.code == "work_waiting_payment"
    for person in (p, member):  # what a collection agent's receipt opens
        cf.hi_participation(person, group="GD", payer=Payer.HOUSEHOLD, start=month, household=household,
                            source="receipt")
    cf.receipt(commune=desk["a1"], household=household, first=month, last=month + 11, taken_on=timezone.localdate())
    assert s.work_status(h) == "ready"
    h = _finish(clerk, handler, h)
    assert HICard.objects.filter(person__in=[p, member], status="issued").count() == 2
    assert h.work_detail["cards"] == 2


def _pension(person, status=Entitlement.Status.ACTIVE):
    return Entitlement.objects.create(person=person, kind="pension", fund="OD", from_month=dt.date(2020, 1, 1),
                                      channel="cash_point", payment_point="Bưu điện xã", status=status,
                                      suspended_from=dt.date(2026, 1, 1) if status == "suspended" else None)


def test_payment_change_and_pension_resume(desk):
    clerk, handler, p = desk["clerk"], desk["benefits"], desk["person"]
    ent = _pension(p)
    d = _through(clerk, handler, s.dossier_receive(
        actor=clerk, procedure_code="payment-change", channel="post", person=p, documents=["pay-req", "id"],
        postal_receipt="RR9", postal_date=timezone.localdate(),
        request={"method": "bank", "bank_account": "0123456789", "bank_code": "VCB"}))
    assert d.work_id == ent.pk and s.work_status(d) == "ready"
    d = _finish(clerk, handler, d)
    ent.refresh_from_db()
    assert (ent.channel, ent.bank_account, ent.bank_name) == ("bank_card", "0123456789", "VCB")
    assert _audited(ent, handler) and d.work_detail["from_month"] == str(Month.of(timezone.localdate()) + 1)

    other = f.PersonFactory(address_commune=desk["a1"])
    stopped = _through(clerk, handler, s.dossier_receive(
        actor=clerk, procedure_code="pension-resume", channel="desk", person=other, documents=["resume-req"],
        request={"reason": "đã về nước", "from_month": "2026-06"}))
    assert s.work_status(stopped) == "problem"  # nothing suspended
    suspended = _pension(other, Entitlement.Status.SUSPENDED)
    s.dossier_set_request(actor=handler, dossier=stopped, request={"reason": "đã về nước", "from_month": "2026-06"})
    stopped.refresh_from_db()
    assert stopped.work_id == suspended.pk and s.work_status(stopped) == "ready"
    _finish(clerk, handler, stopped)
    suspended.refresh_from_db()
    assert suspended.status == "active" and _audited(suspended, handler)


def test_registration_creates_the_person_and_the_unit(desk):
    clerk, handler = desk["clerk"], desk["collection"]
    data = {"citizen_id": "001090012345", "full_name": "Phạm Văn Mới", "birth_date": "1990-05-04", "sex": "M",
            "address_commune": desk["a1"].pk}
    with pytest.raises(InvalidInput) as exc:  # neither a person nor their data
        s.dossier_receive(actor=clerk, procedure_code="reg-person", channel="desk", documents=["TK1-TS", "D02-LT"])
    assert exc.value.field == "person"
    d = s.dossier_receive(actor=clerk, procedure_code="reg-person", channel="desk",
                          documents=["TK1-TS", "D02-LT"], request=data)
    assert d.person is None and d.commune == desk["a1"] and d.applicant_name == "Phạm Văn Mới"
    d = _finish(clerk, handler, _through(clerk, handler, d))
    person = Person.objects.get(citizen_id="001090012345")
    assert d.person == person and _audited(person, handler)
    # the same citizen ID again: stopped at the start, linked to the person registered
    again = _through(clerk, handler, s.dossier_receive(actor=clerk, procedure_code="reg-person", channel="desk",
                                                       documents=["TK1-TS", "D02-LT"], request=data))
    assert s.work_status(again) == "problem" and str(person.pk) in again.work_detail["problem"]

    unit = {"unit_code": "0312345673DN", "name": "Công ty Mới", "tax_code": "0312345673", "ownership_type":
            "private", "sector": "C", "address_commune": desk["a1"].pk, "start_date": "2025-01-01"}
    u = s.dossier_receive(actor=clerk, procedure_code="reg-employer", channel="desk", documents=["TK3-TS", "D02-LT"],
                          request=unit)
    u = _finish(clerk, handler, _through(clerk, handler, u))
    employer = Employer.objects.get(unit_code="0312345673DN")
    assert u.employer == employer and _audited(employer, handler)


def test_the_applicant_is_notified_at_each_step_with_the_portal_link(desk, django_capture_on_commit_callbacks):
    from ansinh.notify.backends import outbox
    from ansinh.notify.models import Message

    clerk, handler, p = desk["clerk"], desk["collection"], desk["person"]
    p.phone = "0912000111"
    p.save(update_fields=["phone"])
    with django_capture_on_commit_callbacks(execute=True):
        d = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=p,
                              documents=["TK1-TS", "proof"], request={"changes": {"address_line": "9 Hàng Bài"},
                                                                      "reason": "chuyển nhà"})
        d = s.dossier_complete(actor=clerk, dossier=d, documents=["si-book"])
        d = _through(clerk, handler, d)
        s.dossier_apologise(actor=handler, dossier=d, reason="chờ xác minh",
                            new_due_on=s.calendar().add_working_days(d.due_on, 3))
        _finish(clerk, handler, d, outcome="refused", note="giấy tờ không khớp")
        s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=p,
                          documents=["TK1-TS", "proof", "si-book"], refusal_reason="không thuộc thẩm quyền")
    topics = list(Message.objects.filter(person=p).order_by("id").values_list("topic", flat=True))
    assert topics == ["dossier.supplement", "dossier.receipt", "dossier.apology", "dossier.decided",
                      "dossier.returned", "dossier.refusal"]
    decided = Message.objects.get(person=p, topic="dossier.decided")
    assert "giấy tờ không khớp" in decided.text and decided.url and decided.dossier_id == d.pk
    assert [m.address for m in outbox if m.address == "0912000111"] and len(outbox) >= 6
    # an applicant not yet in the registry: straight to the phone given at the desk
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        s.dossier_receive(actor=clerk, procedure_code="reg-person", channel="desk", documents=["TK1-TS", "D02-LT"],
                          applicant_phone="0987000222", request={
                              "citizen_id": "001090012346", "full_name": "Phạm Văn Hai", "birth_date": "1990-05-04",
                              "sex": "M", "address_commune": desk["a1"].pk})
    assert [m.address for m in outbox] == ["0987000222"]


@pytest.mark.parametrize("preferred", ["en", "vi", None])
def test_the_applicants_sms_is_in_their_language(desk, preferred, django_capture_on_commit_callbacks):
    """A dossier step reaches the applicant's phone in their portal account's language (Vietnamese when they
    prefer it or have no account); the inbox keeps the key to show it in the reader's language."""
    from ansinh.notify.backends import outbox
    from ansinh.notify.models import Message

    clerk, p = desk["clerk"], desk["person"]
    p.phone = "0912000444"
    p.save(update_fields=["phone"])
    if preferred:
        f.UserFactory(username="applicant", role=Role.CITIZEN, person=p, preferred_language=preferred)
    with django_capture_on_commit_callbacks(execute=True):
        s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=p,
                          documents=["TK1-TS", "proof", "si-book"], refusal_reason="không thuộc thẩm quyền")
    sent = [o for o in outbox if o.address == "0912000444"]
    msg = Message.objects.get(person=p, topic="dossier.refusal")
    assert len(sent) == 1 and sent[0].text == msg.text and msg.key == "dossier.intake.refused"
    if preferred == "en":
        assert sent[0].text.startswith("Dossier ") and "was refused at the desk: không thuộc thẩm quyền" in sent[0].text
        assert sent[0].subject == "Refusal"
    else:
        assert sent[0].text.startswith("Hồ sơ ") and "không thuộc thẩm quyền" in sent[0].text
