"""core.bulk writes what it is given, on SQLite (executemany) and PostgreSQL (COPY text built column-wise)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection

from ansinh.core.bulk import insert_columns, insert_rows

pytestmark = pytest.mark.django_db

AWKWARD = ["plain", "tab\there", "line\nbreak", "back\\slash", "carriage\rreturn", r"\N", "", "Nguyễn Thị Ánh"]


@pytest.fixture
def probe():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bulk_probe (id BIGINT PRIMARY KEY, name TEXT NULL, day DATE NULL, flag BOOLEAN NULL, "
            "n BIGINT NULL, kind TEXT NULL)"
        )
    yield "bulk_probe"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bulk_probe")


def _read() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name, CAST(day AS TEXT), flag, n, kind FROM bulk_probe ORDER BY id")
        return [(i, name, day, None if flag is None else bool(flag), n, kind)
                for i, name, day, flag, n, kind in cursor.fetchall()]


def test_insert_columns_round_trips_awkward_text_nulls_dates_and_numpy(probe):
    n = len(AWKWARD)
    names = [*AWKWARD[:-1], None]
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(n - 1)] + [None]
    written = insert_columns(probe, {
        "id": np.arange(1, n + 1, dtype=np.int64),
        "name": names,
        "day": days,
        "flag": np.array([i % 2 == 0 for i in range(n)]),
        "n": np.array([10**12 + i for i in range(n)], dtype=np.int64),
        "kind": "scalar\tvalue",
    }, n)
    assert written == n
    rows = _read()
    assert [r[1] for r in rows] == names
    assert [r[2] for r in rows] == [d.isoformat() if d else None for d in days]
    assert [r[3] for r in rows] == [i % 2 == 0 for i in range(n)]
    assert [r[4] for r in rows] == [10**12 + i for i in range(n)]
    assert {r[5] for r in rows} == {"scalar\tvalue"}


def test_insert_columns_chunks_and_insert_rows_agree(probe):
    n = 120_001  # more than one COPY chunk
    insert_columns(probe, {"id": np.arange(1, n + 1), "n": np.arange(n) * 3, "kind": None}, n)
    insert_rows(probe, ("id", "name", "n"), [(n + 1, "row", np.int64(7))])
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), SUM(n), COUNT(kind) FROM bulk_probe")
        count, total, kinds = cursor.fetchone()
    assert (count, int(total), kinds) == (n + 1, 3 * (n - 1) * n // 2 + 7, 0)
