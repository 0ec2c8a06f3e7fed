"""The claim workflow: receive, compute from the ledger history, second-officer approval, decision (PDF), refusal,
correction as a new version; audit rows; the one-off ledger posting."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.db.models import Sum

from ansinh.accounts.models import AuditEvent
from ansinh.benefits.decision_pdf import decision_pdf
from ansinh.benefits.models import Claim, Decision, Entitlement, EntitlementAmount
from ansinh.benefits.selectors import contribution_history
from ansinh.benefits.services import claims as svc
from ansinh.contributions.models import Account, LedgerEntry
from ansinh.core.errors import ApplicationError, Forbidden, InvalidInput
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month

from .conftest import history

PENSION = {"pension_start": "2026-06-01"}


def _pension_claim(person, officer) -> Claim:
    return svc.claim_receive(
        actor=officer,
        person=person,
        kind="pension",
        channel="desk",
        received_on=dt.date(2026, 5, 4),
        params=PENSION,
        bank_account="0123456789",
        bank_name="Agribank",
    )


def test_history_is_read_from_assessment_lines(insured):
    h = contribution_history(insured)
    assert h.si_months == 300 and h.ui_months == 300
    assert len(h.periods) == 1
    p = h.periods[0]
    assert (str(p.start), str(p.end), p.salary, p.scheme) == ("2001-06", "2026-05", 10_000_000, "si_ui")


def test_history_two_jobs_add_up_and_salary_changes_split(two_provinces):
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    history(person, Month(2025, 1), Month(2025, 6), 6_000_000)
    history(person, Month(2025, 4), Month(2025, 9), 4_000_000)
    h = contribution_history(person)
    assert [(str(p.start), str(p.end), p.salary) for p in h.periods] == [
        ("2025-01", "2025-03", 6_000_000),
        ("2025-04", "2025-06", 10_000_000),
        ("2025-07", "2025-09", 4_000_000),
    ]


def test_due_date_counts_working_days(insured, officers):
    a, _ = officers
    claim = svc.claim_receive(
        actor=a,
        person=insured,
        kind="one_time",
        channel="post",
        received_on=dt.date(2026, 2, 12),
        params={"ground": "left_12_months"},
    )
    # Thursday 12/02/2026; Tết 16–20/02: 13/02, 23–27/02, 02/03 = 7 working days → Monday 02/03/2026
    assert claim.due_on == dt.date(2026, 3, 2)


def test_pension_workflow_with_second_officer(insured, officers):
    a, b = officers
    claim = _pension_claim(insured, a)
    assert claim.status == Claim.Status.RECEIVED and claim.due_on > claim.received_on
    svc.claim_compute(actor=a, claim=claim)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.COMPUTED and claim.eligible
    assert claim.monthly_amount > 0 and claim.start_month == dt.date(2026, 6, 1)
    assert claim.result["calculator"] == "pension" and claim.result["output"]["steps"]
    assert any(c["code"] == "history" for c in claim.checks)

    with pytest.raises(Forbidden) as exc:
        svc.claim_approve(actor=a, claim=claim)
    assert exc.value.code == "same_officer"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.COMPUTED and claim.approved_by_id is None

    svc.claim_approve(actor=b, claim=claim)
    decision = svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 5, 20))
    assert decision.version == 1 and decision.previous is None and decision.outcome == "grant"
    ent = Entitlement.objects.get(claim=claim)
    assert ent.from_month == dt.date(2026, 6, 1) and ent.channel == "bank_card"
    assert list(ent.amounts.values_list("amount", flat=True)) == [claim.monthly_amount]
    kinds = set(
        AuditEvent.objects.filter(object_type="benefits.claim", object_id=str(claim.pk)).values_list(
            "action", flat=True
        )
    )
    assert kinds == {"create", "action"}
    assert AuditEvent.objects.filter(object_type="benefits.claim", object_id=str(claim.pk)).count() == 4


def test_refusal_needs_a_reason_and_writes_a_decision(insured, officers):
    a, _ = officers
    claim = svc.claim_receive(
        actor=a,
        person=insured,
        kind="one_time",
        channel="desk",
        received_on=dt.date(2026, 5, 4),
        params={"ground": "left_12_months"},
    )
    with pytest.raises(InvalidInput):
        svc.claim_refuse(actor=a, claim=claim, reason="")
    assert not Decision.objects.exists()
    d = svc.claim_refuse(actor=a, claim=claim, reason="Còn đang tham gia BHXH bắt buộc")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REFUSED and d.outcome == "refusal" and d.reason.startswith("Còn")
    pdf = decision_pdf(d)
    assert pdf.startswith(b"%PDF")


def test_correction_is_a_new_version(insured, officers):
    a, b = officers
    claim = _pension_claim(insured, a)
    svc.claim_compute(actor=a, claim=claim)
    svc.claim_approve(actor=b, claim=claim)
    first = svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 5, 20))
    old_amount = first.monthly_amount

    with pytest.raises(ApplicationError):
        svc.claim_compute(actor=a, claim=claim)  # decided: must be reopened first
    svc.claim_reopen(actor=b, claim=claim, reason="Bổ sung thời gian làm nghề nặng nhọc")
    svc.claim_compute(
        actor=b, claim=claim, params={**PENSION, "months_after_retirement_age": 0, "start_month": "2026-07"}
    )
    with pytest.raises(Forbidden):
        svc.claim_approve(actor=b, claim=claim)
    svc.claim_approve(actor=a, claim=claim)
    second = svc.claim_decide(actor=a, claim=claim, decided_on=dt.date(2026, 6, 2))

    first.refresh_from_db()
    assert (second.version, second.previous_id) == (2, first.pk)
    assert first.monthly_amount == old_amount and first.start_month == dt.date(
        2026, 6, 1
    )  # never overwritten
    assert second.reason.startswith("Bổ sung")
    assert Decision.objects.filter(claim=claim).order_by("-version").first() == second
    rows = list(
        EntitlementAmount.objects.filter(entitlement__claim=claim)
        .order_by("id")
        .values_list("source", "valid_from")
    )
    assert rows == [("decision", dt.date(2026, 6, 1)), ("correction", dt.date(2026, 7, 1))]
    pdf = decision_pdf(second)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_one_off_amount_is_posted_and_corrections_post_the_difference(two_provinces, officers):
    a, b = officers
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    history(person, Month(2010, 3), Month(2024, 12), 7_000_000)
    claim = svc.claim_receive(
        actor=a,
        person=person,
        kind="one_time",
        channel="online",
        received_on=dt.date(2026, 3, 10),
        params={"ground": "left_12_months", "decision_date": "2026-03-16"},
    )
    svc.claim_compute(actor=a, claim=claim)
    claim.refresh_from_db()
    assert claim.eligible and claim.amount > 0
    svc.claim_approve(actor=b, claim=claim)
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 3, 16))
    expense = LedgerEntry.objects.filter(account=Account.BENEFIT_EXPENSE).aggregate(s=Sum("amount"))["s"]
    assert expense == claim.amount
    svc.claim_reopen(actor=a, claim=claim, reason="Hồ sơ sai căn cứ")
    svc.claim_refuse(actor=a, claim=claim, reason="Không đủ điều kiện sau khi kiểm tra lại")
    expense = LedgerEntry.objects.filter(account=Account.BENEFIT_EXPENSE).aggregate(s=Sum("amount"))["s"]
    assert expense == 0
    assert Decision.objects.filter(claim=claim).count() == 2


def test_desk_clerk_cannot_compute(insured, two_provinces):
    clerk = f.UserFactory(role="desk_clerk")
    claim = _pension_claim(insured, clerk)
    with pytest.raises(Forbidden):
        svc.claim_compute(actor=clerk, claim=claim)


def test_survivor_claim_needs_death(insured, officers):
    a, _ = officers
    claim = svc.claim_receive(
        actor=a, person=insured, kind="survivor_funeral", channel="desk", received_on=dt.date(2026, 5, 4)
    )
    with pytest.raises(ApplicationError) as exc:
        svc.claim_compute(actor=a, claim=claim)
    assert exc.value.code == "not_deceased"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RECEIVED and claim.result is None
    insured.death_date = dt.date(2026, 8, 10)
    insured.save()
    svc.claim_compute(actor=a, claim=claim)
    claim.refresh_from_db()
    assert claim.amount == 25_300_000  # 10 × 2,530,000 (Art 85.2)


def test_decision_pdf_renders(insured, officers, tmp_path):
    a, b = officers
    claim = _pension_claim(insured, a)
    svc.claim_compute(actor=a, claim=claim)
    svc.claim_approve(actor=b, claim=claim)
    decision = svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 5, 20))
    pdf = decision_pdf(decision)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "decision.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "QUYẾT ĐỊNH" in text and "lương hưu" in text and insured.full_name in text
