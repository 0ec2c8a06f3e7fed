"""Reads of the agent screen, always within the agent's reach:

- the agent's communes: its own commune, and for a post office the communes its agency office serves today (the
  demo's simulator sends every commune's post-office payments to the post office of the serving office);
- participants: persons living in those communes; households: households registered in them;
- receipts and remittances: the agent's own.

Anything else is "not found" (ansinh.core.errors.NotFound), the same answer as an unknown id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from ansinh.accounts.scope import get_visible
from ansinh.contributions.models import Account, CollectionAgent, HolderType, LedgerEntry, Receipt, Remittance
from ansinh.core.text import fold
from ansinh.coverage.models import HICard, Participation, Scheme
from ansinh.registry.models import Household, HouseholdMember, Person
from ansinh.registry.selectors import PersonQuery, _prefix
from ansinh.rules.periods import Month

MAX_RESULTS = 30


def agent_communes(agent: CollectionAgent, on: dt.date | None = None) -> frozenset[int]:
    from ansinh.places.models import OfficeCommune

    cached = getattr(agent, "_communes", None)
    if cached is not None:
        return cached
    ids = {agent.commune_id}
    if agent.kind == CollectionAgent.Kind.POST_OFFICE and agent.office_id:
        day = on or timezone.localdate()
        ids |= set(OfficeCommune.objects.filter(office_id=agent.office_id, valid_from__lte=day)
                   .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).values_list("commune_id", flat=True))
    agent._communes = frozenset(ids)  # type: ignore[attr-defined]
    return agent._communes  # type: ignore[attr-defined]


def persons_in_reach(agent: CollectionAgent) -> QuerySet[Person]:
    return Person.objects.filter(address_commune_id__in=agent_communes(agent), death_date__isnull=True)


def households_in_reach(agent: CollectionAgent) -> QuerySet[Household]:
    return Household.objects.filter(commune_id__in=agent_communes(agent))


def person_get(agent: CollectionAgent, person_id: object) -> Person:
    return get_visible(persons_in_reach(agent).select_related("address_commune"), "person", person_id)


def household_get(agent: CollectionAgent, household_id: object) -> Household:
    return get_visible(households_in_reach(agent).select_related("commune", "head"), "household", household_id)


def receipt_get(agent: CollectionAgent, receipt_id: object) -> Receipt:
    qs = Receipt.objects.filter(agent=agent).select_related("person", "household", "remittance", "staff", "agent",
                                                           "agent__commune", "agent__commune__province")
    return get_visible(qs, "receipt", receipt_id)


def remittance_get(agent: CollectionAgent, remittance_id: object) -> Remittance:
    return get_visible(Remittance.objects.filter(agent=agent), "remittance", remittance_id)


@dataclass
class Found:
    persons: list[Person] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    kind: str = ""
    more: bool = False


def find(agent: CollectionAgent, q: str) -> Found:
    """By 12-digit personal ID number or 10-digit SI number (exact), by household code (exact), or by the start of
    the name without marks ('nguyen van' finds every 'Nguyễn Văn …'). Households: those of the persons found, and
    a household whose code is asked. Within the agent's communes only."""
    text = (q or "").strip()[:120]
    if not text:
        return Found()
    query = PersonQuery(q=text)
    kind = query.kind
    persons = persons_in_reach(agent)
    if kind == "citizen_id":
        persons = persons.filter(citizen_id=text.replace(" ", ""))
    elif kind == "si_code":
        persons = persons.filter(si_code=text.replace(" ", ""))
    elif kind == "digits":
        persons = persons.none()
    else:
        persons = _prefix(persons, "name_search", fold(text))
    found = list(persons.select_related("address_commune").order_by("name_search", "birth_year", "id")[:MAX_RESULTS + 1])
    more = len(found) > MAX_RESULTS
    found = found[:MAX_RESULTS]
    today = timezone.localdate()
    member_of = HouseholdMember.objects.filter(person__in=[p.pk for p in found], valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)).values("household_id")
    households = households_in_reach(agent).filter(Q(pk__in=member_of) | Q(code=text.upper()))
    return Found(persons=found, households=list(households.select_related("head").order_by("code")[:MAX_RESULTS]),
                 kind=kind, more=more)


@dataclass(frozen=True)
class MemberRow:
    person: Person
    relationship: str
    covered_by: str  # "" if free to pay for; else the HI payer already covering the months (employer, state…)
    covered_to: dt.date | None
    card: HICard | None


def household_members(household: Household, first: Month, last: Month) -> list[MemberRow]:
    """The members in the first month paid, in the order of the household book (head first, then by age), each
    with any HI participation already covering part of the months (they are not paid for again) and their card."""
    day = first.first_day
    members = list(HouseholdMember.objects.filter(household=household, valid_from__lte=day)
                   .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                   .select_related("person").order_by("person__birth_date", "person_id"))
    ids = [m.person_id for m in members]
    covering = {}
    for p in (Participation.objects.filter(person_id__in=ids, scheme=Scheme.HI, valid_from__lte=last.last_day)
              .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("valid_from")):
        covering.setdefault(p.person_id, p)
    cards = {c.person_id: c for c in HICard.objects.filter(person_id__in=ids, status=HICard.Status.ISSUED)
             .order_by("valid_to")}
    rows = [MemberRow(m.person, m.relationship, covering[m.person_id].payer if m.person_id in covering else "",
                      covering[m.person_id].valid_to if m.person_id in covering else None, cards.get(m.person_id))
            for m in members]
    head_id = household.head_id
    return sorted(rows, key=lambda r: (r.person.pk != head_id,))


