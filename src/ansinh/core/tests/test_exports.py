"""Issue 9, finding 5: a name like `=1+2+cmd|' /C calc'!A0` reaches no export as a live formula."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from ansinh.core.exports import csv_row, neutralise_workbook, safe_text, xlsx_bytes
from ansinh.core.testing import factories as f

EVIL = "=1+2+cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", [EVIL, "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_dangerous_text_is_quoted(text):
    assert safe_text(text) == "'" + text


def test_numbers_and_plain_text_are_left_alone():
    assert csv_row([-5, 0, 12_000_000, "Nguyễn Văn An", "", None]) == [-5, 0, 12_000_000, "Nguyễn Văn An", "", None]


def test_workbook_formulas_become_text():
    wb = Workbook()
    wb.active.append(["ok", EVIL, 5])
    assert wb.active["B1"].data_type == "f"  # openpyxl would write a live formula
    book = load_workbook(io.BytesIO(xlsx_bytes(wb)))
    cell = book.active["B1"]
    assert cell.data_type == "s" and cell.value == EVIL
    assert neutralise_workbook(book) == 0


def test_reports_export_is_neutralised():
    from ansinh.reports.views import export

    response = export([["name"], [EVIL]], "x", "xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.active["A2"].data_type == "s"
    text = export([["name"], [EVIL]], "x", "csv").content.decode("utf-8-sig")
    assert "'=1+2" in text


@pytest.mark.django_db
def test_persons_export_csv_is_neutralised(client, two_provinces):
    f.PersonFactory(full_name=EVIL, address_commune=two_provinces["a1"])
    client.force_login(two_provinces["u1"])
    body = b"".join(client.get("/api/v1/persons/export.csv").streaming_content).decode("utf-8-sig")
    assert "'=1+2+cmd" in body and ",=1+2" not in body
