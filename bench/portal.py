"""Portal load: N concurrent users signed in as different citizens, employers' representatives and collection
agents' staff, with agency officers beside them, against the production server (`ansinh serve`: gunicorn with its
configured workers, whitenoise) on a demo database (`ansinh demo`; DATABASE_URL names it).

Each simulated user is an asyncio task with its own httpx client (own cookies): it signs in through the real sign-in
page, then loops for --seconds: pick one of its role's pages at random, GET it, record the time to the last byte,
wait a think time (uniform 0.5–1.5 × --think seconds, as a person reading a page; --think 0 hammers). Reported per
page: requests, p50/p95/p99 in ms, requests per second; the load average of the machine sampled every second.

Users are made once (idempotent): bench_citizen_NN linked to distinct persons with employment history,
bench_unit_NN to distinct employers, bench_agent_NN to the demo's post offices, and the demo's officers; all with
the demo password. Nothing else in the database is changed by the run (GET only).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSWORD = "ansinh-demo"
MIX = {"citizen": 0.56, "unit": 0.25, "agent": 0.06, "staff": 0.13}  # 32 users → 18 / 8 / 2 / 4
PAGES = {
    "citizen": [("portal home", "/portal/"), ("portal contributions", "/portal/contributions/"),
                ("portal card", "/portal/card/"), ("portal benefits", "/portal/benefits/")],
    "unit": [("unit home", "/portal/unit/"), ("unit employees", "/portal/unit/employees/"),
             ("unit notice C12", "/portal/unit/notice/")],
    "agent": [("agent home", "/agent/"), ("agent find", "/agent/?q={name}"), ("agent day", "/agent/day/"),
              ("agent commission", "/agent/commission/")],
    "staff": [("staff home", "/"), ("staff person search", "/persons/?q={name}"), ("staff person", "/persons/{person}/"),
              ("staff employer", "/employers/{employer}/"), ("staff debts", "/contributions/debts/")],
}


@dataclass
class Account:
    role: str
    login: str  # what the sign-in form takes
    extra: dict[str, Any] = field(default_factory=dict)


def make_users(n: int) -> list[Account]:
    """The bench accounts (idempotent), in the proportions of MIX."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.config.settings")
    django.setup()
    from django.db.models import Count

    from ansinh.accounts.models import Role, User
    from ansinh.accounts.services import user_ensure
    from ansinh.contributions.models import AgentStaff, CollectionAgent
    from ansinh.contributions.services.collection import agent_staff_add
    from ansinh.registry.models import Employer, Employment, Person

    counts = {k: max(1, round(v * n)) for k, v in MIX.items()}
    counts["citizen"] = n - counts["unit"] - counts["agent"] - counts["staff"]
    persons = list(Person.objects.filter(pk__in=Employment.objects.values("person_id"), citizen_id__isnull=False,
                                         death_date__isnull=True).order_by("id")[:counts["citizen"]])
    employers = list(Employer.objects.annotate(n=Count("employments")).filter(n__gt=0).order_by("-n", "id")[:counts["unit"]])
    agents = list(CollectionAgent.objects.filter(kind=CollectionAgent.Kind.POST_OFFICE, valid_to__isnull=True)
                  .order_by("id")[:counts["agent"]])
    out: list[Account] = []
    for i, person in enumerate(persons):
        user, _ = user_ensure(username=f"bench_citizen_{i:02d}", password=PASSWORD, role=Role.CITIZEN, person=person)
        if user.person_id != person.pk:
            continue
        out.append(Account("citizen", person.citizen_id))
    for i, employer in enumerate(employers):
        user_ensure(username=f"bench_unit_{i:02d}", password=PASSWORD, role=Role.EMPLOYER_REP, employer=employer)
        out.append(Account("unit", f"bench_unit_{i:02d}"))
    names = list(Person.objects.order_by("?").values_list("full_name", flat=True)[:50])
    for i, agent in enumerate(agents):
        user, _ = user_ensure(username=f"bench_agent_{i:02d}", password=PASSWORD, role=Role.COLLECTION_AGENT)
        if not AgentStaff.objects.filter(user=user).exists():
            agent_staff_add(actor=None, agent=agent, full_name=user.username, valid_from=agent.valid_from, user=user,
                            source="cli")
        out.append(Account("agent", user.username, {"names": [" ".join(x.split()[:2]) for x in names]}))
    staff = [u for u in ("collection_officer", "manager", "benefits_officer", "hi_officer", "desk_clerk")
             if User.objects.filter(username=u).exists()][:counts["staff"]]
    sample_persons = list(Person.objects.order_by("?").values_list("id", flat=True)[:200])
    sample_employers = list(Employer.objects.order_by("?").values_list("id", flat=True)[:100])
    for u in staff:
        out.append(Account("staff", u, {"names": [" ".join(x.split()[:2]) for x in names], "persons": sample_persons,
                                        "employers": sample_employers}))
    return out


def _url(template: str, acc: Account, rng: random.Random) -> str:
    return template.format(name=rng.choice(acc.extra.get("names") or ["nguyen"]),
                           person=rng.choice(acc.extra.get("persons") or [1]),
                           employer=rng.choice(acc.extra.get("employers") or [1]))


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


