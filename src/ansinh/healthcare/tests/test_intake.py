"""Receiving files: the sample parsed into tables, a malformed file refused per table and field with nothing
written, the same file again changes nothing, a corrected file becomes version 2 (version 1 kept), unsafe XML
refused, the facility token's own facility only."""

from __future__ import annotations

import base64

import pytest

from ansinh.accounts.models import AuditEvent
from ansinh.core.errors import FileErrors
from ansinh.healthcare.models import ClaimFile, Episode, Finding, Line
from ansinh.healthcare.tests.conftest import receive, sample_bytes


@pytest.mark.django_db
def test_sample_parsed_into_tables(facility):
    file = receive(sample_bytes())
    assert (file.episodes, file.replaced, file.unchanged) == (2, 0, 0)
    a = Episode.objects.get(ma_lk="SYN2505150001")
    assert (a.card_number, a.card_pct, a.t_tongchi_bh, a.t_bhtt, a.t_bncct, a.visit_type) == (
        "DN4990000000001", 80, 403120, 322496, 80624, "01")
    assert a.period.isoformat() == "2025-05-01" and a.admitted_at.isoformat() == "2025-05-15T08:00:00"
    drug = Line.objects.get(episode=a, table="XML2", stt=2)
    assert (drug.qty_milli, drug.price_milli, drug.amount_bh, drug.calc_bh, drug.t_bhtt) == (240000, 1250500, 300120,
                                                                                            300120, 240096)
    assert Line.objects.filter(episode__ma_lk="SYN2505160001").count() == 5
    assert AuditEvent.objects.filter(object_type="healthcare.claimfile").count() == 1


@pytest.mark.django_db
def test_same_file_twice_changes_nothing_and_a_correction_is_a_new_version(facility):
    receive(sample_bytes())
    again = receive(sample_bytes())
    assert (again.episodes, again.unchanged) == (0, 2)
    assert Episode.objects.count() == 2

    def correct(raw):
        raw[0].xml1["T_BHTT"] = "330000.00"  # a wrong total: F06

    receive(sample_bytes(correct))
    assert Finding.objects.filter(check_code="F06", episode__current=True).count() == 1

    def fix(raw):
        pass

    third = receive(sample_bytes(fix))  # the original content again: a third version, the F06 finding goes
    assert third.replaced == 1
    versions = list(Episode.objects.filter(ma_lk="SYN2505150001").order_by("version").values_list("version", "current"))
    assert versions == [(1, False), (2, False), (3, True)]
    assert not Finding.objects.filter(episode__current=True).exists()


def _errors(exc):
    return {(e["table"], e["ma_lk"], e["line"], e["field"]) for e in exc.value.details}


@pytest.mark.django_db
def test_malformed_file_refused_per_field_nothing_written(facility):
    def spoil(raw):
        raw[0].xml1["NGAY_VAO"] = "2025-05-15"
        raw[0].xml1["T_BHTT"] = "abc"
        del raw[1].xml1["MA_THE_BHYT"]
        raw[1].xml2[0]["SO_LUONG"] = ""
        raw[1].xml3[1]["MUC_HUONG"] = "180"

    with pytest.raises(FileErrors) as exc:
        receive(sample_bytes(spoil))
    assert _errors(exc) >= {("XML1", "SYN2505150001", None, "NGAY_VAO"), ("XML1", "SYN2505150001", None, "T_BHTT"),
                            ("XML1", "SYN2505160001", None, "MA_THE_BHYT"), ("XML2", "SYN2505160001", 1, "SO_LUONG"),
                            ("XML3", "SYN2505160001", 2, "MUC_HUONG")}
    assert not Episode.objects.exists() and not Line.objects.exists() and not ClaimFile.objects.exists()


@pytest.mark.django_db
def test_bad_structure_base64_and_unsafe_xml(facility):
    with pytest.raises(FileErrors) as exc:
        receive(b"<ROOT/>")
    assert "GIAMDINHHS" in exc.value.details[0]["message"]
    with pytest.raises(FileErrors) as exc:
        receive(b"<GIAMDINHHS><THONGTINDONVI><MACSKCB>99001</MACSKCB></THONGTINDONVI><THONGTINHOSO><DANHSACHHOSO>"
                b"<HOSO><FILEHOSO><LOAIHOSO>XML1</LOAIHOSO><NOIDUNGFILE>@@notbase64</NOIDUNGFILE></FILEHOSO></HOSO>"
                b"</DANHSACHHOSO></THONGTINHOSO></GIAMDINHHS>")
    assert ("XML1", "", None, "NOIDUNGFILE") in _errors(exc)
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><GIAMDINHHS>&b;</GIAMDINHHS>'
    with pytest.raises(FileErrors) as exc:
        receive(bomb)
    assert "forbidden" in exc.value.details[0]["message"]
    inner = base64.b64encode(b'<!DOCTYPE x [<!ENTITY a "x">]><TONG_HOP>&a;</TONG_HOP>').decode()
    with pytest.raises(FileErrors) as exc:
        receive(f"<GIAMDINHHS><THONGTINDONVI><MACSKCB>99001</MACSKCB></THONGTINDONVI><THONGTINHOSO><DANHSACHHOSO>"
                f"<HOSO><FILEHOSO><LOAIHOSO>XML1</LOAIHOSO><NOIDUNGFILE>{inner}</NOIDUNGFILE></FILEHOSO></HOSO>"
                f"</DANHSACHHOSO></THONGTINHOSO></GIAMDINHHS>".encode())
    assert any("forbidden" in e["message"] for e in exc.value.details)
    assert not ClaimFile.objects.exists()


@pytest.mark.django_db
def test_other_facility_and_unknown_facility_refused(facility):
    with pytest.raises(FileErrors) as exc:
        receive(sample_bytes(), facility_code="99002")
    assert ("THONGTINDONVI", "", None, "MACSKCB") in _errors(exc)
    facility.delete()
    with pytest.raises(FileErrors):
        receive(sample_bytes())
