"""Collection agents (post offices, commune collection points, banks), their staff, the receipts they issue for
voluntary SI and household HI, their remittances to the agency and their monthly commission. See docs/collection.md.

Postings (docs/contributions.md, "Accounts of the ledger"):

- receipt:     Dr agent_cash (agent, payable part) + Dr state_support (state, support part)
               / Cr revenue (person for voluntary SI, fund rs; household for household HI, fund hi)
               one txn kind=receipt, reference = receipt number: a receipt entered twice posts once.
- remittance:  Dr cash (agency) / Cr agent_cash (agent) for the payable part of the receipts remitted.
- commission:  Dr commission_expense / Cr commission_payable (agent), one txn per agent and month,
               reference "commission:{agent code}:{YYYY-MM}" (posting the month again posts nothing).

Commission rule (stated here; the legal basis is UNVERIFIED, see docs/collection.md): per agent and calendar month
of `taken_on`, commission = Σ payable (the money the agent took from participants; the State's share is not
collected by the agent) × agent.commission_rate, rounded half up to the whole đồng once per agent and month; the
amount is split between the funds (hi part rounded half up, rs the rest).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum

from ansinh.accounts import audit
from ansinh.accounts.scope import can_see_commune
from ansinh.contributions.codes import parse_agent_code
from ansinh.contributions.models import (
    Account,
    AgentStaff,
    CollectionAgent,
    Fund,
    HolderType,
    LedgerEntry,
    LedgerTxn,
    Receipt,
    Remittance,
)
from ansinh.contributions.selectors import agents_visible, is_collection_officer, staff_agent_ids
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from ansinh.coverage.models import Participation, Payer, Scheme
from ansinh.coverage.services.participation import participation_close, participation_open
from ansinh.places.models import AdminUnit, Level
from ansinh.registry.models import Household, HouseholdMember, Person
from ansinh.rules.contributions import household_hi, voluntary
from ansinh.rules.explain import to_jsonable
from ansinh.rules.money import vnd
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

STATE_HOLDER = 0  # the State budget is one holder
HOUSEHOLD_HI_GROUP = "GD"
VSI_MODES = ("monthly", "3_months", "6_months", "12_months", "advance")
MAX_COMMISSION_RATE = Decimal("0.2")


def require_officer(actor: Any) -> None:
    if not is_collection_officer(actor):
        raise Forbidden("collection_only", "Only collection officers may do this")


def _agency_holder(agent: CollectionAgent) -> int:
    return agent.office_id or 0


# --- agents and staff ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgentInput:
    code: str
    name: str
    kind: str
    commune_id: int
    commission_rate: Decimal
    valid_from: dt.date
    office_id: int | None = None


def agent_create(*, actor: Any, data: AgentInput, source: str = "web") -> CollectionAgent:
    require_officer(actor)
    parts = parse_agent_code(data.code)
    name = (data.name or "").strip()
    if not name:
        raise InvalidInput("required", "name is required", field="name")
    if data.kind not in CollectionAgent.Kind.values:
        raise InvalidInput("bad_choice", f"kind must be one of {', '.join(CollectionAgent.Kind.values)}", field="kind")
    rate = Decimal(data.commission_rate)
    if not Decimal(0) <= rate <= MAX_COMMISSION_RATE:
        raise InvalidInput("bad_rate", f"commission_rate must be between 0 and {MAX_COMMISSION_RATE} (a share, e.g. "
                                       f"0.04 for 4%), got {rate}", field="commission_rate")
    commune = AdminUnit.objects.select_related("province").filter(pk=data.commune_id, level=Level.COMMUNE).first()
    if commune is None:
        raise InvalidInput("unknown_commune", f"commune_id: no commune with id {data.commune_id}", field="commune_id")
    if actor is not None and not can_see_commune(actor, commune.pk):
        raise Forbidden("outside_scope", f"{commune.name} is outside the localities you cover", field="commune_id")
    province_code = commune.province.code if commune.province_id else ""
    if parts.commune_code != commune.code or (province_code and parts.province_code != province_code):
        raise InvalidInput(
            "code_commune_mismatch",
            f"code {parts.code} names commune {parts.province_code}/{parts.commune_code}; the agent's commune is "
            f"{commune.name} ({province_code}/{commune.code})", field="code",
        )
    if CollectionAgent.objects.filter(code=parts.code).exists():
        raise Conflict("duplicate", f"collection point {parts.code} already exists", field="code")
    with transaction.atomic():
        agent = CollectionAgent.objects.create(
            code=parts.code, name=name, kind=data.kind, commune=commune, office_id=data.office_id,
            commission_rate=rate, valid_from=data.valid_from,
        )
        audit.record(actor=actor, action="create", obj=agent, after=audit.snapshot(agent), source=source)
    return agent


AGENT_CHANGEABLE = ("name", "valid_to", "office_id")


def agent_update(*, actor: Any, agent: CollectionAgent, changes: dict[str, Any], reason: str = "",
                 source: str = "web") -> CollectionAgent:
    """Rename, attach to an office, or end the agent (valid_to). The commission rate and the code do not change:
    a new contract is a new collection point."""
    require_officer(actor)
    unknown = set(changes) - set(AGENT_CHANGEABLE)
    if unknown:
        raise InvalidInput("not_changeable", f"cannot change {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    if "name" in changes and not (changes["name"] or "").strip():
        raise InvalidInput("required", "name is required", field="name")
    if changes.get("valid_to") is not None and changes["valid_to"] < agent.valid_from:
        raise InvalidInput("bad_date", "valid_to is before the agent started", field="valid_to")
    with transaction.atomic():
        row = CollectionAgent.objects.select_for_update().get(pk=agent.pk)
        before = audit.snapshot(row)
        for key, value in changes.items():
            setattr(row, key, value.strip() if isinstance(value, str) else value)
        row.save()
        audit.record(actor=actor, action="update", obj=row, before=before, after=audit.snapshot(row), reason=reason,
                     source=source)
    return row


_NOT_ASSIGNABLE = "no account with this id can be made staff of a collection agent by you"


def assignable_user(*, actor: Any, user_id: object) -> Any:
    """The account an officer may name as an agent's staff: active, a desk clerk's (not a citizen's, an employer's,
    an officer's, a manager's, an administrator's, a superuser's or a national account), and covering only communes the officer
    covers (or none: an account made for the agent). Every other id, existing or not, gets the same refusal (no account-existence oracle)."""
    from ansinh.accounts.models import Role, User
    from ansinh.accounts.scope import visible_commune_ids

    refusal = InvalidInput("user_not_assignable", f"user_id: {_NOT_ASSIGNABLE}", field="user_id")
    try:
        user = User.objects.filter(pk=int(user_id), is_active=True).first()  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        raise refusal from None
    if user is None or user.is_superuser or user.whole_country or user.role not in (Role.DESK_CLERK,
                                                                                   Role.COLLECTION_AGENT):
        raise refusal
    theirs = visible_commune_ids(user)
    mine = visible_commune_ids(actor)
    if theirs is None or (mine is not None and not theirs <= mine):
        raise refusal
    return user


def assignable_person(*, actor: Any, person_id: object) -> Person:
    """A person the officer can see; any other id gets the same refusal."""
    from ansinh.accounts.scope import persons_visible

    try:
        person = persons_visible(actor).filter(pk=int(person_id)).first()  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        person = None
    if person is None:
        raise InvalidInput("unknown_person", "person_id: no person with this id in your scope", field="person_id")
    return person


def agent_staff_add(*, actor: Any, agent: CollectionAgent, full_name: str, valid_from: dt.date,
                    user: Any = None, person: Person | None = None, source: str = "web") -> AgentStaff:
    require_officer(actor)
    if user is not None:
        user = assignable_user(actor=actor, user_id=user.pk)
    if person is not None:
        person = assignable_person(actor=actor, person_id=person.pk)
    name = (full_name or "").strip()
    if not name:
        raise InvalidInput("required", "full_name is required", field="full_name")
    with transaction.atomic():
        staff = AgentStaff.objects.create(agent=agent, full_name=name, valid_from=valid_from, user=user, person=person)
        audit.record(actor=actor, action="create", obj=staff, after=audit.snapshot(staff), source=source)
    return staff


def _can_take_receipts(actor: Any, agent: CollectionAgent) -> None:
    """Agent staff of this agent, or a collection officer covering the agent's commune (entering the agent's
    paper receipts). Anyone else: the agent is 'not found'."""
    if actor is None:
        return
    if agent.pk in staff_agent_ids(actor):
        return
    if is_collection_officer(actor) and agents_visible(actor).filter(pk=agent.pk).exists():
        return
    raise NotFound("agent", agent.pk)


# --- receipts ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReceiptInput:
    number: str
    scheme: str  # Receipt.Scheme: vsi | hi_household
    from_month: Month
    taken_on: dt.date
    person_id: int | None = None  # voluntary SI
    household_id: int | None = None  # household HI
    member_ids: tuple[int, ...] = ()  # household HI: the members paid for, in rank order (1st, 2nd, …)
    income: int | None = None  # voluntary SI: chosen monthly income
    mode: str = "monthly"  # voluntary SI: monthly | 3_months | 6_months | 12_months | advance
    months: int | None = None  # voluntary SI advance: months paid; household HI: 3, 6 or 12
    support_group: str = "other"  # voluntary SI State-support group
    staff_id: int | None = None


@dataclass(frozen=True)
class _Computed:
    months: int
    gross: int
    support: int
    payable: int
    detail: dict[str, Any]


def _household_local(household: Household | None, persons: list[Person], day: dt.date
                     ) -> tuple[str | None, tuple[dict[str, Any], ...]]:
    """The household's province and, per member in rank order, what the provincial support scheme looks at: the lists
    the member is on (commune lists kept by the compliance area), the age on the first day paid for, holding no other
    card (a member paid for by the household has none)."""
    if household is None or not persons:
        return None, ()
    province = (AdminUnit.objects.filter(pk=household.commune_id).values_list("province__code", flat=True).first()
                if household.commune_id else None)
    if not province:
        return None, ()
    from django.apps import apps

    lists: dict[int, set[str]] = {}
    if apps.is_installed("ansinh.compliance"):
        from ansinh.compliance.selectors import lists_by_person

        lists = lists_by_person([p.pk for p in persons])
    local = []
    for p in persons:
        born = p.birth_date
        age = None if born is None else day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        local.append({"lists": sorted(lists.get(p.pk, ())), "age": age, "has_card": False})
    return province, tuple(local)


def _compute(inp: ReceiptInput, members: int, province: str | None = None,
             local: tuple[dict[str, Any], ...] = ()) -> _Computed:
    try:
        if inp.scheme == Receipt.Scheme.VSI:
            if inp.mode not in VSI_MODES:
                raise InvalidInput("bad_mode", f"mode must be one of {', '.join(VSI_MODES)} (missing years are paid at "
                                               "the agency's desk)", field="mode")
            if inp.income is None:
                raise InvalidInput("required", "income is required for voluntary SI", field="income")
            n = voluntary.PERIODIC.get(inp.mode) or inp.months
            if not n or n < 1 or (inp.mode == "advance" and n > voluntary.MAX_ADVANCE_MONTHS):
                raise InvalidInput("bad_months", f"months in advance must be 1..{voluntary.MAX_ADVANCE_MONTHS}",
                                   field="months")
            if inp.support_group not in voluntary.VOLUNTARY_GROUPS:
                raise InvalidInput("bad_choice", f"support_group must be one of {', '.join(voluntary.VOLUNTARY_GROUPS)}",
                                   field="support_group")
            vr = voluntary.calculate(voluntary.VoluntaryInput(
                income=inp.income, month=inp.from_month, mode=inp.mode, months=n, group=inp.support_group))
            return _Computed(vr.months, vr.state_support + vr.payable, vr.state_support, vr.payable, to_jsonable(vr))
        months = inp.months or 12
        if months not in household_hi.PERIODS:
            raise InvalidInput("bad_months", f"months must be one of {household_hi.PERIODS}", field="months")
        hr = household_hi.calculate(household_hi.HouseholdInput(members=members, month=inp.from_month, months=months,
                                                                province=province, local=local))
        # the province's top-up (its People's Council scheme) is paid from the provincial budget, like the State's
        support = hr.state_support + hr.province_support
        return _Computed(hr.months, hr.total, support, hr.total - support, to_jsonable(hr))
    except RuleError as exc:
        raise InvalidInput(exc.code, exc.message, field=exc.field) from None


def receipt_quote(inp: ReceiptInput, members: int) -> _Computed:
    """What a receipt would come to (the calculators, nothing written): the agent screen shows it before taking."""
    return _compute(inp, members)


def commission_amount(base_by_scheme: dict[str, int], rate: Decimal) -> tuple[int, dict[str, int]]:
    """The commission rule (module docstring): Σ payable × rate rounded half up once, split hi / rs."""
    base = sum(base_by_scheme.values())
    total = vnd(base * rate)
    hi = min(vnd(base_by_scheme.get(Receipt.Scheme.HI_HOUSEHOLD, 0) * rate), total)
    return total, {Fund.HI: hi, Fund.RS: total - hi}


def _payers(inp: ReceiptInput) -> tuple[Person | None, Household | None, list[Person]]:
    if inp.scheme == Receipt.Scheme.VSI:
        person = Person.objects.filter(pk=inp.person_id).first() if inp.person_id else None
        if person is None:
            raise InvalidInput("required", "person_id: the participant is required for voluntary SI", field="person_id")
        return person, None, [person]
    if inp.scheme != Receipt.Scheme.HI_HOUSEHOLD:
        raise InvalidInput("bad_choice", f"scheme must be one of {', '.join(Receipt.Scheme.values)}", field="scheme")
    household = Household.objects.filter(pk=inp.household_id).first() if inp.household_id else None
    if household is None:
        raise InvalidInput("required", "household_id: the household is required for household HI", field="household_id")
    ids = list(dict.fromkeys(inp.member_ids))
    if not ids or len(ids) != len(inp.member_ids):
        raise InvalidInput("bad_members", "member_ids: list each member paid for once, at least one", field="member_ids")
    day = inp.from_month.first_day
    current = set(HouseholdMember.objects.filter(household=household, person_id__in=ids, valid_from__lte=day)
                  .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).values_list("person_id", flat=True))
    missing = [i for i in ids if i not in current]
    if missing:
        raise InvalidInput("not_members", f"member_ids: persons {missing} are not members of household "
                                          f"{household.code} in {inp.from_month}", field="member_ids")
    persons = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    return None, household, [persons[i] for i in ids]


def _same_receipt(existing: Receipt, agent: CollectionAgent, inp: ReceiptInput) -> bool:
    return (existing.agent_id == agent.pk and existing.scheme == inp.scheme
            and existing.from_month == inp.from_month.first_day
            and existing.person_id == (inp.person_id if inp.scheme == Receipt.Scheme.VSI else None)
            and existing.household_id == (inp.household_id if inp.scheme == Receipt.Scheme.HI_HOUSEHOLD else None))


def receipt_create(*, actor: Any, agent: CollectionAgent, data: ReceiptInput,
                   source: str = "web") -> tuple[Receipt, bool]:
    """Take a payment at an agent: compute it with the rules, store the receipt with the calculator's explanation,
    post it, and open the participation of every person paid for over the months paid (closed at the last month).
    Returns (receipt, created); the same receipt entered again returns the first and writes nothing."""
    _can_take_receipts(actor, agent)
    number = (data.number or "").strip().upper()
    if not number:
        raise InvalidInput("required", "number: the receipt number is required", field="number")
    existing = Receipt.objects.filter(number=number).first()
    if existing is not None:
        if _same_receipt(existing, agent, data):
            return existing, False
        raise Conflict("duplicate_number", f"receipt number {number} is already used for another payment",
                       field="number")
    if agent.valid_from > data.taken_on or (agent.valid_to is not None and agent.valid_to < data.taken_on):
        raise InvalidInput("agent_not_in_force", f"agent {agent.code} does not collect on {data.taken_on}",
                           field="taken_on")
    staff = None
    if data.staff_id is not None:
        staff = AgentStaff.objects.filter(pk=data.staff_id, agent=agent).first()
        if staff is None:
            raise InvalidInput("unknown_staff", f"staff_id {data.staff_id} is not staff of {agent.code}", field="staff_id")
    person, household, persons = _payers(data)
    province, local = _household_local(household, persons, data.from_month.first_day)
    computed = _compute(data, len(persons), province, local)
    first, last = data.from_month, data.from_month + (computed.months - 1)
    schemes = (Scheme.SI, Scheme.VSI) if data.scheme == Receipt.Scheme.VSI else (Scheme.HI,)
    clash = (Participation.objects.filter(person__in=persons, scheme__in=schemes, valid_from__lte=last.last_day)
             .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first.first_day))
             .select_related("person").first())
    if clash is not None:
        raise Conflict("already_covered", f"{clash.person} already participates in {clash.scheme} from "
                                          f"{clash.valid_from} to {clash.valid_to or 'now'}, overlapping {first}..{last}",
                       field="from_month")
    fund = Fund.RS if data.scheme == Receipt.Scheme.VSI else Fund.HI
    holder = (HolderType.PERSON, person.pk) if person is not None else (HolderType.HOUSEHOLD, household.pk)  # type: ignore[union-attr]
    fp = first.first_day
    with transaction.atomic():
        receipt = Receipt.objects.create(
            number=number, agent=agent, staff=staff, scheme=data.scheme, person=person, household=household,
            from_month=first.first_day, to_month=last.first_day,
            income=data.income if data.scheme == Receipt.Scheme.VSI else None,
            support_group=data.support_group if data.scheme == Receipt.Scheme.VSI else "",
            gross=computed.gross, state_support=computed.support, payable=computed.payable, taken_on=data.taken_on,
            detail={**computed.detail, "members": [p.pk for p in persons]},
        )
        audit.record(actor=actor, action="create", obj=receipt, after=audit.snapshot(receipt), source=source)
        post(kind=LedgerTxn.Kind.RECEIPT, reference=number, period=Month.of(data.taken_on),
             effective_date=data.taken_on, actor=actor, source=source,
             memo=f"{data.scheme} {first}..{last} at {agent.code}",
             postings=[
                 Posting(Account.AGENT_CASH, fund, HolderType.AGENT, agent.pk, fp, computed.payable),
                 Posting(Account.STATE_SUPPORT, fund, HolderType.STATE, STATE_HOLDER, fp, computed.support),
                 Posting(Account.REVENUE, fund, holder[0], holder[1], fp, -computed.gross),
             ])
        for p in persons:
            row = participation_open(
                actor=actor, person=p, scheme=Scheme.VSI if data.scheme == Receipt.Scheme.VSI else Scheme.HI,
                payer=Payer.SELF if data.scheme == Receipt.Scheme.VSI else Payer.HOUSEHOLD,
                hi_group="" if data.scheme == Receipt.Scheme.VSI else HOUSEHOLD_HI_GROUP,
                household=household, from_month=first, source=Participation.Source.RECEIPT, source_ref=number,
                audit_source=source,
            )
            participation_close(actor=actor, participation=row, last_month=last, reason=f"paid through {last} "
                                f"(receipt {number})", audit_source=source)
    return receipt, True


# --- remittances ---------------------------------------------------------------------------------------------

def remittance_create(*, actor: Any, agent: CollectionAgent, reference: str, remitted_on: dt.date,
                      receipt_numbers: list[str] | None = None, amount: int | None = None,
                      source: str = "web") -> tuple[Remittance, bool]:
    """The agent hands the money of its receipts to the agency: Dr cash / Cr agent_cash, receipts marked remitted.
    Without receipt numbers, every receipt not yet remitted and taken on or before the day. A declared amount
    must equal the receipts' payable total. The same reference again returns the first remittance."""
    _can_take_receipts(actor, agent)
    reference = (reference or "").strip()
    if not reference:
        raise InvalidInput("required", "reference is required", field="reference")
    existing = Remittance.objects.filter(reference=reference).first()
    if existing is not None:
        if existing.agent_id != agent.pk:
            raise Conflict("duplicate_reference", f"remittance {reference} belongs to another agent", field="reference")
        return existing, False
    with transaction.atomic():
        qs = Receipt.objects.select_for_update().filter(agent=agent, remittance__isnull=True)
        if receipt_numbers:
            numbers = {n.strip().upper() for n in receipt_numbers}
            receipts = list(qs.filter(number__in=numbers))
            missing = sorted(numbers - {r.number for r in receipts})
            if missing:
                raise InvalidInput("unknown_receipts", f"receipts {', '.join(missing)} are not receipts of {agent.code} "
                                                       "waiting to be remitted", field="receipt_numbers")
        else:
            receipts = list(qs.filter(taken_on__lte=remitted_on))
        if not receipts:
            raise InvalidInput("nothing_to_remit", f"{agent.code} has no receipt waiting to be remitted",
                               field="receipt_numbers")
        total = sum(r.payable for r in receipts)
        if amount is not None and amount != total:
            raise InvalidInput("amount_mismatch", f"amount {amount:,} differs from the receipts' total {total:,}",
                               field="amount")
        remittance = Remittance.objects.create(agent=agent, reference=reference, remitted_on=remitted_on, amount=total)
        Receipt.objects.filter(pk__in=[r.pk for r in receipts]).update(remittance=remittance)
        cells: dict[tuple[str, dt.date], int] = {}
        for r in receipts:
            key = (Fund.RS if r.scheme == Receipt.Scheme.VSI else Fund.HI, r.from_month)
            cells[key] = cells.get(key, 0) + r.payable
        postings = []
        for (fund, fp), value in sorted(cells.items()):
            postings += [Posting(Account.CASH, fund, HolderType.AGENCY, _agency_holder(agent), fp, value),
                         Posting(Account.AGENT_CASH, fund, HolderType.AGENT, agent.pk, fp, -value)]
        post(kind=LedgerTxn.Kind.REMITTANCE, reference=reference, period=Month.of(remitted_on),
             effective_date=remitted_on, postings=postings, actor=actor, source=source,
             memo=f"{len(receipts)} receipts of {agent.code}")
        audit.record(actor=actor, action="create", obj=remittance, source=source,
                     after={**audit.snapshot(remittance), "receipts": sorted(r.number for r in receipts)})
    return remittance, True


