from __future__ import annotations

import csv
import io

import pytest


def csv_bytes(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def places(two_provinces):
    return two_provinces
