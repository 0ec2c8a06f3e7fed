"""Reads of coverage: who is in which scheme in a month and whether the month is paid ("confirmed"), the
contribution history ("quá trình đóng"), counts for reports, the employees an employer's debt leaves unconfirmed,
and HI cards. Set-based: a fixed number of queries whatever the number of months, persons or employers.

Confirmation of a month M (docs/coverage.md):
- employer-paid participations (payer employer_employee / employer): the employer's receivable for M (ledger
  account `receivable`, holder the employer, `for_period` = M, all funds) was assessed (a debit exists) and
  Σ amount ≤ 0 — it is fully paid;
- voluntary SI, household HI and State-supported / self-paid HI (payer household / self / state_supported /
  student): a Receipt of the matching scheme for the person (or the household of the participation) covers M,
  or the participation was opened by a payment code paid through the bank (its months are exactly the months paid:
  `source_ref` is the code of a paid contributions.PaymentReference);
- State-budget and SI-fund groups (payer state / si_fund): confirmed by the list they come from — the budget's
  transfers are not in the ledger (yet).
Callers pass a person already read through `registry.selectors.person_get` (scope); the set-based functions take
the acting user and apply their scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from ansinh.accounts.scope import employers_visible, person_related, persons_visible
from ansinh.contributions.models import Account, AssessmentLine, HolderType, LedgerEntry, LedgerTxn, Receipt
from ansinh.core.errors import NotFound
from ansinh.coverage.models import HICard, Participation, Payer, Scheme
from ansinh.registry.models import Employer
from ansinh.rules.periods import Month

EMPLOYER_PAYERS = (Payer.EMPLOYER_EMPLOYEE, Payer.EMPLOYER)
RECEIPT_PAYERS = (Payer.HOUSEHOLD, Payer.SELF, Payer.STATE_SUPPORTED, Payer.STUDENT)
LIST_PAYERS = (Payer.STATE, Payer.SI_FUND)
PAYMENT_KINDS = (LedgerTxn.Kind.PAYMENT, LedgerTxn.Kind.MATCH)
RECEIPT_SCHEME = {Scheme.VSI: Receipt.Scheme.VSI, Scheme.HI: Receipt.Scheme.HI_HOUSEHOLD}


class Basis:
    EMPLOYER_LEDGER = "employer_ledger"
    RECEIPT = "receipt"
    STATE_LIST = "state_list"
    SCHOOL = "school"
    NO_PAYER = "no_payer"


def overlapping(qs: QuerySet[Participation], month: Month) -> QuerySet[Participation]:
    return qs.filter(valid_from__lte=month.last_day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month.first_day))


# --- the employer's month in the ledger ------------------------------------------------------------------------

@dataclass(frozen=True)
class EmployerMonth:
    employer_id: int
    for_period: dt.date
    assessed: bool  # some amount was assessed (a debit exists)
    balance: int  # Σ receivable: > 0 still owed
    paid_on: dt.date | None  # value date of the latest payment allocated to the month

    @property
    def cleared(self) -> bool:
        return self.assessed and self.balance <= 0


def _receivable(month_from: dt.date, month_to: dt.date | None = None) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.filter(account=Account.RECEIVABLE, holder_type=HolderType.EMPLOYER)
    if month_to is None:
        return qs.filter(for_period=month_from)
    return qs.filter(for_period__gte=month_from, for_period__lte=month_to)


def employer_months(employer_ids: Iterable[int] | QuerySet[Any] | None, first: Month,
                    last: Month | None = None) -> dict[tuple[int, dt.date], EmployerMonth]:
    """Ledger state of each (employer, month owed) in [first, last], in one query."""
    qs = _receivable(first.first_day, (last or first).first_day)
    if employer_ids is not None:
        qs = qs.filter(holder_id__in=employer_ids if isinstance(employer_ids, QuerySet) else list(employer_ids))
    rows = qs.values("holder_id", "for_period").annotate(
        balance=Sum("amount"),
        debit=Max(Case(When(amount__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField())),
        paid_on=Max(Case(When(amount__lt=0, txn__kind__in=PAYMENT_KINDS, then=F("effective_date")))),
    )
    return {
        (int(r["holder_id"]), r["for_period"]): EmployerMonth(int(r["holder_id"]), r["for_period"], bool(r["debit"]),
                                                              int(r["balance"] or 0), r["paid_on"])
        for r in rows
    }


def cleared_employers(month: Month) -> QuerySet[Any]:
    """Ids of the employers whose receivable for the month was assessed and is fully paid (a subquery)."""
    return (_receivable(month.first_day).values("holder_id")
            .annotate(balance=Sum("amount"), debit=Max("amount"))
            .filter(balance__lte=0, debit__gt=0).values("holder_id"))


def indebted_employers(month: Month) -> QuerySet[Any]:
    """Ids of the employers who still owe part of the month (a subquery)."""
    return _receivable(month.first_day).values("holder_id").annotate(balance=Sum("amount")).filter(
        balance__gt=0).values("holder_id")


def receipts_covering(month: Month) -> QuerySet[Receipt]:
    return Receipt.objects.filter(from_month__lte=month.first_day, to_month__gte=month.first_day)


def confirmed_q(month: Month) -> Q:
    """A condition on Participation rows: the month is confirmed (see the module docstring)."""
    covering = receipts_covering(month)
    by_person = {s: Exists(covering.filter(scheme=r, person_id=OuterRef("person_id"))) for s, r in RECEIPT_SCHEME.items()}
    by_household = {s: Exists(covering.filter(scheme=r, household_id=OuterRef("household_id")))
                    for s, r in RECEIPT_SCHEME.items()}
    receipt = Q()
    for scheme in RECEIPT_SCHEME:
        receipt |= Q(by_person[scheme], scheme=scheme) | Q(by_household[scheme], scheme=scheme)
    from ansinh.contributions.models import PaymentReference

    paid_codes = PaymentReference.objects.filter(status=PaymentReference.Status.PAID).values("code")
    return (Q(payer__in=EMPLOYER_PAYERS, employer_id__in=cleared_employers(month))
            | (Q(payer__in=RECEIPT_PAYERS) & receipt)
            | Q(payer__in=RECEIPT_PAYERS, source="receipt", source_ref__in=paid_codes)
            | Q(payer=Payer.STUDENT, paid_on__isnull=False)  # collected through the school for the card period
            | Q(payer__in=LIST_PAYERS))


# --- one person's month --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SchemeMonth:
    participation_id: int
    scheme: str
    hi_group: str
    payer: str
    employer_id: int | None
    employer_code: str
    employer_name: str
    household_id: int | None
    household_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    confirmed: bool
    basis: str
    paid_on: dt.date | None = None
    owed: int = 0  # what the employer still owes for the month (all its employees, all funds)
    receipt_number: str = ""


@dataclass(frozen=True)
class MonthlyCoverage:
    person_id: int
    month: Month
    schemes: list[SchemeMonth]

    @property
    def confirmed(self) -> bool:
        return bool(self.schemes) and all(s.confirmed for s in self.schemes)


@dataclass(frozen=True)
class _ReceiptCover:
    number: str
    taken_on: dt.date
    to_month: dt.date
    members: tuple[int, ...] = ()  # household receipts: the members paid for, in rank order


def receipt_index(receipts: Iterable[Receipt]) -> dict[tuple[str, str, int], _ReceiptCover]:
    """(scheme, 'person'|'household', id) → the receipt covering the month (the latest taken)."""
    out: dict[tuple[str, str, int], _ReceiptCover] = {}
    for r in sorted(receipts, key=lambda r: (r.taken_on, r.pk)):
        members = (r.detail or {}).get("members") or ()
        cover = _ReceiptCover(r.number, r.taken_on, r.to_month, tuple(int(m) for m in members))
        if r.person_id:
            out[(r.scheme, "person", r.person_id)] = cover
        if r.household_id:
            out[(r.scheme, "household", r.household_id)] = cover
    return out


def reference_covers(month: Month, *, persons: Any, households: Any) -> dict[tuple[str, str, int], _ReceiptCover]:
    """Payment codes paid through the bank (contributions.PaymentReference) covering the month, indexed like
    receipts: a code paid by bank stands for the agent's receipt (the participations it opened are its months)."""
    from ansinh.contributions.models import PaymentReference

    scheme = {PaymentReference.Purpose.VSI: Receipt.Scheme.VSI,
              PaymentReference.Purpose.HI_HOUSEHOLD: Receipt.Scheme.HI_HOUSEHOLD}
    rows = (PaymentReference.objects.filter(status=PaymentReference.Status.PAID, paid_channel="bank",
                                            from_month__lte=month.first_day)
            .filter(Q(person_id__in=persons) | Q(household_id__in=households))
            .values_list("code", "purpose", "person_id", "household_id", "from_month", "months", "paid_on", "pk"))
    out: dict[tuple[str, str, int], _ReceiptCover] = {}
    for code, purpose, person_id, household_id, first, months, paid_on, _pk in sorted(rows, key=lambda r: (r[6], r[7])):
        last = (Month.of(first) + (months - 1)).first_day
        if last < month.first_day:
            continue
        cover = _ReceiptCover(code, paid_on, last)
        if purpose == PaymentReference.Purpose.HI_HOUSEHOLD and household_id:
            out[(scheme[purpose], "household", household_id)] = cover
        else:
            out[(scheme[purpose], "person", person_id)] = cover
    return out


