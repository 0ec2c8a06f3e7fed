"""A small world for the security suites: two provinces, each with an employer, employees, a household, a
collection agent; and the users of every role (staff scoped to the first province, an employer representative,
a citizen). New apps add objects to `security_world` (see docs/SECURITY.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.accounts.models import Role
from ansinh.accounts.services import token_create
from ansinh.core.testing import factories as f


@pytest.fixture
def security_world(two_provinces):
    w = dict(two_provinces)
    for side, communes in (("in", ("a1", "a2")), ("out", ("b1", "b2"))):
        c1, c2 = (w[c] for c in communes)
        employer = f.EmployerFactory(address_commune=c1, start_date=dt.date(2010, 1, 1))
        current = f.EmploymentFactory(employer=employer, person=f.PersonFactory(address_commune=c1),
                                      valid_from=dt.date(2020, 1, 1), salary=9_000_000)
        former = f.EmploymentFactory(employer=employer, person=f.PersonFactory(address_commune=c2),
                                     valid_from=dt.date(2012, 1, 1), valid_to=dt.date(2015, 12, 31), salary=6_000_000)
        household = f.HouseholdFactory(commune=c2)
        w[f"{side}_employer"], w[f"{side}_current"], w[f"{side}_former"] = employer, current, former
        w[f"{side}_household"] = household
        w[f"{side}_person"] = current.person
    w["rep"] = f.UserFactory(username="rep_in", role=Role.EMPLOYER_REP, employer=w["in_employer"])
    w["citizen"] = f.UserFactory(username="citizen_in", role=Role.CITIZEN, person=w["in_person"])
    for role in (Role.DESK_CLERK, Role.BENEFITS_OFFICER, Role.HI_OFFICER, Role.MANAGER, Role.ADMINISTRATOR):
        user = f.UserFactory(username=f"{role}_in", role=role)
        user.offices.set([w["o1"]])
        w[f"user_{role}"] = user
    w["user_collection_officer"] = w["u1"]
    return w


@pytest.fixture
def bearer():
    def make(user) -> str:
        return token_create(user=user, name="security-suite")
    return make
