"""A generated month of claims written through the same path as received files (normalise → store), then the
month's assessment. Deterministic for a seed; running it again for the same month changes nothing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ansinh.core.errors import ApplicationError
from ansinh.coverage.models import HICard
from ansinh.healthcare import services
from ansinh.healthcare.generator import Card, Planted, facility_specs, generate, synthetic_cards
from ansinh.healthcare.intake import normalise
from ansinh.healthcare.models import ClaimFile
from ansinh.healthcare.reference import ensure_facilities
from ansinh.places.models import AdminUnit, Level
from ansinh.rules.periods import Month


def registry_cards(province: AdminUnit, limit: int) -> list[Card]:
    rows = (HICard.objects.filter(status=HICard.Status.ISSUED, person__address_commune__province=province)
            .order_by("id").values_list("number", "person__full_name", "person__birth_date", "person__sex")[:limit])
    return [Card(n, name.upper(), birth, sex, registered=True) for n, name, birth, sex in rows]


def claims_generate(*, province_code: str, month: Month, cards: int, seed: int = 1, errors_per_kind: int = 1,
                    visits_per_year: float = 2.4, assess: bool = True, actor: Any = None) -> list[Planted]:
    province = AdminUnit.objects.filter(level=Level.PROVINCE, code=province_code, valid_to__isnull=True).first()
    if province is None:
        raise ApplicationError("unknown_province", f"province {province_code} is not loaded", field="province")
    specs = facility_specs(province_code, 6)
    ensure_facilities(province, specs)
    held = registry_cards(province, cards)
    pool = held + synthetic_cards(province_code, cards - len(held), month.first_day, seed)
    raw, planted = generate(province_code=province_code, month=month, cards=pool, facilities=specs,
                            visits_per_year=visits_per_year, errors_per_kind=errors_per_kind, seed=seed)
    problems: list[dict[str, Any]] = []
    by_facility: dict[str, list] = defaultdict(list)
    for ep in raw:
        n = normalise(ep, problems)
        if n is not None:
            by_facility[ep.facility_code].append(n)
    if problems:
        raise RuntimeError(f"generator made invalid episodes: {problems[:3]}")
    for code, episodes in sorted(by_facility.items()):
        services.store(actor=actor, episodes=episodes, facility_code=code, file_name=f"generated-{month}-{code}",
                       sha256="", channel=ClaimFile.Channel.GENERATED, assess=False)
    if assess:
        services.assess_month(month, actor=actor)
    return planted
