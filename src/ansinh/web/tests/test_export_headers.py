"""Every file a user downloads from a page names its columns in the page's language: Vietnamese headers from a
Vietnamese page, English from an English one, never a code such as `debt_total` (docs/presentation.md, "Exports").

Formats read by software keep their codes on purpose and are not walked here: the bank transfer CSV of the payroll
(the bank's import layout) and the API's CSV (/api/v1/persons/export.csv). Documents made for a Vietnamese
counterpart are in Vietnamese whatever the page's language: the steering report (XLSX/PDF), the payroll's bank
and postal lists. The last test keeps this list complete: a module that starts writing CSV or XLSX must be
named here."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

import ansinh
from ansinh.analytics import statistics
from ansinh.core.testing import factories as f
from ansinh.planning.services.targets import PlanInput, plan_create
from ansinh.reports.tests.conftest import make_small_province
from ansinh.rules.periods import Month

CODE_LIKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)

# (url, what it is) — each downloaded in Vietnamese and in English
HUMAN_EXPORTS = [
    "/reports/lists/debt/?period=2020-05&format=csv",
    "/reports/lists/debt/?period=2020-05&format=xlsx",
    "/reports/lists/behind/?period=2020-05&scheme=hi&format=csv",
    "/reports/lists/behind/?period=2020-05&scheme=vsi&format=xlsx",
    "/reports/lists/lapsed/?period=2020-05&format=csv",
    "/reports/lists/lapsed/?period=2020-05&format=xlsx",
    "/contributions/debts/?period=2020-05&format=csv",
    "/compliance/findings/?period=2020-05&format=csv",
    "/compliance/findings/?period=2020-05&format=xlsx",
    "/compliance/reminders/?period=2020-05&format=csv",
    "/compliance/reminders/?period=2020-05&format=xlsx",
    "/compliance/report/?year=2020&format=csv",
    "/compliance/report/?year=2020&format=xlsx",
    "/procedures/report.xlsx?from=2020-01-01&to=2020-12-31",
    "/persons/export.csv?q=nguyen",
]
VIETNAMESE_DOCUMENTS = ["/reports/steering.xlsx?period=2020-05"]

# every module that writes a CSV or XLSX for download, and where this file covers it (or why not)
EXPORT_MODULES = {
    "ansinh/reports/views.py": "HUMAN_EXPORTS (lists) and VIETNAMESE_DOCUMENTS (steering)",
    "ansinh/reports/steering.py": "VIETNAMESE_DOCUMENTS",
    "ansinh/reports/api.py": "API: the steering XLSX, the same Vietnamese document",
    "ansinh/contributions/views_arrears.py": "HUMAN_EXPORTS (debts)",
    "ansinh/compliance/export.py": "HUMAN_EXPORTS (compliance)",
    "ansinh/compliance/views.py": "HUMAN_EXPORTS (compliance)",
    "ansinh/healthcare/views.py": "people: the HI claims report XLSX, columns through gettext",
    "ansinh/procedures/views_report.py": "HUMAN_EXPORTS (procedures)",
    "ansinh/web/views.py": "HUMAN_EXPORTS (persons)",
    "ansinh/core/presentation.py": "the helper (csv_response with labels)",
    "ansinh/core/exports.py": "the helper (formula neutralising)",
    "ansinh/registry/api.py": "machine: the API's CSV for software, codes on purpose",
    "ansinh/benefits/services/payment_files.py": "machine: bank CSV (the bank's layout); Vietnamese documents: bank "
                                                 "and postal XLSX for the bank and the postal service",
    "ansinh/contributions/imports/d02lt.py": "Vietnamese document: the D02-LT form in the official layout the "
                                             "declaration import reads",
    "ansinh/contributions/management/commands/debts.py": "a command's CSV (stdout/file), not a download",
}


@pytest.fixture
def built(db):
    d = make_small_province()
    statistics.refresh([Month(2020, 4), Month(2020, 5)], only_dirty=False)
    plan_create(actor=None, data=PlanInput(province_id=d["p"].pk, year=2020, method="population", targets={
        "vsi": Decimal(25), "hi": Decimal(500), "hi_coverage": Decimal(95), "revenue": Decimal(10_000_000),
        "debt_ceiling": Decimal(4)}))
    admin = f.UserFactory(username="quantri", role="administrator", is_superuser=True)
    return admin


def _client(user, lang: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in response["Content-Type"]:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _header(rows: list[list[str]]) -> list[str]:
    """The first row naming three or more columns (an XLSX may carry a title and a blank line above it)."""
    for row in rows:
        cells = [c for c in row if c.strip()]
        if len(cells) >= 3:
            return cells
    raise AssertionError(f"no header row in {rows[:5]}")


@pytest.mark.parametrize("url", HUMAN_EXPORTS)
def test_a_human_export_names_its_columns_in_the_page_language(built, url):
    headers = {}
    for lang in ("vi", "en"):
        response = _client(built, lang).get(url)
        assert response.status_code == 200, (lang, url, response.status_code)
        header = _header(_rows(response))
        codes = [h for h in header if CODE_LIKE.match(h)]
        assert not codes, f"{url} ({lang}): code-like column names {codes}"
        headers[lang] = header
    assert any(VIETNAMESE.search(h) for h in headers["vi"]), f"{url}: no Vietnamese header {headers['vi']}"
    assert not any(VIETNAMESE.search(h) for h in headers["en"]), f"{url}: Vietnamese in English {headers['en']}"
    assert headers["vi"] != headers["en"]


@pytest.mark.parametrize("url", VIETNAMESE_DOCUMENTS)
def test_a_vietnamese_document_has_vietnamese_headers_in_both_languages(built, url):
    for lang in ("vi", "en"):
        response = _client(built, lang).get(url)
        assert response.status_code == 200
        rows = _rows(response)
        header = _header(rows[1:])  # under the title
        assert not [h for h in header if CODE_LIKE.match(h)]
        assert any(VIETNAMESE.search(h) for h in header)


def test_every_module_that_writes_an_export_is_covered_here():
    root = Path(ansinh.__file__).parent
    writers = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "testing" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if (re.search(r"text/csv|spreadsheetml|csv_writer\(|csv_response\(|table_response\(|xlsx_bytes\(|\.writerow\(",
                     text) and "Workbook(" in text) or re.search(r"text/csv|csv_response\(|table_response\(", text):
            writers.add(str(path.relative_to(root.parent)))
    unknown = sorted(writers - set(EXPORT_MODULES))
    assert not unknown, f"exports not covered by this test (add them to HUMAN_EXPORTS or EXPORT_MODULES): {unknown}"