# --- commission ----------------------------------------------------------------------------------------------

@dataclass
class CommissionReport:
    period: str
    agents: int = 0
    posted: int = 0
    already_posted: int = 0
    total: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)  # per agent: code, base, rate, commission, posted
    late: list[str] = field(default_factory=list)  # agents whose receipts changed after the month was posted


def commission_reference(agent_code: str, period: Month) -> str:
    return f"commission:{agent_code}:{period}"


def commission_post(*, actor: Any, period: Month, source: str = "cli") -> CommissionReport:
    """Post the month's commission of every agent with receipts taken in the month (one grouped query for the
    bases), one txn per agent; posting the month again posts nothing."""
    require_officer(actor)
    report = CommissionReport(period=str(period))
    agents = agents_visible(actor) if actor is not None else CollectionAgent.objects.all()
    rows = (Receipt.objects.filter(taken_on__gte=period.first_day, taken_on__lte=period.last_day,
                                   agent__in=agents.values("pk"))
            .values("agent_id", "scheme").annotate(base=Sum("payable")))
    bases: dict[int, dict[str, int]] = {}
    for r in rows:
        bases.setdefault(r["agent_id"], {})[r["scheme"]] = int(r["base"] or 0)
    info = {a["id"]: a for a in CollectionAgent.objects.filter(pk__in=bases).values("id", "code", "commission_rate")}
    refs = {commission_reference(info[i]["code"], period): i for i in bases}
    posted_totals = dict(
        LedgerEntry.objects.filter(txn__kind=LedgerTxn.Kind.COMMISSION, txn__reference__in=list(refs),
                                   account=Account.COMMISSION_EXPENSE)
        .values("txn__reference").annotate(s=Sum("amount")).values_list("txn__reference", "s"))
    for ref, agent_id in sorted(refs.items()):
        a = info[agent_id]
        rate = Decimal(a["commission_rate"])
        base = sum(bases[agent_id].values())
        total, parts = commission_amount(bases[agent_id], rate)
        report.agents += 1
        row = {"agent": a["code"], "base": base, "rate": str(rate), "commission": total, "posted": False}
        if ref in posted_totals:
            report.already_posted += 1
            if int(posted_totals[ref] or 0) != total:
                report.late.append(a["code"])
        elif total:
            postings = []
            for fund, value in parts.items():
                postings += [Posting(Account.COMMISSION_EXPENSE, fund, HolderType.AGENT, agent_id, period.first_day, value),
                             Posting(Account.COMMISSION_PAYABLE, fund, HolderType.AGENT, agent_id, period.first_day,
                                     -value)]
            _, created = post(kind=LedgerTxn.Kind.COMMISSION, reference=ref, period=period,
                              effective_date=period.last_day, postings=postings, actor=actor, source=source,
                              memo=f"{base:,} × {rate} for {period}")
            row["posted"] = created
            report.posted += int(created)
            report.total += total if created else 0
        report.rows.append(row)
    return report
