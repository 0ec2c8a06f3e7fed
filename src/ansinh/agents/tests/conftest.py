"""An agent world: a post office in the first province (its office serves communes a1 and a2) and a commune
collection point in the second, each with an agent-staff user; a household of three in a2 (the third already
insured by an employer), a participant in a1, and a person of the other province."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.accounts.models import Role
from ansinh.contributions.services import collection as svc
from ansinh.core.testing import factories as f
from ansinh.coverage.models import Participation, Payer, Scheme
from ansinh.coverage.services.participation import participation_open
from ansinh.registry.models import HouseholdMember, Relationship
from ansinh.rules.periods import Month

PASSWORD = "secret-pass-1"


@pytest.fixture
def agent_world(two_provinces):
    w = dict(two_provinces)
    officer, officer_b = w["u1"], w["u2"]
    a1, a2, b1 = w["a1"], w["a2"], w["b1"]
    w["agent"] = svc.agent_create(actor=officer, data=svc.AgentInput(
        code=f"3456789000TH20{a1.code}001", name="Bưu điện Lương Văn Tri", kind="post_office", commune_id=a1.pk,
        commission_rate=Decimal("0.04"), valid_from=dt.date(2025, 7, 1), office_id=w["o1"].pk))
    w["agent_b"] = svc.agent_create(actor=officer_b, data=svc.AgentInput(
        code=f"0400000000TH04{b1.code}001", name="Điểm thu Thục Phán", kind="commune_point", commune_id=b1.pk,
        commission_rate=Decimal("0.05"), valid_from=dt.date(2025, 7, 1)))
    for key, agent, boss in (("agent_user", w["agent"], officer), ("agent_user_b", w["agent_b"], officer_b)):
        user = f.UserFactory(username=key, role=Role.COLLECTION_AGENT, first_name="Mai", last_name="Lục Thị")
        svc.agent_staff_add(actor=boss, agent=agent, full_name="Lục Thị Mai", valid_from=dt.date(2025, 7, 1), user=user)
        w[key] = user
    household = f.HouseholdFactory(commune=a2, head=f.PersonFactory(address_commune=a2, full_name="Hoàng Văn Đức",
                                                                     birth_date=dt.date(1970, 2, 1)))
    spouse = f.PersonFactory(address_commune=a2, full_name="Hoàng Thị Hoa", sex="F", birth_date=dt.date(1975, 6, 1))
    worker = f.PersonFactory(address_commune=a2, full_name="Hoàng Văn Nam", birth_date=dt.date(1998, 9, 9))
    for person, rel in ((spouse, Relationship.SPOUSE), (worker, Relationship.CHILD)):
        HouseholdMember.objects.create(household=household, person=person, relationship=rel,
                                       valid_from=dt.date(2020, 1, 1))
    participation_open(actor=None, person=worker, scheme=Scheme.HI, payer=Payer.EMPLOYER_EMPLOYEE, hi_group="DN",
                       from_month=Month(2024, 1), source=Participation.Source.DECLARATION)
    w.update(household=household, head=household.head, spouse=spouse, worker=worker)
    w["participant"] = f.PersonFactory(address_commune=a1, full_name="Lê Thị Vân", sex="F", birth_date=dt.date(1988, 3, 3))
    w["stranger"] = f.PersonFactory(address_commune=b1, full_name="Lê Thị Vân", sex="F")
    w["household_b"] = f.HouseholdFactory(commune=w["b2"])
    return w
