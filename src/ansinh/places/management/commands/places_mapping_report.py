"""ansinh places_mapping_report [--province 20] [--by-province] [--list]: how much of the old→new commune map is
established, and how."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.places.models import AdminUnit
from ansinh.places.selectors import MappingReport, mapping_report


def render(rep: MappingReport, *, by_province: bool = False, listing: bool = False) -> list[str]:
    scope = f"province {rep.province_code}" if rep.province_code else "whole country"
    out = [f"Old→new commune map ({scope})", ""]
    out.append(f"old communes (until 2025-06-30): {rep.old_communes:,}")
    out.append(f"  mapped:                {rep.old_mapped:,} ({rep.pct(rep.old_mapped, rep.old_communes)})")
    out.append(f"  unmapped:              {len(rep.old_unmapped):,}")
    out.append("  by strongest evidence:")
    for evidence, n in rep.old_by_evidence.items():
        out.append(f"    {evidence:18} {n:>6,}")
    out.append(f"  split over 2+ new communes: {rep.split:,}; with shares for every part: {rep.split_with_shares:,}")
    for parts, n in rep.split_parts.items():
        out.append(f"    into {parts} parts: {n:,}")
    out.append(f"pairs (old, new): {rep.pairs:,}")
    for evidence, n in sorted(rep.pairs_by_evidence.items()):
        out.append(f"    {evidence:18} {n:>6,}")
    out.append(f"new communes (from 2025-07-01): {rep.new_communes:,}")
    out.append(f"  reached by the map:    {rep.new_reached:,} ({rep.pct(rep.new_reached, rep.new_communes)})")
    out.append(f"  not reached:           {len(rep.new_unreached):,}")
    out.append("  made of old communes (or parts): " + ", ".join(
        f"{'5+' if k == 5 else k}: {n:,}" for k, n in rep.new_by_parts.items()
    ))
    if by_province:
        out += ["", f"{'prov':4} {'name':28} {'old':>6} {'mapped':>7} {'unmapped':>8} {'split':>6} {'shares':>6}"]
        for line in rep.provinces:
            out.append(
                f"{line.code:4} {line.name[:28]:28} {line.old_communes:>6,} {line.mapped:>7,} "
                f"{line.old_communes - line.mapped:>8,} {line.split:>6,} {line.split_with_shares:>6,}"
            )
    if listing or rep.province_code:
        if rep.old_unmapped:
            out += ["", "old communes not mapped:"]
            out += [f"  {code} {name} ({prov})" for code, name, prov in rep.old_unmapped]
        if rep.new_unreached:
            out += ["", "new communes not reached:"]
            out += [f"  {code} {name} ({prov})" for code, name, prov in rep.new_unreached]
    return out


class Command(BaseCommand):
    help = "Report how much of the old→new commune map is established: evidence, unmapped, split, reached."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", metavar="CODE", help="2-digit province code (old and 2025 province)")
        parser.add_argument("--by-province", action="store_true", help="add a line per old province")
        parser.add_argument("--list", action="store_true", help="list unmapped and unreached communes")

    def handle(self, *args: Any, **opts: Any) -> None:
        code = opts["province"].zfill(2) if opts["province"] else None
        if code and not AdminUnit.objects.filter(level="province", code=code).exists():
            raise CommandError(f"--province: no province with code {code} is loaded (ansinh load_places)")
        if not AdminUnit.objects.exists():
            raise CommandError("no administrative units loaded; run `ansinh load_places` first")
        for line in render(mapping_report(code), by_province=opts["by_province"], listing=opts["list"]):
            self.stdout.write(line)
