"""The sample file's facility (99001 in province 99) with its approved list, and helpers to import a variant of
the sample (its raw episodes changed by a function)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from ansinh.core.testing import factories as f
from ansinh.healthcare import services
from ansinh.healthcare.intake import read_file, write_file
from ansinh.healthcare.models import CatalogueItem, Facility, Practitioner
from ansinh.rules import healthcare as hc
from ansinh.web.management.commands.compile_translations import compile_catalogs

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample_2claims.xml"
START = dt.date(2024, 1, 1)
PRICES = {"40.000": 500, "40.001": 1250.5, "40.002": 12000, "02.0000": 50600, "23.0000.0000": 22400,
          "18.0000.0000": 65400, "N00.00.000.0000.000.0000": 15000, "23.9999.9999": 100000}


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    compile_catalogs()
    trans_real._translations = {}
    trans_real._default = None
    translation.deactivate()


def sample_raw():
    with SAMPLE.open("rb") as fh:
        raw, problems = read_file(fh)
    assert problems == []
    return raw


def sample_bytes(change=None) -> bytes:
    raw = sample_raw()
    if change:
        change(raw)
    return write_file(raw, "99001", "20250517")


def receive(data: bytes, actor=None, **kw):
    return services.claims_receive(actor=actor, stream=io.BytesIO(data), file_name="test.xml", **kw)


@pytest.fixture
def facility(db):
    p = f.ProvinceFactory(code="99", name="Tỉnh Thử")
    c = f.CommuneFactory(parent=p)
    fac = Facility.objects.create(code="99001", name="Bệnh viện Thử", level="basic", kind="hospital", province=p,
                                  commune=c, primary_care=True, valid_from=START)
    for code, price in PRICES.items():
        kind = "drug" if code.startswith("40") else "supply" if code.startswith("N") else "service"
        CatalogueItem.objects.create(facility_code="99001", kind=kind, code=code, name=code,
                                     price_milli=int(price * 1000), valid_from=START, from_day=hc.day_number(START),
                                     to_day=99999)
    Practitioner.objects.create(certificate_number="000001/SYN-CCHN", full_name="Bác sĩ Thử", facility_code="99001",
                                valid_from=START, from_day=hc.day_number(START), to_day=99999)
    return fac
