"""Reminders from the arrears, publication, check cases from the record to the fine and payment; scope."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.compliance.models import CheckCase, Reminder
from ansinh.compliance.services.enforcement import (
    check_open,
    check_payment,
    check_record,
    evasion_from,
    publication_list,
    reminders_generate,
)
from ansinh.contributions.models import Account, HolderType
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core.errors import Conflict, InvalidInput, NotFound
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db
NOV = Month(2026, 11)


def owe(employer, month: Month, amount: int) -> None:
    post(kind="assessment", reference=f"t-{employer.id}-{month}", period=month, effective_date=month.last_day,
         postings=[Posting(Account.RECEIVABLE, "rs", HolderType.EMPLOYER, employer.id, month.first_day, amount),
                   Posting("revenue", "rs", HolderType.EMPLOYER, employer.id, month.first_day, -amount)])


def test_reminders_from_arrears_once_a_month_and_evasion_date(places) -> None:
    late = f.EmployerFactory(address_commune=places["a1"])
    current = f.EmployerFactory(address_commune=places["a1"])
    outside = f.EmployerFactory(address_commune=places["b1"])
    owe(late, Month(2026, 7), 50_000_000)
    owe(current, NOV, 20_000_000)  # due on 31 Dec: not overdue at the end of November
    owe(outside, Month(2026, 7), 9_000_000)
    letters = reminders_generate(actor=places["u1"], period=NOV, sent_on=dt.date(2026, 12, 2))
    assert [(r.employer_id, r.overdue, r.oldest_month) for r in letters] == [(late.id, 50_000_000, dt.date(2026, 7, 1))]
    assert letters[0].sent_on == dt.date(2026, 12, 2) and letters[0].pay_by == dt.date(2026, 12, 17)
    assert reminders_generate(actor=places["u1"], period=NOV, sent_on=dt.date(2026, 12, 3)) == []  # once a month
    # July is due 31 August; 60 days after is 30 October, but never before the reminder: 3 December
    assert evasion_from(letters[0]) == dt.date(2026, 12, 3)
    rows = publication_list(places["u1"], NOV)
    assert [(r["employer"].id, r["months"], r["evading"]) for r in rows] == [(late.id, 3, False)]
    rows = publication_list(places["u1"], Month(2026, 12))
    assert rows[0]["evading"] is True


def test_check_case_record_fine_and_payment(places) -> None:
    e = f.EmployerFactory(address_commune=places["a1"])
    case = check_open(actor=places["u1"], employer_id=e.id, kind="unannounced", opened_on=dt.date(2026, 11, 10),
                      scope="SI, HI, UI 2025–2026", team="Đoàn kiểm tra số 3", documents="bảng lương, hợp đồng")
    assert case.status == "open" and case.number.startswith("KT-2026-")
    check_record(actor=places["u1"], case=case, act="non_registration", act_date=dt.date(2026, 10, 1),
                 record_on=dt.date(2026, 11, 20), employees_not_enrolled=12, amount=150_000_000,
                 interest=1_350_000, months_evaded=7, fined_before=True)
    case.refresh_from_db()
    # Decree 283/2026 Art 44.1.b: 12–20 M per individual, × 2 for an organisation, average 32 M
    assert case.fine == 32_000_000 and case.fine_detail["fine"]["decree"] == "Decree 283/2026/NĐ-CP"
    assert case.penal_flag and case.fine_detail["penal"]["clause"] == "216.1"
    assert case.remedy_by == dt.date(2026, 12, 20) and case.owed == 183_350_000
    check_payment(actor=places["u1"], case=case, amount=100_000_000, paid_on=dt.date(2026, 11, 25),
                  enrolled_workers=12)
    case.refresh_from_db()
    assert case.status == "remedying" and case.outstanding == 83_350_000
    with pytest.raises(InvalidInput):
        check_payment(actor=places["u1"], case=case, amount=90_000_000, paid_on=dt.date(2026, 11, 26))
    check_payment(actor=places["u1"], case=case, amount=83_350_000, paid_on=dt.date(2026, 11, 30))
    case.refresh_from_db()
    assert case.status == "paid" and case.enrolled_workers == 12
    with pytest.raises(Conflict):
        check_record(actor=places["u1"], case=case, act="evasion", act_date=dt.date(2026, 10, 1),
                     record_on=dt.date(2026, 11, 20), amount=1)


def test_check_fine_by_the_decree_of_the_act_date(places) -> None:
    e = f.EmployerFactory(address_commune=places["a1"])
    case = check_open(actor=places["u1"], employer_id=e.id, kind="planned", opened_on=dt.date(2026, 11, 1),
                      scope="SI", team="Tổ 1")
    check_record(actor=places["u1"], case=case, act="late_payment", act_date=dt.date(2026, 6, 30),
                 record_on=dt.date(2026, 11, 5), amount=100_000_000, offender="individual")
    case.refresh_from_db()
    assert case.fine_detail["fine"]["decree"] == "Decree 12/2022/NĐ-CP" and case.fine == 13_500_000
    assert not case.penal_flag
    with pytest.raises(InvalidInput) as exc:  # Decree 12/2022 has no headcount bands
        check_record(actor=places["u1"], case=case, act="late_registration", act_date=dt.date(2026, 6, 30),
                     record_on=dt.date(2026, 11, 5), employees_not_enrolled=3)
    assert exc.value.code == "act_not_in_decree"
    with pytest.raises(InvalidInput):
        check_record(actor=places["u1"], case=case, act="evasion", act_date=dt.date(2026, 11, 6),
                     record_on=dt.date(2026, 11, 5), amount=1)


def test_check_scope(places) -> None:
    outside = f.EmployerFactory(address_commune=places["b1"])
    with pytest.raises(NotFound):
        check_open(actor=places["u1"], employer_id=outside.id, kind="planned", opened_on=dt.date(2026, 11, 1),
                   scope="SI", team="Tổ 1")
    assert CheckCase.objects.count() == 0 and Reminder.objects.count() == 0
