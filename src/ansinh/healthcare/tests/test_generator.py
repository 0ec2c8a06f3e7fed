"""The generated month: every planted error found by its check, nothing else flagged; the month's run and the
single-episode runs give the same findings."""

from __future__ import annotations

import pytest
from django.db.models import Count, F

from ansinh.core.testing import factories as f
from ansinh.healthcare import services
from ansinh.healthcare.models import AssessmentRun, Episode, Finding
from ansinh.healthcare.simulate import claims_generate
from ansinh.rules.periods import Month

M = Month(2025, 9)  # every check in force (Decision 3276's codes from 2025-07-01)


def found() -> set[tuple]:
    out = set()
    for fd in Finding.objects.select_related("episode", "line"):
        ln = fd.line
        out.add((fd.episode.facility_code, fd.episode.ma_lk, ln.table if ln else None, ln.stt if ln else None,
                 fd.check_code))
    return out


@pytest.mark.django_db
def test_planted_errors_found_and_nothing_else():
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    for _ in range(3):
        f.CommuneFactory(parent=p)
    planted = claims_generate(province_code="20", month=M, cards=3000, seed=3, errors_per_kind=2)
    kinds = {x.check for x in planted}
    assert kinds >= {"C01", "C02", "C04", "F01", "F03", "F05", "F06", "P01", "P02", "T02", "T04", "T05", "T06", "B01",
                     "V02", "V03", "V04", "V05", "R01", "R02", "R03", "P05", "F11", "T01", "R06"}
    expected = {(x.facility_code, x.ma_lk, x.table, x.stt, x.check) for x in planted}
    got = found()
    assert got - expected == set()
    assert expected - got == set()
    # the same findings from the single-episode runs
    month = sorted(got)
    Finding.objects.all().delete()
    services.assess_episodes(list(Episode.objects.values_list("pk", flat=True)))
    assert sorted(found()) == month


@pytest.mark.django_db
def test_counts_are_real():
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    f.CommuneFactory(parent=p)
    planted = claims_generate(province_code="20", month=M, cards=2000, seed=5, errors_per_kind=1)
    assert Episode.objects.count() > 300
    assert Finding.objects.count() == len(planted) >= 24
    assert {fd.check_code for fd in Finding.objects.all()} == {x.check for x in planted}
    # each episode counts its lines (the run's count of lines assessed is their sum), on both of the generator's paths
    assert not Episode.objects.annotate(n=Count("lines")).exclude(line_count=F("n")).exists()
    assert Episode.objects.filter(line_count__gt=0).count() > 300


@pytest.mark.django_db
def test_registry_cards_identity_and_the_demo_command():
    import datetime as dt

    from django.core.management import call_command

    from ansinh.coverage.models import HICard

    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    c = f.CommuneFactory(parent=p)
    for _ in range(300):
        person = f.PersonFactory(address_commune=c)
        HICard.objects.create(person=person, number=f"DN420{person.si_code}", group="DN", benefit_level=4,
                              province_code="20", valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2026, 12, 31),
                              issued_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    planted = claims_generate(province_code="20", month=M, cards=300, seed=2, errors_per_kind=1, visits_per_year=12)
    assert "C05" in {x.check for x in planted}
    expected = {(x.facility_code, x.ma_lk, x.table, x.stt, x.check) for x in planted}
    assert found() == expected
    call_command("claims_demo", province="20", months=1, cards=300)
    runs = AssessmentRun.objects.filter(scope="month").count()
    call_command("claims_demo", province="20", months=1, cards=300)  # again: nothing new, not assessed again
    assert AssessmentRun.objects.filter(scope="month").count() == runs
