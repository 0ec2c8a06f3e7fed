"""Each check on the sample file's two episodes: the sample as sent passes every check; one change to it trips
exactly the check it concerns (with its outcome and amount)."""

from __future__ import annotations

import pytest

from ansinh.healthcare import services
from ansinh.healthcare.models import Episode, Finding
from ansinh.healthcare.tests.conftest import receive, sample_bytes
from ansinh.rules.periods import Month


def found():
    return sorted(((fd.episode.ma_lk, fd.line.table if fd.line else None, fd.line.stt if fd.line else None,
                    fd.check_code, fd.outcome, fd.amount) for fd in Finding.objects.select_related("episode", "line")),
                  key=_key)


def _key(row):
    return tuple("" if v is None else v for v in row)


def x1(raw, i=0):
    return raw[i].xml1


@pytest.mark.django_db
def test_the_sample_passes_every_check(facility):
    receive(sample_bytes())
    assert Episode.objects.count() == 2
    assert found() == []


A, B = "SYN2505150001", "SYN2505160001"


def _set(i, **kw):
    def change(raw):
        raw[i].xml1.update(kw)
    return change


def _line(i, table, n, **kw):
    def change(raw):
        (raw[i].xml2 if table == "XML2" else raw[i].xml3)[n].update(kw)
    return change


CASES = [
    # card validity: service before the card starts → the whole episode
    ("C01", _set(0, GT_THE_TU="20250516"), [(A, None, None, "C01", "reject", 322496)]),
    # card ends 2025-04-20; an order 26 days later at discharge: the line is not paid (15-day rule) — and the
    # admission is outside the card too, so both C01 and C02 do not apply together: admission inside, order late
    ("C02", lambda raw: (x1(raw).update(NGAY_VAO="202504200800", GT_THE_DEN="20250420", SO_NGAY_DTRI="0")),
     [(A, "XML2", 1, "C02", "reject", 24000), (A, "XML2", 2, "C02", "reject", 240096),
      (A, "XML3", 1, "C02", "reject", 40480), (A, "XML3", 2, "C02", "reject", 17920)]),
    ("C04", _set(0, MA_THE_BHYT="DN2990000000001"), [(A, None, None, "C04", "reject", 322496)]),
    ("F01", _line(0, "XML2", 0, THANH_TIEN_BH="31000.00", T_BHTT="24800.00", T_BNCCT="6200.00"),
     [(A, "XML2", 1, "F01", "reduce", 800), (A, None, None, "F05", "flag", 322496)]),
    ("F03", _line(0, "XML2", 0, T_BHTT="30000.00", T_BNCCT="0.00"), [(A, "XML2", 1, "F03", "reduce", 6000)]),
    ("F06", _set(0, T_BHTT="330000.00"), [(A, None, None, "F06", "reduce", 7504)]),
    ("P01", _line(0, "XML2", 0, MA_THUOC="40.999"), [(A, "XML2", 1, "P01", "reject", 24000)]),
    ("P02", _line(1, "XML2", 0, DON_GIA="15000.000", THANH_TIEN_BV="150000.00", THANH_TIEN_BH="150000.00",
                  SO_LUONG="10.000", T_BHTT="150000.00"),
     [(B, "XML2", 1, "P02", "reduce", 30000), (B, None, None, "F05", "flag", 266000)]),
    ("T02", _line(0, "XML3", 1, NGAY_YL="202505141000"), [(A, "XML3", 2, "T02", "reject", 17920)]),
    ("T04", _set(0, SO_NGAY_DTRI="3"), [(A, None, None, "T04", "flag", 322496)]),
    ("T06", _line(0, "XML3", 0, MA_NHOM="15"), [(A, "XML3", 1, "T06", "reject", 40480)]),
    # HT card (95 %), visit 266,000 < 15 % of 2,340,000 = 351,000: 100 % is right. Sent by another facility
    # without referral (self-referred at a basic level: route 100 %) it stays right; as a DN card (80 %) with a
    # total above the threshold, 100 % is too much
    ("B01", lambda raw: [ln.update(MUC_HUONG="100", T_BHTT=ln["THANH_TIEN_BH"], T_BNCCT="0.00")
                         for ln in raw[0].xml2 + raw[0].xml3] and x1(raw).update(T_BHTT="403120.00", T_BNCCT="0.00"),
     [(A, "XML2", 1, "B01", "reduce", 6000), (A, "XML2", 2, "B01", "reduce", 60024),
      (A, "XML3", 1, "B01", "reduce", 10120), (A, "XML3", 2, "B01", "reduce", 4480)]),
    # the first drug line of episode A billed again (same code, same order time)
    ("V02", lambda raw: raw[0].xml2.append({**raw[0].xml2[0], "STT": "3"}) or x1(raw).update(
        T_TONGCHI_BV="433120.00", T_TONGCHI_BH="433120.00", T_BHTT="346496.00", T_BNCCT="86624.00",
        T_THUOC="360120.00"),
     [(A, "XML2", 3, "V02", "reject", 24000)]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_one_change_trips_its_check(facility, code, change, expected):
    receive(sample_bytes(change))
    assert found() == sorted(expected, key=_key)
    # the month's run (its own statements: V02 from the month's duplicated keys) finds the same
    assert month_run() == sorted(expected, key=_key)


def month_run():
    Finding.objects.all().delete()
    for period in Episode.objects.filter(current=True).values_list("period", flat=True).distinct():
        services.assess_month(Month(period.year, period.month))
    return found()


@pytest.mark.django_db
def test_v02_counts_the_current_version_only(facility):
    """The duplicate billed in a version later corrected: the old version keeps its lines (history), whose keys the
    month's V02 counts among the duplicated ones, but neither it nor its lines are current — nothing is found."""
    receive(sample_bytes(dict((c[0], c[1]) for c in CASES)["V02"]))
    assert [r[3] for r in month_run()] == ["V02"]
    receive(sample_bytes())  # the corrected file: the line billed once
    assert Episode.objects.filter(current=False).count() == 1
    assert month_run() == []
