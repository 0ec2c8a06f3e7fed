"""Fixtures of the procedures tests: a desk clerk and handlers of the first province's office, a person and a
unit in each province."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import Role
from ansinh.core.testing import factories as f


@pytest.fixture
def desk(two_provinces):
    o1 = two_provinces["o1"]

    def user(name: str, role: str):
        u = f.UserFactory(username=name, role=role)
        u.offices.set([o1])
        return u

    return {
        **two_provinces,
        "clerk": user("clerk", Role.DESK_CLERK),
        "benefits": user("benefits", Role.BENEFITS_OFFICER),
        "collection": user("collection", Role.COLLECTION_OFFICER),
        "manager": user("manager_ls", Role.MANAGER),
        "person": f.PersonFactory(address_commune=two_provinces["a1"]),
        "outsider": f.PersonFactory(address_commune=two_provinces["b1"]),
        "employer": f.EmployerFactory(address_commune=two_provinces["a2"]),
    }
