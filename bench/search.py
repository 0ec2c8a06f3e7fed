"""Person search on a generated province: the indexed selector against a full-scan baseline of the same query.

Optimised: `registry.selectors.person_search` (first page of 50, as the API and the staff page ask it) — B-tree on
(name_search, birth_year), unique indexes on the identifiers.
Baseline: the same rows selected with the indexes disabled (SQLite: unary `+` on the column; PostgreSQL:
enable_indexscan/enable_bitmapscan off in the transaction), i.e. what the query costs without the design.
"""

from __future__ import annotations

import random

from django.db import connection, transaction

from bench.stats import ms, summary, timed


def _queries(repeat: int) -> dict[str, list[dict[str, object]]]:
    from ansinh.registry.models import Person

    rng = random.Random(7)
    total = Person.objects.count()
    sample_ids = [rng.randint(1, total) for _ in range(repeat)]
    people = list(Person.objects.filter(pk__in=sample_ids).values("full_name", "birth_year", "citizen_id", "si_code"))
    return {
        "full name": [{"q": p["full_name"]} for p in people],
        "full name + birth year": [{"q": p["full_name"], "birth_year": p["birth_year"]} for p in people],
        "family + middle name prefix": [{"q": " ".join(p["full_name"].split()[:2])} for p in people],
        "citizen ID": [{"q": p["citizen_id"]} for p in people if p["citizen_id"]],
        "SI number": [{"q": p["si_code"]} for p in people if p["si_code"]],
    }


def _baseline_sql(query: dict[str, object]) -> tuple[str, list[object]]:
    from ansinh.core.text import fold
    from ansinh.registry.selectors import PersonQuery

    q = PersonQuery(q=str(query["q"]), birth_year=query.get("birth_year"))  # type: ignore[arg-type]
    plus = "+" if connection.vendor == "sqlite" else ""
    where, params = [], []
    if q.kind == "citizen_id":
        where.append(f"{plus}citizen_id = %s")
        params.append(q.q.strip())
    elif q.kind == "si_code":
        where.append(f"{plus}si_code = %s")
        params.append(q.q.strip())
    else:
        prefix = fold(q.q)
        where.append(f"{plus}name_search >= %s AND {plus}name_search < %s")
        params += [prefix, prefix + "\U0010ffff"]
    if q.birth_year:
        where.append(f"{plus}birth_year = %s")
        params.append(q.birth_year)
    sql = f"SELECT id FROM registry_person WHERE {' AND '.join(where)} ORDER BY name_search, birth_year, id LIMIT 50"
    return sql, params


def run(*, repeat: int) -> None:
    from ansinh.accounts.models import User
    from ansinh.registry.selectors import PersonQuery, person_search

    user = User(username="bench", whole_country=True)
    queries = _queries(repeat)
    print(f"\nperson search, {connection.vendor}, {repeat} queries per kind (first page of 50)")
    print(f"{'kind':30} {'median':>11} {'p95':>11} {'baseline median':>16} {'ratio':>8}")
    for kind, items in queries.items():
        it = iter(items * 2)
        fast = timed(lambda: list(person_search(user=user, query=PersonQuery(**next(it))).values_list("id", flat=True)[:50]), len(items) - 1)  # noqa: B023 (called at once)
        base_items = iter(items * 2)

        def baseline() -> None:
            sql, params = _baseline_sql(next(base_items))  # noqa: B023 (called at once)
            with transaction.atomic(), connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    cur.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off")
                cur.execute(sql, params)
                cur.fetchall()

        slow = timed(baseline, min(len(items) - 1, 10))
        f_med, f_p95 = summary(fast)
        b_med, _ = summary(slow)
        print(f"{kind:30} {ms(f_med)} {ms(f_p95)} {ms(b_med):>16} {b_med / f_med:7.0f}×")
