"""Bench databases: separate from the demo's, sized by the number of persons."""

from __future__ import annotations

import os
import time
from pathlib import Path


def use_bench_database(name: str) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _, _ = url.rpartition("/")
        # BENCH_DB_PREFIX: engineers sharing one server keep their bench databases apart
        name = f"{os.environ.get('BENCH_DB_PREFIX', 'ansinh')}_bench_{name.replace('-', '_')}"
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{base}/{name}"
    else:
        var = Path(__file__).resolve().parent.parent / "var"
        var.mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{var / f'bench-{name}.sqlite3'}"


def ensure_places() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_places", province="20", verbosity=0)


def ensure_data(*, persons: int, seed: int) -> None:
    from django.core.management import call_command

    t = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_places", province="20", verbosity=0)
    call_command("generate", persons=persons, seed=seed, province="20", verbosity=1)
    print(f"data ready ({persons:,} persons) in {time.monotonic() - t:.1f} s")
