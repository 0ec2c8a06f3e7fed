"""The portal scope matrix: portal users (citizens, employer representatives, collection agents' staff) against
every portal and agent-screen URL and every API operation taking an object id, found in the URL conf (so pages added
later are covered), with id enumeration; portal users against every staff URL; staff against every portal URL.

- Own objects allowed, everyone else's refused with 404, and 404 is also what an unknown id gets (no existence
  oracle). Downloads (.pdf) included.
- The oracle per user: citizens their person and households, employer representatives their unit (and, through
  the API, its current employees: `accounts.scope`), agent staff the persons and households of their agent's
  communes and the agent's own receipts and remittances (`agents.selectors`).
- A parameter of a kind not in KINDS (a page added later with a new object id) is checked by ownership: no id may
  answer 2xx to two users of the same portal kind who own nothing in common (two citizens, two units, two agents).
- A portal user never gets a 2xx from a staff URL (404 or a redirect to their own home), and staff never get a 2xx
  from a portal or agent page (the sign-in pages excepted)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ansinh.accounts import scope
from ansinh.accounts.models import Role
from ansinh.agents import selectors as agent_selectors
from ansinh.contributions.models import CollectionAgent, Receipt, Remittance
from ansinh.contributions.services import collection as svc
from ansinh.core.testing import factories as f
from ansinh.registry.models import Employer, Household, Person
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
PORTAL_PREFIXES = ("portal/", "agent/")
# Pages for someone not signed in answer everyone: sign-in, the citizen's activation and password reset by a one-time
# code, a unit user's activation link (they hold no session of their own, so nothing of anyone's can leak).
OPEN_PAGES = ("portal/login/", "agent/login/")
OPEN_PREFIXES = ("portal/activate/", "portal/reset/", "portal/unit/activate/")
NOT_PAGES = ("i18n/", "static/", "api/")
MODELS = {"person_id": Person, "employer_id": Employer, "household_id": Household, "receipt_id": Receipt,
          "remittance_id": Remittance, "agent_id": CollectionAgent}


def _routes(patterns=None, prefix: str = ""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield (prefix + str(p.pattern)).lstrip("^").rstrip("$")


def _url(route: str, values: dict[str, int]) -> str:
    return "/" + PARAM.sub(lambda m: str(values.get(m.group("name"), 1)), route)


def _agent_of(user):
    row = agent_selectors.Receipt  # noqa: F841  (module loaded)
    from ansinh.agents.access import staff_row

    found = staff_row(user)
    return found.agent if found else None


def allowed(user, route: str, param: str) -> set[int] | None:
    """The ids of `param` the user may open on `route`; None: the kind is not known here (ownership oracle)."""
    if route.startswith("agent/"):
        agent = _agent_of(user) if user.role == Role.COLLECTION_AGENT else None
        if agent is None:
            return set()
        return {
            "person_id": lambda: set(agent_selectors.persons_in_reach(agent).values_list("pk", flat=True)),
            "household_id": lambda: set(agent_selectors.households_in_reach(agent).values_list("pk", flat=True)),
            "receipt_id": lambda: set(Receipt.objects.filter(agent=agent).values_list("pk", flat=True)),
            "remittance_id": lambda: set(Remittance.objects.filter(agent=agent).values_list("pk", flat=True)),
            "employer_id": lambda: set(),
        }.get(param, lambda: None)()
    if route.startswith("portal/"):
        own = {
            "person_id": lambda: {user.person_id} if user.role == Role.CITIZEN and user.person_id else set(),
            "household_id": lambda: set(scope.households_visible(user).values_list("pk", flat=True))
            if user.role == Role.CITIZEN else set(),
            "employer_id": lambda: {user.employer_id} if user.role == Role.EMPLOYER_REP and user.employer_id else set(),
            "receipt_id": lambda: set(), "remittance_id": lambda: set(),
        }
        return own.get(param, lambda: None)()
    # the API and staff pages: accounts.scope
    fn = {"person_id": scope.persons_visible, "employer_id": scope.employers_visible,
          "household_id": scope.households_visible}.get(param)
    if param == "agent_id":
        from ansinh.contributions.selectors import agents_visible

        return set(agents_visible(user).values_list("pk", flat=True))
    return set(fn(user).values_list("pk", flat=True)) if fn else None


@pytest.fixture
def portal_world(security_world):
    """security_world + a second citizen and unit representative (the other province), a collection agent in each
    province with an agent-staff user, a household receipt at each and a remittance at the first."""
    w = security_world
    w["citizen_out"] = f.UserFactory(username="citizen_out", role=Role.CITIZEN, person=w["out_person"])
    w["rep_out"] = f.UserFactory(username="rep_out", role=Role.EMPLOYER_REP, employer=w["out_employer"])
    for side, commune, office, officer, kind in (("in", w["a1"], w["o1"], w["u1"], "post_office"),
                                                  ("out", w["b1"], w["o2"], w["u2"], "commune_point")):
        agent = svc.agent_create(actor=officer, data=svc.AgentInput(
            code=f"{'3456789000' if side == 'in' else '0400000000'}TH{commune.province.code}{commune.code}001",
            name=f"Điểm thu {side}", kind=kind, commune_id=commune.pk, commission_rate=Decimal("0.04"),
            valid_from=dt.date(2025, 7, 1), office_id=office.pk))
        user = f.UserFactory(username=f"agent_{side}", role=Role.COLLECTION_AGENT)
        svc.agent_staff_add(actor=officer, agent=agent, full_name="Nhân viên thu", valid_from=dt.date(2025, 7, 1),
                            user=user)
        household = w[f"{side}_household"]
        svc.receipt_create(actor=officer, agent=agent, data=svc.ReceiptInput(
            number=f"BL-{side.upper()}-0001", scheme="hi_household", from_month=Month(2026, 3),
            taken_on=dt.date(2026, 3, 10), household_id=household.pk, member_ids=(household.head_id,), months=3))
        w[f"agent_{side}"], w[f"agent_user_{side}"] = agent, user
    svc.remittance_create(actor=w["u1"], agent=w["agent_in"], reference="NT-IN-1", remitted_on=dt.date(2026, 3, 11))
    return w


def _portal_users(w):
    return {"citizen": w["citizen"], "citizen_out": w["citizen_out"], "rep": w["rep"], "rep_out": w["rep_out"],
            "agent_in": w["agent_user_in"], "agent_out": w["agent_user_out"]}


PAIRS = (("citizen", "citizen_out"), ("rep", "rep_out"), ("agent_in", "agent_out"))


def _id_routes():
    """(route, param) for every route with exactly one id parameter under the portals and the API."""
    out = []
    for route in _routes():
        if not route.startswith((*PORTAL_PREFIXES, "api/")):
            continue
        params = [m[1] for m in PARAM.findall(route)]
        if len(params) == 1 and params[0].endswith("_id"):
            out.append((route, params[0]))
    return sorted(set(out))


def _ids(param: str) -> list[int]:
    model = MODELS.get(param)
    # Kinds without a model here (claims, dossiers, episodes…): the world holds a handful of each, none a portal
    # user's, so ids 1..8 reach them all and every one must answer 404 (a bounded run on PostgreSQL).
    if model is None:
        return list(range(1, 9))
    # Every existing id, the few past the largest and a few gaps below it (PostgreSQL's sequences are not reset
    # between tests, so "every id up to the largest" would grow with the suite).
    present = set(model.objects.values_list("pk", flat=True))
    top = max(present, default=0)
    gaps = [i for i in range(top - 1, 0, -1) if i not in present][:3]
    return sorted(present | {1, top + 1, top + 2, top + 3, *gaps})


def _existing(param: str) -> set[int]:
    model = MODELS.get(param)
    return set(model.objects.values_list("pk", flat=True)) if model else set()


def test_portal_users_own_objects_only_by_id_enumeration(client, portal_world):
    w = portal_world
    users = _portal_users(w)
    routes = _id_routes()
    assert any(r.startswith("agent/") for r, _ in routes) and any(r.startswith("api/") for r, _ in routes)
    assert any(r.endswith(".pdf") for r, _ in routes)  # downloads are in
    leaks, wrong, checks = [], [], 0
    ok_by_user: dict[str, dict[tuple[str, int], int]] = defaultdict(dict)
    for who, user in users.items():
        client.force_login(user)
        for route, param in routes:
            mine = allowed(user, route, param)
            existing = _existing(param)
            outside: dict[bool, set[int]] = defaultdict(set)
            inside: set[int] = set()
            for pk in _ids(param):
                response = client.get(_url(route, {param: pk}))
                status = response.status_code
                if status == 405:
                    break
                checks += 1
                if 200 <= status < 300:
                    ok_by_user[who][(route, pk)] = status
                if mine is None:
                    continue
                if pk in mine:
                    inside.add(status // 100)
                else:
                    if 200 <= status < 400:
                        leaks.append(f"{who} GET {_url(route, {param: pk})} -> {status} (not theirs)")
                    outside[pk in existing].add(status)
            if outside[True] and outside[False] and outside[True] != outside[False]:
                leaks.append(f"{who} {route}: others' objects answer {sorted(outside[True])}, unknown ids "
                             f"{sorted(outside[False])} (tells what exists)")
            if len(inside) > 1:
                wrong.append(f"{who} {route}: own objects answered {sorted(inside)}xx")
    for a, b in PAIRS:  # kinds not known here: nothing answers both of two users owning nothing in common
        both = set(ok_by_user[a]) & set(ok_by_user[b])
        for route, pk in sorted(both):
            param = PARAM.search(route).group("name")
            if route.startswith(PORTAL_PREFIXES) and allowed(users[a], route, param) is None:
                leaks.append(f"{a} and {b} both open {_url(route, {param: pk})}")
    print(f"portal scope matrix: {len(users)} portal users × {len(routes)} routes with an id, {checks} requests")
    assert not leaks, "\n".join(leaks[:40])
    assert not wrong, "\n".join(wrong[:40])


def test_agent_staff_reach_what_they_should(client, portal_world):
    """The oracle is not empty: an agent opens its communes' persons and households and its own receipts and PDFs."""
    w = portal_world
    client.force_login(w["agent_user_in"])
    receipt = Receipt.objects.get(agent=w["agent_in"])
    assert client.get(f"/agent/persons/{w['in_person'].pk}/").status_code == 200
    assert client.get(f"/agent/households/{w['in_household'].pk}/").status_code == 200
    assert client.get(f"/agent/receipts/{receipt.pk}/").status_code == 200
    assert client.get(f"/agent/receipts/{receipt.pk}.pdf").status_code == 200
    assert client.get(f"/agent/remittances/{receipt.remittance_id}/").status_code == 200
    assert client.get(f"/agent/persons/{w['out_person'].pk}/").status_code == 404


