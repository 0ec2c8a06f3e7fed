"""Which employees are compulsory participants of SI, HI and UI, by contract type and month.

Contract types are those of the registry (indefinite, fixed_12_36, fixed_3_12, fixed_1_3, under_1,
civil_servant, manager_unpaid, other). Sources and status:
- SI: contracts of 3 months or more (Law 71/2006 Art 2.1; Law 58/2014 Art 2.1.a), 1 to under 3 months from
  2018-01-01 (Law 58/2014 Art 2.1.b, Art 124); Law 41/2024 Art 2.1.a keeps ≥1 month (V-LAW). Civil servants and
  public employees throughout (Art 2.1.c). Unpaid enterprise managers are compulsory from 2025-07-01 but pay
  themselves (Art 2.1.n, 33.3), not through the employer's assessment.
- HI: employees with contracts of 3 months or more (HI Law 25/2008 Art 12.1.a as amended by Law 46/2014); of
  1 month or more from 2025-07-01 (Law 51/2024 amending Art 12.1.a) — the ≥1 month scope before 2025-07 is
  UNVERIFIED, so 1-3 month contracts get HI from 2025-07-01 here.
- UI: contracts of 3 months or more (Employment Law 38/2013 Art 43.1; Law 71/2006 Art 2.3 used 12 months —
  UNVERIFIED, not modelled), 1 month or more from 2026-01-01 (Employment Law 74/2025 Art 31.1.a, V-LAW);
  civil servants (công chức) are outside UI; public employees (viên chức) are inside — the registry's
  civil_servant type does not tell them apart, so it is treated as outside UI (UNVERIFIED simplification).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_2018 = dt.date(2018, 1, 1)
_2025_07 = dt.date(2025, 7, 1)
_2026 = dt.date(2026, 1, 1)

LONG = frozenset({"indefinite", "fixed_12_36", "fixed_3_12", "other"})


@dataclass(frozen=True)
class Scope:
    si: bool
    hi: bool
    ui: bool


def compulsory_scope(contract_type: str, day: dt.date) -> Scope:
    if contract_type in LONG:
        return Scope(si=True, hi=True, ui=True)
    if contract_type == "fixed_1_3":
        return Scope(si=day >= _2018, hi=day >= _2025_07, ui=day >= _2026)
    if contract_type == "civil_servant":
        return Scope(si=True, hi=True, ui=False)
    return Scope(si=False, hi=False, ui=False)  # under_1, manager_unpaid (self-paying), unknown


CONTRACT_TYPES = ("indefinite", "fixed_12_36", "fixed_3_12", "fixed_1_3", "under_1", "civil_servant",
                  "manager_unpaid", "other")
