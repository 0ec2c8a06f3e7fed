"""Set-based writes for batch paths: many rows in one statement stream, on PostgreSQL and SQLite.

PostgreSQL: COPY … FROM STDIN through psycopg 3 (the fastest path). SQLite: executemany of one prepared INSERT.
Columns are given by name; values are Python ints, strings, dates, None (numpy scalars are converted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

connection = default_connection


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, dt.date)):
        return value
    item = getattr(value, "item", None)  # numpy scalar
    return item() if item is not None else value


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, plain: bool = False,
                connection: BaseDatabaseWrapper = default_connection) -> int:
    """Insert rows into `table`; returns how many. Must run inside the caller's transaction.
    `plain=True`: the values are already plain Python values (no numpy scalars), skip the conversion."""
    counted = _Counted(rows if plain else ([_plain(v) for v in row] for row in rows))
    if connection.vendor == "postgresql":
        _copy(connection, table, columns, counted)
    elif connection.vendor == "sqlite":
        _insert(connection, table, columns, counted)
    else:
        raise NotImplementedError(f"bulk writing is implemented for PostgreSQL and SQLite, not {connection.vendor}")
    return counted.n


class _Counted:
    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self.rows, self.n = iter(rows), 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Sequence[Any]:
        row = next(self.rows)
        self.n += 1
        return row


def _copy(connection: BaseDatabaseWrapper, table: str, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {q(table)} ({', '.join(q(f) for f in fields)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert(connection: BaseDatabaseWrapper, table: str, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    q = connection.ops.quote_name
    sql = f"INSERT INTO {q(table)} ({', '.join(q(f) for f in fields)}) VALUES ({', '.join('?' * len(fields))})"
    connection.ensure_connection()
    connection.connection.executemany(sql, rows)  # the sqlite3 connection: no per-row Django overhead


def insert_columns(table: str, columns: dict[str, Any], n: int) -> int:
    """Insert n rows given column-wise: each value is a sequence of length n (list or numpy array) or a scalar
    repeated on every row. Converting a whole column at once (numpy `tolist`, dates formatted once) keeps the
    Python work per row to building one tuple (SQLite) or to one `str` per field (PostgreSQL COPY text)."""
    if n == 0:
        return 0
    names = list(columns)
    if connection.vendor == "postgresql":
        _copy_text(connection, table, names, [_copy_column(columns[name], n) for name in names], n)
        return n
    data = []
    for name in names:
        value = columns[name]
        if isinstance(value, (str, int, dt.date)) or value is None:
            value = _db_value(value)
            data.append([value] * n)
            continue
        values = value.tolist() if hasattr(value, "tolist") else list(value)
        if values and isinstance(values[0], dt.date):
            values = [_db_value(v) for v in values]
        data.append(values)
    return insert_rows(table, names, zip(*data, strict=True), plain=True)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_CHUNK = 50_000


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    item = getattr(value, "item", None)  # numpy scalar
    return str(item() if item is not None else value)


def _copy_column(value: Any, n: int) -> list[str]:
    """One column as COPY text fields: a scalar rendered once; integer arrays through `str` in one pass."""
    if value is None or isinstance(value, (str, int, dt.date)):
        return [_copy_field(value)] * n
    dtype = getattr(value, "dtype", None)
    if dtype is not None and dtype.kind in "iu":
        return list(map(str, value.tolist()))
    if dtype is not None and dtype.kind == "b":
        return ["t" if v else "f" for v in value.tolist()]
    return [_copy_field(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]


def _copy_text(connection: BaseDatabaseWrapper, table: str, fields: Sequence[str], text: list[list[str]],
               n: int) -> None:
    """COPY in text format, written in chunks: psycopg's per-row `write_row` costs ~10 µs a row in Python,
    joining pre-rendered fields well under 1 µs a field."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {q(table)} ({', '.join(q(f) for f in fields)}) FROM STDIN") as copy:
            for lo in range(0, n, _COPY_CHUNK):
                chunk = [column[lo:lo + _COPY_CHUNK] for column in text]
                copy.write("".join(f"{line}\n" for line in map("\t".join, zip(*chunk, strict=True))))


def _db_value(value: Any) -> Any:
    if connection.vendor == "sqlite":
        if isinstance(value, dt.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
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


# The model-checked writer of the demo generator: rows as columns (dict: column name -> list), checked against the
# model so that a model change fails loudly instead of writing half a row. Primary keys are assigned by the caller.
class BulkWriter:
    def __init__(self, connection: BaseDatabaseWrapper = default_connection) -> None:
        self.connection = connection
        self.vendor = connection.vendor
        if self.vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"bulk writing is implemented for PostgreSQL and SQLite, not {self.vendor}")
        self.written: dict[str, int] = {}

    def begin(self) -> None:
        """Inside the caller's transaction. PostgreSQL: check foreign keys row by row as rows arrive (parents are
        written first) instead of queueing millions of deferred checks to the commit."""
        if self.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def analyze(self, models: list[type[Model]]) -> None:
        """Fresh planner statistics after a bulk load (PostgreSQL ANALYZE, SQLite's ANALYZE)."""
        q = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {q(model._meta.db_table)}")

    def stamp(self, when: dt.datetime) -> object:
        """A timestamp value as this database takes it in a bulk row."""
        if self.vendor == "sqlite":
            return self.connection.ops.adapt_datetimefield_value(when)
        return when

    def next_id(self, model: type[Model]) -> int:
        table = self.connection.ops.quote_name(model._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            return int(cursor.fetchone()[0]) + 1

    def write(self, model: type[Model], columns: dict[str, list]) -> int:
        fields = [f.column for f in model._meta.concrete_fields]
        if set(fields) != set(columns):
            missing, extra = set(fields) - set(columns), set(columns) - set(fields)
            raise ValueError(f"{model.__name__}: columns differ from the model (missing {missing}, extra {extra})")
        lengths = {len(v) for v in columns.values()}
        if len(lengths) != 1:
            raise ValueError(f"{model.__name__}: columns of different lengths {lengths}")
        n = lengths.pop()
        if n == 0:
            return 0
        table = model._meta.db_table
        insert_rows(table, fields, zip(*(columns[f] for f in fields), strict=True), plain=True,
                    connection=self.connection)
        self.written[table] = self.written.get(table, 0) + n
        return n

    def reset_sequences(self, models: list[type[Model]]) -> None:
        """PostgreSQL identity sequences past the ids written (SQLite's AUTOINCREMENT follows by itself)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    def delete_range(self, model: type[Model], column: str, low: int, high: int) -> int:
        q = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {q(model._meta.db_table)} WHERE {q(column)} BETWEEN %s AND %s", [low, high])
            return cursor.rowcount
