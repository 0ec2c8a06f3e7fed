"""How the provincial top-up combines with the central State share (compliance notes §D):

    rate_central  = central minimum of the person's group on the day (hi_state_support; 0 for groups without)
    rate_local    = the scheme's local points, or (stated total − rate_central)
    support_total = min(100 %, rate_central + rate_local)
    person share  = 1 − support_total

A person matched by several groups of the scheme gets the most favourable one (resolutions do not add their groups
together — UNVERIFIED, no resolution read says so either way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ansinh.rules.explain import Explanation
from ansinh.rules.params import local_hi_support
from ansinh.rules.params.contribution_rates import HI_STATE_SUPPORT


@dataclass(frozen=True)
class Support:
    central: Decimal
    local: Decimal
    total: Decimal
    group: str  # the local group applied ("" when none)
    resolution: str
    status: str


# The HI card group code (Decision 1351/QĐ-BHXH, domain-vn §6.3) of the centrally supported groups, and the list a
# card of that group implies (a CN card holder is on the near-poor list of the commune; HS/SV on a school's list).
CENTRAL_BY_CARD_GROUP = {"HS": "student", "SV": "student", "CN": "near_poor", "GB": "farm_household"}
LISTS_BY_CARD_GROUP = {"HS": ("student", "school_pupils"), "SV": ("student", "school_pupils"), "CN": ("near_poor",),
                       "GB": ("farm_household",)}
# payers whose card premium may be topped up by the province: the State-supported groups (central share + local)
# and the self-paying household members (groups without central support: by list or by age)
SUPPORTED_PAYERS = ("state_supported", "student")
SELF_PAYERS = ("household", "self")


def for_card(*, province: str | None, card_group: str, payer: str, day: dt.date, lists: Iterable[str] = (),
             age: int | None = None, rank_share: Decimal = Decimal(1)) -> Support | None:
    """The support applied when a card of `card_group` paid by `payer` is issued from `day`: the central group from
    the card group, the lists the card implies plus the person's own, the age on the first day. A household member
    of a later rank pays `rank_share` of the first member's premium (household_hi): the province's share of the full
    monthly premium is then total × rank_share (the province pays its share of what the member owes). None when
    no scheme group applies."""
    if payer in SUPPORTED_PAYERS:
        central_group = CENTRAL_BY_CARD_GROUP.get(card_group)
    elif payer in SELF_PAYERS:
        central_group = None
    else:
        return None
    on = {*lists, *LISTS_BY_CARD_GROUP.get(card_group, ())}
    sup = support(province=province, central_group=central_group, day=day, lists=on, age=age)
    if not sup.group:
        return None
    if central_group is None:
        return Support(Decimal(0), sup.total * rank_share, sup.total * rank_share, sup.group, sup.resolution,
                       sup.status)
    return sup


def central_share(group: str | None, day: dt.date) -> Decimal:
    if not group:
        return Decimal(0)
    return HI_STATE_SUPPORT.at(day).get(group, Decimal(0))


def support(*, province: str | None, central_group: str | None, day: dt.date, lists: Iterable[str] = (),
            age: int | None = None, has_card: bool = False, ex: Explanation | None = None) -> Support:
    central = central_share(central_group, day)
    none = Support(central, Decimal(0), min(Decimal(1), central), "", "", "")
    entry = local_hi_support.scheme(province, day) if province else None
    if entry is None:
        return none
    on_lists = set(lists)
    best = none
    for g in entry.value.groups:
        if g.central is not None and g.central != central_group:
            continue
        if g.lists and not on_lists.intersection(g.lists):
            continue
        if g.age_from is not None and (age is None or age < g.age_from or (g.age_to is not None and age >= g.age_to)):
            continue
        if not g.lists and g.age_from is None:
            continue
        if g.without_card and has_card:
            continue
        local = g.local if g.local is not None else max(Decimal(0), (g.total or Decimal(0)) - central)
        total = min(Decimal(1), central + local)
        local = total - central
        if total > best.total:
            best = Support(central, local, total, g.key, entry.value.resolution, entry.status)
    if ex is not None and best.group:
        ex.step("local support", best.local, f"{best.group}: central {best.central:%} + local {best.local:%} = "
                f"{best.total:%} (capped at 100 %)", f"{best.resolution} [{best.status}]")
    return best