def receipt_for(p: Participation | dict[str, Any], index: dict[tuple[str, str, int], _ReceiptCover]) -> _ReceiptCover | None:
    get = p.get if isinstance(p, dict) else lambda k: getattr(p, k)
    scheme = RECEIPT_SCHEME.get(get("scheme"))
    if scheme is None:
        return None
    return index.get((scheme, "person", get("person_id"))) or (
        index.get((scheme, "household", get("household_id"))) if get("household_id") else None)


def monthly_coverage(person: Any, month: Month) -> MonthlyCoverage:
    """The schemes the person is in during the month and whether each is confirmed (three queries)."""
    rows = list(overlapping(Participation.objects.filter(person=person), month)
                .select_related("employer", "household").order_by("scheme", "valid_from", "id"))
    employer_ids = {p.employer_id for p in rows if p.payer in EMPLOYER_PAYERS and p.employer_id}
    ledger = employer_months(employer_ids, month) if employer_ids else {}
    households = {p.household_id for p in rows if p.household_id}
    receipts: dict[tuple[str, str, int], _ReceiptCover] = {}
    if any(p.payer in RECEIPT_PAYERS for p in rows):
        receipts = receipt_index(receipts_covering(month).filter(Q(person=person) | Q(household_id__in=households)))
        receipts = reference_covers(month, persons=[person.pk], households=list(households)) | receipts
    out = []
    for p in rows:
        extra: dict[str, Any] = {}
        if p.payer in EMPLOYER_PAYERS:
            state = ledger.get((p.employer_id, month.first_day)) if p.employer_id else None
            basis = Basis.EMPLOYER_LEDGER if p.employer_id else Basis.NO_PAYER
            confirmed = bool(state and state.cleared)
            if state is not None:
                extra = {"paid_on": state.paid_on if confirmed else None, "owed": max(state.balance, 0)}
        elif p.payer == Payer.STUDENT and p.paid_on is not None:
            basis, confirmed = Basis.SCHOOL, True
            extra = {"paid_on": p.paid_on}
        elif p.payer in RECEIPT_PAYERS:
            cover = receipt_for(p, receipts)
            basis, confirmed = Basis.RECEIPT, cover is not None
            if cover is not None:
                extra = {"paid_on": cover.taken_on, "receipt_number": cover.number}
        else:
            basis, confirmed = Basis.STATE_LIST, True
        out.append(SchemeMonth(
            participation_id=p.pk, scheme=p.scheme, hi_group=p.hi_group, payer=p.payer, employer_id=p.employer_id,
            employer_code=p.employer.unit_code if p.employer else "", employer_name=p.employer.name if p.employer else "",
            household_id=p.household_id, household_code=p.household.code if p.household else "",
            valid_from=p.valid_from, valid_to=p.valid_to, confirmed=confirmed, basis=basis, **extra,
        ))
    return MonthlyCoverage(person.pk, month, out)


