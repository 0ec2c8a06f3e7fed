from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command

from ansinh.places.models import AdminUnit, Level, Population, UnitMapping
from ansinh.places.selectors import (
    communes_of,
    mapping_report,
    new_communes_for_old,
    old_communes_for_new,
    rollup_shares,
    split_evenly,
)
from ansinh.places.services.population import generate_population
from ansinh.places.services.shares import set_shares

from .conftest import NEW_DAY, OLD_DAY


def sums(rows) -> dict[int, Decimal]:  # type: ignore[no-untyped-def]
    out: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        out[row.old_id] += row.share
    return out


def split_ids() -> list[int]:
    per_old = defaultdict(int)
    for old_id in UnitMapping.objects.values_list("old_id", flat=True):
        per_old[old_id] += 1
    return sorted(k for k, v in per_old.items() if v > 1)


def test_split_evenly_sums_to_one():
    for n in range(1, 8):
        parts = split_evenly(n)
        assert len(parts) == n and sum(parts) == 1


@pytest.mark.django_db
def test_rollup_shares_sum_to_one_per_old_commune_and_flag_assumed(lang_son):
    old = communes_of("20", OLD_DAY)
    rows = rollup_shares(old.values("id"))
    assert {r.old_id for r in rows} == set(old.values_list("id", flat=True))  # Lạng Sơn: every commune mapped
    assert all(total == 1 for total in sums(rows).values())
    splits = set(split_ids())
    assert len(splits) == 4
    for r in rows:
        if r.old_id in splits:
            assert r.assumed and r.basis == "equal (assumed)" and r.share == Decimal("0.5")
        else:
            assert not r.assumed and r.basis == "whole" and r.share == 1


@pytest.mark.django_db
def test_population_shares_replace_assumed_ones(lang_son):
    generate_population("20", range(2019, 2026), seed=3)
    result = set_shares(basis="population", year=2024)
    assert (result.split, result.set, result.not_set) == (4, 4, {})
    rows = rollup_shares(split_ids())
    assert all(not r.assumed and r.basis == "population 2024" for r in rows)
    assert all(total == 1 for total in sums(rows).values())
    # the shares reproduce the 2025 communes' figures from the old communes' figures
    pop = dict(Population.objects.filter(year=2024).values_list("unit_id", "total"))
    all_rows = rollup_shares(communes_of("20", OLD_DAY).values("id"))
    rolled: dict[int, Decimal] = defaultdict(Decimal)
    for r in all_rows:
        rolled[r.new_id] += pop[r.old_id] * r.share
    for new_id, value in rolled.items():
        assert abs(value - pop[new_id]) <= 1, new_id
    assert set_shares(basis="population", year=2024).unchanged == 4  # idempotent


@pytest.mark.django_db
def test_set_shares_explains_when_it_cannot(lang_son):
    result = set_shares(basis="population", year=2024)
    assert result.set == 0
    assert list(result.not_set) == ["no population of the old commune for 2024"]
    assert len(result.not_set["no population of the old commune for 2024"]) == 4
    assert not UnitMapping.objects.filter(share__isnull=False).exists()


@pytest.mark.django_db
def test_manual_shares_are_kept(lang_son):
    old_id = split_ids()[0]
    parts = list(UnitMapping.objects.filter(old_id=old_id).order_by("new_id"))
    for m, s in zip(parts, (Decimal("0.3"), Decimal("0.7")), strict=True):
        m.share, m.share_basis = s, "manual"
        m.save()
    generate_population("20", [2024], seed=1)
    assert set_shares(year=2024).manual_kept == 1
    rows = [r for r in rollup_shares([old_id])]
    assert [r.share for r in rows] == [Decimal("0.3"), Decimal("0.7")] and rows[0].basis == "manual"


@pytest.mark.django_db
def test_old_and_new_communes_map_both_ways(lang_son):
    old = AdminUnit.objects.get(level=Level.COMMUNE, code="06187", valid_to__isnull=False)  # Thị trấn Cao Lộc
    new = list(new_communes_for_old([old.id]))
    assert len(new) == 1 and new[0].valid_to is None
    back = old_communes_for_new([new[0].id])
    assert old in back and all(u.valid_to is not None for u in back)
    # sub-queries work as inputs too
    assert new_communes_for_old(communes_of("20", OLD_DAY).values("id")).count() == communes_of("20", NEW_DAY).count()


@pytest.mark.django_db
def test_mapping_report_for_a_province(lang_son):
    rep = mapping_report("20")
    assert (rep.old_communes, rep.old_mapped, rep.old_unmapped) == (194, 194, [])
    assert (rep.new_communes, rep.new_reached) == (65, 65)
    assert rep.split == 4 and rep.split_with_shares == 0
    assert rep.pairs == 198 and rep.pairs_by_evidence == {"anchor": 2, "name": 133, "name+anchor": 63}
    out = io.StringIO()
    call_command("places_mapping_report", province="20", stdout=out)
    text = out.getvalue()
    assert "old communes (until 2025-06-30): 194" in text
    assert "split over 2+ new communes: 4" in text
    assert "reached by the map:    65 (100.0\u00a0%)" in text
