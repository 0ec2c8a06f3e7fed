"""`ansinh generate`: the synthetic demo province (registry.generate)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import Counter, defaultdict
from itertools import pairwise

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ansinh.core.errors import ApplicationError
from ansinh.core.identifiers import (
    validate_citizen_id,
    validate_phone,
    validate_si_code,
    validate_tax_code,
    validate_unit_code,
)
from ansinh.places.models import AdminUnit, Level, UnitMapping
from ansinh.registry import generate as gen
from ansinh.registry.generate import generate_province
from ansinh.registry.generate.wages import base_salary, minimum_wage
from ansinh.registry.models import (
    Employer,
    Employment,
    GeneratedDataset,
    Household,
    HouseholdMember,
    Person,
    SalaryRecord,
)
from ansinh.rules.params.reference import BASE_SALARY

N = 2_000
CHUNK = 700  # three chunks: exercises the carry-over of identifiers between chunks
OLD_FROM, OLD_TO, NEW_FROM = dt.date(2008, 8, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def _unit(level: str, code: str, name: str, kind: str, *, old: bool, parent=None, province=None) -> AdminUnit:
    unit = AdminUnit.objects.create(
        level=level, code=code, name=name, name_search=name.lower(), division_type=kind, parent=parent,
        province=province, valid_from=OLD_FROM if old else NEW_FROM, valid_to=OLD_TO if old else None,
    )
    if province is None and level == Level.PROVINCE:
        unit.province = unit
        unit.save(update_fields=["province"])
    return unit


@pytest.fixture
def lang_son_units(db):
    """A small Lạng Sơn of both generations: a province, one old district with three old communes, four new
    communes (one a ward), and the old->new map."""
    old_p = _unit(Level.PROVINCE, "20", "Tỉnh Lạng Sơn", "tỉnh", old=True)
    new_p = _unit(Level.PROVINCE, "20", "Tỉnh Lạng Sơn", "tỉnh", old=False)
    district = _unit(Level.DISTRICT, "178", "Thành phố Lạng Sơn", "thành phố", old=True, parent=old_p, province=old_p)
    olds = [
        _unit(Level.COMMUNE, code, name, kind, old=True, parent=district, province=old_p)
        for code, name, kind in (("06187", "Phường Hoàng Văn Thụ", "phường"), ("06190", "Xã Mai Pha", "xã"),
                                 ("06193", "Xã Hoàng Đồng", "xã"))
    ]
    news = [
        _unit(Level.COMMUNE, code, name, kind, old=False, parent=new_p, province=new_p)
        for code, name, kind in (("06187", "Phường Lương Văn Tri", "phường"), ("06190", "Xã Chi Lăng", "xã"),
                                 ("06040", "Xã Thất Khê", "xã"), ("06001", "Xã Đoàn Kết", "xã"))
    ]
    for old, new in zip(olds, news, strict=False):
        UnitMapping.objects.create(old=old, new=new, evidence="anchor")
    return new_p


def _run(**kwargs):
    args = {"persons": N, "seed": 7, "province": "20", "chunk_size": CHUNK} | kwargs
    return generate_province(**args)


TABLES = (
    (Person, "persons", {"id": "persons"}),
    (Household, "households", {"id": "households", "head_id": "persons"}),
    (HouseholdMember, "household_members", {"id": "household_members", "household_id": "households",
                                            "person_id": "persons"}),
    (Employer, "employers", {"id": "employers"}),
    (Employment, "employments", {"id": "employments", "person_id": "persons", "employer_id": "employers"}),
    (SalaryRecord, "salary_records", {"id": "salary_records", "employment_id": "employments"}),
)
STAMPS = {"created_at", "updated_at", "recorded_at"}


def _fingerprint(dataset: GeneratedDataset) -> str:
    """A hash of every generated row, ids taken relative to the dataset's first id, timestamps left out."""
    ranges = dataset.summary["id_ranges"]
    digest = hashlib.sha256()
    for model, key, id_columns in TABLES:
        columns = [f.column for f in model._meta.concrete_fields if f.column not in STAMPS]
        low, high = ranges[key]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM {model._meta.db_table} WHERE id BETWEEN %s AND %s ORDER BY id",
                [low, high],
            )
            for row in cursor.fetchall():
                values = [
                    v - ranges[id_columns[c]][0] if c in id_columns and v is not None else v
                    for c, v in zip(columns, row, strict=True)
                ]
                digest.update(repr([str(v) for v in values]).encode())
    return digest.hexdigest()