# --- contribution history ------------------------------------------------------------------------------------

FUNDS = ("sm", "oaod", "rs", "hi", "ui")
_FUND_COLUMNS = {"sm": ("sm_er",), "oaod": ("oaod_er",), "rs": ("rs_er", "rs_ee"), "hi": ("hi_er", "hi_ee"),
                 "ui": ("ui_er", "ui_ee")}
_ER = ("sm_er", "oaod_er", "rs_er", "hi_er", "ui_er")
_EE = ("rs_ee", "hi_ee", "ui_ee")


@dataclass
class HistoryPeriod:
    """Consecutive months with the same employer, salary and bases (one line of the VSS printout)."""

    from_month: Month
    to_month: Month
    months: int
    employer_id: int
    employer_code: str
    employer_name: str
    salary: int
    si_base: int
    ui_base: int
    funds: dict[str, int]
    employer_share: int
    employee_share: int
    unconfirmed_months: int = 0

    @property
    def total(self) -> int:
        return self.employer_share + self.employee_share


@dataclass
class VoluntaryPeriod:
    from_month: Month
    to_month: Month
    months: int
    scheme: str  # vsi | hi_household
    income: int | None
    gross: int
    state_support: int
    payable: int
    receipts: list[str] = field(default_factory=list)


@dataclass
class ContributionHistory:
    person_id: int
    periods: list[HistoryPeriod]
    voluntary: list[VoluntaryPeriod]
    totals: dict[str, int]  # per fund (compulsory, both shares) and "vsi", "hi_household" (receipts, gross)
    months: dict[str, int]  # months counted per scheme: si, hi, ui, vsi, si_total (compulsory ∪ voluntary)
    months_confirmed: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def contribution_history(person: Any, user: Any = None) -> ContributionHistory:
    """The person's contributions month by month, compressed into periods (four queries). For an employer
    representative (`user`), only the months contributed through the unit and no voluntary payments."""
    from ansinh.accounts.scope import is_unit_user, unit_filter

    cols = ("for_period", "employer_id", "employer__unit_code", "employer__name", "salary", "si_base", "ui_base",
            *AssessmentLine.AMOUNT_COLUMNS)
    own = AssessmentLine.objects.filter(person=person)
    if user is not None:
        own = unit_filter(own, user)
    lines = list(own.order_by("employer_id", "for_period", "id").values(*cols))
    ledger: dict[tuple[int, dt.date], EmployerMonth] = {}
    if lines:
        months_seen = [ln["for_period"] for ln in lines]
        ledger = employer_months({ln["employer_id"] for ln in lines}, Month.of(min(months_seen)), Month.of(max(months_seen)))

    def confirmed(line: dict[str, Any]) -> bool:
        state = ledger.get((line["employer_id"], line["for_period"]))
        return bool(state and state.cleared)

    periods: list[HistoryPeriod] = []
    totals = dict.fromkeys(FUNDS, 0)
    si_months: dict[Month, bool] = {}
    hi_months: dict[Month, bool] = {}
    ui_months: dict[Month, bool] = {}
    current: HistoryPeriod | None = None
    for ln in lines:
        month = Month.of(ln["for_period"])
        ok = confirmed(ln)
        funds = {f: sum(int(ln[c]) for c in _FUND_COLUMNS[f]) for f in FUNDS}
        for f in FUNDS:
            totals[f] += funds[f]
        for months, amount in ((si_months, funds["sm"] + funds["oaod"] + funds["rs"]), (hi_months, funds["hi"]),
                               (ui_months, funds["ui"])):
            if amount:
                months[month] = months.get(month, False) or ok
        key = (ln["employer_id"], ln["salary"], ln["si_base"], ln["ui_base"])
        if current is not None and key == (current.employer_id, current.salary, current.si_base, current.ui_base) \
                and month.index == current.to_month.index + 1:
            current.to_month = month
            current.months += 1
            for f in FUNDS:
                current.funds[f] += funds[f]
        else:
            current = HistoryPeriod(
                from_month=month, to_month=month, months=1, employer_id=ln["employer_id"],
                employer_code=ln["employer__unit_code"], employer_name=ln["employer__name"], salary=ln["salary"],
                si_base=ln["si_base"], ui_base=ln["ui_base"], funds=funds, employer_share=0, employee_share=0,
            )
            periods.append(current)
        current.employer_share += sum(int(ln[c]) for c in _ER)
        current.employee_share += sum(int(ln[c]) for c in _EE)
        current.unconfirmed_months += 0 if ok else 1
    periods.sort(key=lambda p: (p.from_month, p.employer_name, p.employer_id))

    households = Participation.objects.filter(person=person, household__isnull=False).values("household_id")
    receipts = list(Receipt.objects.filter(Q(person=person) | Q(household_id__in=households, person__isnull=True))
                    .order_by("scheme", "from_month", "taken_on", "id"))
    if user is not None and is_unit_user(user):
        receipts = []
    voluntary: list[VoluntaryPeriod] = []
    vsi_months: set[Month] = set()
    household_months: set[Month] = set()
    totals["vsi"] = totals["hi_household"] = 0
    for r in receipts:
        first, last = Month.of(r.from_month), Month.of(r.to_month)
        n = first.months_until(last) + 1
        (vsi_months if r.scheme == Receipt.Scheme.VSI else household_months).update(first + i for i in range(n))
        totals[r.scheme] += r.gross
        prev = voluntary[-1] if voluntary else None
        if prev is not None and prev.scheme == r.scheme and prev.income == r.income \
                and first.index == prev.to_month.index + 1:
            prev.to_month, prev.months = last, prev.months + n
            prev.gross += r.gross
            prev.state_support += r.state_support
            prev.payable += r.payable
            prev.receipts.append(r.number)
        else:
            voluntary.append(VoluntaryPeriod(first, last, n, r.scheme, r.income, r.gross, r.state_support, r.payable,
                                             [r.number]))
    all_hi = set(hi_months) | household_months
    months = {"si": len(si_months), "hi": len(all_hi), "ui": len(ui_months), "vsi": len(vsi_months),
              "si_total": len(set(si_months) | vsi_months)}
    si_ok = {m for m, ok in si_months.items() if ok}
    months_confirmed = {
        "si": len(si_ok), "hi": len({m for m, ok in hi_months.items() if ok} | household_months),
        "ui": sum(1 for ok in ui_months.values() if ok), "vsi": len(vsi_months), "si_total": len(si_ok | vsi_months),
    }
    return ContributionHistory(person.pk, periods, voluntary, totals, months, months_confirmed)


