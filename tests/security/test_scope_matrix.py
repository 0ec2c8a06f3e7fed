"""The scope matrix: every role × sampled objects inside and outside its scope × every page and API operation
that takes one person, employer or household id (found in the URL conf, so new endpoints are covered as they
arrive), plus id enumeration. The oracle is `ansinh.accounts.scope` (its rules are tested by
accounts/tests/test_scope_holes.py):

- 0 leaks: an object outside the user's scope never answers 2xx (nor its existence: 404, like an unknown id);
- 0 wrong refusals: on one endpoint, every object inside the scope gets the same answer class (an endpoint a role
  may not use refuses them all alike; it never refuses some in-scope objects and serves others).

To cover a new object kind, add its URL parameter name and scoped queryset to KINDS (docs/SECURITY.md)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ansinh.accounts import scope

pytestmark = pytest.mark.django_db

KINDS = {
    "person_id": ("person", scope.persons_visible),
    "employer_id": ("employer", scope.employers_visible),
    "household_id": ("household", scope.households_visible),
}
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
SKIP_SUFFIXES = (".pdf",)  # rendered documents: same scope check as their page, slow to render


def _routes(patterns=None, prefix: str = ""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def endpoints() -> list[tuple[str, str]]:
    """(route, parameter) for every GET-able route with exactly one parameter, of a known kind."""
    out = []
    for route in _routes():
        route = route.lstrip("^").rstrip("$")
        params = PARAM.findall(route)
        if len(params) != 1 or params[0][1] not in KINDS or route.endswith(SKIP_SUFFIXES):
            continue
        out.append((route, params[0][1]))
    return sorted(set(out))


def _url(route: str, value: int) -> str:
    return "/" + PARAM.sub(str(value), route)


def test_every_role_every_endpoint_every_object(client, security_world):
    w = security_world
    users = {name: w[name] for name in ("u1", "u2", "rep", "citizen", *(k for k in w if k.startswith("user_")))}
    found = endpoints()
    assert len(found) >= 10, found  # persons, employers, households: pages and API
    objects = {
        "person_id": [w["in_person"], w["out_person"], w["in_former"].person, w["out_former"].person],
        "employer_id": [w["in_employer"], w["out_employer"]],
        "household_id": [w["in_household"], w["out_household"]],
    }
    # id enumeration: every existing id, the few past the largest and a few gaps below it. Not every id up to the
    # largest: on PostgreSQL sequences are not reset between tests, so the largest id grows with the suite.
    for param, (_, _) in KINDS.items():
        model = type(objects[param][0])
        known = {o.pk for o in objects[param]}
        present = set(model.objects.values_list("pk", flat=True))
        top = max(present, default=0)
        gaps = [i for i in range(top - 1, 0, -1) if i not in present][:3]
        probe = sorted((present | {1, top + 1, top + 2, top + 3, *gaps}) - known)
        objects[param] += [model.objects.get(pk=i) if i in present else model(pk=i) for i in probe]
    existing = {param: {o.pk for o in objs if o._state.adding is False} for param, objs in objects.items()}
    leaks, wrong, checks = [], [], 0
    for who, user in users.items():
        client.force_login(user)
        visible = {param: set(fn(user).values_list("pk", flat=True)) for param, (_, fn) in KINDS.items()}
        for route, param in found:
            answers: dict[bool, set[int]] = defaultdict(set)
            outside: dict[bool, set[int]] = defaultdict(set)  # existing or not → statuses
            for obj in objects[param]:
                response = client.get(_url(route, obj.pk))
                if response.status_code == 405:
                    break
                status = response.status_code
                checks += 1
                inside = obj.pk in visible[param]
                if not inside and 200 <= status < 300:
                    leaks.append(f"{who} GET {_url(route, obj.pk)} -> {status} (outside the scope)")
                if not inside:
                    outside[obj.pk in existing[param]].add(status)
                if inside:
                    answers[inside].add(status // 100)
            if outside[True] and outside[False] and outside[True] != outside[False]:
                leaks.append(f"{who} {route}: existing objects outside the scope answer {sorted(outside[True])}, "
                             f"unknown ids {sorted(outside[False])} (tells what exists)")
            if len(answers[True]) > 1:
                wrong.append(f"{who} {route}: in-scope objects answered {sorted(answers[True])}xx")
    print(f"scope matrix: {len(users)} roles × {len(found)} endpoints, {checks} requests")
    assert not leaks, "\n".join(leaks[:40])
    assert not wrong, "\n".join(wrong[:40])
