"""Declarations of several employers in one ZIP: each file received for the employer it names, through the same
service as one employer's upload; the command and the job call the same service; all or nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from ansinh.contributions.imports.d02lt import write_xlsx
from ansinh.contributions.models import Declaration
from ansinh.contributions.services.declare import declarations_upload_many
from ansinh.core.errors import FileErrors
from ansinh.core.testing import factories as f
from ansinh.jobs.models import JobRun
from ansinh.jobs.services import job_start
from ansinh.rules.periods import Month

P = Month(2026, 3)


@pytest.fixture
def units(two_provinces):
    world = dict(two_provinces)
    world["e1"] = f.EmployerFactory(address_commune=world["a1"], start_date=dt.date(2015, 1, 1))
    world["e2"] = f.EmployerFactory(address_commune=world["a2"], start_date=dt.date(2016, 1, 1))
    return world


def _file(unit, employer, citizen_id: str, name: str) -> bytes:
    row = {"full_name": name, "citizen_id": citizen_id, "birth_date": dt.date(1990, 4, 5), "sex": "Nam",
           "commune_code": unit["a2"].code, "contract_type": "Không xác định thời hạn", "salary": 8_500_000,
           "from_month": P, "declaration_type": 1, "action": "TM", "position": "Thợ hàn"}
    return write_xlsx([row], unit_code=employer.unit_code, period=P)


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def test_each_file_goes_to_the_employer_it_names(units, immediate, django_capture_on_commit_callbacks):
    data = _zip({"cty-a.xlsx": _file(units, units["e1"], "020090000777", "Hoàng Văn Nam"),
                 "cty-b.xlsx": _file(units, units["e2"], "020090000888", "Lý Thị Mai")})
    units["u1"].role = "collection_officer"
    units["u1"].save()
    with django_capture_on_commit_callbacks(execute=True):
        run = job_start(actor=units["u1"], kind="import_declarations", params={"period": ""},
                        upload=SimpleUploadedFile("d02.zip", data))
    run.refresh_from_db()
    assert run.status == "done", (run.error, run.log)
    by_employer = {d.employer_id: d for d in Declaration.objects.all()}
    assert set(by_employer) == {units["e1"].pk, units["e2"].pk}
    assert by_employer[units["e1"].pk].file_name == "cty-a.xlsx" and by_employer[units["e1"].pk].channel == "upload"
    assert ["declarations", 2, "n"] in run.summary and (run.done, run.total) == (2, 2)


def test_one_bad_file_refuses_the_whole_archive_naming_it(units):
    data = _zip({"cty-a.xlsx": _file(units, units["e1"], "020090000777", "Hoàng Văn Nam"),
                 "la.xlsx": _file(units, f.EmployerFactory.build(unit_code="TX9999999"), "020090000999", "X Y"),
                 "rac.txt": b"not a declaration"})
    with pytest.raises(FileErrors) as refused:
        declarations_upload_many(actor=units["u1"], data=data)
    files = {e["file"] for e in refused.value.details}
    assert files == {"la.xlsx", "rac.txt"}
    assert any("no employer with unit code TX9999999" in e["message"] for e in refused.value.details)
    assert not Declaration.objects.exists()


def test_an_employer_outside_the_officers_localities_refuses_the_archive(units):
    outside = f.EmployerFactory(address_commune=units["b1"], start_date=dt.date(2015, 1, 1))
    data = _zip({"a.xlsx": _file(units, units["e1"], "020090000777", "Hoàng Văn Nam"),
                 "b.xlsx": _file(units, outside, "020090000888", "Lý Thị Mai")})
    with pytest.raises(FileErrors) as refused:
        declarations_upload_many(actor=units["u1"], data=data)
    assert [e["file"] for e in refused.value.details] == ["b.xlsx"]
    assert not Declaration.objects.exists()  # a.xlsx was fine, but nothing is half-written


def test_the_command_calls_the_same_service(units, tmp_path):
    from ansinh.contributions.management.commands import import_declarations
    from ansinh.contributions.services import declare

    assert import_declarations.declarations_upload_many is declare.declarations_upload_many
    path = tmp_path / "d02.zip"
    path.write_bytes(_zip({"a.xlsx": _file(units, units["e1"], "020090000777", "Hoàng Văn Nam")}))
    out = io.StringIO()
    call_command("import_declarations", str(path), "--user", units["u1"].username, stdout=out)
    assert "1 files, 1 declarations received" in out.getvalue()
    path.write_bytes(b"junk")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_declarations", str(path), "--user", units["u1"].username, stderr=io.StringIO())
    assert JobRun.objects.count() == 0