@pytest.mark.django_db
def test_same_arguments_give_the_same_rows(lang_son_units):
    first = _run()
    fingerprint = _fingerprint(first.dataset)
    again = _run(force=True)
    assert not again.reused
    assert _fingerprint(again.dataset) == fingerprint
    other = _run(force=True, seed=8)
    assert _fingerprint(other.dataset) != fingerprint


@pytest.mark.django_db
def test_summary_counts_match_the_tables(lang_son_units):
    result = _run()
    s = result.summary
    assert s["persons"] == Person.objects.count() == N
    assert s["households"] == Household.objects.count()
    assert s["household_members"] == HouseholdMember.objects.count() == N
    assert s["employers"] == Employer.objects.count()
    assert s["employments"] == Employment.objects.count()
    assert s["salary_records"] == SalaryRecord.objects.count()
    assert s["persons_employed"] == Employment.objects.values("person_id").distinct().count()
    ds = GeneratedDataset.objects.get()
    assert (ds.province_code, ds.persons, ds.seed) == ("20", N, 7)
    assert ds.parameters["persons"] == N and ds.parameters["version"] == gen.GENERATOR_VERSION


@pytest.mark.django_db
def test_identifiers_validate(lang_son_units):
    _run()
    persons = list(Person.objects.values_list("citizen_id", "sex", "birth_year", "si_code", "phone", "birth_date"))
    assert all(cid for cid, *_ in persons)
    for cid, sex, year, si, phone, born in persons:
        validate_citizen_id(cid, sex=sex, birth_year=year, today=dt.date(2026, 1, 1))
        assert born.year == year
        if si:
            validate_si_code(si)
        if phone:
            assert validate_phone(phone) == phone
    assert len({p[0] for p in persons}) == len(persons)
    si_codes = [p[3] for p in persons if p[3]]
    assert len(si_codes) == len(set(si_codes)) >= 0.95 * N
    assert sum(1 for p in persons if p[4]) > 0.5 * N
    assert Counter(cid[:3] for cid, *_ in persons).most_common(1)[0][0] == "020"
    employers = list(Employer.objects.values_list("unit_code", "tax_code", "phone"))
    assert len(employers) >= gen.employers.MIN_EMPLOYERS
    for unit_code, tax_code, phone in employers:
        assert validate_unit_code(unit_code) == unit_code
        assert validate_tax_code(tax_code) == tax_code
        assert unit_code.startswith(tax_code)
        if phone:
            validate_phone(phone)
    assert len({e[1] for e in employers}) == len(employers)


@pytest.mark.django_db
def test_birth_precision_and_ages(lang_son_units):
    _run()
    rows = list(Person.objects.values_list("birth_date", "birth_precision"))
    precision = Counter(p for _, p in rows)
    assert 0 < precision["Y"] + precision["M"] < 0.15 * N
    assert all(d.month == 1 and d.day == 1 for d, p in rows if p == "Y")
    assert all(d.day == 1 for d, p in rows if p == "M")
    ages = np.array([2026 - d.year for d, _ in rows])
    assert 0.15 < (ages < 15).mean() < 0.32  # Vietnam ~2024: about a quarter under 15
    assert 0.05 < (ages >= 65).mean() < 0.15
    sexes = Counter(Person.objects.values_list("sex", flat=True))
    assert 0.45 < sexes["M"] / N < 0.55


