"""Do it online: the citizen's requests as dossiers of the procedures catalogue (channel "online").

Each form reads the posted fields into the procedure's ``request`` (docs/procedures.md, request contract), checks
them (a refusal names the field, ``request.<name>``), shows what the calculators say (voluntary SI: the State
support and the amount due; household HI: each member's rank and amount), and on submit files the dossier through
``procedures.services.dossiers.dossier_receive(channel="online", request=...)``; a payable request (voluntary SI,
household HI) gets its payment reference in the same transaction (contributions.services.references).

Documents: the online form stands for the declaration (TK1-TS, D05-TS, the household list, 14-HSB, the payment
request); the sign-in stands for showing the identity document and the SI book (the person is identified); proofs
of changed information are uploaded scans — without them the dossier asks for a supplement.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.contributions.models import PaymentReference
from ansinh.contributions.services import references
from ansinh.core.errors import InvalidInput
from ansinh.registry.models import Household, HouseholdMember, Person
from ansinh.rules.contributions import household_hi
from ansinh.rules.params.contribution_rates import CEILING_MULTIPLE
from ansinh.rules.params.reference import BASE_SALARY, POVERTY_LINE
from ansinh.rules.periods import Month

KINDS = ("voluntary-si", "household-hi", "benefit-one-time", "change-info", "payment-change")
PAYABLE = {"voluntary-si": PaymentReference.Purpose.VSI, "household-hi": PaymentReference.Purpose.HI_HOUSEHOLD}
VSI_MODES = ("monthly", "quarterly", "half_year", "yearly", "years_ahead")
CHANGE_FIELDS = ("full_name", "birth_date", "address_line", "phone", "email")
# documents the online form (and the sign-in) stand for, per procedure
FORM_DOCUMENTS = {
    "voluntary-si": ("TK1-TS", "D05-TS"),
    "household-hi": ("TK1-TS", "hh-list"),
    "benefit-one-time": ("14-HSB", "si-book", "id"),
    "change-info": ("TK1-TS", "si-book"),
    "payment-change": ("pay-req", "id"),
}
PROOF_DOCUMENT = {"change-info": "proof"}


@dataclass
class Checked:
    kind: str
    request: dict[str, Any]
    preview: dict[str, Any] = field(default_factory=dict)


def _text(data: Any, name: str, max_len: int = 200) -> str:
    return re.sub(r"\s+", " ", str(data.get(name) or "")).strip()[:max_len]


def _int(data: Any, name: str, *, required: bool = True) -> int | None:
    raw = re.sub(r"[\s.,_]", "", str(data.get(name) or ""))
    if not raw:
        if required:
            raise InvalidInput("required", f"request.{name} is required", field=f"request.{name}")
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise InvalidInput("not_a_number", f"request.{name} must be a whole number", field=f"request.{name}")
    return int(raw)


def _month(data: Any, name: str, default: Month, today: dt.date) -> Month:
    raw = _text(data, name, 7)
    try:
        month = Month.parse(raw) if raw else default
    except ValueError:
        raise InvalidInput("bad_month", f"request.{name} must be a month YYYY-MM", field=f"request.{name}") from None
    current = Month.of(today)
    if not current <= month <= current + 12:
        raise InvalidInput("month_out_of_range", f"request.{name} must be between {current} and {current + 12}",
                           field=f"request.{name}")
    return month


def income_range(month: Month) -> tuple[int, int]:
    """Voluntary SI: the income a participant may choose (rural poverty line .. 20 × reference level)."""
    day = month.first_day
    return POVERTY_LINE.at(day).rural, CEILING_MULTIPLE.at(day) * BASE_SALARY.at(day)


def household_members(person: Person, day: dt.date) -> tuple[Household | None, list[HouseholdMember]]:
    """The person's current household and its members, the head first, then by birth date (the rank order)."""
    row = (HouseholdMember.objects.filter(person=person, valid_from__lte=day)
           .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).select_related("household").first())
    if row is None:
        return None, []
    household = row.household
    members = list(HouseholdMember.objects.filter(household=household, valid_from__lte=day)
                   .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).select_related("person"))
    members.sort(key=lambda m: (m.person_id != household.head_id, m.person.birth_date, m.pk))
    return household, members


def _voluntary(data: Any, person: Person, today: dt.date) -> Checked:
    start = _month(data, "start_month", Month.of(today) + 1, today)
    mode = _text(data, "mode", 12) or "monthly"
    if mode not in VSI_MODES:
        raise InvalidInput("bad_choice", f"request.mode must be one of {', '.join(VSI_MODES)}", field="request.mode")
    months = _int(data, "months", required=mode == "years_ahead") if mode == "years_ahead" else None
    if months is not None and (months % 12 or not 12 <= months <= 60):
        raise InvalidInput("bad_months", "request.months: whole years, 12 to 60 months", field="request.months")
    income = _int(data, "income")
    low, high = income_range(start)
    if not low <= income <= high:  # type: ignore[operator]
        raise InvalidInput("income_out_of_range", f"request.income must be between {low:,} and {high:,}",
                           field="request.income", details={"low": low, "high": high})
    q = references.quote(purpose="vsi", from_month=start, months=months, income=income, mode=mode)
    request = {"income": income, "mode": mode, "start_month": str(start)}
    if months:
        request["months"] = months
    return Checked("voluntary-si", request, {**q, "start": start, "end": start + (q["months"] - 1),
                                            "per_month": q["detail"].get("payable_per_month")})


