"""A province with two local offices and an unserved commune, a plan in force, and users of each scope.

Province P (code 20): communes C0..C4 with population 1,000 / 2,000 / 3,000 / 1,500 / 2,500 (2025); office O1
serves C0, C1 and office O2 serves C2, C3; C4 is served by no office (its target comes straight from the
province). Province Q with office O3 is somebody else's. The plan for 2026 (population, monthly sub-targets):
HI 10,000 → O1 3,000 (C0 1,000, C1 2,000), O2 4,500 (C2 3,000, C3 1,500), C4 2,500; revenue 1,000,000; HI
coverage 90 %.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from ansinh.core.testing import factories as f
from ansinh.places.models import Population
from ansinh.planning.services.targets import PlanInput, plan_create
from ansinh.web.management.commands.compile_translations import compile_catalogs


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile the .po files (as `make test` does) so that the Vietnamese pages can be checked when the tests
    are run directly; forget any catalogue loaded before."""
    compile_catalogs()
    trans_real._translations = {}
    trans_real._default = None
    translation.deactivate()


def make_area() -> dict:
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    communes = [f.CommuneFactory(parent=p, code=f"0610{i}", name=f"Xã Thử {i}") for i in range(5)]
    o1 = f.OfficeFactory(province=p, code="CS-1", name="BHXH cơ sở Một")
    o2 = f.OfficeFactory(province=p, code="CS-2", name="BHXH cơ sở Hai")
    f.serve(o1, *communes[:2])
    f.serve(o2, *communes[2:4])
    Population.objects.bulk_create(
        [
            Population(unit=c, year=2025, total=n, source="test")
            for c, n in zip(communes, (1000, 2000, 3000, 1500, 2500), strict=True)
        ]
    )
    q = f.ProvinceFactory(code="04", name="Tỉnh Cao Bằng")
    q_commune = f.CommuneFactory(parent=q, code="04001", name="Xã Hòa An")
    o3 = f.OfficeFactory(province=q, code="CS-3", name="BHXH cơ sở Hòa An")
    f.serve(o3, q_commune)
    manager = f.UserFactory(username="manager_ls", role="manager", units=[p])
    manager_o1 = f.UserFactory(username="manager_o1", role="manager")
    manager_o1.offices.set([o1])
    manager_o2 = f.UserFactory(username="manager_o2", role="manager")
    manager_o2.offices.set([o2])
    manager_q = f.UserFactory(username="manager_cb", role="manager")
    manager_q.offices.set([o3])
    clerk = f.UserFactory(username="clerk_ls", role="collection_officer", units=[p])
    plan = plan_create(
        actor=manager,
        data=PlanInput(
            province_id=p.pk,
            year=2026,
            method="population",
            periodicity="monthly",
            decision="QĐ 1/2026",
            targets={"hi": Decimal(10_000), "revenue": Decimal(1_000_000), "hi_coverage": Decimal(90)},
        ),
    )
    return {
        "p": p,
        "c": communes,
        "o1": o1,
        "o2": o2,
        "q": q,
        "q_commune": q_commune,
        "o3": o3,
        "plan": plan,
        "manager": manager,
        "manager_o1": manager_o1,
        "manager_o2": manager_o2,
        "manager_q": manager_q,
        "clerk": clerk,
    }


@pytest.fixture
def area(db):
    return make_area()


@pytest.fixture
def area_live(transactional_db):
    return make_area()