# --- counts for reports --------------------------------------------------------------------------------------

def coverage_counts(month: Month, commune_ids: Iterable[int] | None = None, *, user: Any = None) -> list[dict[str, Any]]:
    """Persons per scheme and HI group in the month, and how many of them are confirmed (one query).
    commune_ids: the persons' address communes; user: apply the user's scope as well."""
    qs = overlapping(Participation.objects.all(), month)
    if commune_ids is not None:
        qs = qs.filter(person__address_commune_id__in=list(commune_ids))
    if user is not None:
        qs = person_related(qs, user)
    rows = (qs.values("scheme", "hi_group")
            .annotate(persons=Count("person_id", distinct=True),
                      confirmed=Count("person_id", distinct=True, filter=confirmed_q(month)))
            .order_by("scheme", "hi_group"))
    return [{"scheme": r["scheme"], "hi_group": r["hi_group"], "persons": r["persons"], "confirmed": r["confirmed"],
             "unconfirmed": r["persons"] - r["confirmed"]} for r in rows]


# --- employees left unconfirmed by their employer's debt -----------------------------------------------------

@dataclass(frozen=True)
class UnconfirmedEmployee:
    person_id: int
    full_name: str
    si_code: str
    citizen_id: str
    schemes: tuple[str, ...]


@dataclass(frozen=True)
class EmployerDebtMonth:
    employer_id: int
    month: Month
    assessed: bool
    owed: int
    employees: list[UnconfirmedEmployee]

    @property
    def status(self) -> str:
        if not self.assessed:
            return "not_assessed"
        return "debt" if self.owed > 0 else "paid"


