"""The allocation API: typed shares per unit, the same checks and scope as the pages (other units "not found"),
refusals as 4xx naming the unit, a new version on success."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import AuditEvent
from ansinh.planning import selectors
from ansinh.planning.models import Plan, Target

pytestmark = pytest.mark.urls("ansinh.planning.tests.api_urls")


def _url(d):
    return f"/api/v1/planning/plans/{d['plan'].pk}/allocation"


def _body(d, o1=3500, o2=4000, c4=2500, **extra):
    return {
        "metric": "hi",
        "parent": f"province:{d['p'].pk}",
        "method": "manual",
        "reason": "QĐ 7",
        "shares": [
            {"unit": f"office:{d['o1'].pk}", "value": o1},
            {"unit": f"office:{d['o2'].pk}", "value": o2},
            {"unit": f"commune:{d['c'][4].pk}", "value": c4},
        ],
        **extra,
    }


def test_get_and_post_a_manual_allocation(client, area):
    d = area
    client.force_login(d["manager"])
    got = client.get(_url(d), {"metric": "hi", "parent": f"province:{d['p'].pk}"})
    assert got.status_code == 200
    body = got.json()
    assert body["total"] == 10_000 and [c["value"] for c in body["children"]] == [3000, 4500, 2500]
    assert body["children"][0] == {
        "unit": f"office:{d['o1'].pk}",
        "code": "CS-1",
        "name": "BHXH cơ sở Một",
        "value": 3000,
    }
    post = client.post(_url(d), _body(d), content_type="application/json")
    assert post.status_code == 201, post.content
    out = post.json()
    assert out["version"] == 2 and out["supersedes_id"] == d["plan"].pk and out["method"] == "manual"
    new = selectors.current_plan(d["p"].pk, 2026)
    assert new.pk == out["id"] and Target.objects.get(plan=new, metric="hi", office=d["o1"]).value == 3500
    assert AuditEvent.objects.get(object_type="planning.plan", object_id=str(new.pk)).source == "api"


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"o2": 4001}, 422, "allocation_sum", "total"),
        ({"o1": -1, "o2": 7501}, 422, "negative_share", "office:o1"),
        ({"method": "population"}, 422, "invalid_input", None),
        ({"metric": "hi_coverage"}, 422, "invalid_input", None),
    ],
)
def test_refusals(client, area, change, status, code, field):
    d = area
    client.force_login(d["manager"])
    body = _body(
        d,
        **{k: v for k, v in change.items() if k in ("o1", "o2", "c4")},
        **{k: v for k, v in change.items() if k not in ("o1", "o2", "c4")},
    )
    response = client.post(_url(d), body, content_type="application/json")
    assert response.status_code == status, response.content
    out = response.json()
    assert out["code"] == code
    if field:
        assert out["field"] == field.replace("o1", str(d["o1"].pk))
    if code == "negative_share":
        assert out["details"]["unit"] == "BHXH cơ sở Một"
    assert Plan.objects.count() == 1


def test_unknown_and_duplicate_units_are_refused(client, area):
    d = area
    client.force_login(d["manager"])
    body = _body(d)
    body["shares"].append({"unit": f"commune:{d['c'][0].pk}", "value": 0})
    out = client.post(_url(d), body, content_type="application/json")
    assert out.status_code == 422 and out.json()["code"] == "unknown_unit"
    assert out.json()["details"]["unit"] == "Xã Thử 0"
    body = _body(d)
    body["shares"].append(dict(body["shares"][0]))
    assert client.post(_url(d), body, content_type="application/json").json()["code"] == "duplicate_unit"
    body = _body(d)
    body["shares"][0]["unit"] = "nowhere"
    assert client.post(_url(d), body, content_type="application/json").json()["code"] == "unknown_unit"
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("user", "parent"),
    [
        ("manager_o2", "o1"),
        ("manager_o1", "province"),
        ("clerk", "province"),
        ("manager_q", "o3"),
        ("manager_q", "province"),
    ],
)
def test_outside_scope_is_not_found(client, area, user, parent):
    d = area
    keys = {"province": f"province:{d['p'].pk}", "o1": f"office:{d['o1'].pk}", "o3": f"office:{d['o3'].pk}"}
    client.force_login(d[user])
    assert client.get(_url(d), {"metric": "hi", "parent": keys[parent]}).status_code == 404
    response = client.post(_url(d), _body(d, parent=keys[parent]), content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Plan.objects.count() == 1


def test_signed_out_is_refused(client, area):
    assert client.post(_url(area), _body(area), content_type="application/json").status_code == 401
