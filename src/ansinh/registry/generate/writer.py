"""Bulk writer for the generator: COPY FROM STDIN on PostgreSQL (psycopg 3), executemany of one prepared INSERT
on SQLite. Rows come as columns (dict: column name -> list); the writer checks the columns against the model so
that a model change fails loudly instead of writing half a row. Primary keys are assigned by the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model


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
        rows = zip(*(columns[f] for f in fields), strict=True)
        table = model._meta.db_table
        if self.vendor == "postgresql":
            self._copy(table, fields, rows)
        else:
            self._insert(table, fields, rows)
        self.written[table] = self.written.get(table, 0) + n
        return n

    def _copy(self, table: str, fields: list[str], rows: Iterable[tuple]) -> None:
        q = self.connection.ops.quote_name
        sql = f"COPY {q(table)} ({', '.join(q(f) for f in fields)}) FROM STDIN"
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)

    def _insert(self, table: str, fields: list[str], rows: Iterable[tuple]) -> None:
        q = self.connection.ops.quote_name
        sql = f"INSERT INTO {q(table)} ({', '.join(q(f) for f in fields)}) VALUES ({', '.join('?' * len(fields))})"
        self.connection.ensure_connection()
        self.connection.connection.executemany(sql, rows)  # the sqlite3 connection: no per-row Django overhead

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
