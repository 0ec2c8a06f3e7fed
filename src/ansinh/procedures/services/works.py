"""The work a dossier is for, carried out by the other areas' services (never re-implemented here).

Each work has three moments:
- `start`  — when the dossier is handed into processing: check what the applicant asks for against the registry
  (the request must be whole), compute what the applicant owes (calculators), find the record the work acts on.
  A problem found here does not stop the hand-over: it is recorded on the dossier (`work_detail["problem"]`) for
  the handler, who refuses with it or has the request corrected (`dossier_set_request`), which starts it again.
- `state`  — what the handler decides from: `ready` (may be granted), `waiting_payment`, `problem`, `claim` (the
  benefit claim decides), `applied`.
- `apply`  — on a granted decision, in the decision's transaction, with the handler as actor (each service audits).

| procedure | start | apply on "granted" |
|---|---|---|
| benefit-* | benefit claim draft (benefits.claim_receive) with the request's payment | the claim decides (followed) |
| change-info | the changes checked against the registry | registry.person_update (+ the portal account's e-mail) |
| hi-card-issue | the person has no card running | coverage.cards_issue for this person and month |
| hi-card-reissue | the current card | coverage.card_reissue (lost/damaged/changed_info) or card_change (facility) |
| voluntary-si | amount due with the state support (voluntary-si calculator), payment reference | the receipt paid is linked (the receipt opened the participation) |
| household-hi | members of the applicant's household, amount by rank (household-hi calculator), reference | paid → cards_issue for the members |
| payment-change | the beneficiary's recurring benefit in payment | benefits.entitlement_set_payment (from the next payroll) |
| pension-resume | the suspended benefit | benefits.entitlement_resume |
| reg-person / reg-employer | the data checked (duplicates, commune) | registry.person_create / employer_create (+ employment_start) |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from ansinh.core.errors import ApplicationError, Conflict, InvalidInput
from ansinh.procedures.models import Dossier
from ansinh.rules import dossier_requests
from ansinh.rules import procedures as catalogue
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

READY, WAITING_PAYMENT, PROBLEM, CLAIM, APPLIED = "ready", "waiting_payment", "problem", "claim", "applied"


def _request(dossier: Dossier) -> dict[str, Any]:
    try:
        return dossier_requests.validate(dossier.procedure_code, dossier.request, complete=True)
    except RuleError as exc:
        raise InvalidInput("request_incomplete", f"the request is not whole: {exc.message}", field=exc.field) \
            from None


def _month(value: str) -> Month:
    return Month.parse(value)


def _reference(dossier: Dossier) -> str:
    """The payment reference printed on the notice of the amount due (the transfer's content): the dossier's
    payment code where the portal issued one (contributions.services.references), else the receipt number."""
    from ansinh.contributions.models import PaymentReference

    code = (PaymentReference.objects.filter(dossier_id=dossier.pk).exclude(status=PaymentReference.Status.CANCELLED)
            .order_by("-id").values_list("code", flat=True).first())
    return code or f"BHXH {dossier.code}"


# --- start ----------------------------------------------------------------------------------------------------


def start(actor: Any, dossier: Dossier, *, source: str) -> None:
    """Start the dossier's work; a refusal by the work is recorded as its problem, not raised."""
    proc = catalogue.procedure(dossier.procedure_code, dossier.procedure_from)
    detail: dict[str, Any] = {}
    try:
        detail = _START[proc.work](actor, dossier, proc, source) if proc.work in _START else {}
    except ApplicationError as exc:
        detail = {"problem": str(exc.message), "problem_code": exc.code, "problem_field": exc.field or ""}
    dossier.work_detail = {**detail, "started_at": timezone.now().isoformat(timespec="seconds")}
    if not dossier.work_type or dossier.work_type == proc.work:
        dossier.work_type = detail.pop("_type", "") or proc.work
    dossier.work_id = detail.pop("_id", None) or dossier.work_id
    dossier.work_detail.pop("_type", None)
    dossier.work_detail.pop("_id", None)
    dossier.save(update_fields=["work_type", "work_id", "work_detail", "updated_at"])


def _start_claim(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.benefits.models import PaymentChannel
    from ansinh.benefits.services.claims import claim_receive

    req = dossier_requests.validate(proc.code, dossier.request)
    cash = req.get("payment_method") == "cash"
    claim = claim_receive(
        actor=actor, person=dossier.person, kind=proc.benefit_kind,
        channel=dossier.channel if dossier.channel in ("desk", "post", "online") else "desk",
        received_on=dossier.complete_on or timezone.localdate(),
        claimant_name=dossier.applicant_name if dossier.applicant_name != dossier.person.full_name else "",
        payment_channel=PaymentChannel.CASH_HOME if cash else PaymentChannel.BANK_CARD,
        bank_account=req.get("bank_account", ""), bank_name=req.get("bank_code", ""), source=source)
    return {"_type": "benefits.claim", "_id": claim.pk}


def _start_change(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    req = _request(dossier)
    person = dossier.person
    changes = _person_changes(req["changes"])
    same = [k for k, v in changes.items() if k != "email" and getattr(person, k, None) == v]
    if len(same) == len(changes):
        raise Conflict("no_change", "the registry already holds these values", field="request.changes")
    if "address_commune_id" in changes:
        from ansinh.places.models import AdminUnit

        if not AdminUnit.objects.filter(pk=changes["address_commune_id"], level="commune").exists():
            raise InvalidInput("unknown_commune", "no commune with that id", field="request.changes.address_commune")
    return {"_type": "registry.person", "_id": person.pk,
            "before": {k: str(getattr(person, k, "") or "") for k in changes if k != "email"}}


def _person_changes(changes: dict[str, Any]) -> dict[str, Any]:
    names = {"address_commune": "address_commune_id", "id_number": "citizen_id"}
    out: dict[str, Any] = {}
    for key, value in changes.items():
        out[names.get(key, key)] = dt.date.fromisoformat(value) if key == "birth_date" else value
    return out


def _current_card(person_id: int) -> Any:
    from ansinh.coverage.models import HICard

    return (HICard.objects.filter(person_id=person_id, status=HICard.Status.ISSUED)
            .order_by("-valid_to", "-id").first())


def _start_card_issue(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    card = _current_card(dossier.person_id)
    if card is not None and card.valid_to >= timezone.localdate():
        raise Conflict("has_card", f"the person holds card {card.number} valid to {card.valid_to:%d/%m/%Y}: a lost "
                       "or damaged card is reissued (hi-card-reissue)", field="procedure")
    return {"_type": "coverage.hicard"}


def _start_card_reissue(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    _request(dossier)
    card = _current_card(dossier.person_id)
    if card is None:
        raise Conflict("no_card", "the person holds no card to reissue: a first card is issued (hi-card-issue)",
                       field="procedure")
    return {"_type": "coverage.hicard", "_id": card.pk, "card": card.number}


def _start_voluntary(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.rules.contributions import voluntary

    req = _request(dossier)
    try:
        result = voluntary.run({"income": req["income"], "month": req["start_month"],
                                "mode": dossier_requests.VOLUNTARY_CALCULATOR_MODES[req["mode"]],
                                "months": req["months"], "group": req.get("support_group", "other")})
    except RuleError as exc:
        raise InvalidInput(exc.code, exc.message, field=f"request.{exc.field or 'income'}") from None
    return {"_type": "contributions.receipt", "reference": _reference(dossier), "months": result.months,
            "start_month": req["start_month"], "contribution": result.contribution,
            "state_support": result.state_support, "payable": result.payable}


def _household_of(dossier: Dossier, members: list[int], day: dt.date) -> Any:
    from ansinh.registry.models import HouseholdMember

    current = HouseholdMember.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    mine = current.filter(person_id=dossier.person_id).values_list("household_id", flat=True).first()
    if mine is None:
        raise InvalidInput("no_household", "the applicant belongs to no household in the registry",
                           field="request.members")
    inside = set(current.filter(household_id=mine, person_id__in=members).values_list("person_id", flat=True))
    outside = [m for m in members if m not in inside]
    if outside:
        raise InvalidInput("not_members", f"persons {outside} are not members of the applicant's household",
                           field="request.members")
    return mine


def _start_household(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.rules.contributions import household_hi

    req = _request(dossier)
    start_month = _month(req["start_month"])
    household_id = _household_of(dossier, req["members"], start_month.first_day)
    try:
        result = household_hi.run({"members": len(req["members"]), "month": req["start_month"],
                                   "months": req["months"]})
    except RuleError as exc:
        raise InvalidInput(exc.code, exc.message, field=f"request.{exc.field or 'members'}") from None
    return {"_type": "registry.household", "_id": household_id, "reference": _reference(dossier),
            "months": req["months"], "start_month": req["start_month"], "payable": result.total,
            "by_rank": [m.amount for m in result.members]}


def _entitlement(person_id: int, status: str) -> Any:
    from ansinh.benefits.models import Entitlement

    return (Entitlement.objects.filter(person_id=person_id, status=status, to_month__isnull=True)
            .order_by("from_month", "id").first())


def _start_payment_change(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.benefits.models import Entitlement

    _request(dossier)
    ent = _entitlement(dossier.person_id, Entitlement.Status.ACTIVE) or _entitlement(
        dossier.person_id, Entitlement.Status.SUSPENDED)
    if ent is None:
        raise Conflict("no_benefit", "the person has no pension or monthly allowance in payment", field="person")
    return {"_type": "benefits.entitlement", "_id": ent.pk, "channel_before": ent.channel}


def _start_resume(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.benefits.models import Entitlement

    _request(dossier)
    ent = _entitlement(dossier.person_id, Entitlement.Status.SUSPENDED)
    if ent is None:
        raise Conflict("not_suspended", "the person has no suspended pension or allowance", field="person")
    return {"_type": "benefits.entitlement", "_id": ent.pk,
            "suspended_from": ent.suspended_from.isoformat() if ent.suspended_from else ""}


def _start_registration(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    req = dossier_requests.validate(proc.code, dossier.request)
    if proc.subject == "employer":
        if dossier.employer_id:
            return {"_type": "registry.employer", "_id": dossier.employer_id, "registered": "before"}
        _require_keys(req, dossier_requests.REG_EMPLOYER_DATA)
        from ansinh.registry.models import Employer

        if Employer.objects.filter(Q(unit_code=req["unit_code"].upper()) | Q(tax_code=req.get("tax_code") or "-")
                                   ).exists():
            raise Conflict("duplicate", "a unit with this unit code or tax code is registered: link it",
                           field="request.unit_code")
        return {"_type": "registry.employer"}
    if dossier.person_id:
        return {"_type": "registry.person", "_id": dossier.person_id, "registered": "before"}
    _require_keys(req, dossier_requests.REG_PERSON_DATA)
    from ansinh.registry.models import Person

    clash = Person.objects.filter(citizen_id=req["citizen_id"]).values_list("pk", flat=True).first()
    if clash:
        raise Conflict("duplicate", f"citizen ID {req['citizen_id']} is registered (person {clash}): link the "
                       "dossier to that person", field="request.citizen_id")
    return {"_type": "registry.person"}


def _require_keys(req: dict[str, Any], keys: tuple[str, ...]) -> None:
    missing = [k for k in keys if not req.get(k)]
    if missing:
        raise InvalidInput("required", f"the registration needs {', '.join(missing)}", field=f"request.{missing[0]}")


_START = {
    catalogue.WORK_BENEFIT_CLAIM: _start_claim,
    catalogue.WORK_CHANGE_INFO: _start_change,
    catalogue.WORK_CARD_ISSUE: _start_card_issue,
    catalogue.WORK_CARD_REISSUE: _start_card_reissue,
    catalogue.WORK_PAYMENT_CHANGE: _start_payment_change,
    catalogue.WORK_PENSION_RESUME: _start_resume,
    catalogue.WORK_REGISTRATION: _start_registration,
}


def _start_enrolment(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    return (_start_household if proc.code == "household-hi" else _start_voluntary)(actor, dossier, proc, source)


_START[catalogue.WORK_ENROLMENT] = _start_enrolment


# --- state ----------------------------------------------------------------------------------------------------


class _PaidReference:
    """A payment code of the dossier paid by bank or at an agent, read like a receipt (its number)."""

    def __init__(self, code: str) -> None:
        self.number = code


def _paid_receipt(dossier: Dossier) -> Any:
    """What paid an enrolment's first month: the dossier's payment code paid (by bank, which opened the
    participations, or at an agent), or a receipt taken by a collection agent (which opened them)."""
    from ansinh.contributions.models import PaymentReference, Receipt

    code = (PaymentReference.objects.filter(dossier_id=dossier.pk, status=PaymentReference.Status.PAID)
            .values_list("code", flat=True).first())
    if code:
        return _PaidReference(code)
    detail = dossier.work_detail or {}
    if not detail.get("start_month"):
        return None
    first = _month(detail["start_month"]).first_day
    rows = Receipt.objects.filter(from_month__lte=first, to_month__gte=first)
    if dossier.procedure_code == "household-hi":
        rows = rows.filter(scheme=Receipt.Scheme.HI_HOUSEHOLD, household_id=dossier.work_id)
    else:
        rows = rows.filter(scheme=Receipt.Scheme.VSI, person_id=dossier.person_id)
    return rows.order_by("id").first()


def state(dossier: Dossier) -> str | None:
    """What the handler decides from (None: no work in ansinh, the handler decides on the papers)."""
    proc = catalogue.procedure(dossier.procedure_code, dossier.procedure_from)
    if proc.work in (catalogue.WORK_NONE, "") or dossier.status not in ("in_processing", "decided", "returned"):
        return None
    detail = dossier.work_detail or {}
    if detail.get("applied"):
        return APPLIED
    if detail.get("problem"):
        return PROBLEM
    if dossier.work_type == "benefits.claim":
        return CLAIM
    if proc.work == catalogue.WORK_ENROLMENT and proc.code == "household-hi" and _paid_receipt(dossier) is None:
        return WAITING_PAYMENT
    return READY


# --- apply ----------------------------------------------------------------------------------------------------


def apply(actor: Any, dossier: Dossier, *, source: str) -> dict[str, Any]:
    """Carry out the work of a granted dossier (the caller's transaction). Returns what was done, for the record."""
    proc = catalogue.procedure(dossier.procedure_code, dossier.procedure_from)
    fn = _APPLY.get(proc.work)
    if fn is None or dossier.work_type == "benefits.claim":
        return {}
    done = fn(actor, dossier, proc, source)
    dossier.work_detail = {**(dossier.work_detail or {}), **done, "applied": timezone.now().isoformat(
        timespec="seconds")}
    return done


def _apply_change(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.registry.services.persons import person_update

    req = _request(dossier)
    changes = _person_changes(req["changes"])
    email = changes.pop("email", None)
    reason = f"dossier {dossier.code}: {req['reason']}"[:300]
    if changes:
        person_update(actor=actor, person=dossier.person, changes=changes, reason=reason, source=source)
    if email is not None:
        _account_email(actor, dossier, email, reason, source)
    return {"changed": sorted(req["changes"])}


def _account_email(actor: Any, dossier: Dossier, email: str, reason: str, source: str) -> None:
    """The registry holds no e-mail: it is the address of the person's portal account (notifications)."""
    from ansinh.accounts import audit
    from ansinh.accounts.models import User

    for user in User.objects.filter(person_id=dossier.person_id):
        before = {"email": user.email}
        user.email = email
        user.save(update_fields=["email"])
        audit.record(actor=actor, action="update", obj=user, before=before, after={"email": email}, reason=reason,
                     source=source)


def _apply_card_issue(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.coverage.services.cards import cards_issue

    req = dossier_requests.validate(proc.code, dossier.request)
    month = Month.of(timezone.localdate())
    report = cards_issue(period=month, actor=actor, primary_care_code=req.get("primary_care", ""), source=source,
                         person_ids=[dossier.person_id])
    card = _current_card(dossier.person_id)
    if not report.issued or card is None:
        raise Conflict("no_coverage", f"no card can be issued: the person's HI coverage for {month} is not confirmed "
                       "(no participation paid)", field="status")
    dossier.work_id = card.pk
    return {"card": card.number, "valid_to": card.valid_to.isoformat()}


def _apply_card_reissue(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.coverage.services.cards import card_change, card_reissue

    req = _request(dossier)
    card = _current_card(dossier.person_id)
    if card is None:
        raise Conflict("no_card", "the person holds no card to reissue", field="status")
    note = f"dossier {dossier.code}"
    if req.get("primary_care") and req["primary_care"] != card.primary_care_code:
        new = card_change(actor=actor, card=card, on=timezone.localdate(), primary_care_code=req["primary_care"],
                          reason=note, source=source)
    else:
        new = card_reissue(actor=actor, card=card, cause=req["reason"], note=note, source=source)
    dossier.work_id = new.pk
    return {"card": new.number, "reason": new.reason}


def _apply_enrolment(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    receipt = _paid_receipt(dossier)
    if proc.code != "household-hi":
        # voluntary SI: the approval is the notice of the amount due; the participation opens when it is paid
        return {"receipt": receipt.number if receipt else "", "payable": dossier.work_detail.get("payable")}
    if receipt is None:
        raise Conflict("not_paid", "the household contribution is not paid yet: the cards are issued once it is",
                       field="status")
    from ansinh.coverage.services.cards import cards_issue

    req = _request(dossier)
    report = cards_issue(period=_month(req["start_month"]), actor=actor, source=source, person_ids=req["members"])
    return {"receipt": receipt.number, "cards": report.issued}


def _apply_payment_change(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.benefits.models import Entitlement, PaymentChannel
    from ansinh.benefits.services.entitlements import entitlement_set_payment
    from ansinh.places.models import AdminUnit

    req = _request(dossier)
    ent = Entitlement.objects.get(pk=dossier.work_id)
    point = ""
    if req["method"] == "cash":
        commune = AdminUnit.objects.filter(pk=req.get("commune") or dossier.person.address_commune_id).first()
        point = f"Điểm chi trả {commune.name}" if commune else ""
    entitlement_set_payment(
        actor=actor, entitlement=ent, channel=PaymentChannel.BANK_CARD if req["method"] == "bank" else
        PaymentChannel.CASH_POINT, bank_account=req.get("bank_account", ""), bank_name=req.get("bank_code", ""),
        payment_point=point, reason=f"dossier {dossier.code}", source=source)
    return {"from_month": str(Month.of(timezone.localdate()) + 1), "method": req["method"]}


def _apply_resume(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    from ansinh.benefits.models import Entitlement
    from ansinh.benefits.services.entitlements import entitlement_resume

    req = _request(dossier)
    ent = Entitlement.objects.get(pk=dossier.work_id)
    entitlement_resume(actor=actor, entitlement=ent, source=source,
                       reason=f"dossier {dossier.code}: {req['reason']} (from {req['from_month']})")
    return {"from_month": req["from_month"]}


def _apply_registration(actor: Any, dossier: Dossier, proc: catalogue.Procedure, source: str) -> dict[str, Any]:
    req = dossier_requests.validate(proc.code, dossier.request)
    if proc.subject == "employer":
        if dossier.employer_id is None:
            from ansinh.registry.services.employers import EmployerInput, employer_create

            employer = employer_create(actor=actor, source=source, data=EmployerInput(
                unit_code=req["unit_code"], name=req["name"], ownership_type=req["ownership_type"],
                sector=req["sector"], address_commune_id=req["address_commune"],
                start_date=dt.date.fromisoformat(req["start_date"]), tax_code=req.get("tax_code"),
                address_line=req.get("address_line", ""), phone=req.get("phone", ""), email=req.get("email", "")))
            dossier.employer, dossier.work_id = employer, employer.pk
        return {"employer": dossier.employer_id}
    from ansinh.registry.models import ContractType, Employer
    from ansinh.registry.services.employment import employment_start
    from ansinh.registry.services.persons import PersonInput, person_create

    if dossier.person_id is None:
        person = person_create(actor=actor, source=source, data=PersonInput(
            full_name=req["full_name"], birth_date=dt.date.fromisoformat(req["birth_date"]), sex=req["sex"],
            address_commune_id=req["address_commune"], citizen_id=req["citizen_id"],
            address_line=req.get("address_line", ""), phone=req.get("phone", "")))
        dossier.person, dossier.work_id = person, person.pk
    done: dict[str, Any] = {"person": dossier.person_id}
    if req.get("employer"):
        employer = Employer.objects.filter(pk=req["employer"]).first()
        if employer is None:
            raise InvalidInput("unknown_employer", "no unit with that id", field="request.employer")
        employment = employment_start(actor=actor, person=dossier.person, employer=employer,
                                      valid_from=dt.date.fromisoformat(req["start_date"]),
                                      contract_type=ContractType.values[0], salary=req["salary"], source=source)
        done["employment"] = employment.pk
    return done


_APPLY = {
    catalogue.WORK_CHANGE_INFO: _apply_change,
    catalogue.WORK_CARD_ISSUE: _apply_card_issue,
    catalogue.WORK_CARD_REISSUE: _apply_card_reissue,
    catalogue.WORK_ENROLMENT: _apply_enrolment,
    catalogue.WORK_PAYMENT_CHANGE: _apply_payment_change,
    catalogue.WORK_PENSION_RESUME: _apply_resume,
    catalogue.WORK_REGISTRATION: _apply_registration,
}