def vsi_covered(person: Person, first: Month, last: Month) -> Participation | None:
    """An SI participation (compulsory or voluntary) overlapping the months: the person cannot pay for them."""
    return (Participation.objects.filter(person=person, scheme__in=(Scheme.SI, Scheme.VSI),
                                         valid_from__lte=last.last_day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first.first_day)).order_by("valid_from").first())


def last_vsi_receipt(person: Person) -> Receipt | None:
    return Receipt.objects.filter(person=person, scheme=Receipt.Scheme.VSI).order_by("-to_month", "-id").first()


def household_paid_to(household: Household) -> dt.date | None:
    row = Receipt.objects.filter(household=household).order_by("-to_month").values_list("to_month", flat=True).first()
    return row


@dataclass(frozen=True)
class Totals:
    count: int
    gross: int
    state_support: int
    payable: int


def _totals(qs: QuerySet[Receipt]) -> Totals:
    row = qs.aggregate(n=Count("id"), gross=Sum("gross"), support=Sum("state_support"), payable=Sum("payable"))
    return Totals(row["n"] or 0, int(row["gross"] or 0), int(row["support"] or 0), int(row["payable"] or 0))


def day_receipts(agent: CollectionAgent, day: dt.date) -> QuerySet[Receipt]:
    return (Receipt.objects.filter(agent=agent, taken_on=day)
            .select_related("person", "household", "remittance", "staff").order_by("-id"))


def day_summary(agent: CollectionAgent, day: dt.date) -> dict[str, Any]:
    qs = Receipt.objects.filter(agent=agent, taken_on=day)
    by_scheme = {r["scheme"]: Totals(r["n"], int(r["gross"]), int(r["support"]), int(r["payable"]))
                 for r in qs.values("scheme").annotate(n=Count("id"), gross=Sum("gross"), support=Sum("state_support"),
                                                       payable=Sum("payable"))}
    return {"all": _totals(qs), "vsi": by_scheme.get(Receipt.Scheme.VSI), "hi": by_scheme.get(Receipt.Scheme.HI_HOUSEHOLD),
            "waiting": _totals(qs.filter(remittance__isnull=True))}


def unremitted(agent: CollectionAgent, through: dt.date) -> QuerySet[Receipt]:
    return (Receipt.objects.filter(agent=agent, remittance__isnull=True, taken_on__lte=through)
            .select_related("person", "household").order_by("taken_on", "id"))


def remittances(agent: CollectionAgent, limit: int = 20) -> list[Remittance]:
    return list(Remittance.objects.filter(agent=agent).annotate(n=Count("receipts")).order_by("-remitted_on", "-id")[:limit])


@dataclass(frozen=True)
class CommissionMonth:
    month: Month
    receipts: int
    base: int
    rate: Decimal
    amount: int  # the rule applied to the month's receipts so far
    posted: int | None  # what the agency has posted for the month (None: not yet)


def commission(agent: CollectionAgent, months: int = 6, today: dt.date | None = None) -> list[CommissionMonth]:
    """The commission earned per calendar month of taking (contributions.services.collection.commission_amount:
    Σ payable × the agent's rate, rounded once per month), the last `months` months; and what was posted."""
    from ansinh.contributions.services.collection import commission_amount, commission_reference

    day = today or timezone.localdate()
    last = Month.of(day)
    first = last - (months - 1)
    rows = (Receipt.objects.filter(agent=agent, taken_on__gte=first.first_day, taken_on__lte=last.last_day)
            .values("taken_on__year", "taken_on__month", "scheme").annotate(n=Count("id"), base=Sum("payable")))
    bases: dict[Month, dict[str, int]] = {}
    counts: dict[Month, int] = {}
    for r in rows:
        m = Month(r["taken_on__year"], r["taken_on__month"])
        bases.setdefault(m, {})[r["scheme"]] = int(r["base"] or 0)
        counts[m] = counts.get(m, 0) + r["n"]
    refs = {commission_reference(agent.code, first + i): first + i for i in range(months)}
    posted = {refs[ref]: int(s or 0) for ref, s in
              LedgerEntry.objects.filter(txn__reference__in=list(refs), account=Account.COMMISSION_PAYABLE,
                                         holder_type=HolderType.AGENT, holder_id=agent.pk)
              .values("txn__reference").annotate(s=Sum("amount")).values_list("txn__reference", "s")}
    rate = Decimal(agent.commission_rate)
    out = []
    for i in range(months):
        m = last - i
        amount, _ = commission_amount(bases.get(m, {}), rate)
        base = sum(bases.get(m, {}).values())
        out.append(CommissionMonth(m, counts.get(m, 0), base, rate, amount,
                                   -posted[m] if m in posted else None))
    return out


def receipt_members(receipt: Receipt) -> list[dict[str, Any]]:
    """The persons a receipt paid for, in rank order, with what each rank costs (household HI, the calculator again
    on the receipt's own inputs: the stored detail keeps the member ids) and the card issued for the months."""
    from ansinh.rules.contributions import household_hi

    ids = [int(i) for i in (receipt.detail or {}).get("members", [])]
    persons = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    cards: dict[int, HICard] = {}
    for c in (HICard.objects.filter(person_id__in=ids, status=HICard.Status.ISSUED, valid_to__gte=receipt.from_month)
              .order_by("valid_from")):
        cards.setdefault(c.person_id, c)
    dues: list[Any] = []
    if receipt.scheme == Receipt.Scheme.HI_HOUSEHOLD and ids:
        first, last = Month.of(receipt.from_month), Month.of(receipt.to_month)
        dues = list(household_hi.calculate(household_hi.HouseholdInput(
            members=len(ids), month=first, months=first.months_until(last) + 1)).members)
    return [{"rank": n + 1, "person": persons.get(pid), "card": cards.get(pid), "due": dues[n] if n < len(dues) else None}
            for n, pid in enumerate(ids) if pid in persons]