def unconfirmed_by_debt(employer: Any, month: Month) -> EmployerDebtMonth:
    """The employer's employees whose month is unconfirmed because the employer still owes part of it (2 queries).
    Nothing owed, or nothing assessed yet: no employee is listed (the status says which)."""
    state = employer_months([employer.pk], month).get((employer.pk, month.first_day))
    assessed, owed = (state.assessed, state.balance) if state else (False, 0)
    employees: list[UnconfirmedEmployee] = []
    if assessed and owed > 0:
        rows = (overlapping(Participation.objects.filter(employer=employer, payer__in=EMPLOYER_PAYERS), month)
                .values("person_id", "person__full_name", "person__si_code", "person__citizen_id", "scheme")
                .order_by("person__name_search", "person_id", "scheme"))
        by_person: dict[int, dict[str, Any]] = {}
        for r in rows:
            entry = by_person.setdefault(r["person_id"], {**r, "schemes": []})
            if r["scheme"] not in entry["schemes"]:
                entry["schemes"].append(r["scheme"])
        employees = [UnconfirmedEmployee(pid, e["person__full_name"], e["person__si_code"] or "",
                                         e["person__citizen_id"] or "", tuple(e["schemes"])) for pid, e in by_person.items()]
    return EmployerDebtMonth(employer.pk, month, assessed, max(owed, 0), employees)


