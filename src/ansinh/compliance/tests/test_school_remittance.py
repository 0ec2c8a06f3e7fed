"""What a school remitted for its pupils' HI, posted to the ledger once: the pupils' share to the agency's cash, the
State's share to the central budget, the province's to the provincial budget, the premium to each pupil's revenue.

Hand calculations (base salary 2,530,000 from 2026-07-01): a pupil's academic year 2026–27 = 12 × 4.5 % ×
2,530,000 = 12 × 113,850 = 1,366,200; the State pays 50 % (Decree 188/2025) = 683,100. Cà Mau adds 20 points
(its resolution, V-SEC) = 273,240, the pupil pays 30 % = 409,860. Lạng Sơn adds nothing for pupils from
2025-07-01: the pupil pays 683,100."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum
from django.urls import reverse

from ansinh.accounts.models import AuditEvent
from ansinh.compliance import selectors
from ansinh.compliance.models import ListEntry, SchoolPayment, SchoolRemittance
from ansinh.compliance.services import schools
from ansinh.compliance.services.school_remittance import school_remittance_record
from ansinh.compliance.tests.conftest import csv_bytes
from ansinh.compliance.tests.test_support_cards import HEADER, _school
from ansinh.contributions.models import LedgerEntry, LedgerTxn
from ansinh.core.errors import Conflict, InvalidInput, NotFound
from ansinh.core.testing import factories as f

pytestmark = pytest.mark.django_db
D = dt.date
OCT = D(2026, 10, 1)


def _ca_mau_school(admin, pupils_n=3):
    from ansinh.compliance.services.lists import list_import

    p96 = f.ProvinceFactory(code="96", name="Tỉnh Cà Mau")
    commune = f.CommuneFactory(parent=p96, name="Phường 5")
    office = f.OfficeFactory(province=p96, code="BHXH-CM")
    f.serve(office, commune)
    pupils = [f.PersonFactory(address_commune=commune, birth_date=D(2015, 3, d)) for d in range(1, pupils_n + 1)]
    list_import(actor=admin, kind="school_pupils", source="Trường", source_date=D(2026, 9, 5), province_code="96",
                file_name="cm.csv", data=csv_bytes([HEADER] + [
                    ["TH96", "TH Phan Ngọc Hiển", "5", p.citizen_id, p.full_name, p.birth_date.strftime("%d/%m/%Y"),
                     commune.code] for p in pupils]))
    entries = {e.person_id: e.pk for e in ListEntry.objects.filter(school_code="TH96")}
    return pupils, entries, office


def _entries(txn):
    return {(e.account, e.holder_type, e.holder_id, e.for_period): e.amount for e in txn.entries.all()}


def test_remittance_posts_each_share_to_its_account_once() -> None:
    admin = f.UserFactory(is_superuser=True)
    pupils, entries, office = _ca_mau_school(admin)
    schools.school_payments_record(actor=admin, school_code="TH96", year=2026, paid_on=D(2026, 9, 15),
                                   entry_ids=[entries[pupils[0].pk], entries[pupils[1].pk]])
    assert SchoolPayment.objects.filter(amount=409_860, state=683_100, province=273_240).count() == 2

    remittance, created = school_remittance_record(actor=admin, school_code="TH96", year=2026, reference="UNC-0915",
                                                   remitted_on=D(2026, 9, 18), amount=819_720)
    assert created and (remittance.pupils, remittance.amount, remittance.state, remittance.province) == (
        2, 819_720, 1_366_200, 546_480)
    txn = remittance.txn
    assert (txn.kind, txn.reference, txn.effective_date) == ("remittance", "school:TH96:UNC-0915", D(2026, 9, 18))
    assert _entries(txn) == {
        ("cash", "agency", office.pk, OCT): 819_720,            # 2 × 409,860, the pupils' share
        ("state_support", "state", 0, OCT): 1_366_200,          # 2 × 683,100, the central budget
        ("state_support", "state", 96, OCT): 546_480,           # 2 × 273,240, Cà Mau's budget
        ("revenue", "person", pupils[0].pk, OCT): -1_366_200,
        ("revenue", "person", pupils[1].pk, OCT): -1_366_200,
    }
    assert txn.entries.aggregate(s=Sum("amount"))["s"] == 0
    assert set(SchoolPayment.objects.values_list("remittance_id", flat=True)) == {remittance.pk}
    event = AuditEvent.objects.get(object_type="compliance.schoolremittance")
    assert event.after["receipts"] == ["HS-TH96-2026-00001", "HS-TH96-2026-00002"]
    assert AuditEvent.objects.filter(object_type="contributions.ledgertxn", object_id=str(txn.pk)).exists()

    # the same reference again: the first remittance, nothing posted twice
    again, created = school_remittance_record(actor=admin, school_code="TH96", year=2026, reference="UNC-0915",
                                              remitted_on=D(2026, 9, 18))
    assert not created and again.pk == remittance.pk
    assert LedgerTxn.objects.filter(kind="remittance").count() == 1

    # a payment cannot be remitted twice; a remitted payment cannot be cancelled
    with pytest.raises(Conflict) as exc:
        school_remittance_record(actor=admin, school_code="TH96", year=2026, reference="UNC-2",
                                 remitted_on=D(2026, 9, 20), receipt_numbers=["HS-TH96-2026-00001"])
    assert exc.value.field == "receipt_numbers" and "UNC-0915" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        school_remittance_record(actor=admin, school_code="TH96", year=2026, reference="UNC-2",
                                 remitted_on=D(2026, 9, 20))
    assert (exc.value.code, exc.value.field) == ("school_nothing_to_remit", "receipt_numbers")
    with pytest.raises(Conflict) as exc:
        schools.school_payment_cancel(actor=admin, payment=SchoolPayment.objects.first(), reason="x")
    assert exc.value.field == "payment"
    assert SchoolRemittance.objects.count() == 1 and LedgerTxn.objects.filter(kind="remittance").count() == 1

    # the third pupil: remitted by receipt number; remitted vs collected per school
    schools.school_payments_record(actor=admin, school_code="TH96", year=2026, paid_on=D(2026, 9, 21),
                                   entry_ids=[entries[pupils[2].pk]])
    row = selectors.schools(admin, 2026)[0]
    assert (row["collected"], row["remitted"], row["unremitted"]) == (1_229_580, 819_720, 409_860)
    second, _ = school_remittance_record(actor=admin, school_code="TH96", year=2026, reference="UNC-3",
                                         remitted_on=D(2026, 9, 22), receipt_numbers=["hs-th96-2026-00003"])
    assert second.amount == 409_860
    row = selectors.schools(admin, 2026)[0]
    assert (row["remitted"], row["unremitted"]) == (1_229_580, 0)
    # the budgets owe what the remittances posted: Σ state_support per holder
    owed = dict(LedgerEntry.objects.filter(account="state_support").values_list("holder_id")
                .annotate(s=Sum("amount")).values_list("holder_id", "s"))
    assert owed == {0: 3 * 683_100, 96: 3 * 273_240}


def test_refusals_name_the_field_and_write_nothing(two_provinces) -> None:
    a1, u1, u2 = two_provinces["a1"], two_provinces["u1"], two_provinces["u2"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=D(2015, 2, d)) for d in (1, 2)]
    entries = _school(u1, a1, pupils)
    schools.school_payments_record(actor=u1, school_code="TH01", year=2026, entry_ids=entries.values(),
                                   paid_on=D(2026, 9, 15))

    def refused(exc_type, field, **kw):
        args = {"actor": u1, "school_code": "TH01", "year": 2026, "reference": "R1", "remitted_on": D(2026, 9, 20),
                **kw}
        with pytest.raises(exc_type) as exc:
            school_remittance_record(**args)
        assert exc.value.field == field, exc.value
        return exc.value

    refused(InvalidInput, "reference", reference=" ")
    refused(InvalidInput, "remitted_on", remitted_on=D(2099, 1, 1))
    refused(InvalidInput, "amount", amount=1)                      # 2 × 683,100 = 1,366,200 was remitted
    refused(InvalidInput, "receipt_numbers", receipt_numbers=["HS-TH01-2026-00009"])
    refused(InvalidInput, "remitted_on", receipt_numbers=["HS-TH01-2026-00001"], remitted_on=D(2026, 9, 14))
    refused(InvalidInput, "receipt_numbers", remitted_on=D(2026, 9, 14))     # nothing paid on or before that day
    with pytest.raises(NotFound):                                   # another province's officer
        school_remittance_record(actor=u2, school_code="TH01", year=2026, reference="R1", remitted_on=D(2026, 9, 20))
    assert not SchoolRemittance.objects.exists() and not LedgerTxn.objects.filter(kind="remittance").exists()
    assert not SchoolPayment.objects.filter(remittance__isnull=False).exists()
    remittance, _ = school_remittance_record(actor=u1, school_code="TH01", year=2026, reference="R1",
                                             remitted_on=D(2026, 9, 20), amount=1_366_200)
    # Lạng Sơn: no pupils' top-up → nothing to the provincial budget; the office serving the commune holds the cash
    assert _entries(remittance.txn) == {
        ("cash", "agency", two_provinces["o1"].pk, OCT): 1_366_200,
        ("state_support", "state", 0, OCT): 1_366_200,
        ("revenue", "person", pupils[0].pk, OCT): -1_366_200,
        ("revenue", "person", pupils[1].pk, OCT): -1_366_200,
    }


def test_school_page_records_a_remittance(client, places) -> None:
    a1, u1 = places["a1"], places["u1"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=D(2015, 2, d)) for d in (1, 2)]
    entries = _school(u1, a1, pupils)
    schools.school_payments_record(actor=u1, school_code="TH01", year=2026, entry_ids=entries.values(),
                                   paid_on=D(2026, 9, 15))
    client.force_login(u1)
    url = reverse("compliance:school_detail", args=["TH01"]) + "?year=2026"
    wrong = client.post(url, {"year": "2026", "step": "remit", "reference": "UNC-1", "remitted_on": "2026-09-20",
                              "amount": "1.000"}, follow=True)
    assert "1.366.200" in wrong.content.decode() and not SchoolRemittance.objects.exists()
    client.post(url, {"year": "2026", "step": "remit", "reference": "UNC-1", "remitted_on": "2026-09-20",
                      "amount": "1.366.200", "receipts": ""})
    assert SchoolRemittance.objects.get().amount == 1_366_200
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "UNC-1" in page
    listing = client.get(reverse("compliance:schools") + "?year=2026").content.decode()
    assert "1.366.200" in listing
