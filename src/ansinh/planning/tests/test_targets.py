"""Plans: allocation to offices and communes adds up exactly, revisions keep their history, audit rows written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.accounts.models import AuditEvent
from ansinh.core.errors import ApplicationError
from ansinh.core.testing import factories as f
from ansinh.places.models import Population
from ansinh.planning import selectors
from ansinh.planning.models import Plan, SubTarget, Target
from ansinh.planning.services.targets import PlanInput, plan_create, plan_revise


@pytest.fixture
def province(db):
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    communes = [f.CommuneFactory(parent=p, code=f"0610{i}", name=f"Xã {i}") for i in range(5)]
    o1 = f.OfficeFactory(province=p, code="CS-1")
    o2 = f.OfficeFactory(province=p, code="CS-2")
    f.serve(o1, *communes[:2])
    f.serve(o2, *communes[2:])
    for c, total in zip(communes, (1000, 2000, 3000, 1500, 2500), strict=True):
        Population.objects.create(unit=c, year=2025, total=total, source="test")
    user = f.UserFactory(username="planner")
    return {"p": p, "communes": communes, "o1": o1, "o2": o2, "user": user}


def _values(plan, metric):
    return {
        selectors.key_of(t): t.value
        for t in Target.objects.filter(plan=plan, metric=metric).select_related("unit")
    }


def test_population_allocation_sums_exactly(province):
    d = province
    plan = plan_create(
        actor=d["user"],
        data=PlanInput(
            province_id=d["p"].pk,
            year=2026,
            method="population",
            targets={"hi": Decimal(9_999), "revenue": Decimal(1_000_000_001), "hi_coverage": Decimal("95.5")},
        ),
    )
    hi = _values(plan, "hi")
    communes = [hi[("commune", c.pk)] for c in d["communes"]]
    offices = [hi[("office", d["o1"].pk)], hi[("office", d["o2"].pk)]]
    assert hi[("province", d["p"].pk)] == 9_999
    assert sum(offices) == 9_999 and sum(communes) == 9_999
    assert sum(communes[:2]) == offices[0]
    # population 1000 / 2000 / 3000 / 1500 / 2500 of 10,000: office 1 = 3/10 of 9,999 = 2,999.7 → 3,000
    assert offices == [3000, 6999]
    # office 2: 6,999 over 3000 / 1500 / 2500 → quotas 2,999.57 / 1,499.79 / 2,499.64; floors add to 6,997 and the
    # two units left go to the largest remainders (.79 and .64)
    assert communes == [1000, 2000, 2999, 1500, 2500]
    assert sum(_values(plan, "revenue")[("commune", c.pk)] for c in d["communes"]) == 1_000_000_001
    assert set(_values(plan, "hi_coverage").values()) == {Decimal("95.5")}
    assert AuditEvent.objects.filter(object_type="planning.plan", object_id=str(plan.pk)).count() == 1


def test_manual_allocation_must_add_up(province):
    d = province
    c = d["communes"]
    data = PlanInput(
        province_id=d["p"].pk,
        year=2026,
        method="manual",
        targets={"vsi": Decimal(100)},
        manual={"vsi": {c[0].pk: 10, c[1].pk: 20, c[2].pk: 30, c[3].pk: 20, c[4].pk: 19}},
    )
    with pytest.raises(ApplicationError) as exc:
        plan_create(actor=d["user"], data=data)
    assert exc.value.code == "allocation_sum"
    assert not Plan.objects.exists()
    data.manual["vsi"][c[4].pk] = 20
    plan = plan_create(actor=d["user"], data=data)
    assert _values(plan, "vsi")[("office", d["o1"].pk)] == 30


def test_revision_keeps_history_and_monthly_sub_targets(province):
    d = province
    first = plan_create(
        actor=d["user"],
        data=PlanInput(
            province_id=d["p"].pk, year=2026, method="population", targets={"hi": Decimal(10_000)}
        ),
    )
    before = _values(first, "hi")
    revised = plan_revise(
        actor=d["user"],
        plan=first,
        reason="Quyết định điều chỉnh",
        data=PlanInput(
            province_id=d["p"].pk,
            year=2026,
            method="population",
            targets={"hi": Decimal(12_000), "revenue": Decimal(1_200)},
            periodicity="monthly",
        ),
    )
    assert revised.version == 2 and revised.supersedes_id == first.pk
    assert _values(first, "hi") == before  # the first version is untouched
    assert selectors.current_plan(d["p"].pk, 2026) == revised
    with pytest.raises(ApplicationError):
        plan_revise(
            actor=d["user"],
            plan=first,
            reason="late",
            data=PlanInput(province_id=d["p"].pk, year=2026, targets={"hi": Decimal(1)}),
        )
    revenue = SubTarget.objects.filter(target__plan=revised, target__metric="revenue", target__unit=d["p"])
    assert revenue.count() == 12 and sum(s.value for s in revenue) == 1_200
    hi = list(
        SubTarget.objects.filter(target__plan=revised, target__metric="hi", target__unit=d["p"])
        .order_by("period_start")
        .values_list("value", flat=True)
    )
    assert hi[-1] == 12_000  # no statistics for 2025: the level is the target all year
    assert SubTarget.objects.filter(target__plan=revised, period_start=dt.date(2026, 3, 1)).exists()


def test_weekly_sub_targets_cover_iso_weeks(province):
    d = province
    plan = plan_create(
        actor=d["user"],
        data=PlanInput(
            province_id=d["p"].pk,
            year=2026,
            method="population",
            targets={"revenue": Decimal(530)},
            periodicity="weekly",
        ),
    )
    weeks = SubTarget.objects.filter(target__plan=plan, target__unit=d["p"])
    assert weeks.count() == 53  # 2026 has 53 ISO weeks
    assert sum(w.value for w in weeks) == 530


def test_last_year_needs_statistics(province):
    d = province
    with pytest.raises(ApplicationError) as exc:
        plan_create(
            actor=d["user"],
            data=PlanInput(
                province_id=d["p"].pk, year=2026, method="last_year", targets={"hi": Decimal(100)}
            ),
        )
    assert exc.value.code == "no_basis"
