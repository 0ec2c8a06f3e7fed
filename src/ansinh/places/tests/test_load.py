from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ansinh.core.errors import InvalidInput
from ansinh.core.text import fold
from ansinh.places.models import AdminUnit, Level, UnitMapping
from ansinh.places.selectors import mapping_report, new_generation, old_generation
from ansinh.places.services.load import REFERENCE_DIR, load_places


def counts() -> dict[tuple[str, str], int]:
    out = {}
    for gen, cond in (("old", old_generation()), ("new", new_generation())):
        for level in Level.values:
            out[(gen, level)] = AdminUnit.objects.filter(cond, level=level).count()
    return out


@pytest.mark.django_db
def test_whole_country_loads_once_and_a_second_run_changes_nothing():
    out = io.StringIO()
    started = time.monotonic()
    call_command("load_places", stdout=out)
    first = time.monotonic() - started
    assert counts() == {
        ("old", "province"): 63, ("old", "district"): 696, ("old", "commune"): 10051,
        ("new", "province"): 34, ("new", "district"): 0, ("new", "commune"): 3321,
    }
    assert UnitMapping.objects.count() == 10332
    summary = out.getvalue().strip().splitlines()[-1]
    assert summary.startswith("load_places (whole country): 14,165 units (14,165 created")

    snapshot = list(AdminUnit.objects.order_by("id").values_list())
    out = io.StringIO()
    started = time.monotonic()
    call_command("load_places", stdout=out)
    again = time.monotonic() - started
    assert "0 created, 0 updated, 14,165 unchanged" in out.getvalue()
    assert "0 created, 0 updated, 10,332 unchanged" in out.getvalue()
    assert list(AdminUnit.objects.order_by("id").values_list()) == snapshot
    assert again < max(first, 5.0)

    # the mapping report over the whole country (the figures quoted in docs/places.md)
    rep = mapping_report()
    assert (rep.old_communes, rep.old_mapped, len(rep.old_unmapped)) == (10051, 10008, 43)
    assert (rep.new_communes, rep.new_reached, len(rep.new_unreached)) == (3321, 3316, 5)
    assert rep.split == 305
    assert rep.split_parts == {2: 286, 3: 19}
    assert rep.pairs == 10332
    assert rep.pairs_by_evidence == {"anchor": 33, "name": 7022, "name+anchor": 3277}
    assert sum(rep.old_by_evidence.values()) == 10008
    assert all(name.startswith("Đặc khu") for _, name, _ in rep.new_unreached)


@pytest.mark.django_db
def test_units_have_parents_provinces_and_folded_names(lang_son):
    commune = AdminUnit.objects.get(level=Level.COMMUNE, code="06187", valid_to__isnull=False)
    assert commune.name == "Thị trấn Cao Lộc"
    assert commune.name_search == fold(commune.name) == "thi tran cao loc"
    assert commune.parent.code == "183" and commune.parent.level == Level.DISTRICT
    assert commune.province.code == "20" and commune.province.valid_to == commune.valid_to
    province = AdminUnit.objects.get(level=Level.PROVINCE, code="20", valid_to__isnull=True)
    assert province.province_id == province.id
    new_commune = AdminUnit.objects.get(level=Level.COMMUNE, code="06187", valid_to__isnull=True)
    assert new_commune.parent_id == province.id and new_commune.province_id == province.id
    assert str(new_commune.valid_from) == "2025-07-01"
    assert "vietnam-provinces==2025.10.1" in new_commune.source


@pytest.mark.django_db
def test_one_province_loads_both_generations_and_its_pairs(lang_son):
    assert counts() == {
        ("old", "province"): 1, ("old", "district"): 11, ("old", "commune"): 194,
        ("new", "province"): 1, ("new", "district"): 0, ("new", "commune"): 65,
    }
    assert UnitMapping.objects.count() == 198
    call_command("load_places", province=["20"], verbosity=0)
    assert UnitMapping.objects.count() == 198


@pytest.mark.django_db
def test_a_merged_province_brings_the_provinces_merged_with_it():
    load_places(province_codes=["06"])  # Bắc Kạn went into Thái Nguyên (19)
    olds = set(AdminUnit.objects.filter(old_generation(), level=Level.PROVINCE).values_list("code", flat=True))
    news = set(AdminUnit.objects.filter(new_generation(), level=Level.PROVINCE).values_list("code", flat=True))
    assert olds == {"06"} and news == {"19"}
    assert UnitMapping.objects.count() == 108  # every old commune of Bắc Kạn


@pytest.mark.django_db
def test_unknown_province_is_refused():
    with pytest.raises(CommandError, match="no province with code 99"):
        call_command("load_places", province=["99"], verbosity=0)


@pytest.mark.django_db
def test_a_bad_reference_row_names_file_and_line_and_writes_nothing(tmp_path: Path):
    for path in REFERENCE_DIR.iterdir():
        if path.suffix in (".csv", ".json"):
            shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "units-from-2025-07-01.csv"
    lines = target.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace(",2025-07-01,", ",2025-13-01,", 1)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"units-from-2025-07-01\.csv line 5: not a date"):
        load_places(reference_dir=tmp_path)
    assert not AdminUnit.objects.exists()


@pytest.mark.django_db
def test_a_row_changed_in_the_database_is_put_back_by_the_next_load(lang_son):
    AdminUnit.objects.filter(level=Level.COMMUNE, code="06187").update(name="x", name_search="x")
    UnitMapping.objects.filter(old__code="06187").update(evidence="name")
    result = load_places(province_codes=["20"])
    assert (result.units.updated, result.mappings.updated) == (2, 1)
    assert set(AdminUnit.objects.filter(code="06187").values_list("name", flat=True)) == {
        "Thị trấn Cao Lộc", "Phường Kỳ Lừa",
    }
