"""Dossiers through the services: the desk and the portal each followed to their result, incomplete and refused
dossiers, hand-overs recorded, the work started (a benefit claim) and followed, apologies only in time, no result
without a decision, scans bounded, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ansinh.accounts.models import AuditEvent, Role
from ansinh.benefits.models import Claim
from ansinh.core.errors import ApplicationError, Conflict, Forbidden, InvalidInput, NotFound
from ansinh.core.testing import factories as f
from ansinh.notify.models import Message as Notification
from ansinh.procedures import forms_pdf, selectors
from ansinh.procedures.models import CalendarEntry
from ansinh.procedures.services import dossiers as s
from ansinh.procedures.services.calendar import calendar_entry_add

pytestmark = pytest.mark.django_db

ALL_CHANGE = ["TK1-TS", "proof", "si-book"]


def at(y: int, m: int, d: int, h: int = 9) -> dt.datetime:
    return dt.datetime(y, m, d, h, 0, tzinfo=timezone.get_current_timezone())


def test_desk_dossier_followed_to_its_result(desk):
    clerk, handler = desk["clerk"], desk["collection"]
    d = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=ALL_CHANGE, received_at=at(2026, 2, 12), applicant_phone="0912345678",
                          request={"changes": {"address_line": "5 Trần Phú"}, "reason": "chuyển nơi ở"})
    assert d.status == "received" and d.office == desk["o1"] and d.commune == desk["a1"]
    assert d.complete_on == dt.date(2026, 2, 12)
    assert d.due_on == dt.date(2026, 2, 26)  # 13/2 (1), Tết 16–20/2 and weekends skipped, 23–26/2 (2–5)
    assert d.code.startswith("BHXH-LS-2602-") and len(d.lookup_key) == 8
    assert forms_pdf.receipt_pdf(d)[:4] == b"%PDF"
    s.dossier_hand_over(actor=clerk, dossier=d, note="to collection")
    s.dossier_hand_over(actor=handler, dossier=d, handler=handler, note="taken")
    d = s.dossier_decide(actor=handler, dossier=d, outcome="granted", note="information changed")
    with pytest.raises(Forbidden):
        s.dossier_return(actor=handler, dossier=d, channel="desk")
    with pytest.raises(InvalidInput) as exc:
        s.dossier_return(actor=clerk, dossier=d, channel="post")
    assert exc.value.field == "tracking_number"
    d = s.dossier_return(actor=clerk, dossier=d, channel="post", tracking_number="EB123456789VN")
    assert d.status == "returned" and d.result_channel == "post"
    steps = list(d.steps.values_list("action", "to_status", "actor_id"))
    assert steps == [("receive", "received", clerk.pk), ("hand_over", "in_processing", clerk.pk),
                     ("hand_over", "in_processing", handler.pk), ("decide", "decided", handler.pk),
                     ("return", "returned", clerk.pk)]
    assert AuditEvent.objects.filter(object_type="procedures.dossier", object_id=str(d.pk)).count() == 5
    kinds = list(Notification.objects.filter(dossier=d).values_list("topic", flat=True))
    assert sorted(kinds) == ["dossier.decided", "dossier.receipt", "dossier.returned"]
    assert forms_pdf.control_pdf(d)[:4] == b"%PDF"


def test_online_dossier_from_the_portal_starts_a_benefit_claim_and_follows_it(desk):
    citizen = f.UserFactory(username="citizen1", role=Role.CITIZEN, person=desk["person"])
    d = s.dossier_receive(actor=citizen, procedure_code="benefit-one-time", channel="online", person=desk["person"],
                          documents=["si-book", "14-HSB", "id"], online_ref="DVC-001")
    assert d.status == "received" and d.department == "benefits"
    with pytest.raises(Forbidden):
        s.dossier_receive(actor=citizen, procedure_code="benefit-one-time", channel="online",
                          person=desk["outsider"], documents=["si-book", "14-HSB", "id"])
    s.dossier_hand_over(actor=desk["clerk"], dossier=d)
    d.refresh_from_db()
    claim = Claim.objects.get(pk=d.work_id)
    assert d.work_type == "benefits.claim" and claim.kind == "one_time" and claim.person == desk["person"]
    with pytest.raises(Conflict) as exc:  # the decision is the claim's
        s.dossier_decide(actor=desk["benefits"], dossier=d, outcome="granted")
    assert exc.value.code == "work_not_decided"
    Claim.objects.filter(pk=claim.pk).update(status="decided")
    assert s.dossiers_follow_work() == 1
    d.refresh_from_db()
    assert d.status == "decided" and d.outcome == "granted"
    d = s.dossier_return(actor=desk["clerk"], dossier=d, channel="online")
    assert d.status == "returned"
    assert selectors.dossier_by_lookup(code=d.code, key=d.lookup_key.lower()).pk == d.pk


def test_incomplete_then_completed_and_refused(desk):
    clerk = desk["clerk"]
    d = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=["TK1-TS"], received_at=at(2026, 3, 2))
    assert d.status == "supplement_requested" and d.due_on is None and d.missing == ["proof", "si-book"]
    assert forms_pdf.receipt_pdf(d)[:4] == b"%PDF"
    with pytest.raises(InvalidInput):
        s.dossier_complete(actor=clerk, dossier=d, documents=["proof"])
    d = s.dossier_complete(actor=clerk, dossier=d, documents=["proof", "si-book"])
    assert d.status == "received" and d.due_on is not None and d.missing == []
    r = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=ALL_CHANGE, refusal_reason="not within the agency's competence")
    assert r.status == "refused" and forms_pdf.receipt_pdf(r)[:4] == b"%PDF"
    for action in (s.dossier_hand_over, s.dossier_withdraw):
        with pytest.raises(ApplicationError):
            action(actor=clerk, dossier=r, **({"reason": "x"} if action is s.dossier_withdraw else {}))


def test_post_needs_the_postal_receipt_and_employer_procedures_a_unit(desk):
    clerk = desk["clerk"]
    with pytest.raises(InvalidInput) as exc:
        s.dossier_receive(actor=clerk, procedure_code="change-info", channel="post", person=desk["person"],
                          documents=ALL_CHANGE)
    assert exc.value.field == "postal_receipt"
    d = s.dossier_receive(actor=clerk, procedure_code="change-info", channel="post", person=desk["person"],
                          documents=ALL_CHANGE, postal_receipt="RR1", postal_date=timezone.localdate())
    assert d.postal_receipt == "RR1"
    with pytest.raises(InvalidInput) as exc:
        s.dossier_receive(actor=clerk, procedure_code="reg-employer", channel="desk", person=desk["person"],
                          documents=["TK3-TS", "D02-LT"])
    assert exc.value.field == "employer"
    e = s.dossier_receive(actor=clerk, procedure_code="reg-employer", channel="desk", employer=desk["employer"],
                          documents=["TK3-TS", "D02-LT"])
    assert e.commune == desk["a2"] and e.applicant_name == desk["employer"].name
    with pytest.raises(InvalidInput) as exc:
        s.dossier_receive(actor=clerk, procedure_code="nope", channel="desk", person=desk["person"])
    assert exc.value.field == "procedure"
    with pytest.raises(Forbidden):
        s.dossier_receive(actor=desk["benefits"], procedure_code="change-info", channel="desk",
                          person=desk["person"], documents=ALL_CHANGE)


def test_no_result_without_a_decision_and_handlers_of_the_department(desk):
    d = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=ALL_CHANGE)
    with pytest.raises(Conflict) as exc:
        s.dossier_return(actor=desk["clerk"], dossier=d, channel="desk")
    assert exc.value.code == "no_decision"
    s.dossier_hand_over(actor=desk["clerk"], dossier=d)
    with pytest.raises(Conflict):
        s.dossier_return(actor=desk["clerk"], dossier=d, channel="desk")
    with pytest.raises(Forbidden):  # a change of information is the collection department's
        s.dossier_decide(actor=desk["benefits"], dossier=d, outcome="granted")
    with pytest.raises(InvalidInput):
        s.dossier_decide(actor=desk["collection"], dossier=d, outcome="refused")  # a refusal states its reasons


def test_apology_in_time_and_never_after_the_fact(desk):
    d = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=ALL_CHANGE, received_at=at(2026, 2, 12))
    assert d.due_on == dt.date(2026, 2, 26)
    s.dossier_hand_over(actor=desk["clerk"], dossier=d)
    with pytest.raises(InvalidInput) as exc:  # on the due date itself: too late
        s.dossier_apologise(actor=desk["collection"], dossier=d, reason="waiting for the tax office",
                            new_due_on=dt.date(2026, 3, 5), today=dt.date(2026, 2, 26))
    assert exc.value.code == "apology_too_late"
    a = s.dossier_apologise(actor=desk["collection"], dossier=d, reason="waiting for the tax office",
                            new_due_on=dt.date(2026, 3, 5), today=dt.date(2026, 2, 25))
    d.refresh_from_db()
    assert a.number == 1 and d.new_due_on == dt.date(2026, 3, 5) and d.due_on == dt.date(2026, 2, 26)
    assert Notification.objects.filter(dossier=d, topic="dossier.apology").exists()
    assert forms_pdf.apology_pdf(a)[:4] == b"%PDF"


def test_scans_are_bounded(desk):
    d = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=ALL_CHANGE, files=[s.Upload("tk1.pdf", "application/pdf", b"%PDF-1.4 x")])
    assert d.files.count() == 1
    with pytest.raises(InvalidInput) as exc:
        s.dossier_attach(actor=desk["clerk"], dossier=d,
                         files=[s.Upload("big.pdf", "application/pdf", b"0" * (s.MAX_FILE_BYTES + 1))])
    assert exc.value.code == "file_too_large"
    with pytest.raises(InvalidInput):
        s.dossier_attach(actor=desk["clerk"], dossier=d, files=[s.Upload("x.exe", "application/x-msdownload", b"MZ")])
    assert d.files.count() == 1


def test_scope(desk):
    d = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=ALL_CHANGE)
    assert selectors.dossier_get(user=desk["u1"], dossier_id=d.pk) == d
    with pytest.raises(NotFound):
        selectors.dossier_get(user=desk["u2"], dossier_id=d.pk)
    assert not selectors.dossier_search(user=desk["u2"], q=d.code).exists()
    assert selectors.dossier_search(user=desk["u1"], q=d.code).get() == d
    assert selectors.dossier_search(user=desk["u1"], q=desk["person"].citizen_id).get() == d


def test_agency_calendar_entry_moves_the_due_date(desk):
    with pytest.raises(Forbidden):
        calendar_entry_add(actor=desk["clerk"], day="2026-03-13", kind="off", reason="QĐ nghỉ bù")
    calendar_entry_add(actor=desk["manager"], day="2026-03-13", kind="off", reason="QĐ nghỉ bù (test)")
    assert CalendarEntry.objects.count() == 1
    d = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=ALL_CHANGE, received_at=at(2026, 3, 10))
    assert d.due_on == dt.date(2026, 3, 18)  # 11, 12, (13 off), 16, 17, 18


def test_warnings_for_the_desk_and_the_handlers(desk):
    from ansinh.procedures.services.dossiers import calendar

    cal = calendar()
    d1 = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk", person=desk["person"],
                           documents=ALL_CHANGE, received_at=at(2026, 2, 12))  # due 26/02/2026
    d2 = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk", person=desk["person"],
                           documents=ALL_CHANGE, received_at=at(2026, 2, 19, 10))  # during Tết
    assert d2.due_on == dt.date(2026, 2, 27)  # 23, 24, 25, 26, 27/02
    # on Wed 25/02: d1 is due on the next working day (about to be late), d2 not yet
    assert selectors.warning_counts(desk["u1"], dt.date(2026, 2, 25), cal) == {"overdue": 0, "about_to_be_late": 1}
    # on Fri 27/02: d1 overdue; d2 due today
    assert selectors.warning_counts(desk["u1"], dt.date(2026, 2, 27), cal) == {"overdue": 1, "about_to_be_late": 1}
    s.dossier_hand_over(actor=desk["clerk"], dossier=d1)
    s.dossier_apologise(actor=desk["collection"], dossier=d1, reason="x", new_due_on=dt.date(2026, 3, 6),
                        today=dt.date(2026, 2, 25))
    assert selectors.warning_counts(desk["u1"], dt.date(2026, 2, 27), cal) == {"overdue": 0, "about_to_be_late": 1}
    assert selectors.warning_counts(desk["u2"], dt.date(2026, 2, 27), cal) == {"overdue": 0, "about_to_be_late": 0}
