"""The compliance demo's lists stay within the import's limits (size, lines) at any size of province."""

from __future__ import annotations

import csv
import io

from ansinh.compliance.management.commands.compliance_demo import _csv, _csv_files
from ansinh.compliance.reading import MAX_BYTES, MAX_ROWS


def test_a_list_larger_than_the_limit_is_sent_in_parts_with_the_same_header():
    rows = [["Mã trường", "Họ và tên"], *([f"S{i:07d}", f"Nguyễn Văn Tư {i}"] for i in range(2000))]
    assert _csv_files(rows) == [_csv(rows)]  # small: one file
    parts = _csv_files(rows, limit=10_000)
    assert len(parts) > 1 and all(len(p) <= 10_000 for p in parts)
    back = [list(csv.reader(io.StringIO(p.decode()))) for p in parts]
    assert all(b[0] == rows[0] for b in back)
    assert [r for b in back for r in b[1:]] == rows[1:]  # every line once, in order
    by_lines = _csv_files(rows, max_lines=600)
    assert len(by_lines) == 4 and all(len(list(csv.reader(io.StringIO(p.decode())))) <= 601 for p in by_lines)
    assert MAX_BYTES == 10 * 1024 * 1024 and MAX_ROWS == 50_000