def _household(data: Any, person: Person, today: dt.date) -> Checked:
    start = _month(data, "start_month", Month.of(today) + 1, today)
    household, members = household_members(person, start.first_day)
    if household is None:
        raise InvalidInput("no_household", "you are not a member of a registered household", field="request.members")
    chosen = {str(v) for v in (data.getlist("members") if hasattr(data, "getlist") else data.get("members", []))}
    ids = [m.person_id for m in members if str(m.person_id) in chosen]
    if not ids:
        raise InvalidInput("required", "request.members: choose at least one member", field="request.members")
    months = _int(data, "months") or 12
    if months not in household_hi.PERIODS:
        raise InvalidInput("bad_months", f"request.months must be one of {household_hi.PERIODS}",
                           field="request.months")
    result = household_hi.calculate(household_hi.HouseholdInput(members=len(ids), month=start, months=months))
    by_id = {m.person_id: m.person for m in members}
    rows = [{"person": by_id[pid], "rank": due.rank, "amount": due.amount}
            for pid, due in zip(ids, result.members, strict=True)]
    return Checked("household-hi", {"members": ids, "months": months, "start_month": str(start)},
                   {"rows": rows, "amount": result.total, "state_support": result.state_support, "months": months,
                    "start": start, "end": start + (months - 1), "household": household})


def _bank(data: Any, method_field: str) -> dict[str, Any]:
    method = _text(data, method_field, 8)
    if method not in ("bank", "cash"):
        raise InvalidInput("bad_choice", f"request.{method_field} must be bank or cash", field=f"request.{method_field}")
    out: dict[str, Any] = {method_field: method}
    if method == "bank":
        account = re.sub(r"\s", "", _text(data, "bank_account", 30))
        if not re.fullmatch(r"\d{6,20}", account):
            raise InvalidInput("bad_account", "request.bank_account: 6 to 20 digits", field="request.bank_account")
        bank_code = _text(data, "bank_code", 20).upper()
        if not bank_code:
            raise InvalidInput("required", "request.bank_code: the bank is required", field="request.bank_code")
        out |= {"bank_account": account, "bank_code": bank_code}
    return out


def _one_time(data: Any, person: Person, today: dt.date) -> Checked:
    return Checked("benefit-one-time", _bank(data, "payment_method") | {"note": _text(data, "note", 300)})


def _change_info(data: Any, person: Person, today: dt.date) -> Checked:
    changes: dict[str, Any] = {}
    for name in CHANGE_FIELDS:
        value = _text(data, name, 200)
        if not value:
            continue
        if name == "birth_date":
            try:
                born = dt.date.fromisoformat(value)
            except ValueError:
                raise InvalidInput("bad_date", "request.changes.birth_date must be a date",
                                   field="request.changes.birth_date") from None
            if not dt.date(1900, 1, 1) <= born <= today:
                raise InvalidInput("bad_date", "request.changes.birth_date is out of range",
                                   field="request.changes.birth_date")
            value = born.isoformat()
        elif name == "phone":
            value = re.sub(r"\D", "", value)
            if not re.fullmatch(r"0\d{9}", value):
                raise InvalidInput("bad_phone", "request.changes.phone: 10 digits starting with 0",
                                   field="request.changes.phone")
        elif name == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise InvalidInput("bad_email", "request.changes.email is not an e-mail address",
                               field="request.changes.email")
        elif name == "full_name" and len(value) < 2:
            raise InvalidInput("bad_name", "request.changes.full_name is too short", field="request.changes.full_name")
        current = getattr(person, name, None)
        if str(current or "") != value:
            changes[name] = value
    if not changes:
        raise InvalidInput("no_change", "request.changes: change at least one item", field="request.changes")
    reason = _text(data, "reason", 300)
    if not reason:
        raise InvalidInput("required", "request.reason: say why the information changes", field="request.reason")
    return Checked("change-info", {"changes": changes, "reason": reason})


def _payment_change(data: Any, person: Person, today: dt.date) -> Checked:
    out = _bank(data, "method")
    if out["method"] == "cash":
        out["commune"] = person.address_commune_id
    return Checked("payment-change", out)


PARSERS = {"voluntary-si": _voluntary, "household-hi": _household, "benefit-one-time": _one_time,
           "change-info": _change_info, "payment-change": _payment_change}


def check(kind: str, data: Any, person: Person, today: dt.date | None = None) -> Checked:
    if kind not in PARSERS:
        raise InvalidInput("unknown_request", f"no online request {kind!r}", field="kind")
    return PARSERS[kind](data, person, today or timezone.localdate())


def _receive(**kwargs: Any) -> Any:
    from ansinh.procedures.services.dossiers import dossier_receive

    return dossier_receive(**kwargs)


def online_submit(*, user: Any, kind: str, data: Any, files: tuple[Any, ...] = (),
                  today: dt.date | None = None) -> tuple[Any, PaymentReference | None]:
    """File the request as an online dossier (and issue its payment reference when payable), in one transaction."""
    person = user.person
    checked = check(kind, data, person, today)
    documents = list(FORM_DOCUMENTS[kind])
    if files and kind in PROOF_DOCUMENT:
        documents.append(PROOF_DOCUMENT[kind])
    with transaction.atomic():
        dossier = _receive(actor=user, procedure_code=kind, channel="online", person=person,
                           applicant_phone=person.phone, applicant_email=getattr(user, "email", "") or "",
                           documents=documents, files=files, request=checked.request, source="portal")
        ref = None
        if kind in PAYABLE and dossier.status not in ("refused",):
            r = checked.request
            ref = references.payment_reference_issue(
                actor=user, purpose=PAYABLE[kind], person=person, from_month=Month.parse(r["start_month"]),
                months=r.get("months"), income=r.get("income"), mode=r.get("mode", "monthly"),
                household=checked.preview.get("household"), members=r.get("members", ()), dossier=dossier,
                today=today, source="portal")
    return dossier, ref