def test_portal_users_writing_to_others_objects_are_refused(client, portal_world):
    """POST to every portal/agent route with an id, for an object that is not the user's: 404, nothing written."""
    w = portal_world
    before = (Receipt.objects.count(), Remittance.objects.count())
    outside_ids = {"person_id": w["out_person"].pk, "household_id": w["out_household"].pk,
                   "employer_id": w["out_employer"].pk,
                   "receipt_id": Receipt.objects.get(agent=w["agent_out"]).pk}
    for who, user in _portal_users(w).items():
        if who.endswith("_out"):
            continue
        client.force_login(user)
        for route, param in _id_routes():
            if not route.startswith(PORTAL_PREFIXES) or param not in outside_ids:
                continue
            response = client.post(_url(route, {param: outside_ids[param]}), {
                "action": "take", "number": "X-LEAK-01", "income": "3000000", "mode": "monthly",
                "support_group": "other", "from_month": "2026-06", "months": "3", "member": [w["out_person"].pk]})
            assert response.status_code in (404, 405), (who, route, response.status_code)
    assert (Receipt.objects.count(), Remittance.objects.count()) == before


def _pages():
    for route in _routes():
        if route.startswith(NOT_PAGES) or route in OPEN_PAGES or route.startswith(OPEN_PREFIXES):
            continue
        yield route


