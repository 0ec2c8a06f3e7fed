"""XML14 (the re-examination appointment slip, Decision 4750 Table 14), the time-order check T01 (the validation
workbook of 4750, column VALID) and the appointment-slip check R06 (an appointment slip serves one re-examination,
TT 01/2025 Art 11-12 as the domain document's R03 reports it): each built from the sample file's structure, with a
passing and a failing episode; a malformed XML14 refused per field with nothing written; the month's run equal to
the single-episode runs whatever the order of arrival."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.errors import FileErrors
from ansinh.healthcare import services
from ansinh.healthcare.intake import write_file
from ansinh.healthcare.models import AppointmentSlip, ClaimFile, Episode, Finding, Line, RawTable
from ansinh.healthcare.tests.conftest import receive, sample_bytes, sample_raw
from ansinh.healthcare.tests.test_checks import A, _key, found
from ansinh.rules import healthcare as hc
from ansinh.rules.periods import Month


def slip14(x1: dict[str, str], **kw: str) -> str:
    """The XML14 a facility sends with the episode whose XML1 is x1: the fields that repeat XML1 copied from it, an
    appointment a week after discharge, issued on the day of discharge."""
    discharged = x1["NGAY_RA"]
    week_later = (dt.datetime.strptime(discharged, "%Y%m%d%H%M") + dt.timedelta(days=7)).strftime("%Y%m%d%H%M")  # noqa: DTZ007 — local clock
    fields = {"MA_LK": x1["MA_LK"], "SO_GIAYHEN_KL": "HK0001", "MA_CSKCB": x1["MA_CSKCB"], "HO_TEN": x1["HO_TEN"],
              "NGAY_SINH": x1["NGAY_SINH"], "GIOI_TINH": x1["GIOI_TINH"], "DIA_CHI": x1["DIA_CHI"],
              "MA_THE_BHYT": x1["MA_THE_BHYT"], "GT_THE_DEN": x1["GT_THE_DEN"], "NGAY_VAO": x1["NGAY_VAO"],
              "NGAY_VAO_NOI_TRU": x1["NGAY_VAO_NOI_TRU"], "NGAY_RA": discharged, "NGAY_HEN_KL": week_later,
              "CHAN_DOAN_RV": x1["CHAN_DOAN_RV"], "MA_BENH_CHINH": x1["MA_BENH_CHINH"], "MA_BENH_KT": "",
              "MA_BENH_YHCT": "", "MA_DOITUONG_KCB": x1["MA_DOITUONG_KCB"], "MA_BAC_SI": "000001/SYN-CCHN",
              "MA_TTDV": "0199000001", "NGAY_CT": discharged[:8], "DU_PHONG": ""}
    fields.update(kw)
    body = "".join(f"<{k}>{v}</{k}>" if v else f"<{k}/>" for k, v in fields.items())
    return f'<?xml version="1.0" encoding="utf-8"?><CHI_TIEU_GIAYHEN_KHAMLAI>{body}</CHI_TIEU_GIAYHEN_KHAMLAI>'


def with_slip(**kw: str):
    def change(raw):
        raw[0].raw["XML14"] = slip14(raw[0].xml1, **kw)
    return change


def _bhtt(raw, table: str, i: int) -> int:
    rows = raw[0].xml2 if table == "XML2" else raw[0].xml3
    return hc.parse_money(rows[i]["T_BHTT"], "T_BHTT")


def _episode_bhtt(raw) -> int:
    return hc.parse_money(raw[0].xml1["T_BHTT"], "T_BHTT")


@pytest.mark.django_db
def test_xml14_parsed_into_its_table_typed(facility):
    receive(sample_bytes(with_slip()))
    slip = AppointmentSlip.objects.select_related("episode").get()
    assert slip.episode.ma_lk == A and slip.number == "HK0001" and slip.facility_code == "99001"
    # times as minutes since 1970, NGAY_CT as a date (yyyymmdd), the appointment a week after 15/05/2025 11:30
    assert slip.appointment_at == dt.datetime(2025, 5, 22, 11, 30)  # noqa: DTZ001
    assert slip.discharged == slip.episode.discharged and slip.admitted == slip.episode.admitted
    assert slip.issued == dt.date(2025, 5, 15) and slip.issued_day == hc.day_number(dt.date(2025, 5, 15))
    assert slip.birth_date == dt.date(1980, 1, 1) and slip.sex == 1 and slip.head_code == "0199000001"
    assert slip.inpatient_from is None and slip.card_numbers == "DN4990000000001"
    # parsed, not kept again among the tables stored as sent
    assert not RawTable.objects.filter(table="XML14").exists()
    assert found() == []


@pytest.mark.django_db
def test_xml14_kept_per_version(facility):
    receive(sample_bytes(with_slip()))
    receive(sample_bytes(with_slip(SO_GIAYHEN_KL="HK0002")))
    versions = {e.version: e.appointment.number for e in Episode.objects.filter(ma_lk=A)}
    assert versions == {1: "HK0001", 2: "HK0002"}


@pytest.mark.django_db
def test_malformed_xml14_refused_per_field_nothing_written(facility):
    bad = with_slip(NGAY_HEN_KL="2025-05-22", NGAY_CT="202505", MA_TTDV="12AB", MA_BAC_SI="", MA_CSKCB="99002",
                    GIOI_TINH="2", NGAY_RA="202505151200", MA_THE_BHYT="DN4990000000009", SO_GIAYHEN_KL="X" * 51)
    with pytest.raises(FileErrors) as exc:
        receive(sample_bytes(bad))
    got = {(d["table"], d["ma_lk"], d["line"], d["field"]) for d in exc.value.details}
    assert got == {("XML14", A, None, name) for name in ("NGAY_HEN_KL", "NGAY_CT", "MA_TTDV", "MA_BAC_SI", "MA_CSKCB",
                                                          "GIOI_TINH", "NGAY_RA", "MA_THE_BHYT", "SO_GIAYHEN_KL")}
    assert not (Episode.objects.exists() or Line.objects.exists() or ClaimFile.objects.exists()
                or AppointmentSlip.objects.exists() or RawTable.objects.exists())


@pytest.mark.django_db
def test_xml14_not_well_formed_refused(facility):
    def change(raw):
        raw[0].raw["XML14"] = "<CHI_TIEU_GIAYHEN_KHAMLAI><MA_LK>x</CHI_TIEU_GIAYHEN_KHAMLAI>"
    with pytest.raises(FileErrors) as exc:
        receive(sample_bytes(change))
    assert [(d["table"], d["field"]) for d in exc.value.details] == [("XML14", "NOIDUNGFILE")]
    assert not Episode.objects.exists()


def _line_time(table: str, i: int, **kw: str):
    def change(raw):
        (raw[0].xml2 if table == "XML2" else raw[0].xml3)[i].update(kw)
    return change


# (id, change, expected findings as (table, stt) → amount from the sample, or None for the episode)
FAILING = [
    # performed 1 minute before the order (NGAY_YL 15/05 09:30 and 09:00)
    ("XML2-NGAY_TH_YL", _line_time("XML2", 0, NGAY_TH_YL="202505150929"), ("XML2", 1)),
    ("XML3-NGAY_TH_YL", _line_time("XML3", 0, NGAY_TH_YL="202505150859"), ("XML3", 1)),
    ("XML3-NGAY_KQ", _line_time("XML3", 1, NGAY_KQ="202505150859"), ("XML3", 2)),
    # inpatient from 07:59, admitted 08:00
    ("XML1-NGAY_VAO_NOI_TRU", lambda raw: raw[0].xml1.update(NGAY_VAO_NOI_TRU="202505150759"), None),
    # the re-examination appointed one minute before discharge (11:30)
    ("XML14-NGAY_HEN_KL", with_slip(NGAY_HEN_KL="202505151129"), None),
    # the slip issued the day before admission
    ("XML14-NGAY_CT", with_slip(NGAY_CT="20250514"), None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "change", "where"), FAILING, ids=[c[0] for c in FAILING])
def test_t01_time_order_flagged(facility, name, change, where):
    raw = sample_raw()
    receive(sample_bytes(change))
    if where is None:
        expected = [(A, None, None, "T01", "flag", _episode_bhtt(raw))]
    else:
        table, stt = where
        expected = [(A, table, stt, "T01", "flag", _bhtt(raw, table, stt - 1))]
    assert found() == sorted(expected, key=_key)
    finding = Finding.objects.get()
    assert finding.detail == name.split("-")[1] and finding.status == "open"


PASSING = [
    # equal times are in order (≥)
    ("XML2-NGAY_TH_YL", _line_time("XML2", 0, NGAY_TH_YL="202505150930")),
    ("XML3-NGAY_KQ", _line_time("XML3", 1, NGAY_TH_YL="202505150900", NGAY_KQ="202505150900")),
    ("XML1-NGAY_VAO_NOI_TRU", lambda raw: raw[0].xml1.update(NGAY_VAO_NOI_TRU="202505150800")),
    ("XML14", with_slip(NGAY_HEN_KL="202505151130", NGAY_CT="20250515")),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "change"), PASSING, ids=[c[0] for c in PASSING])
def test_t01_times_in_order_pass(facility, name, change):
    receive(sample_bytes(change))
    assert found() == []


# --- R06: one appointment slip, one re-examination ---------------------------------------------------------------

def _revisit(ma_lk: str, day: str, number: str = "HK0001", facility: str = "99001"):
    """Episode A of the sample moved to another day of May 2025 as a re-examination citing the slip: MA_NOI_DI the
    facility that gave the appointment, GIAY_CHUYEN_TUYEN the slip's number (Decision 4750 Table 1 fields 31, 37)."""
    raw = sample_raw()[:1]
    ep = raw[0]
    for row in [ep.xml1, *ep.xml2, *ep.xml3]:
        for k, v in row.items():
            if k.startswith("NGAY") and v.startswith("20250515"):
                row[k] = day + v[8:]
    ep.xml1.update(MA_LK=ma_lk, MA_HSBA=ma_lk, MA_NOI_DI=facility, GIAY_CHUYEN_TUYEN=number)
    for row in [*ep.xml2, *ep.xml3]:
        row["MA_LK"] = ma_lk
    return ep


