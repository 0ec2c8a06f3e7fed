"""CSV and XLSX downloads of a table (header + rows). To be replaced by the project's shared export helpers
when they land in ansinh.web (see the common brief)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from ansinh.core.exports import csv_row, csv_writer


def table_response(fmt: str, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append(csv_row(header))
        for row in rows:
            sheet.append(csv_row(row))  # write-only sheets cannot be neutralised after: text that would be a formula is quoted
        buf = io.BytesIO()
        book.save(buf)
        response = HttpResponse(buf.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
