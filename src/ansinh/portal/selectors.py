"""Reads of the portals, always from the signed-in user's own person or unit (passed in by the view, taken from the
account, never from the request). They reuse the areas' selectors: the contribution history of coverage, the cards,
the claims and payroll lines of benefits, the C12 notice and ledger balances of contributions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ansinh.benefits.models import Claim, Entitlement, PayrollLine
from ansinh.contributions.models import Account, HolderType
from ansinh.contributions.notice import Notice, notice_for
from ansinh.contributions.selectors import balances_by_fund
from ansinh.coverage import selectors as coverage
from ansinh.coverage.models import HICard
from ansinh.registry.models import Employment, HouseholdMember, Person, SalaryRecord
from ansinh.rules.periods import Month


def username_for(identifier: str) -> str | None:
    """The account a portal sign-in names: a citizen's 12-digit personal identification number or 10-digit SI
    number, else the user name itself (employers' users)."""
    from ansinh.accounts.models import Role, User

    text = identifier.replace(" ", "")
    if text.isdigit() and len(text) in (10, 12):
        person = Person.objects.filter(Q(citizen_id=text) if len(text) == 12 else Q(si_code=text)).first()
        if person is None:
            return None
        user = User.objects.filter(person=person, role=Role.CITIZEN, is_active=True).order_by("id").first()
        return user.username if user else None
    return identifier or None


def history(person: Person) -> coverage.ContributionHistory:
    return coverage.contribution_history(person)


def years_by_scheme(h: coverage.ContributionHistory) -> list[dict[str, Any]]:
    """Months and years (with months) of contributions per scheme, as the VSS statement sums them."""
    out = []
    for key in ("si_total", "si", "vsi", "ui", "hi"):
        months = int(h.months.get(key, 0))
        out.append({"scheme": key, "months": months, "years": months // 12, "rest": months % 12,
                    "confirmed": int(h.months_confirmed.get(key, 0))})
    return out


def current_card(person: Person, day: dt.date) -> HICard | None:
    return coverage.card_valid_on(person, day) or coverage.current_card(person)


def card_qr_svg(card: HICard, person: Person) -> str:
    """The card as a QR code (SVG, inline): card number, name, birth date, validity and primary-care facility —
    what a facility's reader needs to look the card up."""
    import segno

    payload = "|".join(
        [
            card.number,
            person.full_name,
            f"{person.birth_date:%d/%m/%Y}" if person.birth_date else "",
            f"{card.valid_from:%d/%m/%Y}",
            f"{card.valid_to:%d/%m/%Y}",
            card.primary_care_code,
        ]
    )
    qr = segno.make(payload, error="m")
    return qr.svg_inline(scale=4, dark="#0b2545", omitsize=True)


def facility_name(code: str) -> str:
    """The primary-care facility's name where the health-care reference data holds it; the code otherwise."""
    if not code:
        return ""
    try:
        from ansinh.healthcare.models import Facility  # type: ignore[import-not-found]
    except ImportError:
        return code
    found = Facility.objects.filter(code=code).values_list("name", flat=True).first()
    return f"{code} — {found}" if found else code


def household_cards(person: Person, day: dt.date) -> list[dict[str, Any]]:
    """The other current members of the person's households, each with the card valid today (or the latest)."""
    households = HouseholdMember.objects.filter(person=person, valid_to__isnull=True).values("household_id")
    members = (
        HouseholdMember.objects.filter(household_id__in=households, valid_to__isnull=True)
        .exclude(person=person)
        .select_related("person")
        .order_by("person__birth_date", "id")
    )
    people = [m.person for m in members]
    cards: dict[int, HICard] = {}
    for c in HICard.objects.filter(person__in=people).exclude(status=HICard.Status.REVOKED).order_by("issued_at"):
        cards[c.person_id] = c  # the latest
    return [{"person": p, "relationship": m.get_relationship_display(), "card": cards.get(p.pk)}
            for m, p in zip(members, people, strict=True)]


def claims(person: Person) -> QuerySet[Claim]:
    return Claim.objects.filter(person=person).order_by("-received_on", "-id").prefetch_related("decisions")


def entitlements(person: Person) -> QuerySet[Entitlement]:
    return Entitlement.objects.filter(person=person).order_by("-from_month", "-id").prefetch_related("amounts")


def payments(person: Person) -> QuerySet[PayrollLine]:
    return PayrollLine.objects.filter(person=person).order_by("-for_month", "-id")


def next_payment(person: Person, day: dt.date) -> dict[str, Any] | None:
    """For a person with a benefit in payment: the month paid next, how and where."""
    ent = Entitlement.objects.filter(person=person, status=Entitlement.Status.ACTIVE).order_by("from_month").first()
    if ent is None:
        return None
    month = max(Month.of(day), Month.of(ent.from_month))
    paid = PayrollLine.objects.filter(entitlement=ent, for_month=month.first_day).exists()
    if paid:
        month = month + 1
    where = (ent.bank_account and f"{ent.bank_name} {ent.bank_account}".strip()) or ent.payment_point
    return {"month": month, "channel": ent.get_channel_display(), "where": where, "kind": ent.get_kind_display()}


# --- employers -------------------------------------------------------------------------------------------------


def current_employees(employer: Any) -> QuerySet[Employment]:
    return Employment.objects.filter(employer=employer, valid_to__isnull=True)


def employee_rows(employer: Any, q: str = "") -> list[dict[str, Any]]:
    """The unit's current employees with the salary in force today and whether this month is covered; a name,
    citizen-ID or SI-number filter. Three queries."""
    from ansinh.core.text import fold

    today = timezone.localdate()
    qs = current_employees(employer).select_related("person").order_by("person__name_search", "id")
    if q:
        digits = q.replace(" ", "")
        if digits.isdigit():
            qs = qs.filter(Q(person__citizen_id__startswith=digits) | Q(person__si_code__startswith=digits))
        else:
            qs = qs.filter(person__name_search__contains=fold(q))
    employments = list(qs)
    salaries: dict[int, int] = {}
    for emp_id, amount in (
        SalaryRecord.objects.filter(employment__in=employments, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("valid_from")
        .values_list("employment_id", "salary")
    ):
        salaries[emp_id] = int(amount)
    from ansinh.coverage.models import Participation

    own = Participation.objects.filter(employer=employer, person__in=[e.person_id for e in employments])
    cards = set(  # only the cards issued through the unit
        HICard.objects.filter(person__in=[e.person_id for e in employments], valid_from__lte=today, valid_to__gte=today,
                              detail__participation_id__in=list(own.values_list("id", flat=True)))
        .exclude(status=HICard.Status.REVOKED)
        .values_list("person_id", flat=True)
    )
    return [
        {"employment": e, "person": e.person, "salary": salaries.get(e.pk), "card": e.person_id in cards}
        for e in employments
    ]


def unit_debt(employer: Any) -> dict[str, Any]:
    principal = balances_by_fund(HolderType.EMPLOYER, employer.pk)
    interest = balances_by_fund(HolderType.EMPLOYER, employer.pk, account=Account.INTEREST_RECEIVABLE)
    p, i = sum(v for v in principal.values() if v > 0), sum(v for v in interest.values() if v > 0)
    return {"principal": p, "interest": i, "total": p + i}


def unit_notice(employer: Any, period: Month) -> Notice:
    return notice_for(employer.pk, period)