def _issuer_file() -> bytes:
    raw = sample_raw()[:1]
    with_slip()(raw)
    return write_file(raw, "99001", "20250517")


def _visits_file(*episodes) -> bytes:
    return write_file(list(episodes), "99001", "20250530")


def _r06():
    return [r for r in found() if r[3] == "R06"]


@pytest.mark.django_db
def test_r06_one_reexamination_passes(facility):
    receive(_issuer_file())
    receive(_visits_file(_revisit("RE01", "20250522")))
    assert found() == []


@pytest.mark.django_db
def test_r06_second_visit_on_the_same_slip_flagged(facility):
    raw = sample_raw()
    receive(_issuer_file())
    receive(_visits_file(_revisit("RE01", "20250522"), _revisit("RE02", "20250529")))
    assert found() == [("RE02", None, None, "R06", "flag", _episode_bhtt(raw))]
    assert Finding.objects.get().detail == "HK0001"


@pytest.mark.django_db
def test_r06_only_appointment_slips(facility):
    """Two visits citing a number that is no appointment slip of the facility (a referral slip may serve more
    than one visit while valid), or another facility's slip, or another card: not R06."""
    receive(_issuer_file())
    other_card = _revisit("RE03", "20250523")
    other_card.xml1["MA_THE_BHYT"] = "DN4990000000007"
    receive(_visits_file(_revisit("RE01", "20250522", number="CT0001"), _revisit("RE02", "20250529", number="CT0001"),
                         other_card))
    assert _r06() == []


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["issuer first", "visits first, later one first"])
def test_r06_month_run_equals_single_episode_runs(facility, order):
    files = [_issuer_file(), _visits_file(_revisit("RE01", "20250522")), _visits_file(_revisit("RE02", "20250529"))]
    if order != "issuer first":
        files = [files[2], files[1], files[0]]
    for data in files:
        receive(data)
    on_arrival = found()
    assert [r[0] for r in on_arrival if r[3] == "R06"] == ["RE02"]
    services.assess_month(Month(2025, 5))
    assert found() == on_arrival
    Finding.objects.all().delete()
    services.assess_episodes(list(Episode.objects.values_list("pk", flat=True)))
    assert found() == on_arrival


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Appointment slip for re-examination (XML14)", "Re-examinations on this slip", "22 May 2025 11:30",
            "Times out of order")),
    ("vi", ("Giấy hẹn khám lại (XML14)", "Lần khám lại theo giấy hẹn này", "22/05/2025 11:30",
            "Thứ tự thời gian không hợp lệ")),
])
def test_episode_page_shows_the_slip_and_its_revisits(client, settings, facility, lang, words):
    from ansinh.accounts.models import Role
    from ansinh.core.testing import factories as f

    officer = f.UserFactory(username="hi_in", role=Role.HI_OFFICER)
    officer.units.set([facility.province])
    receive(_issuer_file())
    receive(_visits_file(_revisit("RE01", "20250522")))
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    issuer = Episode.objects.get(ma_lk=A)
    page = client.get(f"/healthcare/episodes/{issuer.pk}/").content.decode()
    for w in words[:3]:
        assert w in page
    assert "HK0001" in page and f"/healthcare/episodes/{Episode.objects.get(ma_lk='RE01').pk}/" in page
    assert words[3] in client.get("/healthcare/checks/").content.decode()
