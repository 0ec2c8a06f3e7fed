"""Allocation by hand (`targets_allocate`): the shares must add up exactly to the parent's target, each share is a
whole non-negative number of a unit the parent allocates to; a refusal names the unit and writes nothing; a good
allocation writes a new version (the earlier one untouched, sub-targets again) and one audit row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ansinh.accounts.models import AuditEvent
from ansinh.core.errors import ApplicationError
from ansinh.planning import selectors
from ansinh.planning.models import Plan, SubTarget, Target
from ansinh.planning.services.allocate import targets_allocate


def _values(plan, metric):
    return {
        selectors.key_of(t): t.value
        for t in Target.objects.filter(plan=plan, metric=metric).select_related("unit")
    }


def _counts():
    return Plan.objects.count(), Target.objects.count(), SubTarget.objects.count(), AuditEvent.objects.count()


def test_the_frame_lists_offices_and_unserved_communes_with_current_values(area):
    d = area
    frame = selectors.allocation(d["plan"], "hi", ("province", d["p"].pk))
    assert frame.total == 10_000 and frame.parent_name == "Tỉnh Lạng Sơn"
    assert [(c.key, c.current) for c in frame.children] == [
        (("office", d["o1"].pk), 3000),
        (("office", d["o2"].pk), 4500),
        (("commune", d["c"][4].pk), 2500),
    ]
    assert frame.initial() == {c.key: c.current for c in frame.children}
    assert frame.proposal("population") == frame.initial()  # the plan was made in proportion to population
    office = selectors.allocation(d["plan"], "hi", ("office", d["o1"].pk))
    assert office.total == 3000 and [c.key for c in office.children] == [
        ("commune", d["c"][0].pk),
        ("commune", d["c"][1].pk),
    ]
    assert [p for p, _ in selectors.allocation_parents(d["plan"])] == [
        ("province", d["p"].pk),
        ("office", d["o1"].pk),
        ("office", d["o2"].pk),
    ]


def test_province_split_by_hand_writes_a_new_version_and_keeps_the_old(area):
    d = area
    c, o1, o2 = d["c"], d["o1"], d["o2"]
    before = _values(d["plan"], "hi")
    revenue_before = _values(d["plan"], "revenue")
    new = targets_allocate(
        actor=d["manager"],
        plan=d["plan"],
        metric="hi",
        parent=("province", d["p"].pk),
        shares={("office", o1.pk): 3500, ("office", o2.pk): "4000", ("commune", c[4].pk): Decimal(2500)},
        reason="Quyết định 12/QĐ",
    )
    assert new.version == 2 and new.supersedes_id == d["plan"].pk and new.method == "manual"
    assert new.created_by == d["manager"] and new.reason == "Quyết định 12/QĐ"
    assert new.periodicity == "monthly" and new.decision == "QĐ 1/2026"
    assert selectors.current_plan(d["p"].pk, 2026) == new
    hi = _values(new, "hi")
    assert hi[("province", d["p"].pk)] == 10_000
    assert (hi[("office", o1.pk)], hi[("office", o2.pk)], hi[("commune", c[4].pk)]) == (3500, 4000, 2500)
    # the communes of each office follow it, in proportion to their shares before: O1 3,500 over 1,000 : 2,000
    # → quotas 1,166.67 / 2,333.33 → 1,167 / 2,333; O2 4,000 over 3,000 : 1,500 → 2,666.67 / 1,333.33 → 2,667 / 1,333
    assert [hi[("commune", x.pk)] for x in c] == [1167, 2333, 2667, 1333, 2500]
    assert _values(d["plan"], "hi") == before  # version 1 untouched
    assert _values(new, "revenue") == revenue_before  # other metrics carried over
    assert set(_values(new, "hi_coverage").values()) == {Decimal(90)}
    assert Target.objects.get(plan=new, metric="hi", office=o1).weight is None
    assert Target.objects.get(plan=new, metric="revenue", office=o1).weight is not None
    months = SubTarget.objects.filter(target__plan=new, target__metric="hi", target__office=o1)
    assert months.count() == 12 and months.order_by("period_start").last().value == 3500
    assert (
        SubTarget.objects.filter(target__plan=d["plan"], target__metric="hi", target__office=o1).count() == 12
    )
    event = AuditEvent.objects.get(object_type="planning.plan", object_id=str(new.pk))
    assert event.actor == d["manager"] and event.source == "web" and event.reason == "Quyết định 12/QĐ"
    assert (
        event.after["shares"][f"office:{o1.pk}"] == 3500 and event.before["shares"][f"office:{o1.pk}"] == 3000
    )
    assert event.after["parent"] == f"province:{d['p'].pk}" and event.after["metric"] == "hi"


def test_office_split_among_its_communes(area):
    d = area
    c = d["c"]
    new = targets_allocate(
        actor=d["manager_o1"],
        plan=d["plan"],
        metric="hi",
        parent=("office", d["o1"].pk),
        shares={("commune", c[0].pk): 0, ("commune", c[1].pk): 3000},
    )
    hi = _values(new, "hi")
    assert (hi[("commune", c[0].pk)], hi[("commune", c[1].pk)], hi[("office", d["o1"].pk)]) == (0, 3000, 3000)
    assert hi[("commune", c[2].pk)] == 3000  # the other office is untouched
    assert new.reason == "Allocation by hand: BHXH cơ sở Một, hi"
    # the version history holds both, newest first
    assert [p.version for p in selectors.plan_versions(d["p"].pk, 2026)] == [2, 1]


@pytest.mark.parametrize(
    ("shares", "code", "field", "unit"),
    [
        ({"o1": 3000, "o2": 4500, "c4": 2499}, "allocation_sum", "total", "Tỉnh Lạng Sơn"),
        ({"o1": 3000, "o2": 4501, "c4": 2500}, "allocation_sum", "total", "Tỉnh Lạng Sơn"),
        ({"o1": -500, "o2": 8000, "c4": 2500}, "negative_share", "office:o1", "BHXH cơ sở Một"),
        ({"o1": "3000.5", "o2": 4500, "c4": 2499.5}, "whole_number", "office:o1", "BHXH cơ sở Một"),
        ({"o1": "abc", "o2": 4500, "c4": 2500}, "whole_number", "office:o1", "BHXH cơ sở Một"),
        ({"o1": 3000, "c4": 7000}, "missing_share", "office:o2", "BHXH cơ sở Hai"),
        ({"o1": 3000, "o2": 4500, "c4": 2500, "c0": 0}, "unknown_unit", "commune:c0", "Xã Thử 0"),
        ({"o1": 3000, "o2": 4500, "c4": 2500, "qc": 0}, "unknown_unit", "commune:qc", "Xã Hòa An"),
        ({"o1": 3000, "o2": 4500, "c4": 2500, "o3": 0}, "unknown_unit", "office:o3", "BHXH cơ sở Hòa An"),
        ({"o1": 3000, "o2": 4500, "c4": 2500}, "no_change", "total", "Tỉnh Lạng Sơn"),
    ],
)
def test_refusals_name_the_unit_and_write_nothing(area, shares, code, field, unit):
    d = area
    keys = {
        "o1": ("office", d["o1"].pk),
        "o2": ("office", d["o2"].pk),
        "o3": ("office", d["o3"].pk),
        "c0": ("commune", d["c"][0].pk),
        "c4": ("commune", d["c"][4].pk),
        "qc": ("commune", d["q_commune"].pk),
    }
    names = {k: f"{kind}:{pk}" for k, (kind, pk) in keys.items()}
    before = _counts()
    with pytest.raises(ApplicationError) as exc:
        targets_allocate(
            actor=d["manager"],
            plan=d["plan"],
            metric="hi",
            parent=("province", d["p"].pk),
            shares={keys[k]: v for k, v in shares.items()},
        )
    err = exc.value
    assert err.code == code
    field_key = field.split(":")
    assert err.field == (names[field_key[1]] if len(field_key) == 2 else field)
    assert err.details["unit"] == unit
    assert unit in err.message
    assert _counts() == before  # nothing written
    if code == "allocation_sum":
        assert err.details["total"] == 10_000 and err.details["sum"] in (9_999, 10_001)


def test_bad_parent_rate_and_stale_version_are_refused(area):
    d = area
    c = d["c"]
    shares = {("commune", c[0].pk): 1000, ("commune", c[1].pk): 2000}
    with pytest.raises(ApplicationError) as exc:  # an office of another province
        targets_allocate(
            actor=d["manager"], plan=d["plan"], metric="hi", parent=("office", d["o3"].pk), shares={}
        )
    assert exc.value.code == "bad_parent"
    with pytest.raises(ApplicationError) as exc:  # a commune is not a parent
        targets_allocate(
            actor=d["manager"], plan=d["plan"], metric="hi", parent=("commune", c[0].pk), shares={}
        )
    assert exc.value.code == "bad_parent"
    with pytest.raises(ApplicationError) as exc:  # a rate is the same for every unit
        targets_allocate(
            actor=d["manager"],
            plan=d["plan"],
            metric="hi_coverage",
            parent=("office", d["o1"].pk),
            shares=shares,
        )
    assert exc.value.code == "not_additive"
    with pytest.raises(ApplicationError) as exc:  # a metric the plan has no target for
        targets_allocate(
            actor=d["manager"], plan=d["plan"], metric="vsi", parent=("office", d["o1"].pk), shares=shares
        )
    assert exc.value.code == "no_target"
    targets_allocate(
        actor=d["manager"],
        plan=d["plan"],
        metric="hi",
        parent=("office", d["o1"].pk),
        shares={("commune", c[0].pk): 1500, ("commune", c[1].pk): 1500},
    )
    before = _counts()
    with pytest.raises(ApplicationError) as exc:  # version 1 is no longer in force
        targets_allocate(
            actor=d["manager"],
            plan=d["plan"],
            metric="hi",
            parent=("office", d["o1"].pk),
            shares={("commune", c[0].pk): 1400, ("commune", c[1].pk): 1600},
        )
    assert exc.value.code == "stale_plan"
    assert _counts() == before


@pytest.mark.parametrize("o1", [0, 1, 2999, 3001, 7500])
def test_offices_and_their_communes_still_add_up(area, o1):
    d = area
    new = targets_allocate(
        actor=d["manager"],
        plan=d["plan"],
        metric="revenue",
        parent=("province", d["p"].pk),
        shares={
            ("office", d["o1"].pk): o1 * 100,
            ("office", d["o2"].pk): 750_000 - o1 * 100,
            ("commune", d["c"][4].pk): 250_000,
        },
    )
    rev = _values(new, "revenue")
    c = [rev[("commune", x.pk)] for x in d["c"]]
    assert c[0] + c[1] == rev[("office", d["o1"].pk)] == o1 * 100
    assert c[2] + c[3] == rev[("office", d["o2"].pk)]
    assert sum(c) == rev[("province", d["p"].pk)] == 1_000_000
    assert all(v >= 0 for v in c)
    months = SubTarget.objects.filter(target__plan=new, target__metric="revenue", target__office=d["o1"])
    assert sum(m.value for m in months) == o1 * 100  # revenue months add up to the year
