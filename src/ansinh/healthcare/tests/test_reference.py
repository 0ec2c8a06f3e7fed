"""Catalogue import: rows loaded effective-dated (a new price closes the old row the day before), a file with bad
rows refused by line and field with nothing loaded; the price check then uses the price in force on the order day."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ansinh.core.errors import FileErrors
from ansinh.healthcare.models import CatalogueItem, Finding
from ansinh.healthcare.reference import catalogue_import
from ansinh.healthcare.tests.conftest import receive, sample_bytes

HEAD = "facility_code,kind,code,name,unit,price,valid_from,valid_to,tender\n"


@pytest.mark.django_db
def test_new_price_from_a_date_and_the_check_uses_it(facility, tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text(HEAD + "99001,drug,40.002,Thuốc C,Viên,10000.000,2025-05-10,,01/QD-SYT;G1;N4;2025\n",
                    encoding="utf-8")
    call_command("claims_catalogue_import", str(path))
    rows = list(CatalogueItem.objects.filter(code="40.002").order_by("valid_from")
                .values_list("price_milli", "valid_from", "valid_to"))
    assert [(p, str(a), str(b)) for p, a, b in rows] == [(12_000_000, "2024-01-01", "2025-05-09"),
                                                          (10_000_000, "2025-05-10", "None")]
    receive(sample_bytes())  # episode B orders 40.002 at 12,000 on 2025-05-16: 2,000 above the price in force
    f = Finding.objects.get()
    assert (f.check_code, f.line.code, f.amount) == ("P02", "40.002", 20_000)  # 120,000 × 2,000 / 12,000


@pytest.mark.django_db
def test_bad_rows_refused_by_line_and_field(facility, tmp_path):
    data = (HEAD + "99001,drug,40.100,A,Viên,500,2025-01-01,,\n"
            "99009,drug,40.101,B,Viên,500,2025-01-01,,\n"
            "99001,food,40.102,C,Viên,abc,2025-13-01,,\n").encode()
    with pytest.raises(FileErrors) as exc:
        catalogue_import(actor=None, stream=io.BytesIO(data), file_name="x.csv")
    assert {(p["line"], p["field"]) for p in exc.value.details} == {(3, "facility_code"), (4, "kind"), (4, "price"),
                                                                    (4, "valid_from")}
    assert not CatalogueItem.objects.filter(code__startswith="40.10").exists()
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError):
        call_command("claims_catalogue_import", str(path))
