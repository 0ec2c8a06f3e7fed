"""Set-based writes for batch paths: many rows in one statement stream, on PostgreSQL and SQLite.

PostgreSQL: COPY … FROM STDIN through psycopg 3 (the fastest path). SQLite: executemany of one prepared INSERT.
Columns are given by name; values are Python ints, strings, dates, None (numpy scalars are converted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, dt.date)):
        return value
    item = getattr(value, "item", None)  # numpy scalar
    return item() if item is not None else value


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, plain: bool = False) -> int:
    """Insert rows into `table`; returns how many. Must run inside the caller's transaction.
    `plain=True`: the values are already plain Python values (no numpy scalars), skip the conversion."""
    count = 0
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3 cursor
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row if plain else [_plain(v) for v in row])
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"
            batch: list[Any] = []
            for row in rows:
                batch.append(row if plain else [_plain(v) for v in row])
                if len(batch) >= 20_000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def insert_columns(table: str, columns: dict[str, Any], n: int) -> int:
    """Insert n rows given column-wise: each value is a sequence of length n (list or numpy array) or a scalar
    repeated on every row. Converting a whole column at once (numpy `tolist`, dates formatted once) keeps the
    Python work per row to building one tuple."""
    if n == 0:
        return 0
    names = list(columns)
    data = []
    for name in names:
        value = columns[name]
        if isinstance(value, (str, int, dt.date)) or value is None:
            value = _db_value(value)
            data.append([value] * n)
            continue
        values = value.tolist() if hasattr(value, "tolist") else list(value)
        if values and isinstance(values[0], dt.date) and connection.vendor == "sqlite":
            values = [v.isoformat() if v is not None else None for v in values]
        data.append(values)
    return insert_rows(table, names, zip(*data, strict=True), plain=True)


def _db_value(value: Any) -> Any:
    if isinstance(value, dt.date) and connection.vendor == "sqlite":
        return value.isoformat()
    return value


def next_ids(table: str, n: int) -> range:
    """Reserve n primary keys after the current maximum (batch jobs hold the table in their transaction).
    On PostgreSQL the id sequence is moved past them so that later ORM inserts do not collide."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = int(cursor.fetchone()[0]) + 1
        if connection.vendor == "postgresql" and n:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + n - 1])
    return range(start, start + n)


def delete_ids(table: str, ids: Sequence[int], column: str = "id") -> int:
    """Delete rows by id in chunks (SQLite limits the number of parameters)."""
    total = 0
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 900):
            chunk = [int(x) for x in ids[i : i + 900]]
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(table)} WHERE {connection.ops.quote_name(column)} "
                f"IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            total += cursor.rowcount
    return total