@pytest.mark.django_db
def test_households_have_their_head_as_member(lang_son_units):
    _run()
    heads = dict(Household.objects.values_list("id", "head_id"))
    members = defaultdict(list)
    for household, person, relationship, valid_to in HouseholdMember.objects.values_list(
        "household_id", "person_id", "relationship", "valid_to"
    ):
        assert valid_to is None
        members[household].append((person, relationship))
    assert set(members) == set(heads)
    for household, head in heads.items():
        assert (head, "head") in members[household]
        assert sum(1 for _, r in members[household] if r == "head") == 1
    assert HouseholdMember.objects.values("person_id").distinct().count() == N
    # a household's members live at its address
    commune = dict(Household.objects.values_list("id", "commune_id"))
    for household, person_commune in HouseholdMember.objects.values_list("household_id", "person__address_commune_id"):
        assert commune[household] == person_commune
    assert 2.5 < N / len(heads) < 4.5


@pytest.mark.django_db
def test_addresses_are_current_communes_of_the_province(lang_son_units):
    _run()
    current = set(AdminUnit.objects.current().filter(level=Level.COMMUNE, province=lang_son_units)
                  .values_list("id", flat=True))
    used = Counter(Person.objects.values_list("address_commune_id", flat=True))
    assert set(used) <= current
    assert set(Employer.objects.values_list("address_commune_id", flat=True)) <= current
    ward = AdminUnit.objects.get(level=Level.COMMUNE, code="06187", valid_to__isnull=True).id
    rural = AdminUnit.objects.get(level=Level.COMMUNE, code="06040").id
    assert used[ward] > 1.5 * used[rural]  # wards weigh more


@pytest.mark.django_db
def test_employments_and_salary_histories(lang_son_units):
    _run(persons=4_000)
    employer_start = dict(Employer.objects.values_list("id", "start_date"))
    employer_end = dict(Employer.objects.values_list("id", "end_date"))
    state = dict(Employer.objects.values_list("id", "ownership_type"))
    born = dict(Person.objects.values_list("id", "birth_date"))
    jobs = {e["id"]: e for e in Employment.objects.values()}
    workers = {e["person_id"] for e in jobs.values()}
    assert 0.08 * 4_000 < len(workers) < 0.18 * 4_000
    by_person = defaultdict(list)
    for job in jobs.values():
        assert job["valid_from"] >= dt.date(1995, 1, 1)
        assert job["valid_from"] >= employer_start[job["employer_id"]]
        assert job["valid_to"] is None or job["valid_to"] >= job["valid_from"]
        if employer_end[job["employer_id"]]:
            assert job["valid_to"] is not None and job["valid_to"] <= employer_end[job["employer_id"]]
        assert (job["valid_from"] - born[job["person_id"]]).days >= 18 * 365
        by_person[job["person_id"]].append(job)
    for person_jobs in by_person.values():  # one job at a time
        person_jobs.sort(key=lambda j: j["valid_from"])
        for a, b in pairwise(person_jobs):
            assert a["valid_to"] is not None and a["valid_to"] < b["valid_from"]
    records = defaultdict(list)
    for record in SalaryRecord.objects.values():
        records[record["employment_id"]].append(record)
    assert set(records) == set(jobs)
    for job_id, rows in records.items():
        job = jobs[job_id]
        rows.sort(key=lambda r: r["valid_from"])
        assert 1 <= len(rows) <= 5
        assert rows[0]["valid_from"] == job["valid_from"]
        assert rows[-1]["valid_to"] == job["valid_to"]
        for a, b in pairwise(rows):  # no overlap, no gap
            assert a["valid_to"] is not None and a["valid_to"] + dt.timedelta(days=1) == b["valid_from"]
        for r in rows:
            day = np.array([np.datetime64(r["valid_from"], "D")])
            if state[job["employer_id"]] in ("state_agency", "public_service", "commune"):
                assert r["kind"] == "state"
                assert 2.34 <= float(r["coefficient"]) <= 6.0
                coefficient = float(r["coefficient"]) + float(r["allowance_coefficient"] or 0)
                assert r["salary"] == round(coefficient * BASE_SALARY.at(r["valid_from"]))
            else:
                assert r["kind"] == "employer" and r["coefficient"] is None
                assert r["salary"] >= minimum_wage(day, np.array([False]))[0]
    kinds = Counter(SalaryRecord.objects.values_list("kind", flat=True))
    assert kinds["state"] and kinds["employer"]
    assert Employment.objects.filter(valid_to__isnull=False).exists()  # job changes, retirements
    assert Employment.objects.filter(valid_to__isnull=True).count() > 0.5 * len(workers)


