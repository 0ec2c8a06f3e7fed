"""The minimum-wage region (I..IV) of a commune on a day, for contribution floors and the UI ceiling.

The region tables (`ansinh.rules.params.regions`) are keyed by GSO codes: from 2025-07-01 the codes of the new
communes; before, the codes of the old districts (3 digits) or old communes. A current commune asked about a day
before the 2025 reform is read through the old commune it kept the code of (or, failing that, the first old commune
mapped into it) and that commune's old district. A code the tables do not hold, or a day before them, gives the
default region (IV, see the rules module).

Used by the monthly assessment (`analytics.assessment`) and by declarations (salary floor of a line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ansinh.places.models import REFORM_DATE, AdminUnit, UnitMapping
from ansinh.rules.params.regions import DEFAULT_REGION, region_for
from ansinh.rules.tables import RuleError


def _region_code_of_units(ids: list[int], day: dt.date) -> dict[int, str]:
    """The code to look the region up with, per commune id, on `day` (two queries)."""
    units = {u.pk: u for u in AdminUnit.objects.filter(pk__in=ids).select_related("parent")}
    if day >= REFORM_DATE:
        return {pk: u.code for pk, u in units.items()}
    new_ids = [pk for pk, u in units.items() if u.valid_from >= REFORM_DATE]
    old_for_new: dict[int, Any] = {}
    for m in UnitMapping.objects.filter(new_id__in=new_ids).select_related("old__parent").order_by("new_id", "id"):
        current = old_for_new.get(m.new_id)
        if current is None or (m.old.code == units[m.new_id].code and current.code != units[m.new_id].code):
            old_for_new[m.new_id] = m.old
    code_for: dict[int, str] = {}
    for pk, u in units.items():
        old = old_for_new.get(pk, u if u.valid_from < REFORM_DATE else None)
        code_for[pk] = old.parent.code if old is not None and old.parent is not None else u.code
    return code_for


def regions_of_communes(commune_ids: Iterable[Any], day: dt.date) -> dict[int, int]:
    """Region of each commune id on `day` (ids may be numpy integers; duplicates are fine)."""
    ids = sorted({int(x) for x in commune_ids})
    if not ids:
        return {}
    code_for = _region_code_of_units(ids, day)
    out = {}
    for pk in ids:
        try:
            out[pk] = region_for(code_for.get(pk, ""), day)
        except RuleError:  # a day before the first region table held
            out[pk] = DEFAULT_REGION
    return out


def region_of_commune(commune_id: int, day: dt.date) -> int:
    """Region (1..4) of one commune on `day`."""
    return regions_of_communes([commune_id], day)[int(commune_id)]
