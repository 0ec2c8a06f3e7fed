"""docs/legal-sources-benefits.md, "Table by table": every benefit table of `rules/params` and each of its rows (from,
to, status) is listed, so that the section cannot fall behind the code (it lacked the Law 71 maternity rows)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from ansinh.rules.tables import Table

DOC = Path(__file__).resolve().parents[4] / "docs" / "legal-sources-benefits.md"
MODULES = ("benefit_common", "benefit_sickness", "benefit_maternity", "benefit_work_injury", "benefit_survivors",
           "benefit_pension", "benefit_one_time", "benefit_unemployment")


def _tables() -> list[tuple[str, str, Table]]:
    out = []
    for module in MODULES:
        for name, value in vars(importlib.import_module(f"ansinh.rules.params.{module}")).items():
            if isinstance(value, Table):
                out.append((module, name, value))
    return out


@pytest.mark.parametrize(("module", "name", "table"), _tables(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_benefit_table_row_is_listed(module, name, table):
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Table by table (generated from the code)"):]
    heading = f"#### `{name}` —"
    assert heading in section, f"{module}.{name} is not listed in {DOC.name}"
    part = section[section.index(heading) + len(heading):]
    end = re.search(r"\n#{3,4} ", part)
    part = part[:end.start()] if end else part
    listed = set(re.findall(r"^\| (\d{4}-\d{2}-\d{2}) \| (\S+) \|.*\| (\S+) \|$", part, re.M))
    held = {(e.valid_from.isoformat(), e.valid_to.isoformat() if e.valid_to else "open", e.status)
            for e in table.entries}
    assert listed == held, f"{name}: rows in the code but not the docs {sorted(held - listed)}, " \
                           f"in the docs but not the code {sorted(listed - held)}"