@dataclass(frozen=True)
class DebtorRow:
    employer_id: int
    unit_code: str
    name: str
    commune_id: int
    owed_month: int  # still owed for the month
    owed_total: int  # still owed for the month and every month before
    employees: int  # distinct employees in an employer-paid scheme that month, all unconfirmed


def debtors_with_unconfirmed(*, month: Month, user: Any = None, commune_ids: Iterable[int] | None = None,
                             limit: int | None = None) -> list[DebtorRow]:
    """Every employer (within the user's scope and the communes) that still owes part of the month, with the number
    of its employees whose month is therefore unconfirmed; most employees first (3 queries)."""
    employer_qs = employers_visible(user) if user is not None else Employer.objects.all()
    if commune_ids is not None:
        employer_qs = employer_qs.filter(address_commune_id__in=list(commune_ids))
    debts = LedgerEntry.objects.filter(account=Account.RECEIVABLE, holder_type=HolderType.EMPLOYER,
                                       for_period__lte=month.first_day)
    if user is not None or commune_ids is not None:
        debts = debts.filter(holder_id__in=employer_qs.values("id"))
    debts = (debts.values("holder_id")
             .annotate(owed_month=Sum("amount", filter=Q(for_period=month.first_day)), owed_total=Sum("amount"))
             .filter(owed_month__gt=0))
    owed = {int(r["holder_id"]): (int(r["owed_month"]), int(r["owed_total"])) for r in debts}
    if not owed:
        return []
    counts = dict(
        overlapping(Participation.objects.filter(payer__in=EMPLOYER_PAYERS, employer_id__in=indebted_employers(month)),
                     month)
        .values("employer_id").annotate(n=Count("person_id", distinct=True)).values_list("employer_id", "n")
    )
    info = employer_qs.filter(pk__in=indebted_employers(month)).values("id", "unit_code", "name", "address_commune_id")
    rows = [DebtorRow(e["id"], e["unit_code"], e["name"], e["address_commune_id"], owed[e["id"]][0], owed[e["id"]][1],
                      int(counts.get(e["id"], 0))) for e in info if e["id"] in owed]
    rows.sort(key=lambda r: (-r.employees, -r.owed_month, r.unit_code))
    return rows[:limit] if limit else rows


# --- HI cards ------------------------------------------------------------------------------------------------

def unit_cards(qs: Any, user: Any) -> Any:
    """For an employer representative, only the cards issued through the unit (the card's participation is one
    the unit pays); every card for other users (their scope was applied to the person already)."""
    from ansinh.accounts.scope import is_unit_user

    if user is None or not is_unit_user(user):
        return qs
    if not user.employer_id:
        return qs.none()
    own = Participation.objects.filter(employer_id=user.employer_id)
    return qs.filter(detail__participation_id__in=list(own.filter(person__in=qs.values("person_id"))
                                                       .values_list("id", flat=True)))


def person_cards(person: Any, user: Any = None) -> list[HICard]:
    """Every card of the person, newest first; an employer representative (`user`) sees only the unit's."""
    return list(unit_cards(HICard.objects.filter(person=person), user).order_by("-issued_at", "-id"))


def current_card(person: Any) -> HICard | None:
    return HICard.objects.filter(person=person, status=HICard.Status.ISSUED).first()


def card_valid_on(person: Any, day: dt.date) -> HICard | None:
    """The card that answers for the day: the latest issued whose validity covers it, not revoked."""
    return (HICard.objects.filter(person=person, valid_from__lte=day, valid_to__gte=day)
            .exclude(status=HICard.Status.REVOKED).order_by("-issued_at", "-id").first())


def card_by_number(*, user: Any, number: str) -> HICard:
    """The latest card row with this number whose holder the user may see; 'not found' otherwise."""
    card = (unit_cards(HICard.objects.filter(number=number, person_id__in=persons_visible(user).values("id")), user)
            .select_related("person").order_by("-issued_at", "-id").first())
    if card is None:
        raise NotFound("HI card", number)
    return card
