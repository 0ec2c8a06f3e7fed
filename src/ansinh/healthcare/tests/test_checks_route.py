"""The referral and route checks (R01-R03), the practitioner check (P05) and the supply-package ceiling (F11): for
each, the sample as sent (or moved to a month where the check is in force) passes, and one change trips exactly
that check with its outcome and amount."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.healthcare.intake import write_file
from ansinh.healthcare.models import Episode, Facility, Practitioner
from ansinh.healthcare.tests.conftest import receive, sample_bytes, sample_raw
from ansinh.healthcare.tests.test_checks import A, B, _key, found
from ansinh.rules import healthcare as hc


def september(raw):
    """The sample moved from May to September 2025 (Decision 3276's codes apply to data from 2025-07-01)."""
    for ep in raw:
        for row in [ep.xml1, *ep.xml2, *ep.xml3]:
            for k, v in row.items():
                if k.startswith("NGAY") and v.startswith("202505"):
                    row[k] = "202509" + v[6:]
        ep.xml1["THANG_QT"] = "09"


def both(*changes):
    def change(raw):
        for c in changes:
            c(raw)
    return change


def xml1(i, **kw):
    return lambda raw: raw[i].xml1.update(kw)


@pytest.mark.django_db
def test_september_sample_passes_every_check(facility):
    receive(sample_bytes(september))
    assert Episode.objects.count() == 2
    assert found() == []


def _package(qty: int):
    """Episode B's supply line billed in package G1 at qty units of 15,000 (B exempt from co-payment: 100 %)."""
    def change(raw):
        x1, line = raw[1].xml1, raw[1].xml3[2]
        amount = qty * 15_000
        line.update(SO_LUONG=f"{qty}.000", THANH_TIEN_BV=f"{amount}.00", THANH_TIEN_BH=f"{amount}.00",
                    T_BHTT=f"{amount}.00", GOI_VTYT="G1")
        x1.update(NGAY_MIEN_CCT="20250101", T_VTYT=f"{amount}.00", T_TONGCHI_BV=f"{336_000 + amount}.00",
                  T_TONGCHI_BH=f"{236_000 + amount}.00", T_BHTT=f"{236_000 + amount}.00")
    return change


CASES = [
    ("R01", both(september, xml1(0, MA_DOITUONG_KCB="4.9")), [(A, None, None, "R01", "reject", 322496)]),
    # a right-route code at a facility where the card is not registered, no referring facility
    ("R02", both(september, xml1(0, MA_DKBD="99002")), [(A, None, None, "R02", "flag", 322496)]),
    ("R02-referred", both(september, xml1(0, MA_DOITUONG_KCB="1.3")), [(A, None, None, "R02", "flag", 322496)]),
    # referred from 99002 without the slip's number
    ("R03", xml1(0, MA_NOI_DI="99002", GIAY_CHUYEN_TUYEN=""), [(A, None, None, "R03", "flag", 322496)]),
    ("P05", lambda raw: raw[0].xml2[0].update(MA_BAC_SI="123456/XX-CCHN"), [(A, "XML2", 1, "P05", "reject", 24000)]),
    # 8,000 × 15,000 = 120,000,000 > 45 × 2,340,000 = 105,300,000: the excess is not paid
    ("F11", _package(8000), [(B, None, None, "F11", "reduce", 14_700_000)]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_one_change_trips_its_check(facility, code, change, expected):
    receive(sample_bytes(change))
    assert found() == sorted(expected, key=_key)


PASSING = [
    ("R01", both(september, xml1(0, MA_DOITUONG_KCB="2"))),  # emergency: a listed code
    ("R02", both(september, xml1(0, MA_DKBD="99002", MA_NOI_DI="99002", GIAY_CHUYEN_TUYEN="CT1"))),
    ("R03", xml1(0, MA_NOI_DI="99002", GIAY_CHUYEN_TUYEN="CT1")),  # slip not held here: nothing to hold against
    ("P05", lambda raw: raw[0].xml2[0].update(MA_BAC_SI="000001/SYN-CCHN;000002/SYN-CCHN(NV7)")),
    ("F11", _package(7000)),  # 105,000,000 ≤ 105,300,000
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "change"), PASSING, ids=[c[0] for c in PASSING])
def test_passing_episode(facility, code, change):
    receive(sample_bytes(change))
    assert found() == []


@pytest.mark.django_db
def test_practitioner_certificate_ended_before_the_order(facility):
    Practitioner.objects.filter(facility_code="99001").update(valid_to=dt.date(2025, 5, 14),
                                                              to_day=hc.day_number(dt.date(2025, 5, 14)))
    receive(sample_bytes())
    assert {(r[0], r[3]) for r in found()} == {(A, "P05"), (B, "P05")}
    assert len(found()) == 9  # every line of both episodes


def _slip_file(signed: str) -> bytes:
    """Facility 99002 sends an exam of card A's holder that ends with a referral slip CT1 to 99001 (XML13)."""
    raw = sample_raw()[:1]
    ep = raw[0]
    ep.facility_code = "99002"
    ep.xml2, ep.xml3 = [], []
    ep.xml1.update(MA_LK="REF0001", MA_CSKCB="99002", NGAY_VAO=signed + "0700", NGAY_RA=signed + "0730",
                   T_TONGCHI_BV="0.00", T_TONGCHI_BH="0.00", T_BHTT="0.00", T_BNCCT="0.00", T_THUOC="0.00")
    ep.raw["XML13"] = ('<?xml version="1.0" encoding="utf-8"?><CHI_TIEU_GIAYCHUYENTUYEN><MA_LK>REF0001</MA_LK>'
                       "<GIAY_CHUYEN_TUYEN>CT1</GIAY_CHUYEN_TUYEN><MA_CSKCB>99002</MA_CSKCB>"
                       f"<MA_NOI_DEN>99001</MA_NOI_DEN><NGAY_RA>{signed}0730</NGAY_RA></CHI_TIEU_GIAYCHUYENTUYEN>")
    return write_file(raw, "99002", "20250517")


@pytest.mark.django_db
@pytest.mark.parametrize(("signed", "expired"), [("20250425", True), ("20250512", False)])
def test_referral_slip_held_by_the_referring_facility(facility, signed, expired):
    Facility.objects.create(code="99002", name="Trạm Y tế Thử", level="primary", kind="commune_station",
                            province=facility.province, commune=facility.commune, primary_care=True,
                            valid_from=facility.valid_from)
    receive(_slip_file(signed))
    slip = Episode.objects.get(ma_lk="REF0001")
    # 10 working days after the slip was signed (25/04: Saturday 26/04 worked, 30/04-02/05 off → 13/05, before the
    # admission on 15/05; 12/05 → 26/05)
    assert slip.slip_number == "CT1"
    assert hc.EPOCH_DAY + dt.timedelta(days=slip.slip_valid_day) == (dt.date(2025, 5, 13) if expired
                                                                      else dt.date(2025, 5, 26))
    receive(sample_bytes(xml1(0, MA_NOI_DI="99002", GIAY_CHUYEN_TUYEN="CT1")))
    got = [r for r in found() if r[0] == A]
    assert got == ([(A, None, None, "R03", "flag", 322496)] if expired else [])