def test_portal_users_never_get_a_staff_page_and_staff_never_a_portal_page(client, portal_world):
    w = portal_world
    homes = {Role.CITIZEN: "/portal/", Role.EMPLOYER_REP: "/portal/unit/", Role.COLLECTION_AGENT: "/agent/"}
    problems, checks = [], 0
    staff = {k: v for k, v in w.items() if k.startswith("user_") or k in ("u1", "u2")}
    for who, user in {**_portal_users(w), **staff}.items():
        client.force_login(user)
        own_prefix = {Role.CITIZEN: "portal/", Role.EMPLOYER_REP: "portal/", Role.COLLECTION_AGENT: "agent/"}.get(
            user.role)
        values = {"person_id": user.person_id or w["in_person"].pk, "employer_id": user.employer_id or 1}
        for route in _pages():
            if own_prefix is None and not route.startswith(PORTAL_PREFIXES):
                continue  # staff on staff pages: test_scope_matrix.py
            url = _url(route, values)
            response = client.get(url)
            checks += 1
            status = response.status_code
            ours = own_prefix is not None and route.startswith(own_prefix)
            if ours:
                continue  # their own pages: the id matrix above
            if own_prefix is None and route.startswith(PORTAL_PREFIXES):
                if status not in (404, 405):  # 405: a sign-out answers only POST
                    problems.append(f"staff {who} GET {url} -> {status} (a portal page answers staff 404)")
                continue
            if 200 <= status < 300:
                problems.append(f"{who} GET {url} -> {status}")
            elif 300 <= status < 400 and own_prefix is not None:
                target = response["Location"]
                if not (target.startswith(homes[user.role]) or target.startswith("/" + own_prefix)
                        or "login" in target):
                    problems.append(f"{who} GET {url} -> redirect to {target}")
    print(f"portal/staff separation: {checks} requests")
    assert not problems, "\n".join(problems[:40])
