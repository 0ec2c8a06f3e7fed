"""The facility answers a finding by the deadline (API with its token; an HI officer on its behalf on the page),
the assessor sees the answer, a late answer is refused; primary-care funds against a hand calculation and posted
once; the report by participant group and visit type (page, XLSX) within the officer's localities; the ledger
takes the HI accounts and refuses unknown names."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from ansinh.accounts.models import ApiToken, Role
from ansinh.contributions.models import AssessmentLine, LedgerEntry
from ansinh.contributions.services.ledger import Posting, UnknownLedgerName, post
from ansinh.core.testing import factories as f
from ansinh.healthcare import funds
from ansinh.healthcare.models import FacilityAccount, Finding, PrimaryCareFund, PrimaryCareUnit
from ansinh.healthcare.tests.conftest import receive, sample_bytes
from ansinh.rules.periods import Month


def _flagged(raw):
    raw[0].xml1["SO_NGAY_DTRI"] = "3"  # T04: a flag for the assessor


@pytest.fixture
def token(facility):
    user = f.UserFactory(username="bv99001", role=Role.DESK_CLERK)
    FacilityAccount.objects.create(user=user, facility_code="99001")
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="his", key_hash=ApiToken.hash_key(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.django_db
def test_facility_answers_in_time_and_late_is_refused(client, facility, token, settings):
    receive(sample_bytes(_flagged))
    flag = Finding.objects.get(check_code="T04")
    assert flag.answer_due is not None and flag.answer_due > timezone.localdate()
    url = f"/api/v1/healthcare/findings/{flag.pk}/answer"
    r = client.post(url, {"answer": "3 days: the patient stayed for observation"}, content_type="application/json",
                    **token)
    assert r.status_code == 200, r.content
    assert r.json()["facility_answer"].startswith("3 days") and r.json()["answered_at"]
    again = client.post(url, {"answer": "again"}, content_type="application/json", **token)
    assert again.status_code == 400 and again.json()["code"] == "already_answered"
    # a month's re-run keeps the answered finding (not found again, not deleted)
    from ansinh.healthcare.services import assess_month

    assess_month(Month(2025, 5))
    assert Finding.objects.get(check_code="T04").facility_answer.startswith("3 days")
    officer = f.UserFactory(username="hi_in", role=Role.HI_OFFICER)
    officer.units.set([facility.province])
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "the patient stayed for observation" in client.get("/healthcare/queue/").content.decode()
    assert "the patient stayed for observation" in client.get(
        f"/healthcare/episodes/{flag.episode_id}/").content.decode()


@pytest.mark.django_db
def test_late_answers_refused_api_and_page(client, facility, token, settings):
    receive(sample_bytes(_flagged))
    flag = Finding.objects.get(check_code="T04")
    Finding.objects.filter(pk=flag.pk).update(answer_due=timezone.localdate() - dt.timedelta(days=1))
    r = client.post(f"/api/v1/healthcare/findings/{flag.pk}/answer", {"answer": "late"},
                    content_type="application/json", **token)
    assert r.status_code == 400 and r.json()["code"] == "answer_late", r.content
    officer = f.UserFactory(username="hi_in", role=Role.HI_OFFICER)
    officer.units.set([facility.province])
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = client.post(f"/healthcare/findings/{flag.pk}/answer/", {"answer": "on paper, late"}, follow=True)
    assert "answers are no longer taken" in r.content.decode()
    assert Finding.objects.get(pk=flag.pk).answered_at is None
    # in time, on the facility's behalf
    Finding.objects.filter(pk=flag.pk).update(answer_due=timezone.localdate())
    client.post(f"/healthcare/findings/{flag.pk}/answer/", {"answer": "letter of 05/12"})
    flag.refresh_from_db()
    assert flag.facility_answer == "letter of 05/12" and flag.answered_by == officer
    # another province's officer: not found
    other = f.UserFactory(username="hi_out", role=Role.HI_OFFICER)
    other.units.set([f.ProvinceFactory(code="98")])
    client.force_login(other)
    assert client.post(f"/healthcare/findings/{flag.pk}/answer/", {"answer": "x"}).status_code == 404


@pytest.mark.django_db
def test_primary_care_funds_hand_calculation(client, facility, settings):
    commune = facility.commune
    unit = f.EmployerFactory(address_commune=commune, name="Công ty có y tế")
    school = f.EmployerFactory(address_commune=commune, name="Trường THCS Thử")
    plain = f.EmployerFactory(address_commune=commune, name="Công ty không phòng y tế")
    for employer in (unit, school, plain):
        for _ in range(2):
            emp = f.EmploymentFactory(employer=employer)
            for m in (7, 8, 9):  # HI 4.5 % of 10,000,000: employer 300,000 + employee 150,000 a month
                AssessmentLine.objects.create(period=dt.date(2025, m, 1), for_period=dt.date(2025, m, 1),
                                              employer=employer, person=emp.person, employment=emp, salary=10_000_000,
                                              si_base=10_000_000, ui_base=10_000_000, sm_er=0, oaod_er=0, rs_er=0,
                                              rs_ee=0, hi_er=300_000, hi_ee=150_000, ui_er=0, ui_ee=0)
    start = dt.date(2025, 1, 1)
    PrimaryCareUnit.objects.create(employer=unit, kind="unit", valid_from=start)
    PrimaryCareUnit.objects.create(employer=school, kind="school", pupils=100, valid_from=start)
    PrimaryCareUnit.objects.create(employer=plain, kind="unit", medical_room=False, valid_from=start)
    officer = f.UserFactory(username="hi_in", role=Role.HI_OFFICER)
    officer.units.set([facility.province])
    rows = {r.unit.employer.name: r for r in funds.fund_rows(officer, 2025, 3)}
    # staff: 2 persons × 450,000 × 3 months = 2,700,000; 1 % = 27,000
    assert (rows["Công ty có y tế"].staff_contributions, rows["Công ty có y tế"].amount) == (2_700_000, 27_000)
    # pupils: 100 × 4.5 % × 2,340,000 × 3 = 31,590,000; 5 % = 1,579,500; + staff 27,000
    s = rows["Trường THCS Thử"]
    assert (s.pupil_contributions, s.pupil_amount, s.staff_amount, s.amount) == (31_590_000, 1_579_500, 27_000,
                                                                                 1_606_500)
    assert rows["Công ty không phòng y tế"].amount == 0 and rows["Công ty không phòng y tế"].why_not == "no_medical_room"
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/healthcare/funds/?year=2025&quarter=3").content.decode()
    assert "1,606,500" in page and "no medical room" in page
    assert client.post("/healthcare/funds/?year=2025&quarter=3").status_code == 302
    client.post("/healthcare/funds/?year=2025&quarter=3")  # again: nothing more
    assert PrimaryCareFund.objects.count() == 2
    entries = LedgerEntry.objects.filter(txn__kind="hi_primary", account="hi_primary_care")
    assert sorted(entries.values_list("amount", flat=True)) == [27_000, 1_606_500]
    outside = f.UserFactory(username="hi_out", role=Role.HI_OFFICER)
    outside.units.set([f.ProvinceFactory(code="77")])
    assert funds.fund_rows(outside, 2025, 3) == []


@pytest.mark.django_db
def test_report_by_group_and_visit_type(client, facility, settings):
    receive(sample_bytes(_flagged))
    officer = f.UserFactory(username="hi_in", role=Role.HI_OFFICER)
    officer.units.set([facility.province])
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/healthcare/report/?month=2025-05").content.decode()
    assert "2 people had their treatment covered by health insurance" in page
    assert ">DN<" in page and ">HT<" in page and "Exam" in page
    r = client.get("/healthcare/report/?month=2025-05&format=xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Month" and {(x[3], x[5], x[7]) for x in rows[1:]} == {("DN", 1, 322496), ("HT", 1, 266000)}
    assert "2 people" in wb.worksheets[2]["A1"].value
    outside = f.UserFactory(username="hi_out", role=Role.HI_OFFICER)
    outside.units.set([f.ProvinceFactory(code="98")])
    client.force_login(outside)
    assert "No claims in this period." in client.get("/healthcare/report/?month=2025-05").content.decode()


@pytest.mark.django_db
def test_ledger_names_are_choices():
    m = Month(2025, 7)
    txn, created = post(kind="hi_advance", reference="t1", period=m, effective_date=m.first_day, postings=[
        Posting("hi_advances", "hi", "facility", 1, m.first_day, 100),
        Posting("cash", "hi", "agency", 1, m.first_day, -100)])
    assert created
    for entry in txn.entries.all():
        entry.full_clean()
    with pytest.raises(UnknownLedgerName):
        post(kind="hi_advance", reference="t2", period=m, effective_date=m.first_day, postings=[
            Posting("hi_advance_typo", "hi", "facility", 1, m.first_day, 100),
            Posting("cash", "hi", "agency", 1, m.first_day, -100)])
