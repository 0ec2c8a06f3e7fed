"""Each detection rule with a positive and a negative case; re-running keeps follow-ups; scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ansinh.compliance.models import Finding
from ansinh.compliance.services.detect import detect, finding_follow_up
from ansinh.compliance.services.lists import list_import
from ansinh.compliance.tests.conftest import csv_bytes
from ansinh.contributions.models import AssessmentLine
from ansinh.core.errors import InvalidInput
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard, Participation
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db
NOV = Month(2026, 11)
TAX_HEADER = ["Mã số thuế", "Tên doanh nghiệp", "Mã xã", "Trạng thái", "Ngày thành lập", "Chi phí tiền lương",
              "Số lao động"]


def card(person, valid_from, valid_to, group="HN"):
    HICard.objects.filter(person=person, status="issued").update(status="replaced")
    return HICard.objects.create(person=person, number=f"{group}3200000000{person.id:03d}"[:15], group=group,
                                 benefit_level=2, province_code="20", valid_from=valid_from, valid_to=valid_to,
                                 issued_at=timezone.now())


def si(person, employer):
    Participation.objects.create(person=person, scheme="si", payer="employer_employee", employer=employer,
                                 valid_from=dt.date(2024, 1, 1), source="manual")


def found(rule, period=NOV):
    return {x.key: x for x in Finding.objects.filter(rule=rule, period=period.first_day)}


def imp(user, kind, rows):
    return list_import(actor=user, kind=kind, source="Sở", source_date=dt.date(2026, 11, 20), province_code="20",
                       file_name=f"{kind}.csv", data=csv_bytes(rows))


def test_unit_not_enrolled(places) -> None:
    a1, u1 = places["a1"], places["u1"]
    codes = [f.EmployerFactory.build().tax_code for _ in range(4)]
    registered = f.EmployerFactory(address_commune=a1)
    imp(u1, "tax_enterprises", [TAX_HEADER,
        [codes[0], "Cty TNHH Lâu Năm", a1.code, "active", "01/03/2026", "", "7"],  # 90 days long past: found
        [codes[1], "Cty TNHH Vừa Lập", a1.code, "active", "01/10/2026", "", ""],  # 2026-10-01 + 90 > 2026-11-30
        [codes[2], "Cty TNHH Đã Giải Thể", a1.code, "giải thể", "01/01/2020", "", ""],
        [codes[3], "Cty TNHH Ranh Giới", a1.code, "active", "01/09/2026", "", ""],  # day 90 is 2026-11-30: not yet
        [registered.tax_code, registered.name, a1.code, "active", "01/01/2015", "", ""]])
    counts = detect(actor=u1, province_code="20", period=NOV)
    hits = found("unit_not_enrolled")
    assert set(hits) == {codes[0]} and counts["unit_not_enrolled"] == 1
    assert hits[codes[0]].workers == 7 and "28.1" in hits[codes[0]].basis
    assert hits[codes[0]].detail["established_on"] == "2026-03-01"


def test_headcount_and_wages_under_declared(places) -> None:
    a1, u1 = places["a1"], places["u1"]
    short = f.EmployerFactory(address_commune=a1)
    fine = f.EmployerFactory(address_commune=a1)
    for employer, n, salary in ((short, 2, 6_000_000), (fine, 3, 10_000_000)):
        for _ in range(n):
            job = f.EmploymentFactory(employer=employer, person=f.PersonFactory(address_commune=a1))
            si(job.person, employer)
            AssessmentLine.objects.create(period=NOV.first_day, for_period=NOV.first_day, employer=employer,
                                          person=job.person, employment=job, salary=salary, si_base=salary,
                                          ui_base=salary, sm_er=0, oaod_er=0, rs_er=0, rs_ee=0, hi_er=0, hi_ee=0,
                                          ui_er=0, ui_ee=0)
    imp(u1, "tax_enterprises", [TAX_HEADER,
        [short.tax_code, short.name, a1.code, "active", "01/01/2015", "360000000", "5"],  # 30 M/month vs 12 M
        [fine.tax_code, fine.name, a1.code, "active", "01/01/2015", "390000000", "3"]])  # 32.5 M vs 30 M: within 10 %
    detect(actor=u1, province_code="20", period=NOV)
    heads, wages = found("headcount_under"), found("wage_under")
    assert set(heads) == {short.tax_code} and heads[short.tax_code].workers == 3
    assert heads[short.tax_code].detail["si_headcount"] == 2
    assert set(wages) == {short.tax_code}
    assert wages[short.tax_code].detail["shortfall_month"] == 30_000_000 - 12_000_000


def test_state_budget_and_pupils_without_card(places) -> None:
    a1, u1 = places["a1"], places["u1"]
    poor_no_card = f.PersonFactory(address_commune=a1, birth_date=dt.date(1970, 1, 1))
    poor_card = f.PersonFactory(address_commune=a1, birth_date=dt.date(1971, 1, 1))
    card(poor_card, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    pupil_no_card = f.PersonFactory(address_commune=a1, birth_date=dt.date(2015, 1, 1))
    pupil_card = f.PersonFactory(address_commune=a1, birth_date=dt.date(2015, 2, 1))
    card(pupil_card, dt.date(2026, 10, 1), dt.date(2027, 9, 30), "HS")
    header = ["Số định danh", "Họ và tên", "Ngày sinh", "Mã xã", "Đối tượng"]
    imp(u1, "state_budget_group", [header,
        [poor_no_card.citizen_id, poor_no_card.full_name, "01/01/1970", a1.code, "hộ nghèo"],
        [poor_card.citizen_id, poor_card.full_name, "01/01/1971", a1.code, "hộ nghèo"],
        ["", "Người Chưa Có Trong Sổ", "05/05/1980", a1.code, "hộ cận nghèo"]])
    imp(u1, "school_pupils", [["Số định danh", "Họ và tên", "Ngày sinh", "Mã xã", "Tên trường", "Lớp"],
        [pupil_no_card.citizen_id, pupil_no_card.full_name, "01/01/2015", a1.code, "TH Kim Đồng", "5A"],
        [pupil_card.citizen_id, pupil_card.full_name, "01/02/2015", a1.code, "TH Kim Đồng", "5B"]])
    detect(actor=u1, province_code="20", period=NOV)
    budget, pupils = found("state_budget_no_card"), found("pupil_no_card")
    assert poor_no_card.citizen_id in budget and poor_card.citizen_id not in budget
    unknown = [x for x in budget.values() if not x.detail["in_registry"]]
    assert len(unknown) == 1 and unknown[0].detail["group"] == "near_poor"
    assert set(pupils) == {pupil_no_card.citizen_id} and pupils[pupil_no_card.citizen_id].school == "TH Kim Đồng"


def test_lapsed_cards(places) -> None:
    a1, u1 = places["a1"], places["u1"]
    lapsed = f.PersonFactory(address_commune=a1)
    card(lapsed, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    long_ago = f.PersonFactory(address_commune=a1)
    card(long_ago, dt.date(2024, 1, 1), dt.date(2025, 10, 31))
    renewed = f.PersonFactory(address_commune=a1)
    card(renewed, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    card(renewed, dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    dead = f.PersonFactory(address_commune=a1, death_date=dt.date(2026, 9, 1))
    card(dead, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    detect(actor=u1, province_code="20", period=NOV)
    hits = found("card_lapsed")
    assert set(hits) == {lapsed.citizen_id}
    assert hits[lapsed.citizen_id].detail == {"card_ended": "2026-08-31", "rejoin_wait_30_days": True}


def test_rerun_keeps_follow_up_and_resolves_what_is_gone(places) -> None:
    a1, u1 = places["a1"], places["u1"]
    p = f.PersonFactory(address_commune=a1)
    q = f.PersonFactory(address_commune=a1)
    card(p, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    card(q, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    detect(actor=u1, province_code="20", period=NOV)
    hit = found("card_lapsed")[p.citizen_id]
    finding_follow_up(actor=u1, finding=hit, status="contacted", note="gọi điện")
    with pytest.raises(InvalidInput):
        finding_follow_up(actor=u1, finding=hit, status="resolved")
    card(q, dt.date(2026, 11, 1), dt.date(2027, 10, 31))  # q renewed
    detect(actor=u1, province_code="20", period=NOV)
    hits = found("card_lapsed")
    assert hits[p.citizen_id].status == "contacted" and hits[p.citizen_id].note == "gọi điện"
    assert hits[q.citizen_id].status == "resolved"
    assert Finding.objects.filter(rule="card_lapsed").count() == 2


def test_scope_other_province_sees_nothing(places) -> None:
    a1, b1 = places["a1"], places["b1"]
    p = f.PersonFactory(address_commune=a1)
    card(p, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    other = f.PersonFactory(address_commune=b1)
    card(other, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    detect(actor=places["u1"], province_code="20", period=NOV)
    assert set(found("card_lapsed")) == {p.citizen_id}