def test_wage_lookups_follow_the_tables():
    days = np.array(["1996-06-01", "2013-07-01", "2024-06-30", "2024-07-01", "2026-07-01"], dtype="datetime64[D]")
    assert base_salary(days).tolist() == [BASE_SALARY.at(dt.date.fromisoformat(str(d))) for d in days]
    assert minimum_wage(days[3:4], np.array([True])).tolist() == [3_860_000]
    assert minimum_wage(days[3:4], np.array([False])).tolist() == [3_450_000]


@pytest.mark.django_db
def test_second_run_reuses_and_force_replaces(lang_son_units):
    first = _run()
    out = io.StringIO()
    call_command("generate", persons=N, seed=7, province="20", chunk_size=CHUNK, stdout=out)
    assert "Reusing generated dataset" in out.getvalue()
    assert GeneratedDataset.objects.count() == 1 and Person.objects.count() == N
    with pytest.raises(ApplicationError, match="--force"):
        _run(persons=N + 10)
    replaced = _run(persons=N + 10, force=True)
    assert not replaced.reused and replaced.dataset.id != first.dataset.id
    assert Person.objects.count() == N + 10 and GeneratedDataset.objects.count() == 1


@pytest.mark.django_db
def test_force_refuses_when_real_persons_are_there(lang_son_units):
    _run()
    commune = AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).first()
    Person.objects.create(full_name="Nông Văn Thật", name_search="nong van that", birth_date=dt.date(1980, 1, 1),
                          birth_year=1980, sex="M", address_commune=commune)
    with pytest.raises(ApplicationError, match="no generated dataset made"):
        _run(force=True)
    assert Person.objects.count() == N + 1


@pytest.mark.django_db
def test_missing_units_say_run_load_places(db):
    with pytest.raises(ApplicationError, match="ansinh load_places"):
        _run()
    with pytest.raises(CommandError, match="ansinh load_places"):
        call_command("generate", persons=10, stdout=io.StringIO())


@pytest.mark.django_db
def test_a_failure_leaves_nothing_behind(lang_son_units, monkeypatch):
    real = gen.make_jobs
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(gen, "make_jobs", failing)
    with pytest.raises(RuntimeError):
        _run()
    assert Person.objects.count() == 0 and Employer.objects.count() == 0 and GeneratedDataset.objects.count() == 0


@pytest.mark.django_db
def test_on_the_units_of_load_places(db):
    """Integration: the real administrative units of Lạng Sơn (65 communes from 2025-07-01)."""
    call_command("load_places", province=["20"], verbosity=0)
    out = io.StringIO()
    call_command("generate", persons=3_000, seed=3, stdout=out)
    assert "Generated province 20: 3,000 persons" in out.getvalue()
    current = set(AdminUnit.objects.current().filter(level=Level.COMMUNE, province__code="20")
                  .values_list("id", flat=True))
    assert len(current) == 65
    assert set(Person.objects.values_list("address_commune_id", flat=True)) <= current
    ethnicity = Counter(Person.objects.values_list("ethnicity", flat=True))
    assert ethnicity.most_common(2)[0][0] in ("07", "02") and ethnicity["07"] + ethnicity["02"] > 0.65 * 3_000
    names = list(Employer.objects.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert sum(n.startswith(("Công ty", "Doanh nghiệp", "Trường", "UBND", "Sở", "Hợp tác xã")) for n in names) > 0.5 * len(names)
    family = Counter(n.split()[0] for n in Person.objects.values_list("full_name", flat=True))
    assert family["Hoàng"] > family["Trần"]
