from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from ansinh.places.models import AdminUnit, Level, Office, OfficeCommune
from ansinh.places.selectors import communes_in_scope, communes_of, communes_served_by

from .conftest import NEW_DAY, OLD_DAY


def served_on(day: dt.date) -> Counter[int]:
    rows = OfficeCommune.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
    return Counter(rows.filter(office__province__code="20").values_list("commune_id", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("day", [dt.date(2008, 8, 1), OLD_DAY, dt.date(2025, 6, 30), dt.date(2025, 7, 1), NEW_DAY])
def test_every_commune_of_the_province_is_served_exactly_once(lang_son_offices, day):
    served = served_on(day)
    assert set(served) == set(communes_of("20", day).values_list("id", flat=True))
    assert set(served.values()) == {1}


@pytest.mark.django_db
def test_offices_of_both_models(lang_son_offices):
    names = dict(Office.objects.values_list("code", "name"))
    assert names["BHXH-20"] == "BHXH tỉnh Lạng Sơn"
    assert names["BHXH-20-183"] == "BHXH huyện Cao Lộc"
    assert names["BHXH-20-178"] == "BHXH thành phố Lạng Sơn"
    assert names["KV-20"] == "BHXH khu vực Lạng Sơn"
    assert names["CS-20-183"] == "BHXH cơ sở Cao Lộc"
    kinds = Counter(Office.objects.values_list("kind", flat=True))
    assert kinds == {"provincial": 1, "regional": 1, "local": 22}
    assert set(Office.objects.get(code="CS-20-183").parent.code for _ in [0]) == {"KV-20"}
    assert not OfficeCommune.objects.filter(office__kind__in=["provincial", "regional"]).exists()


@pytest.mark.django_db
def test_rerun_changes_nothing(lang_son_offices):
    out = io.StringIO()
    call_command("load_offices", province=["20"], stdout=out)
    assert "offices 0 created, 0 updated, 24 unchanged" in out.getvalue()
    assert "259 unchanged" in out.getvalue()


@pytest.mark.django_db
def test_served_communes_through_the_office_tree(lang_son_offices):
    top_old, top_new = Office.objects.get(code="BHXH-20"), Office.objects.get(code="KV-20")
    assert communes_served_by([top_old.id], OLD_DAY).count() == 194
    assert communes_served_by([top_old.id], NEW_DAY).count() == 0
    assert communes_served_by([top_new.id], NEW_DAY).count() == 65
    local = Office.objects.get(code="BHXH-20-183")
    assert set(communes_served_by([local.id], OLD_DAY).values_list("parent__code", flat=True)) == {"183"}


@pytest.mark.django_db
def test_scope_is_current_communes_plus_the_old_ones_mapping_into_them(lang_son_offices):
    office = Office.objects.get(code="CS-20-183")
    scope = communes_in_scope(office_ids=[office.id], on=NEW_DAY)
    current = set(communes_served_by([office.id], NEW_DAY).values_list("id", flat=True))
    ids = set(scope.values_list("id", flat=True))
    assert current < ids
    olds = AdminUnit.objects.filter(id__in=ids - current)
    assert olds.exists() and all(u.valid_to is not None for u in olds)
    province = AdminUnit.objects.get(level=Level.PROVINCE, code="20", valid_to__isnull=True)
    assert communes_in_scope(unit_ids=[province.id], on=NEW_DAY).count() == 65 + 194
    assert communes_in_scope(on=NEW_DAY).count() == 0


@pytest.mark.django_db
def test_offices_need_the_places_first(db):
    with pytest.raises(CommandError, match="run `ansinh load_places --province 20` first"):
        call_command("load_offices", stdout=io.StringIO())


@pytest.mark.django_db
def test_commands_take_a_single_province_string_as_call_command_passes_it(lang_son):
    call_command("load_places", province="20", verbosity=0)
    call_command("load_offices", province="20", verbosity=0)
    call_command("demo_population", province="20", seed=1, verbosity=0)
    assert Office.objects.filter(province__code="20").count() == 24
    assert served_on(NEW_DAY).total() == 65
