from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ansinh.core.errors import FileErrors
from ansinh.places.models import AdminUnit, Level, Population, UnitMapping
from ansinh.places.services.population import SYNTHETIC_SOURCE, generate_population, import_population

HEADER = "unit_level,unit_code,valid_on,generation,year,total,male,female,source\n"
GOOD = (
    "province,20,2024-01-01,,2024,802000,401000,401000,GSO statistical yearbook 2024\n"
    "commune,06187,,old,2024,7000,,,GSO\n"
    "commune,06187,,new,2024,21000,10400,10600,GSO\n"
    "district,183,2020-06-30,,2020,75000,,,GSO\n"
)


@pytest.mark.django_db
def test_import_writes_rows_and_a_second_import_changes_nothing(lang_son):
    result = import_population(HEADER + GOOD)
    assert (result.created, result.updated) == (4, 0)
    old, new = (AdminUnit.objects.get(level=Level.COMMUNE, code="06187", valid_to__isnull=flag) for flag in (False, True))
    assert Population.objects.get(unit=old, year=2024).total == 7000
    assert Population.objects.get(unit=new, year=2024).male == 10400
    again = import_population(HEADER + GOOD.replace("7000", "7100"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 3)


@pytest.mark.django_db
def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(lang_son):
    bad = (
        HEADER
        + GOOD  # lines 2-5 are fine
        + "ward,06187,,old,2024,1,,,GSO\n"  # 6 level
        + "commune,6187,,old,2024,1,,,GSO\n"  # 7 code length
        + "commune,99999,,old,2024,1,,,GSO\n"  # 8 no such unit
        + "commune,06187,2024-02-30,,2024,1,,,GSO\n"  # 9 date
        + "commune,06187,,,2024,1,,,GSO\n"  # 10 neither valid_on nor generation
        + "commune,06190,,old,2024,abc,,,GSO\n"  # 11 total
        + "commune,06190,,old,2023,100,60,50,GSO\n"  # 12 male+female
        + "commune,06190,,old,1800,100,,,\n"  # 13 year and source
        + "commune,06187,,old,2024,7000,,,GSO\n"  # 14 duplicate of line 3
        + "commune,06187,,new,2024,-5,,,GSO\n"  # 15 negative; also duplicate of line 4
    )
    with pytest.raises(FileErrors) as caught:
        import_population(bad)
    errors = caught.value.details
    by_line = defaultdict(list)
    for e in errors:
        by_line[e["line"]].append((e["field"], e["message"]))
    assert sorted(by_line) == [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    assert by_line[6][0][0] == "unit_level"
    assert by_line[7][0][0] == "unit_code"
    assert "no commune with code 99999" in by_line[8][0][1]
    assert by_line[9][0][0] == "valid_on"
    assert by_line[11] == [("total", "must be a whole number, got 'abc'")]
    assert by_line[12] == [("total", "male + female = 110, not 100")]
    assert {f for f, _ in by_line[13]} == {"year", "source"}
    assert "already given on line 3" in by_line[14][0][1]
    assert not Population.objects.exists()


@pytest.mark.django_db
def test_command_prints_errors_and_fails(lang_son, tmp_path: Path):
    path = tmp_path / "pop.csv"
    path.write_text(HEADER + "commune,06187,,old,2024,x,,,GSO\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_population", str(path), stderr=err)
    assert "pop.csv line 2: total: must be a whole number, got 'x'" in err.getvalue()
    assert not Population.objects.exists()


@pytest.mark.django_db
def test_missing_columns_are_reported_on_line_one(lang_son):
    with pytest.raises(FileErrors) as caught:
        import_population("unit_level,unit_code,year\ncommune,06187,2024\n")
    assert caught.value.details[0]["line"] == 1
    assert "total" in caught.value.details[0]["message"]


@pytest.mark.django_db
def test_synthetic_population_is_consistent_across_generations(lang_son):
    result = generate_population("20", [2019, 2024], seed=7)
    assert result.created == 2 * (194 + 65)
    assert set(Population.objects.values_list("source", flat=True)) == {SYNTHETIC_SOURCE}
    pop = {(u, y): (t, m, f) for u, y, t, m, f in Population.objects.values_list("unit_id", "year", "total", "male", "female")}
    assert all(m + f == t for t, m, f in pop.values())
    parts = defaultdict(list)
    for old_id, new_id in UnitMapping.objects.values_list("old_id", "new_id"):
        parts[new_id].append(old_id)
    whole_olds = {o for o, n in UnitMapping.objects.values_list("old_id", "new_id")}
    for year in (2019, 2024):
        old_total = sum(t for (u, y), (t, _, _) in pop.items() if y == year and u in whole_olds)
        new_total = sum(pop[(n, year)][0] for n in parts)
        assert old_total == new_total  # nobody lost or gained in the reorganisation
    assert pop[(next(iter(parts)), 2024)] != pop[(next(iter(parts)), 2019)]
    # deterministic, and real figures are never overwritten
    unit = next(iter(parts))
    Population.objects.filter(unit_id=unit, year=2024).update(source="GSO", total=1)
    again = generate_population("20", [2019, 2024], seed=7)
    assert (again.created, again.updated, again.kept) == (0, 0, 1)
    assert Population.objects.get(unit_id=unit, year=2024).total == 1
