"""Large lists: validation reads the registry in a fixed number of queries whatever the number of lines; a list
read from XLSX is applied whole. Timing: ANSINH_DECLARATION_BENCH=2000 pytest -s -k timing prints the seconds taken
for a list of that many lines (docs/declarations.md records the figures)."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.accounts.models import AuditEvent
from ansinh.contributions.imports.d02lt import read_d02lt, write_xlsx
from ansinh.contributions.services.declare import DeclarationLineIn, declaration_submit, validate_lines
from ansinh.core.testing import factories as f
from ansinh.coverage.models import Participation
from ansinh.registry.models import Employment
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

P = Month(2026, 3)


def _cid(n: int) -> str:
    return f"0200{90:02d}{n:06d}"


def _rows(n: int, commune_code: str, existing: list[Employment]) -> list[dict]:
    rows = []
    for i in range(n):
        if i < len(existing):  # salary changes of the current employees
            e = existing[i]
            rows.append({"citizen_id": e.person.citizen_id, "action": "DC", "from_month": P, "salary": 9_900_000})
        else:
            rows.append({"full_name": f"Phạm Văn Số {i}", "citizen_id": _cid(i), "birth_date": dt.date(1990, 1, 2),
                         "sex": "Nam", "commune_code": commune_code, "contract_type": "indefinite",
                         "salary": 8_000_000 + i, "from_month": P, "action": "TM", "declaration_type": 1})
    return rows


@pytest.fixture
def unit(two_provinces):
    employer = f.EmployerFactory(address_commune=two_provinces["a1"], start_date=dt.date(2015, 1, 1))
    return {**two_provinces, "employer": employer}


def _employ(unit, n: int) -> list[Employment]:
    return [f.EmploymentFactory(employer=unit["employer"], person=f.PersonFactory(address_commune=unit["a1"]),
                                valid_from=dt.date(2024, 1, 1)) for _ in range(n)]


def _lines(unit, n: int, existing=()) -> list[DeclarationLineIn]:
    data = write_xlsx(_rows(n, unit["a2"].code, list(existing)), unit_code=unit["employer"].unit_code, period=P)
    return read_d02lt(data).lines


def test_validation_queries_do_not_grow_with_lines(unit):
    employer = unit["employer"]
    existing = _employ(unit, 5)
    small, large = _lines(unit, 10, existing[:2]), _lines(unit, 300, existing)
    with CaptureQueriesContext(connection) as few:
        assert not validate_lines(employer=employer, period=P, lines=small).errors
    with CaptureQueriesContext(connection) as many:
        assert not validate_lines(employer=employer, period=P, lines=large).errors
    assert len(many.captured_queries) == len(few.captured_queries) <= 12


def test_large_xlsx_list_is_applied(unit):
    employer = unit["employer"]
    existing = _employ(unit, 10)
    lines = _lines(unit, 150, existing)
    declaration = declaration_submit(actor=unit["u1"], employer=employer, period=P, lines=lines, channel="upload")
    assert declaration.lines.count() == 150
    assert Employment.objects.filter(employer=employer, valid_to__isnull=True).count() == 150
    assert Participation.objects.filter(employer=employer).count() == 140 * 3


@pytest.mark.skipif(not os.environ.get("ANSINH_DECLARATION_BENCH"), reason="set ANSINH_DECLARATION_BENCH=<lines>")
def test_timing(unit, capsys):
    n = int(os.environ["ANSINH_DECLARATION_BENCH"])
    employer = unit["employer"]
    existing = _employ(unit, n // 4)
    data = write_xlsx(_rows(n, unit["a2"].code, existing), unit_code=employer.unit_code, period=P)
    t0 = time.perf_counter()
    parsed = read_d02lt(data)
    t1 = time.perf_counter()
    assert not validate_lines(employer=employer, period=P, lines=parsed.lines).errors
    t2 = time.perf_counter()
    declaration_submit(actor=unit["u1"], employer=employer, period=P, lines=parsed.lines, channel="upload")
    t3 = time.perf_counter()
    with capsys.disabled():
        print(f"\n{connection.vendor}: {n} lines ({n - len(existing)} joins of new persons, {len(existing)} salary "
              f"changes): read {t1 - t0:.2f}s, validate {t2 - t1:.2f}s, submit (validate + apply) {t3 - t2:.2f}s")


def _scenario(unit, employer, offset: int) -> list[DeclarationLineIn]:
    """Every action on a unit of its own: joins (new and known persons, a past job), a salary change, a leave,
    an unpaid leave with its end, a return."""
    a1 = unit["a1"]
    staying, leaving, suspended, back = (
        f.EmploymentFactory(employer=employer, person=f.PersonFactory(address_commune=a1), valid_from=dt.date(2024, 1, 1))
        for _ in range(4))
    Participation.objects.bulk_create([
        Participation(person=e.person, employer=employer, employment=e, scheme=s, payer="employer_employee",
                      hi_group="DN" if s == "hi" else "", valid_from=dt.date(2024, 1, 1), source="manual",
                      valid_to=dt.date(2025, 12, 31) if e is back else None)
        for e in (staying, leaving, suspended, back) for s in ("si", "hi", "ui")])
    known = f.PersonFactory(address_commune=unit["b1"])
    return [
        DeclarationLineIn(line=1, action="TM", from_month="03/2026", citizen_id=f"020190{offset + 1:06d}", full_name="Võ Thị Hai",
                          birth_date="02/1990", sex="Nữ", commune_code=unit["b2"].code, contract_type="fixed_12_36",
                          salary=8_100_000, position="Kế toán", note="mới"),
        DeclarationLineIn(line=2, action="TM", from_month="01/2026", to_month="02/2026", si_code=known.si_code,
                          contract_type="fixed_3_12", salary=7_000_000, full_name=known.full_name,
                          birth_date=known.birth_date.strftime("%d/%m/%Y"), sex="Nam" if known.sex == "M" else "Nữ",
                          commune_code=unit["b1"].code),
        DeclarationLineIn(line=3, action="DC", from_month="02/2026", citizen_id=staying.person.citizen_id,
                          salary=12_000_000),
        DeclarationLineIn(line=4, action="GH", from_month="04/2026", si_code=leaving.person.si_code),
        DeclarationLineIn(line=5, action="KL", from_month="03/2026", to_month="05/2026",
                          citizen_id=suspended.person.citizen_id),
        DeclarationLineIn(line=6, action="ON", from_month="03/2026", citizen_id=back.person.citizen_id),
    ]


def _fingerprint(declaration) -> dict:
    out = {}
    for line in declaration.lines.select_related("person", "employment").order_by("line_no"):
        p, e = line.person, line.employment
        out[line.line_no] = {
            "line": (line.action, line.from_month, line.to_month, line.salary, line.contract_type, line.note),
            "person": (p.full_name if line.line_no == 1 else "", p.birth_date, p.birth_precision, p.sex, p.address_commune_id, p.ethnicity,
                       p.nationality),
            "employment": (e.valid_from, e.valid_to, e.contract_type, e.position),
            "salaries": list(e.salaries.order_by("valid_from").values_list("valid_from", "valid_to", "salary", "kind")),
            "participations": sorted(Participation.objects.filter(employment=e).values_list(
                "scheme", "hi_group", "payer", "valid_from", "valid_to", "source")),
        }
    events = AuditEvent.objects.filter(source=f"declaration:{declaration.pk}")
    out["audit"] = sorted(Counter((ev.object_type, ev.action) for ev in events).items())
    out["actors"] = set(events.values_list("actor_id", flat=True))
    return out


def test_bulk_and_per_row_paths_write_the_same_rows(unit):
    results = []
    for offset, bulk in ((0, False), (100, True)):
        employer = f.EmployerFactory(address_commune=unit["a1"], start_date=dt.date(2015, 1, 1))
        lines = _scenario(unit, employer, offset)
        declaration = declaration_submit(actor=unit["u1"], employer=employer, period=P, lines=lines, channel="desk",
                                         bulk=bulk)
        results.append(_fingerprint(declaration))
    per_row, bulk = results
    for key in per_row:
        if key != "audit":
            assert per_row[key] == bulk[key], key
    # The same audit rows, except for the past job of line 2: the services start it and then end it (an update of
    # the employment, its salary and its 3 participations); the set-based path writes it ended.
    extra = Counter(dict(per_row["audit"])) - Counter(dict(bulk["audit"]))
    assert extra == {("registry.employment", "update"): 1, ("registry.salaryrecord", "update"): 1,
                     ("coverage.participation", "update"): 3}
    assert not Counter(dict(bulk["audit"])) - Counter(dict(per_row["audit"]))
    # The officer, and the system for the new person living outside the officer's localities (commune b2).
    assert bulk["actors"] == {unit["u1"].pk, None}

