"""Fixtures of the staff web app tests."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from ansinh.web.management.commands.compile_translations import compile_catalogs


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile the .po files (as `make test` does) so that the tests also pass when run directly; forget any
    catalogue loaded before, as Django's own autoreloader does when a .mo changes."""
    compile_catalogs()
    trans_real._translations = {}
    trans_real._default = None
    translation.deactivate()


@pytest.fixture
def scoped(two_provinces):
    """The two-province set-up with people, households and employers on each side."""
    from ansinh.core.testing import factories as f

    data = dict(two_provinces)
    data["person_ls"] = f.PersonFactory(full_name="Nguyễn Văn An", address_commune=two_provinces["a1"], phone="0912345678")
    data["person_cb"] = f.PersonFactory(full_name="Nguyễn Văn Anh", address_commune=two_provinces["b1"])
    data["household_ls"] = f.HouseholdFactory(commune=two_provinces["a1"], head=data["person_ls"])
    data["household_cb"] = f.HouseholdFactory(commune=two_provinces["b1"], head=data["person_cb"])
    data["employer_ls"] = f.EmployerFactory(name="Công ty TNHH Lạng Sơn Xanh", address_commune=two_provinces["a2"])
    data["employer_cb"] = f.EmployerFactory(name="Công ty TNHH Cao Bằng Xanh", address_commune=two_provinces["b2"])
    data["employment_ls"] = f.EmploymentFactory(person=data["person_ls"], employer=data["employer_ls"], salary=9_500_000)
    return data