async def _sign_in(client: Any, acc: Account) -> None:
    page, field_name, _home = {"citizen": ("/portal/login/", "identifier", "/portal/"),
                              "unit": ("/portal/login/", "identifier", "/portal/unit/"),
                              "agent": ("/agent/login/", "username", "/agent/"),
                              "staff": ("/login/", "username", "/")}[acc.role]
    form = await client.get(page)
    token = _CSRF.search(form.text)
    data = {field_name: acc.login, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""}
    answer = await client.post(page, data=data, headers={"Referer": str(client.base_url) + page})
    if answer.status_code != 302:
        raise RuntimeError(f"{acc.role} {acc.login}: sign-in answered {answer.status_code}")


async def _user(base: str, acc: Account, clock: dict[str, float], think: float, seed: int,
                times: dict[str, list[float]], errors: dict[str, int], ready: list[int],
                started: asyncio.Event, gate: asyncio.Semaphore) -> None:
    import httpx

    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False) as client:
        async with gate:  # sign-ins (a password hash each, ~0.3 s of CPU) two at a time; not measured
            await _sign_in(client, acc)
        ready.append(1)
        await started.wait()
        await asyncio.sleep(rng.random() * max(think, 0.2))  # users do not all start on the same tick
        while time.monotonic() < clock["until"]:
            label, template = rng.choice(PAGES[acc.role])
            t = time.perf_counter()
            response = await client.get(_url(template, acc, rng))
            await response.aread()
            elapsed = time.perf_counter() - t
            if response.status_code != 200:
                errors[f"{label} {response.status_code}"] += 1
            else:
                times[label].append(elapsed)
            if think:
                await asyncio.sleep(think * (0.5 + rng.random()))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def _run(base: str, accounts: list[Account], seconds: float,
               think: float) -> tuple[dict[str, list[float]], dict[str, int], list[float], float]:
    """Everybody signs in first; then the clock starts and every user loops until it stops."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    started = asyncio.Event()
    ready: list[int] = []
    clock = {"until": float("inf")}
    gate = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(_user(base, acc, clock, think, i, times, errors, ready, started, gate))
             for i, acc in enumerate(accounts)]
    while len(ready) < len(accounts):
        failed = [t for t in tasks if t.done() and t.exception()]
        if failed:
            raise failed[0].exception()  # type: ignore[misc]
        await asyncio.sleep(0.1)
    loads: list[float] = []
    t0 = time.monotonic()
    clock["until"] = t0 + seconds
    started.set()

    async def sample() -> None:
        while time.monotonic() < clock["until"]:
            loads.append(os.getloadavg()[0])
            await asyncio.sleep(1)

    sampler = asyncio.create_task(sample())
    await asyncio.gather(*tasks)
    wall = time.monotonic() - t0
    await sampler
    return times, errors, loads, wall


def _wait_for(base: str, seconds: float = 240) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/portal/login/", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server at {base} did not answer within {seconds:.0f} s")


def run(*, users: int, seconds: float, think: float, bind: str, workers: int | None, out: str) -> dict[str, Any]:
    accounts = make_users(users)
    env = {**os.environ, "ANSINH_DEMO": os.environ.get("ANSINH_DEMO", "1")}
    cmd = [sys.executable, "-m", "ansinh", "serve", "--bind", bind, "--no-worker"]
    if workers:
        cmd += ["--workers", str(workers)]
    workers_used = workers or int(os.environ.get("ANSINH_WEB_WORKERS", "2"))
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    base = f"http://{bind}"
    try:
        _wait_for(base)
        load_before = os.getloadavg()
        times, errors, loads, wall = asyncio.run(_run(base, accounts, seconds, think))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    rows = []
    everything: list[float] = []
    for label in sorted(times):
        values = times[label]
        everything += values
        rows.append({"page": label, "requests": len(values), "p50_ms": _pct(values, .5) * 1000,
                     "p95_ms": _pct(values, .95) * 1000, "p99_ms": _pct(values, .99) * 1000,
                     "rps": len(values) / wall})
    portal = [v for label in times if not label.startswith("staff") for v in times[label]]
    report = {
        "users": len(accounts), "by_role": {r: sum(a.role == r for a in accounts) for r in PAGES},
        "seconds": round(wall, 1), "think_s": think, "gunicorn_workers": workers_used, "cores": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_during": {"median": round(statistics.median(loads), 2) if loads else None,
                        "max": round(max(loads), 2) if loads else None},
        "pages": rows, "errors": dict(errors),
        "all": {"requests": len(everything), "p50_ms": _pct(everything, .5) * 1000, "p95_ms": _pct(everything, .95) * 1000,
                "p99_ms": _pct(everything, .99) * 1000, "rps": len(everything) / wall} if everything else {},
        "portal": {"requests": len(portal), "p95_ms": _pct(portal, .95) * 1000} if portal else {},
    }
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    _print(report)
    return report


def _print(r: dict[str, Any]) -> None:
    print(f"portal load: {r['users']} users {r['by_role']}, {r['seconds']} s, think {r['think_s']} s, "
          f"gunicorn {r['gunicorn_workers']} workers on {r['cores']} cores; load average before "
          f"{r['load_before']}, during median {r['load_during']['median']} max {r['load_during']['max']}")
    print("| page | requests | p50 ms | p95 ms | p99 ms | req/s |\n|---|---:|---:|---:|---:|---:|")
    for row in r["pages"]:
        print(f"| {row['page']} | {row['requests']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} "
              f"| {row['rps']:.1f} |")
    if r["all"]:
        a = r["all"]
        print(f"| **all** | {a['requests']} | {a['p50_ms']:.0f} | {a['p95_ms']:.0f} | {a['p99_ms']:.0f} | {a['rps']:.1f} |")
    if r["errors"]:
        print("errors:", r["errors"])
