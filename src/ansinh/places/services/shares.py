"""Fill `UnitMapping.share` for split old communes from population (`ansinh places_set_shares`).

The population of the *parts* of a split commune is not published; what is known is the population of each old
commune and of each 2025 commune. A 2025 commune N is the sum of its old communes and parts:

    pop(N) = Σ whole old communes W of N  pop(W)  +  Σ split old communes S in N  pop(S) · share(S→N)

so when N receives a part of one split commune only, that part is pop(N) − Σ pop(W); and when all parts of S
but one are known, the last is pop(S) minus the others. Each part found may unlock another, so the two rules are
applied until nothing changes. A split commune whose parts are all found (and add up to its population within
2 %) gets shares; otherwise the reason is reported and its shares stay empty (roll-ups then use equal shares,
flagged as assumed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import Count, Q

from ansinh.core.errors import InvalidInput
from ansinh.places.models import UnitMapping
from ansinh.places.selectors import SHARE_PLACES, population_by_unit
from ansinh.places.services.load import BATCH

BASES = ("population",)
TOLERANCE = Decimal("0.02")  # parts may differ from the old commune's total by 2 % (rounding, different dates)


@dataclass
class SharesResult:
    year: int
    split: int = 0
    set: int = 0
    unchanged: int = 0
    manual_kept: int = 0
    not_set: dict[str, list[str]] = field(default_factory=dict)  # reason → old commune codes

    def summary(self) -> str:
        missing = sum(len(v) for v in self.not_set.values())
        return (
            f"places_set_shares (population {self.year}): {self.split:,} split old communes; shares set for "
            f"{self.set:,}, unchanged {self.unchanged:,}, manual kept {self.manual_kept:,}, not determinable {missing:,}"
        )


def _quantise(raw: list[Decimal]) -> list[Decimal]:
    total = sum(raw)
    shares = [(x / total).quantize(SHARE_PLACES, rounding=ROUND_DOWN) for x in raw]
    biggest = max(range(len(shares)), key=lambda i: shares[i])
    shares[biggest] += Decimal(1) - sum(shares)
    return shares


def set_shares(*, basis: str = "population", year: int, province_code: str | None = None) -> SharesResult:
    if basis not in BASES:
        raise InvalidInput(
            "invalid_basis", f"basis must be one of {', '.join(BASES)} (participants: not yet)", field="basis"
        )
    split_qs = UnitMapping.objects.values("old_id").annotate(n=Count("id")).filter(n__gt=1)
    if province_code:
        split_qs = split_qs.filter(old__province__code=province_code)
    split_ids = set(split_qs.values_list("old_id", flat=True))
    result = SharesResult(year=year, split=len(split_ids))
    if not split_ids:
        return result
    rows = list(
        UnitMapping.objects.filter(Q(old_id__in=split_ids) | Q(new__mapped_from__old_id__in=split_ids))
        .distinct()
        .select_related("old")
        .only("id", "old_id", "new_id", "share", "share_basis", "old__code")
    )
    by_new: dict[int, list[UnitMapping]] = defaultdict(list)
    by_old: dict[int, list[UnitMapping]] = defaultdict(list)
    for m in rows:
        by_new[m.new_id].append(m)
        by_old[m.old_id].append(m)
    # every old commune of those new communes, including the whole ones
    pop = population_by_unit({m.old_id for m in rows} | {m.new_id for m in rows}, year)
    basis_label = f"population {year}"
    to_update: list[UnitMapping] = []

    def refuse(reason: str, code: str) -> None:
        result.not_set.setdefault(reason, []).append(code)

    # Peel: a part is known when its 2025 commune has no other unknown part (rule A) or its old commune has no
    # other unknown part (rule B); each part found may unlock others. Parts are counted in persons.
    part: dict[tuple[int, int], Decimal | None] = {(m.old_id, m.new_id): None for m in rows if m.old_id in split_ids}
    blocked_new = {
        n for n, ms in by_new.items() if n not in pop or any(o.old_id not in split_ids and o.old_id not in pop for o in ms)
    }
    manual = {o for o in split_ids if any(m.share_basis == "manual" for m in by_old[o])}
    changed = True
    while changed:
        changed = False
        for n, ms in by_new.items():
            if n in blocked_new:
                continue
            open_parts = [(m.old_id, n) for m in ms if m.old_id in split_ids and part[(m.old_id, n)] is None]
            if len(open_parts) == 1:
                known = sum(pop[m.old_id] if m.old_id not in split_ids else part[(m.old_id, n)] or 0 for m in ms)
                part[open_parts[0]] = Decimal(pop[n]) - Decimal(known)
                changed = True
        for o in split_ids:
            if o not in pop:
                continue
            open_parts = [(o, m.new_id) for m in by_old[o] if part[(o, m.new_id)] is None]
            if len(open_parts) == 1:
                part[open_parts[0]] = Decimal(pop[o]) - sum(part[(o, m.new_id)] or 0 for m in by_old[o])
                changed = True

    for old_id in sorted(split_ids):
        parts = sorted(by_old[old_id], key=lambda m: m.new_id)
        code = parts[0].old.code
        if old_id in manual:
            result.manual_kept += 1
            continue
        if old_id not in pop or pop[old_id] == 0:
            refuse(f"no population of the old commune for {year}", code)
            continue
        values = [part[(old_id, m.new_id)] for m in parts]
        if any(v is None for v in values):
            refuse("undetermined: its 2025 communes lack population or share parts of other split communes", code)
            continue
        whole = Decimal(pop[old_id])
        known_values = [v for v in values if v is not None]
        if any(v < 0 for v in known_values) or sum(known_values) <= 0 or abs(sum(known_values) - whole) > TOLERANCE * whole:
            refuse("figures inconsistent (parts do not add up to the old commune)", code)
            continue
        shares = _quantise(known_values)
        if all(m.share == s and m.share_basis == basis_label for m, s in zip(parts, shares, strict=True)):
            result.unchanged += 1
            continue
        for m, s in zip(parts, shares, strict=True):
            m.share, m.share_basis = s, basis_label
            to_update.append(m)
        result.set += 1
    with transaction.atomic():
        UnitMapping.objects.bulk_update(to_update, ["share", "share_basis"], batch_size=BATCH)
    return result
