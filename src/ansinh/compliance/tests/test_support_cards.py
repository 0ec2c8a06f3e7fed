"""The provincial HI support applied where it is paid: the card issue stores the province's share on the card, the
household receipt and the school collection charge the person only their share, and what the province owes per
quarter is read from the cards. Hand calculations in the comments (4.5 % × 2,530,000 = 113,850 a month from
2026-07-01)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.accounts.models import AuditEvent
from ansinh.compliance import selectors
from ansinh.compliance.models import ListEntry, SchoolPayment
from ansinh.compliance.services import schools
from ansinh.compliance.tests.test_detect import imp
from ansinh.core.errors import Conflict, InvalidInput, NotFound
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard, Participation, Payer
from ansinh.coverage.services import cards
from ansinh.coverage.tests import factories as cf
from ansinh.rules.contributions import local_support
from ansinh.rules.periods import Month

OCT = Month(2026, 10)
D = dt.date


# --- which scheme a card gets (no database) --------------------------------------------------------------------

def test_for_card_by_group_payer_province_and_age() -> None:
    day = D(2026, 10, 1)
    hcmc = local_support.for_card(province="79", card_group="HS", payer="student", day=day)
    assert (hcmc.central, hcmc.local, hcmc.group) == (Decimal("0.5"), Decimal("0.5"), "student")
    near_poor = local_support.for_card(province="20", card_group="CN", payer="state_supported", day=day)
    assert (near_poor.central, near_poor.local, near_poor.total) == (Decimal("0.7"), Decimal("0.3"), Decimal(1))
    # Lạng Sơn (demo values) has no pupils' top-up from 2025-07-01; it had 20 points before
    assert local_support.for_card(province="20", card_group="HS", payer="student", day=day) is None
    before = local_support.for_card(province="20", card_group="HS", payer="student", day=D(2025, 3, 1))
    assert (before.central, before.local) == (Decimal("0.3"), Decimal("0.2"))
    # a household member of rank 2 (70 % of the first member's premium) aged 65: the province pays all of it
    member = local_support.for_card(province="20", card_group="GD", payer="household", day=day, age=65,
                                    rank_share=Decimal("0.7"))
    assert (member.central, member.local, member.group) == (0, Decimal("0.7"), "aged_60_80")
    assert local_support.for_card(province="20", card_group="GD", payer="household", day=day, age=59) is None
    assert local_support.for_card(province="04", card_group="CN", payer="state_supported", day=day) is None
    assert local_support.for_card(province="20", card_group="DN", payer="employer_employee", day=day) is None


def test_hcmc_elderly_group_stops_at_75() -> None:
    day = D(2026, 1, 1)
    assert local_support.for_card(province="79", card_group="GD", payer="household", day=day, age=74) is not None
    assert local_support.for_card(province="79", card_group="GD", payer="household", day=day, age=75) is None


# --- the card issue run ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_card_issue_applies_the_scheme_and_the_province_owes_from_the_cards(two_provinces) -> None:
    a1, b1, u1 = two_provinces["a1"], two_provinces["b1"], two_provinces["u1"]
    near_poor = f.PersonFactory(address_commune=a1, birth_date=D(1980, 5, 1))
    cf.hi_participation(near_poor, group="CN", payer=Payer.STATE_SUPPORTED, start=OCT)
    cf.receipt(commune=a1, person=near_poor, first=OCT, last=Month(2026, 12), taken_on=D(2026, 9, 10))
    # a household of two in Lạng Sơn: the second member is 70
    household = f.HouseholdFactory(commune=a1)
    first, elder = (f.PersonFactory(address_commune=a1, birth_date=D(1990, 1, 1)),
                    f.PersonFactory(address_commune=a1, birth_date=D(1956, 3, 1)))
    for p in (first, elder):
        cf.hi_participation(p, group="GD", payer=Payer.HOUSEHOLD, start=OCT, household=household)
    r = cf.receipt(commune=a1, household=household, first=OCT, last=Month(2026, 12), taken_on=D(2026, 9, 10))
    r.detail = {"members": [first.pk, elder.pk]}
    r.save(update_fields=["detail"])
    # near-poor in Cao Bằng: no scheme
    elsewhere = f.PersonFactory(address_commune=b1)
    cf.hi_participation(elsewhere, group="CN", payer=Payer.STATE_SUPPORTED, start=OCT)
    cf.receipt(commune=b1, person=elsewhere, first=OCT, last=Month(2026, 12), taken_on=D(2026, 9, 10))

    report = cards.cards_issue(period=OCT, actor=u1)
    assert report.issued == 4 and report.supported == {"near_poor": 1, "aged_60_80": 1}
    assert "with provincial support: aged_60_80 1, near_poor 1" in report.summary()
    cn = HICard.objects.get(person=near_poor)
    assert (cn.support_group, cn.support_central, cn.support_local) == ("near_poor", Decimal("0.7"), Decimal("0.3"))
    assert "DEMO VALUES" in cn.support_basis and "UNVERIFIED" in cn.support_basis
    old = HICard.objects.get(person=elder)
    # rank 2 pays 70 % of the first member's premium; the scheme pays all of it: 0.7 of the full premium
    assert (old.support_group, old.support_central, old.support_local) == ("aged_60_80", 0, Decimal("0.7"))
    assert HICard.objects.get(person=first).support_local == 0
    assert HICard.objects.get(person=elsewhere).support_group == ""
    audit = AuditEvent.objects.get(object_type="coverage.hicard", object_id=str(cn.pk))
    assert Decimal(audit.after["support_local"]) == Decimal("0.3")

    # group 4/5 first time: valid 30 days after payment → 10 Oct, so Oct, Nov, Dec are card months in Q4
    owed = selectors.province_owed(u1, "20", 2026, 4)
    # near-poor 3 × 113,850 × 0.3 = 102,465; the 70-year-old 3 × 113,850 × 0.7 = 239,085
    assert owed.by_group == {"aged_60_80": {"cards": 1, "card_months": 3, "amount": 239_085},
                             "near_poor": {"cards": 1, "card_months": 3, "amount": 102_465}}
    assert owed.total == 341_550
    # Q1 2027: the cards run to 9 January (the 30-day wait keeps the length paid): one month each
    q1 = selectors.province_owed(u1, "20", 2027, 1)
    assert q1.total == 34_155 + 79_695
    # a renewal keeps the scheme; the replaced card stops counting when its successor starts
    cards.card_renew(actor=u1, card=cn, valid_to=D(2027, 3, 31))
    assert HICard.objects.get(person=near_poor, status="issued").support_local == Decimal("0.3")
    assert selectors.province_owed(u1, "20", 2027, 1).by_group["near_poor"]["card_months"] == 3


@pytest.mark.django_db
def test_household_receipt_charges_only_the_household_share(two_provinces) -> None:
    from ansinh.contributions.services.collection import ReceiptInput, receipt_create

    a1 = two_provinces["a1"]
    household = f.HouseholdFactory(commune=a1)
    young, old = (f.PersonFactory(address_commune=a1, birth_date=D(1990, 1, 1)),
                  f.PersonFactory(address_commune=a1, birth_date=D(1955, 6, 1)))
    from ansinh.registry.models import HouseholdMember

    for p in (young, old):
        HouseholdMember.objects.create(household=household, person=p, valid_from=D(2020, 1, 1),
                                       relationship=HouseholdMember._meta.get_field("relationship").choices[0][0])
    agent = cf.agent(a1)
    admin = f.UserFactory(is_superuser=True)
    receipt, _ = receipt_create(actor=admin, agent=agent, data=ReceiptInput(
        number="HH-1", scheme="hi_household", household_id=household.pk, member_ids=[young.pk, old.pk],
        from_month=OCT, months=3, taken_on=D(2026, 9, 20)))
    # member 1: 3 × 113,850 = 341,550; member 2 (70 %): 239,085, all of it paid by Lạng Sơn (aged 60 to under 80)
    assert (receipt.gross, receipt.state_support, receipt.payable) == (580_635, 239_085, 341_550)


# --- the school records what each pupil paid -------------------------------------------------------------------

HEADER = ["Mã trường", "Tên trường", "Lớp", "Số định danh", "Họ và tên", "Ngày sinh", "Mã xã"]


def _school(user, commune, pupils, code="TH01", name="TH Kim Đồng", grade="5A"):
    imp(user, "school_pupils", [HEADER] + [[code, name, grade, p.citizen_id, p.full_name,
                                            p.birth_date.strftime("%d/%m/%Y"), commune.code] for p in pupils])
    return {e.person_id: e.pk for e in ListEntry.objects.filter(school_code=code)}


@pytest.mark.django_db
def test_school_payments_open_participation_issue_cards_and_refuse_twice(two_provinces) -> None:
    a1, u1, u2 = two_provinces["a1"], two_provinces["u1"], two_provinces["u2"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=D(2015, 2, d)) for d in (1, 2, 3)]
    entries = _school(u1, a1, pupils)
    with pytest.raises(NotFound):  # another province's officer does not see the school
        schools.school_payments_record(actor=u2, school_code="TH01", year=2026, entry_ids=entries.values(),
                                       paid_on=D(2026, 9, 15))
    report = schools.school_payments_record(actor=u1, school_code="TH01", year=2026,
                                            entry_ids=[entries[pupils[0].pk], entries[pupils[1].pk]],
                                            paid_on=D(2026, 9, 15))
    # 12 × 113,850 = 1,366,200; State 50 %; Lạng Sơn: no pupils' top-up → each pupil paid 683,100
    assert (report.recorded, report.collected, report.province, report.cards) == (2, 1_366_200, 0, 2)
    pay = SchoolPayment.objects.get(person=pupils[0])
    assert (pay.valid_from, pay.valid_to, pay.months, pay.premium, pay.state, pay.province, pay.amount) == (
        D(2026, 10, 1), D(2027, 9, 30), 12, 1_366_200, 683_100, 0, 683_100)
    assert pay.receipt_number == "HS-TH01-2026-00001"
    part = Participation.objects.get(person=pupils[0])
    assert (part.hi_group, part.payer, part.source, part.paid_on) == ("HS", "student", "school", D(2026, 9, 15))
    card = HICard.objects.get(person=pupils[0])
    # first time in group 4: 30 days after payment, but not before the period starts → 15 Oct, length kept
    assert card.group == "HS" and (card.valid_from, card.valid_to) == (D(2026, 10, 15), D(2027, 10, 14))
    assert not HICard.objects.filter(person=pupils[2]).exists()
    assert AuditEvent.objects.filter(object_type="compliance.schoolpayment").count() == 2
    with pytest.raises(Conflict):
        schools.school_payments_record(actor=u1, school_code="TH01", year=2026, entry_ids=[entries[pupils[0].pk]],
                                       paid_on=D(2026, 9, 16))
    with pytest.raises(InvalidInput):
        schools.school_payments_record(actor=u1, school_code="TH01", year=2026, entry_ids=[entries[pupils[2].pk]],
                                       paid_on=D(2099, 1, 1))
    rows = selectors.schools(u1, 2026)
    assert [(r["code"], r["pupils"], r["paid"], r["unpaid"], r["collected"], r["carded"]) for r in rows] == [
        ("TH01", 3, 2, 1, 1_366_200, 2)]
    assert selectors.schools(u2, 2026) == []

    # cancelled: card revoked, participation unconfirmed, the pupil can be entered again
    schools.school_payment_cancel(actor=u1, payment=pay, reason="wrong pupil")
    assert HICard.objects.get(person=pupils[0]).status == HICard.Status.REVOKED
    again = schools.school_payments_record(actor=u1, school_code="TH01", year=2026,
                                           entry_ids=[entries[pupils[0].pk]], paid_on=D(2026, 9, 20))
    assert again.recorded == 1 and SchoolPayment.objects.filter(person=pupils[0]).count() == 2


@pytest.mark.django_db
def test_school_payment_with_a_provincial_top_up_hcmc(two_provinces) -> None:
    p79 = f.ProvinceFactory(code="79", name="Thành phố Hồ Chí Minh")
    commune = f.CommuneFactory(parent=p79, name="Phường Bến Thành")
    admin = f.UserFactory(is_superuser=True)
    pupil = f.PersonFactory(address_commune=commune, birth_date=D(2012, 4, 4))
    from ansinh.compliance.services.lists import list_import
    from ansinh.compliance.tests.conftest import csv_bytes

    list_import(actor=admin, kind="school_pupils", source="Trường", source_date=D(2026, 11, 20), province_code="79",
                file_name="hcm.csv", data=csv_bytes([HEADER, ["THCS1", "THCS Lê Lợi", "9", pupil.citizen_id,
                                                              pupil.full_name, "04/04/2012", commune.code]]))
    entry = ListEntry.objects.get(person=pupil)
    report = schools.school_payments_record(actor=admin, school_code="THCS1", year=2026, entry_ids=[entry.pk],
                                            paid_on=D(2026, 9, 1))
    # Resolution 56/2025/NQ-HĐND: 50 % central + 50 % city → the pupil pays nothing; the city 683,100
    pay = SchoolPayment.objects.get(person=pupil)
    assert (pay.state, pay.province, pay.amount, pay.local_group) == (683_100, 683_100, 0, "student")
    assert report.collected == 0 and report.province == 683_100
    card = HICard.objects.get(person=pupil)
    assert (card.support_group, card.support_central, card.support_local) == ("student", Decimal("0.5"),
                                                                              Decimal("0.5"))


@pytest.mark.django_db
def test_unmatched_pupil_refused_nothing_written(two_provinces) -> None:
    a1, u1 = two_provinces["a1"], two_provinces["u1"]
    pupil = f.PersonFactory(address_commune=a1, birth_date=D(2015, 2, 1))
    entries = _school(u1, a1, [pupil])
    ListEntry.objects.filter(pk=entries[pupil.pk]).update(person=None, match_method="none")
    with pytest.raises(InvalidInput) as exc:
        schools.school_payments_record(actor=u1, school_code="TH01", year=2026, entry_ids=[entries[pupil.pk]],
                                       paid_on=D(2026, 9, 15))
    assert exc.value.code == "not_matched" and "line 2" in exc.value.message
    assert not SchoolPayment.objects.exists() and not Participation.objects.exists()


@pytest.mark.django_db
def test_near_poor_fully_supported_needs_no_receipt(two_provinces) -> None:
    a1, b1 = two_provinces["a1"], two_provinces["b1"]
    here = f.PersonFactory(address_commune=a1)  # Lạng Sơn: central 70 % + province 30 % = 100 %
    there = f.PersonFactory(address_commune=b1)  # Cao Bằng: no scheme, the person owes 30 %
    for p in (here, there):
        cf.hi_participation(p, group="CN", payer=Payer.STATE_SUPPORTED, start=OCT)
    report = cards.cards_issue(period=OCT)
    assert (report.candidates, report.issued, report.skipped) == (1, 1, {})
    card = HICard.objects.get(person=here)
    assert card.support_local == Decimal("0.3") and (card.valid_from, card.valid_to) == (D(2026, 10, 1), D(2026, 12, 31))
    assert card.detail["validity"] == "payment"
    assert not HICard.objects.filter(person=there).exists()


@pytest.mark.django_db
def test_school_payment_with_existing_pupil_participations(two_provinces) -> None:
    a1, u1 = two_provinces["a1"], two_provinces["u1"]
    open_list, paid_to, household = [f.PersonFactory(address_commune=a1, birth_date=D(2015, 2, d)) for d in (1, 2, 3)]
    entries = _school(u1, a1, [open_list, paid_to, household])
    opened = cf.hi_participation(open_list, group="HS", payer=Payer.STUDENT, start=Month(2026, 8))
    paid = cf.hi_participation(paid_to, group="HS", payer=Payer.STUDENT, start=Month(2026, 8))
    Participation.objects.filter(pk=paid.pk).update(valid_to=D(2026, 11, 30))
    cf.hi_participation(household, group="GD", payer=Payer.HOUSEHOLD, start=Month(2026, 1))
    pupils = {x["person_id"]: x for x in selectors.school_pupils(u1, "TH01", 2026)}
    assert [pupils[p.pk]["payable"] for p in (open_list, paid_to, household)] == [True, True, False]
    assert pupils[paid_to.pk]["student_to"] == D(2026, 11, 30)
    with pytest.raises(Conflict) as exc:
        schools.school_payments_record(actor=u1, school_code="TH01", year=2026, entry_ids=entries.values(),
                                       paid_on=D(2026, 9, 15))
    assert exc.value.code == "already_covered" and household.full_name in exc.value.message
    assert Participation.objects.get(pk=opened.pk).valid_to is None  # nothing written
    schools.school_payments_record(actor=u1, school_code="TH01", year=2026,
                                   entry_ids=[entries[open_list.pk], entries[paid_to.pk]], paid_on=D(2026, 9, 15))
    # the open list participation is closed on 30 September (audited); the school's runs Oct–Sep
    assert Participation.objects.get(pk=opened.pk).valid_to == D(2026, 9, 30)
    assert AuditEvent.objects.filter(object_type="coverage.participation", object_id=str(opened.pk)).exists()
    # paid to 30 November another way: the school collects Dec–Sep, 10 × 113,850 = 1,138,500, the pupil half
    later = SchoolPayment.objects.get(person=paid_to)
    assert (later.valid_from, later.months, later.premium, later.amount) == (D(2026, 12, 1), 10, 1_138_500, 569_250)


@pytest.mark.django_db
def test_change_of_group_applies_the_scheme_of_the_new_group(two_provinces) -> None:
    """A card changed to another group gets the provincial support of the new group (not the old card's): an
    employee (DN, no support) who becomes near-poor (CN) in Lạng Sơn: central 70 % + the province 30 % (demo
    values); back to DN: no support."""
    a1, u1 = two_provinces["a1"], two_provinces["u1"]
    employer = f.EmployerFactory(address_commune=a1)
    march = Month(2026, 3)
    person = cf.employee(employer, commune=a1, start=march)
    cf.assessed(march)
    cf.pay(employer, march, on=D(2026, 4, 10))
    cards.cards_issue(period=march, actor=u1, primary_care_code="20001")
    card = HICard.objects.get(person=person)
    assert (card.group, card.support_group, card.support_local) == ("DN", "", 0)
    cf.hi_participation(person, group="CN", payer=Payer.STATE_SUPPORTED, start=Month(2026, 6))
    near_poor = cards.card_change(actor=u1, card=card, on=D(2026, 6, 1), group="CN")
    assert (near_poor.group, near_poor.support_group, near_poor.support_central, near_poor.support_local) == (
        "CN", "near_poor", Decimal("0.7"), Decimal("0.3"))
    assert "UNVERIFIED" in near_poor.support_basis
    # a change of facility only keeps the shares of the card it replaces
    kept = cards.card_change(actor=u1, card=near_poor, on=D(2026, 7, 2), primary_care_code="20002")
    assert (kept.group, kept.support_group, kept.support_local) == ("CN", "near_poor", Decimal("0.3"))
    back = cards.card_change(actor=u1, card=kept, on=D(2026, 9, 1), group="DN")
    assert (back.support_group, back.support_central, back.support_local, back.support_basis) == ("", 0, 0, "")
