"""Students: coverage by school and academic year; what the provincial budget owes the HI fund per quarter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.compliance import selectors
from ansinh.compliance.tests.test_detect import card, imp
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db


def test_coverage_by_school_and_province_owed(places) -> None:
    a1, u1 = places["a1"], places["u1"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=dt.date(2015, 1, d)) for d in (1, 2, 3)]
    near_poor = f.PersonFactory(address_commune=a1, birth_date=dt.date(1980, 1, 1))
    header = ["Số định danh", "Họ và tên", "Ngày sinh", "Mã xã", "Tên trường", "Lớp"]
    imp(u1, "school_pupils", [header] + [[p.citizen_id, p.full_name, p.birth_date.strftime("%d/%m/%Y"), a1.code,
                                          "TH Kim Đồng", "5A"] for p in pupils])
    imp(u1, "state_budget_group", [["Số định danh", "Họ và tên", "Ngày sinh", "Mã xã", "Đối tượng"],
                                   [near_poor.citizen_id, near_poor.full_name, "01/01/1980", a1.code, "hộ cận nghèo"]])
    card(pupils[0], dt.date(2026, 10, 1), dt.date(2027, 9, 30), "HS")
    card(pupils[1], dt.date(2026, 10, 1), dt.date(2027, 9, 30), "HS")
    cn = card(near_poor, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "CN")
    # the card issue stored the province's share on the card (coverage.services.cards): near-poor to 100 %
    HICard.objects.filter(pk=cn.pk).update(support_group="near_poor", support_central=Decimal("0.7"),
                                           support_local=Decimal("0.3"), support_basis="Lạng Sơn demo")
    rows = selectors.student_coverage(u1, Month(2026, 11))
    assert [(r["school"], r["year"], r["pupils"], r["insured"], r["missing"]) for r in rows] == [
        ("TH Kim Đồng", "2026–2027", 3, 2, 1)]
    # 3 pupils × 1,366,200 for 2026–2027; State 50 %; Lạng Sơn has no pupils' top-up from 2025-07-01 (the
    # demo scheme, see docs/legal-sources.md): the school collects the other 50 %
    assert (rows[0]["premium"], rows[0]["state"], rows[0]["province"], rows[0]["collect"]) == (
        4_098_600, 2_049_300, 0, 2_049_300)
    owed = selectors.province_owed(u1, "20", 2026, 4)
    # Q4 2026, 4.5 % × 2,530,000 = 113,850 a month; near-poor +30 points: 3 months × 34,155 = 102,465; the
    # pupils' cards carry no provincial share
    assert owed.by_group == {"near_poor": {"cards": 1, "card_months": 3, "amount": 102_465}}
    assert owed.total == 102_465 and [c.number for c in owed.cards] == [cn.number]
    assert selectors.province_owed(u1, "04", 2026, 4).total == 0  # no scheme, and not the user's province
    assert selectors.province_owed(places["u2"], "20", 2026, 4).total == 0  # another office's persons
    assert selectors.student_coverage(places["u2"], Month(2026, 11)) == []
