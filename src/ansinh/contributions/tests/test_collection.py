"""Collection agents: codes, receipts (balanced, idempotent, participations opened), remittance, commission, API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from ansinh.accounts.models import AuditEvent, Role
from ansinh.contributions.codes import parse_agent_code, validate_agent_code
from ansinh.contributions.models import Account, HolderType, LedgerEntry, LedgerTxn, Receipt
from ansinh.contributions.selectors import agent_cash_held
from ansinh.contributions.services import collection as svc
from ansinh.core.errors import Conflict, InvalidInput, NotFound
from ansinh.core.testing import factories as f
from ansinh.coverage.models import Participation
from ansinh.rules.contributions import household_hi, voluntary
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

M = Month(2026, 3)
TAKEN = dt.date(2026, 3, 10)


def test_agent_code_per_cv_1804():
    parts = parse_agent_code("3456789000th0100070003")
    assert (parts.organisation, parts.province_code, parts.commune_code, parts.point) == ("3456789000", "01", "00070", 3)
    for bad in ("3456789000TH0100070000", "3456789000XX0100070003", "3456789000TH010007003", "", "3456789000TH01000700A3"):
        with pytest.raises(InvalidInput) as err:
            validate_agent_code(bad)
        assert err.value.field == "code"


@pytest.fixture
def agent(two_provinces):
    a1 = two_provinces["a1"]
    return svc.agent_create(actor=two_provinces["u1"], data=svc.AgentInput(
        code=f"3456789000TH20{a1.code}001", name="Bưu điện Lương Văn Tri", kind="post_office", commune_id=a1.pk,
        commission_rate=Decimal("0.04"), valid_from=dt.date(2025, 7, 1)))


def vsi(number="BL0000001", person=None, **kw):
    return svc.ReceiptInput(number=number, scheme="vsi", from_month=M, taken_on=TAKEN, person_id=person.pk,
                            income=3_000_000, mode="3_months", **kw)


def test_agent_code_must_name_the_agents_commune(two_provinces):
    with pytest.raises(InvalidInput) as err:
        svc.agent_create(actor=two_provinces["u1"], data=svc.AgentInput(
            code="3456789000TH2099999001", name="X", kind="commune_point", commune_id=two_provinces["a1"].pk,
            commission_rate=Decimal("0.04"), valid_from=dt.date(2025, 7, 1)))
    assert err.value.code == "code_commune_mismatch"


def test_officer_of_another_province_cannot_create_or_see(two_provinces, agent):
    with pytest.raises(NotFound):
        svc.receipt_create(actor=two_provinces["u2"], agent=agent,
                           data=vsi(person=f.PersonFactory(address_commune=two_provinces["a1"])))


def test_voluntary_receipt_posts_balanced_and_opens_participation(two_provinces, agent):
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    receipt, created = svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=vsi(person=person))
    expected = voluntary.calculate(voluntary.VoluntaryInput(income=3_000_000, month=M, mode="3_months", months=3))
    assert created
    assert (receipt.payable, receipt.state_support) == (expected.payable, expected.state_support)
    assert receipt.gross == receipt.payable + receipt.state_support == 3 * expected.contribution_per_month
    assert receipt.detail["payable"] == expected.payable and receipt.detail["params"]
    assert (receipt.from_month, receipt.to_month) == (dt.date(2026, 3, 1), dt.date(2026, 5, 1))
    txn = LedgerTxn.objects.get(kind="receipt", reference="BL0000001")
    entries = {(e.account, e.holder_type): e.amount for e in txn.entries.all()}
    assert sum(entries.values()) == 0
    assert entries[(Account.AGENT_CASH, HolderType.AGENT)] == receipt.payable
    assert entries[(Account.STATE_SUPPORT, HolderType.STATE)] == receipt.state_support
    assert entries[(Account.REVENUE, HolderType.PERSON)] == -receipt.gross
    assert set(txn.entries.values_list("fund", flat=True)) == {"rs"}
    p = Participation.objects.get(person=person)
    assert (p.scheme, p.payer, p.valid_from, p.valid_to, p.source_ref) == (
        "vsi", "self", dt.date(2026, 3, 1), dt.date(2026, 5, 31), "BL0000001")


def test_same_receipt_twice_posts_once(two_provinces, agent):
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    first, _ = svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=vsi(person=person))
    counts = (LedgerTxn.objects.count(), LedgerEntry.objects.count(), Participation.objects.count())
    again, created = svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=vsi(person=person))
    assert not created and again.pk == first.pk
    assert (LedgerTxn.objects.count(), LedgerEntry.objects.count(), Participation.objects.count()) == counts
    other = f.PersonFactory(address_commune=two_provinces["a1"])
    with pytest.raises(Conflict):  # the same number for another payment
        svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=vsi(person=other))


def test_overlapping_months_refused_and_nothing_written(two_provinces, agent):
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=vsi(person=person))
    before = (Receipt.objects.count(), LedgerTxn.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Conflict) as err:
        svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=svc.ReceiptInput(
            number="BL0000002", scheme="vsi", from_month=Month(2026, 5), taken_on=TAKEN, person_id=person.pk,
            income=3_000_000))
    assert err.value.code == "already_covered"
    assert (Receipt.objects.count(), LedgerTxn.objects.count(), AuditEvent.objects.count()) == before


def test_household_receipt_opens_gd_participations_for_members(two_provinces, agent):
    household = f.HouseholdFactory(commune=two_provinces["a1"])
    second = f.PersonFactory(address_commune=two_provinces["a1"])
    household.members.create(person=second, relationship="spouse", valid_from=dt.date(2020, 1, 1))
    receipt, _ = svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=svc.ReceiptInput(
        number="HG0000001", scheme="hi_household", from_month=M, taken_on=TAKEN, household_id=household.pk,
        member_ids=(household.head_id, second.pk), months=12))
    expected = household_hi.calculate(household_hi.HouseholdInput(members=2, month=M, months=12))
    assert receipt.payable == receipt.gross == expected.total and receipt.state_support == 0
    # 4.5% × 2,340,000 = 105,300 a month; 12 months: 1,263,600 + 70% 884,520 = 2,148,120 (Decree 188/2025)
    assert expected.total == 2_148_120
    txn = LedgerTxn.objects.get(kind="receipt", reference="HG0000001")
    assert txn.entries.aggregate(s=Sum("amount"))["s"] == 0
    assert txn.entries.get(account=Account.REVENUE).holder_type == HolderType.HOUSEHOLD
    rows = Participation.objects.filter(household=household).order_by("person_id")
    assert [(r.scheme, r.hi_group, r.payer, r.valid_to) for r in rows] == [("hi", "GD", "household", dt.date(2027, 2, 28))] * 2


def test_household_member_must_belong(two_provinces, agent):
    household = f.HouseholdFactory(commune=two_provinces["a1"])
    stranger = f.PersonFactory(address_commune=two_provinces["a1"])
    with pytest.raises(InvalidInput) as err:
        svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=svc.ReceiptInput(
            number="HG0000002", scheme="hi_household", from_month=M, taken_on=TAKEN, household_id=household.pk,
            member_ids=(stranger.pk,), months=6))
    assert err.value.field == "member_ids"


def test_remittance_and_commission_figures(two_provinces, agent):
    u1 = two_provinces["u1"]
    receipts = [svc.receipt_create(actor=u1, agent=agent, data=vsi(number=f"BL{i:07d}",
                person=f.PersonFactory(address_commune=two_provinces["a1"])))[0] for i in range(3)]
    payable = sum(r.payable for r in receipts)
    assert agent_cash_held(user=u1)[0]["cash_held"] == payable
    with pytest.raises(InvalidInput):
        svc.remittance_create(actor=u1, agent=agent, reference="NT-1", remitted_on=dt.date(2026, 3, 31), amount=1)
    remittance, created = svc.remittance_create(actor=u1, agent=agent, reference="NT-1", remitted_on=dt.date(2026, 3, 31))
    assert created and remittance.amount == payable
    assert not Receipt.objects.filter(remittance__isnull=True).exists()
    held = agent_cash_held(user=u1)[0]
    assert (held["cash_held"], held["unremitted_receipts"]) == (0, 0)
    assert svc.remittance_create(actor=u1, agent=agent, reference="NT-1", remitted_on=dt.date(2026, 3, 31))[1] is False
    cash = LedgerEntry.objects.filter(account=Account.CASH).aggregate(s=Sum("amount"))["s"]
    assert cash == payable

    report = svc.commission_post(actor=None, period=M)
    # Σ payable × 4%, rounded half up once per agent and month
    expected = int((Decimal(payable) * Decimal("0.04")).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    assert (report.posted, report.total) == (1, expected)
    txn = LedgerTxn.objects.get(kind="commission", reference=f"commission:{agent.code}:2026-03")
    assert txn.entries.filter(account=Account.COMMISSION_EXPENSE).aggregate(s=Sum("amount"))["s"] == expected
    assert txn.entries.aggregate(s=Sum("amount"))["s"] == 0
    again = svc.commission_post(actor=None, period=M)
    assert (again.posted, again.already_posted) == (0, 1)
    assert LedgerTxn.objects.filter(kind="commission").count() == 1


def test_commission_rounds_half_up(two_provinces, agent):
    agent.commission_rate = Decimal("0.0125")
    agent.save()
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    r, _ = svc.receipt_create(actor=two_provinces["u1"], agent=agent, data=svc.ReceiptInput(
        number="BL9", scheme="vsi", from_month=M, taken_on=TAKEN, person_id=person.pk, income=1_502_000))
    report = svc.commission_post(actor=None, period=M)
    exact = Decimal(r.payable) * Decimal("0.0125")
    assert report.total == int(exact.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


# --- API: the agent screen ----------------------------------------------------------------------------------

def test_agent_staff_takes_a_receipt_through_the_api(client, two_provinces, agent):
    staff_user = f.UserFactory(username="buudien1", role=Role.DESK_CLERK)
    svc.agent_staff_add(actor=two_provinces["u1"], agent=agent, full_name="Nông Thị Hoa", user=staff_user,
                        valid_from=dt.date(2025, 7, 1))
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    client.force_login(staff_user)
    body = {"number": "BL7777777", "scheme": "vsi", "from_month": "2026-03", "taken_on": "2026-03-10",
            "person_id": person.pk, "income": 3_000_000, "mode": "monthly"}
    r = client.post(f"/api/v1/agents/{agent.pk}/receipts", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["gross"] == r.json()["payable"] + r.json()["state_support"]
    r2 = client.post(f"/api/v1/agents/{agent.pk}/receipts", body, content_type="application/json")
    assert r2.status_code == 200 and r2.json()["created"] is False
    assert client.get("/api/v1/agents").json()["count"] == 1
    other = svc.agent_create(actor=two_provinces["u1"], data=svc.AgentInput(
        code=f"3456789000TH20{two_provinces['a2'].code}002", name="Điểm thu Cao Lộc", kind="commune_point",
        commune_id=two_provinces["a2"].pk, commission_rate=Decimal("0.05"), valid_from=dt.date(2025, 7, 1)))
    assert client.post(f"/api/v1/agents/{other.pk}/receipts", {**body, "number": "X1"},
                       content_type="application/json").status_code == 404
    assert client.post("/api/v1/agents", {}, content_type="application/json").status_code in (403, 422)


def test_api_refusals_are_4xx(client, two_provinces, agent):
    client.force_login(two_provinces["u1"])
    r = client.post(f"/api/v1/agents/{agent.pk}/receipts",
                    {"number": "BL1", "scheme": "vsi", "from_month": "2026-03", "taken_on": "2026-03-10",
                     "person_id": f.PersonFactory(address_commune=two_provinces["a1"]).pk, "income": 100},
                    content_type="application/json")
    assert r.status_code == 422 and r.json()["field"] == "income"
    r = client.post("/api/v1/agents", {"code": "BAD", "name": "x", "kind": "bank", "commune_id": two_provinces["a1"].pk,
                                       "commission_rate": "0.01", "valid_from": "2025-07-01"},
                    content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "bad_agent_code"
    client.force_login(two_provinces["u2"])
    assert client.get(f"/api/v1/agents/{agent.pk}").status_code == 404
