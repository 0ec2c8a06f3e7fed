"""The claim workflow: receive → compute → approve (a second officer) → decide, or refuse; a decided or refused
claim is corrected by reopening it and going through compute → approve → decide again, which writes the next
decision version (the previous one is never changed). Every change writes an audit row in its transaction.

    claim_receive   desk or officer; the statutory due date from rules.working_days
    claim_compute   reads the contribution history from the ledger side (assessment lines, receipts), checks
                    coverage, runs the calculator, stores the explained result
    claim_approve   a benefits officer other than the one who computed (four eyes)
    claim_decide    writes Decision vN (+ the entitlement for a recurring benefit, + the ledger posting of a
                    one-off amount)
    claim_refuse    writes Decision vN with the reason
    claim_reopen    a correction after a decision: back to computing, with the reason
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import Role
from ansinh.benefits.models import (
    Channel,
    Claim,
    ClaimKind,
    Decision,
    Entitlement,
    EntitlementAmount,
    PaymentChannel,
)
from ansinh.benefits.selectors import HistorySnapshot, contribution_history, in_scheme, paid_through
from ansinh.contributions.models import Account, Fund, HolderType, LedgerTxn
from ansinh.core.errors import ApplicationError, Conflict, Forbidden, InvalidInput
from ansinh.coverage.models import Scheme
from ansinh.rules.benefits import CALCULATORS
from ansinh.rules.explain import to_jsonable
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError
from ansinh.rules.working_days import due_date

CALCULATOR_OF = {
    ClaimKind.SICKNESS: "sickness",
    ClaimKind.MATERNITY: "maternity",
    ClaimKind.CONVALESCENCE: "convalescence",
    ClaimKind.WORK_INJURY: "work-injury",
    ClaimKind.SURVIVOR_FUNERAL: "survivor",
    ClaimKind.SURVIVOR_MONTHLY: "survivor",
    ClaimKind.SURVIVOR_LUMP_SUM: "survivor",
    ClaimKind.PENSION: "pension",
    ClaimKind.ONE_TIME: "one-time-si",
    ClaimKind.UNEMPLOYMENT: "unemployment",
}
SURVIVOR_BENEFIT = {
    ClaimKind.SURVIVOR_FUNERAL: "funeral",
    ClaimKind.SURVIVOR_MONTHLY: "monthly",
    ClaimKind.SURVIVOR_LUMP_SUM: "lump_sum",
}
SURVIVOR_KINDS = frozenset(SURVIVOR_BENEFIT)
# The kinds that read the contribution periods.
WITH_PERIODS = frozenset(
    {
        ClaimKind.MATERNITY,
        ClaimKind.PENSION,
        ClaimKind.ONE_TIME,
        ClaimKind.UNEMPLOYMENT,
        ClaimKind.SURVIVOR_LUMP_SUM,
        ClaimKind.SURVIVOR_MONTHLY,
        ClaimKind.SURVIVOR_FUNERAL,
    }
)
# Where the event day of a claim is in its parameters (for the coverage check).
EVENT_FIELD = {
    ClaimKind.SICKNESS: "leave_from",
    ClaimKind.MATERNITY: "event_date",
    ClaimKind.CONVALESCENCE: "start",
    ClaimKind.WORK_INJURY: "benefit_start",
}

OFFICER_ROLES = frozenset({Role.BENEFITS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
RECEIVER_ROLES = OFFICER_ROLES | {Role.DESK_CLERK}

STOP_BASIS = (
    "Law 41/2024 Art 75.2.a (death stops payment), 75.5 (months not received before death go to the "
    "relatives), 87.3 (survivor allowance from the month after death)"
)


def fund_of(kind: str, params: Mapping[str, Any] | None = None) -> str:
    if kind in (ClaimKind.SICKNESS, ClaimKind.MATERNITY):
        return Fund.SM
    if kind == ClaimKind.CONVALESCENCE:
        return Fund.OAOD if (params or {}).get("after") == "work_injury" else Fund.SM
    if kind == ClaimKind.WORK_INJURY:
        return Fund.OAOD
    if kind == ClaimKind.UNEMPLOYMENT:
        return Fund.UI
    return Fund.RS


def _require(actor: Any, roles: frozenset[str], what: str) -> None:
    if getattr(actor, "is_superuser", False):
        return
    if getattr(actor, "role", None) not in roles:
        raise Forbidden("not_allowed", f"Your role may not {what}.")


def _uid(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "pk", None) else None


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("person").get(pk=claim.pk)


def _record(
    actor: Any,
    claim: Claim,
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    source: str,
    reason: str = "",
    action: str = "action",
) -> None:
    audit.record(
        actor=actor, action=action, obj=claim, before=before, after=after, reason=reason, source=source
    )


# --- receive ---------------------------------------------------------------------------------------------------


def claim_receive(
    *,
    actor: Any,
    person: Any,
    kind: str,
    channel: str,
    received_on: dt.date,
    params: Mapping[str, Any] | None = None,
    claimant_name: str = "",
    payment_channel: str = PaymentChannel.BANK_CARD,
    bank_account: str = "",
    bank_name: str = "",
    payment_point: str = "",
    source: str = "",
) -> Claim:
    _require(actor, RECEIVER_ROLES, "receive claims")
    if kind not in ClaimKind.values:
        raise InvalidInput("bad_choice", f"kind must be one of {', '.join(ClaimKind.values)}", field="kind")
    if channel not in Channel.values:
        raise InvalidInput(
            "bad_choice", f"channel must be one of {', '.join(Channel.values)}", field="channel"
        )
    _check_payment(payment_channel, bank_account, payment_point)
    if params is not None and not isinstance(params, Mapping):
        raise InvalidInput("not_object", "params must be an object", field="params")
    if received_on > timezone.localdate():
        raise InvalidInput("future_date", "the receipt date is in the future", field="received_on")
    try:
        due, limit = due_date(kind, received_on)
    except RuleError as exc:
        raise InvalidInput(exc.code, exc.message, field="received_on") from None
    with transaction.atomic():
        claim = Claim.objects.create(
            person=person,
            kind=kind,
            channel=channel,
            received_on=received_on,
            due_on=due,
            due_basis=f"{limit.days} {limit.unit.replace('_', ' ')} — {limit.basis} [{limit.status}]"[:200],
            claimant_name=claimant_name[:120],
            params=dict(params or {}),
            payment_channel=payment_channel,
            bank_account=bank_account,
            bank_name=bank_name,
            payment_point=payment_point,
            received_by_id=_uid(actor),
        )
        audit.record(actor=actor, action="create", obj=claim, after=audit.snapshot(claim), source=source)
    return claim


def _check_payment(channel: str, bank_account: str, payment_point: str) -> None:
    if channel not in PaymentChannel.values:
        raise InvalidInput(
            "bad_choice",
            f"payment_channel must be one of {', '.join(PaymentChannel.values)}",
            field="payment_channel",
        )
    if channel == PaymentChannel.BANK_CARD and bank_account and not bank_account.replace(" ", "").isdigit():
        raise InvalidInput("bad_account", "the bank account number must be digits", field="bank_account")
    if channel == PaymentChannel.CASH_POINT and not payment_point:
        raise InvalidInput(
            "required", "a payment point is required for cash at a payment point", field="payment_point"
        )


# --- compute ---------------------------------------------------------------------------------------------------


def _salary_in(history: HistorySnapshot, month: Month) -> int | None:
    for p in history.periods:
        if p.is_compulsory_si and p.start <= month <= p.end:
            return p.salary
    return None


def _month_param(data: Mapping[str, Any], name: str) -> Month | None:
    try:
        return Month.of(dt.date.fromisoformat(str(data[name]))) if data.get(name) else None
    except ValueError:
        return None


def build_input(claim: Claim, history: HistorySnapshot, today: dt.date) -> dict[str, Any]:
    """The calculator's JSON input: what the officer gave, completed from the person and the ledger history."""
    person = claim.person
    data: dict[str, Any] = {k: v for k, v in claim.params.items() if k not in ("start_month",)}
    kind = claim.kind
    if kind in WITH_PERIODS:
        data.setdefault("periods", history.as_json())
    if kind == ClaimKind.SICKNESS:
        data.setdefault("contribution_months", history.si_months)
        leave = _month_param(data, "leave_from")
        if leave is not None and "salary" not in data:
            salary = _salary_in(history, leave - 1) or _salary_in(history, leave)
            if salary is not None:
                data["salary"] = salary
        if data.get("leave_to") and "holidays" not in data:
            data["holidays"] = _holidays_between(data.get("leave_from"), data.get("leave_to"))
    elif kind == ClaimKind.WORK_INJURY:
        data.setdefault("fund_months", history.si_months)
        ref = _month_param(data, "accident_date") or _month_param(data, "benefit_start")
        data.pop("accident_date", None)
        if ref is not None and "salary" not in data:
            salary = _salary_in(history, ref - 1) or _salary_in(history, ref)
            if salary is not None:
                data["salary"] = salary
    elif kind == ClaimKind.PENSION:
        data.setdefault("sex", "male" if person.sex == "M" else "female")
        data.setdefault("birth_date", person.birth_date.isoformat())
    elif kind in SURVIVOR_KINDS:
        data["benefit"] = SURVIVOR_BENEFIT[kind]
        if person.death_date:
            data.setdefault("death_date", person.death_date.isoformat())
    elif kind in (ClaimKind.ONE_TIME, ClaimKind.UNEMPLOYMENT):
        data.setdefault("decision_date", today.isoformat())
    if kind in (ClaimKind.SICKNESS, ClaimKind.WORK_INJURY) and "salary" not in data:
        ref = _month_param(data, "leave_from" if kind == ClaimKind.SICKNESS else "benefit_start")
        salary = registry_salary(person, (ref - 1).last_day) if ref is not None else None
        if salary is not None:
            data["salary"] = salary  # no assessed month yet: the salary the registry holds for the month before
    if kind == ClaimKind.UNEMPLOYMENT and not data.get("region"):
        region = last_workplace_region(person, data.get("termination_date"))
        if region is not None:
            data["region"] = region
    return data


def registry_salary(person: Any, day: dt.date) -> int | None:
    """The monthly salary on the person's salary records in force on `day` (several jobs add up)."""
    from django.db.models import Q

    from ansinh.registry.models import SalaryRecord

    amounts = list(
        SalaryRecord.objects.filter(employment__person=person, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values_list("salary", flat=True)
    )
    return int(sum(amounts)) if amounts else None


def last_workplace_region(person: Any, termination: Any) -> str | None:
    """The minimum-wage region (the unemployment calculator's notation) of the commune of the person's last
    employer, on the termination date (Employment Law: the cap follows the region of the workplace)."""
    from ansinh.contributions.regions import region_of_commune
    from ansinh.registry.models import Employment
    from ansinh.rules.benefits.unemployment import REGIONS

    try:
        day = dt.date.fromisoformat(str(termination)) if termination else timezone.localdate()
    except ValueError:
        return None
    last = (
        Employment.objects.filter(person=person, valid_from__lte=day)
        .select_related("employer")
        .order_by("-valid_from", "-id")
        .first()
    )
    if last is None or last.employer.address_commune_id is None:
        return None
    try:
        number = region_of_commune(last.employer.address_commune_id, day)
    except (RuleError, ApplicationError):
        return None
    return REGIONS[number - 1] if 1 <= number <= len(REGIONS) else None


def _holidays_between(first: Any, last: Any) -> list[str]:
    from ansinh.rules.working_days import holidays

    try:
        a, b = dt.date.fromisoformat(str(first)), dt.date.fromisoformat(str(last))
        out: set[dt.date] = set()
        for year in range(a.year, b.year + 1):
            out |= holidays(year)
    except (ValueError, RuleError):
        return []
    return sorted(d.isoformat() for d in out if a <= d <= b)


def coverage_checks(claim: Claim, history: HistorySnapshot, data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Checks against the person's coverage and contribution history. level: error (blocks) | warning | ok."""
    person, kind = claim.person, claim.kind
    out: list[dict[str, str]] = []

    def add(level: str, code: str, message: str, basis: str = "", **args: Any) -> None:
        row: dict[str, Any] = {"level": level, "code": code, "message": message, "basis": basis}
        if args:
            row["args"] = args
        out.append(row)

    if kind in SURVIVOR_KINDS:
        if not person.death_date:
            add(
                "error",
                "not_deceased",
                "Survivor benefits need the person's date of death in the registry.",
                "Law 41/2024 Art 84",
            )
    elif person.death_date and kind in (ClaimKind.PENSION, ClaimKind.UNEMPLOYMENT, ClaimKind.ONE_TIME):
        add(
            "error",
            "deceased",
            f"The person died on {person.death_date:%d/%m/%Y}; claim the survivor benefits.",
            STOP_BASIS,
            day=f"{person.death_date:%d/%m/%Y}",
        )
    if (
        kind in (ClaimKind.PENSION, ClaimKind.SURVIVOR_MONTHLY)
        and Entitlement.objects.filter(person=person, kind=kind, status=Entitlement.Status.ACTIVE)
        .exclude(claim=claim)
        .exists()
    ):
        add("error", "already_in_payment", "The person already has this benefit in payment.")
    months = history.si_months + history.vsi_months
    add(
        "ok" if months else "warning",
        "history",
        f"{history.si_months} months of compulsory SI, {history.ui_months} of UI, {history.vsi_months} of voluntary "
        "SI read from the assessment lines and receipts.",
        si=history.si_months,
        ui=history.ui_months,
        vsi=history.vsi_months,
    )
    if history.unconfirmed_months:
        shown = ", ".join(history.unconfirmed_months[:12]) + (
            " …" if len(history.unconfirmed_months) > 12 else ""
        )
        add(
            "warning",
            "unconfirmed_months",
            f"{len(history.unconfirmed_months)} month(s) not yet paid by the employer: {shown}.",
            "Law 41/2024 Art 40 (months owed by the employer) — UNVERIFIED how they count",
            count=len(history.unconfirmed_months),
            months=shown,
        )
    field = EVENT_FIELD.get(kind)
    if field and data.get(field):
        try:
            day = dt.date.fromisoformat(str(data[field]))
        except ValueError:
            day = None
        if day is not None:
            covered = in_scheme(person, Scheme.SI, day)
            add(
                "ok" if covered else "warning",
                "coverage",
                f"Compulsory SI participation {'covers' if covered else 'does not cover'} {day:%d/%m/%Y}.",
                day=f"{day:%d/%m/%Y}",
            )
    if kind == ClaimKind.UNEMPLOYMENT and not history.ui_months:
        add("warning", "no_ui", "No month of unemployment insurance in the ledger.")
    return out


def _amounts(
    kind: str, result: Mapping[str, Any], data: Mapping[str, Any], today: dt.date
) -> tuple[bool, int, int, Month | None, Month | None]:
    """(eligible, one-off amount, monthly amount, first month, last month) from a calculator result."""
    monthly, amount, start, end = 0, 0, None, None
    eligible = bool(result.get("eligible", True))
    if kind == ClaimKind.SICKNESS or kind == ClaimKind.CONVALESCENCE:
        amount = int(result["amount"])
        eligible = amount > 0
    elif kind == ClaimKind.MATERNITY:
        amount = int(result["total"])
    elif kind == ClaimKind.WORK_INJURY:
        eligible = result["kind"] != "none"
        amount, monthly = int(result["lump_sum"]), int(result["monthly"])
        if monthly:
            start = Month.of(dt.date.fromisoformat(str(data["benefit_start"])))
    elif kind in SURVIVOR_KINDS:
        if kind == ClaimKind.SURVIVOR_MONTHLY:
            monthly = int(result["amount"])
            start = (
                Month.parse(str(data["payment_month"]))
                if data.get("payment_month")
                else Month.of(dt.date.fromisoformat(str(data["death_date"]))) + 1
            )  # Art 87.3
        else:
            amount = int(result["amount"])
    elif kind == ClaimKind.PENSION:
        monthly, amount = int(result["monthly_pension"]), int(result["lump_sum"])
        start = Month.of(dt.date.fromisoformat(str(data["pension_start"])))
    elif kind == ClaimKind.ONE_TIME:
        amount = int(result["amount"])
    elif kind == ClaimKind.UNEMPLOYMENT:
        monthly = int(result["monthly_benefit"])
        start = Month.of(dt.date.fromisoformat(str(data.get("decision_date") or today.isoformat())))
        if result.get("duration_months"):
            end = start + int(result["duration_months"]) - 1
    if not eligible:
        return False, 0, 0, None, None
    return eligible, amount, monthly, start, end


def claim_compute(
    *, actor: Any, claim: Claim, params: Mapping[str, Any] | None = None, source: str = ""
) -> Claim:
    _require(actor, OFFICER_ROLES, "compute benefits")
    today = timezone.localdate()
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in (Claim.Status.RECEIVED, Claim.Status.COMPUTED, Claim.Status.REOPENED):
            raise Conflict(
                "bad_status", f"A claim that is {claim.get_status_display().lower()} cannot be computed."
            )
        before = {"status": claim.status, "amount": claim.amount, "monthly_amount": claim.monthly_amount}
        if params is not None:
            if not isinstance(params, Mapping):
                raise InvalidInput("not_object", "params must be an object", field="params")
            claim.params = dict(params)
        history = contribution_history(claim.person)
        data = build_input(claim, history, today)
        checks = coverage_checks(claim, history, data)
        errors = [c for c in checks if c["level"] == "error"]
        if errors:
            raise ApplicationError(errors[0]["code"], errors[0]["message"], details=checks)
        spec = CALCULATORS[CALCULATOR_OF[claim.kind]]
        try:
            result = to_jsonable(spec.compute(data))
            eligible, amount, monthly, start, end = _amounts(claim.kind, result, data, today)
        except RuleError as exc:
            raise InvalidInput(
                exc.code, exc.message, field=f"params.{exc.field}" if exc.field else "params"
            ) from None
        override = claim.params.get("start_month")
        if override and monthly:
            try:
                start = Month.parse(str(override))
            except ValueError:
                raise InvalidInput(
                    "bad_month", "start_month must be YYYY-MM", field="params.start_month"
                ) from None
        claim.history = history.as_json()
        claim.checks = checks
        claim.result = {
            "calculator": spec.kind,
            "input": to_jsonable({k: v for k, v in data.items() if k != "periods"}),
            "output": result,
        }
        claim.eligible = eligible
        claim.amount, claim.monthly_amount = amount, monthly
        claim.start_month = start.first_day if start else None
        claim.end_month = end.first_day if end else None
        claim.status = Claim.Status.COMPUTED
        claim.computed_by_id, claim.computed_at = _uid(actor), timezone.now()
        claim.approved_by_id, claim.approved_at = None, None
        claim.save()
        _record(
            actor,
            claim,
            before,
            {
                "status": claim.status,
                "eligible": eligible,
                "amount": amount,
                "monthly_amount": monthly,
                "calculator": spec.kind,
            },
            source=source,
        )
    return claim


# --- the contribution history of a claim, corrected by the officer ---------------------------------------------

MAX_PERIODS = 600
PERIOD_KINDS = ("employer", "state", "voluntary")
PERIOD_SCHEMES = ("si_ui", "si", "ui")


def _clean_periods(rows: Any) -> list[dict[str, Any]]:
    """Periods as the calculators take them, each field checked and named (periods[i].salary …)."""
    if not isinstance(rows, list) or not rows:
        raise InvalidInput("required", "give at least one contribution period", field="periods")
    if len(rows) > MAX_PERIODS:
        raise InvalidInput("too_many", f"at most {MAX_PERIODS} periods", field="periods")
    out = []
    for i, row in enumerate(rows):
        where = f"periods[{i}]"
        if not isinstance(row, Mapping):
            raise InvalidInput("not_object", f"{where} must be an object", field=where)
        try:
            first = Month.parse(str(row.get("from", "")))
            last = Month.parse(str(row.get("to") or row.get("from", "")))
        except ValueError:
            raise InvalidInput("bad_month", f"{where}: months are YYYY-MM", field=f"{where}.from") from None
        if not (Month(1960, 1) <= first <= last <= Month.of(timezone.localdate())):
            raise InvalidInput(
                "bad_period", f"{where}: from ≤ to, between 1960-01 and this month", field=f"{where}.to"
            )
        salary = row.get("salary")
        if isinstance(salary, str) and salary.replace(".", "").replace(",", "").strip().isdigit():
            salary = int(salary.replace(".", "").replace(",", "").strip())
        if isinstance(salary, bool) or not isinstance(salary, int) or not 0 < salary <= 10_000_000_000:
            raise InvalidInput(
                "bad_salary", f"{where}.salary must be a whole number of đồng above 0", field=f"{where}.salary"
            )
        kind = row.get("kind") or "employer"
        scheme = row.get("scheme") or ("si" if kind == "voluntary" else "si_ui")
        if kind not in PERIOD_KINDS:
            raise InvalidInput("bad_choice", f"{where}.kind must be one of {', '.join(PERIOD_KINDS)}", field=f"{where}.kind")
        if scheme not in PERIOD_SCHEMES or (kind == "voluntary" and scheme != "si"):
            raise InvalidInput("bad_choice", f"{where}.scheme must be one of {', '.join(PERIOD_SCHEMES)}", field=f"{where}.scheme")
        clean = {"from": str(first), "to": str(last), "salary": salary, "kind": kind, "scheme": scheme}
        for extra in ("coefficient", "state_support"):
            if row.get(extra) not in (None, ""):
                clean[extra] = row[extra]
        out.append(clean)
    return out


def claim_set_history(
    *, actor: Any, claim: Claim, periods: Any, reason: str, source: str = ""
) -> Claim:
    """The officer corrects the contribution periods and salaries the claim is computed on (a month the ledger
    lacks, a salary proven by the employer's papers): kept on the claim with the reason, audited; `periods=None`
    goes back to the history read from the ledger. A computed claim must be computed again."""
    _require(actor, OFFICER_ROLES, "correct contribution histories")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput("reason_required", "give the reason for the correction", field="reason")
    clean = None if periods is None else _clean_periods(periods)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in (Claim.Status.RECEIVED, Claim.Status.COMPUTED, Claim.Status.REOPENED):
            raise Conflict(
                "bad_status",
                f"The history of a claim that is {claim.get_status_display().lower()} cannot be changed.",
            )
        before = {"periods": claim.params.get("periods"), "status": claim.status}
        params = dict(claim.params)
        if clean is None:
            params.pop("periods", None)
        else:
            params["periods"] = clean
        claim.params = params
        if claim.status == Claim.Status.COMPUTED:
            claim.status = Claim.Status.RECEIVED
            claim.result, claim.eligible, claim.amount, claim.monthly_amount = None, None, 0, 0
        claim.save()
        _record(
            actor, claim, before, {"periods": clean, "status": claim.status}, source=source, reason=reason,
            action="update",
        )
    return claim


# --- approve, decide, refuse, reopen -------------------------------------------------------------------------


def claim_approve(*, actor: Any, claim: Claim, source: str = "") -> Claim:
    _require(actor, OFFICER_ROLES, "approve benefits")
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status != Claim.Status.COMPUTED:
            raise Conflict("bad_status", "Only a computed claim can be approved.")
        if claim.computed_by_id is not None and claim.computed_by_id == _uid(actor):
            raise Forbidden(
                "same_officer",
                "The officer who computed the claim cannot approve it: a second officer must review it.",
            )
        if not claim.eligible:
            raise Conflict(
                "not_eligible", "The calculation found the claim not eligible: refuse it with a reason."
            )
        claim.status = Claim.Status.APPROVED
        claim.approved_by_id, claim.approved_at = _uid(actor), timezone.now()
        claim.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        _record(actor, claim, {"status": Claim.Status.COMPUTED}, {"status": claim.status}, source=source)
    return claim


def _next_decision(claim: Claim) -> tuple[int, Decision | None]:
    last = claim.decisions.order_by("-version").first()
    return (last.version + 1 if last else 1), last


def _number(claim: Claim, version: int, day: dt.date) -> str:
    return f"{claim.pk:06d}.{version}/{day.year}/QĐ-BHXH"


def claim_decide(
    *, actor: Any, claim: Claim, decided_on: dt.date | None = None, source: str = ""
) -> Decision:
    _require(actor, OFFICER_ROLES, "decide benefits")
    day = decided_on or timezone.localdate()
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status != Claim.Status.APPROVED:
            raise Conflict("bad_status", "Only an approved claim can be decided.")
        version, previous = _next_decision(claim)
        decision = Decision.objects.create(
            claim=claim,
            version=version,
            previous=previous,
            number=_number(claim, version, day),
            outcome=Decision.Outcome.GRANT,
            reason=claim.reopen_reason if previous else "",
            result=claim.result,
            amount=claim.amount,
            monthly_amount=claim.monthly_amount,
            start_month=claim.start_month,
            end_month=claim.end_month,
            payment_channel=claim.payment_channel,
            bank_account=claim.bank_account,
            bank_name=claim.bank_name,
            payment_point=claim.payment_point,
            computed_by_id=claim.computed_by_id,
            approved_by_id=claim.approved_by_id,
            decided_by_id=_uid(actor),
            decided_on=day,
            decided_at=timezone.now(),
        )
        claim.status = Claim.Status.DECIDED
        claim.save(update_fields=["status", "updated_at"])
        if claim.monthly_amount:
            _entitlement_for(actor, claim, decision, source=source)
        else:
            _stop_entitlement(actor, claim, reason="decision without a monthly amount", source=source)
        _post_one_off(actor, claim, decision, previous)
        audit.record(
            actor=actor, action="create", obj=decision, after=audit.snapshot(decision), source=source
        )
        _record(
            actor,
            claim,
            {"status": Claim.Status.APPROVED},
            {"status": claim.status, "decision": decision.number},
            source=source,
        )
    return decision


def claim_refuse(
    *, actor: Any, claim: Claim, reason: str, decided_on: dt.date | None = None, source: str = ""
) -> Decision:
    _require(actor, OFFICER_ROLES, "refuse benefits")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput(
            "reason_required", "A refusal needs its reason (at least 5 characters).", field="reason"
        )
    day = decided_on or timezone.localdate()
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status in (Claim.Status.DECIDED, Claim.Status.REFUSED):
            raise Conflict("bad_status", "The claim is already decided: reopen it to correct the decision.")
        before = claim.status
        version, previous = _next_decision(claim)
        decision = Decision.objects.create(
            claim=claim,
            version=version,
            previous=previous,
            number=_number(claim, version, day),
            outcome=Decision.Outcome.REFUSAL,
            reason=reason[:300],
            result=claim.result,
            computed_by_id=claim.computed_by_id,
            approved_by_id=claim.approved_by_id,
            decided_by_id=_uid(actor),
            decided_on=day,
            decided_at=timezone.now(),
        )
        claim.status = Claim.Status.REFUSED
        claim.save(update_fields=["status", "updated_at"])
        _stop_entitlement(actor, claim, reason=f"refused on correction: {reason}", source=source)
        _post_one_off(actor, claim, decision, previous)
        audit.record(
            actor=actor,
            action="create",
            obj=decision,
            after=audit.snapshot(decision),
            reason=reason,
            source=source,
        )
        _record(
            actor,
            claim,
            {"status": before},
            {"status": claim.status, "decision": decision.number},
            reason=reason,
            source=source,
        )
    return decision


def claim_reopen(*, actor: Any, claim: Claim, reason: str, source: str = "") -> Claim:
    """Start a correction of a decided or refused claim. The next decision will be a new version."""
    _require(actor, OFFICER_ROLES, "correct decisions")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput(
            "reason_required", "A correction needs its reason (at least 5 characters).", field="reason"
        )
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in (Claim.Status.DECIDED, Claim.Status.REFUSED):
            raise Conflict("bad_status", "Only a decided or refused claim can be corrected.")
        before = claim.status
        claim.status = Claim.Status.REOPENED
        claim.reopen_reason = reason[:300]
        claim.computed_by_id = claim.approved_by_id = None
        claim.computed_at = claim.approved_at = None
        claim.save()
        _record(actor, claim, {"status": before}, {"status": claim.status}, reason=reason, source=source)
    return claim


# --- effects of a decision -----------------------------------------------------------------------------------


def _entitlement_for(actor: Any, claim: Claim, decision: Decision, *, source: str) -> Entitlement:
    assert decision.start_month is not None
    ent = Entitlement.objects.select_for_update().filter(claim=claim).first()
    fields = {
        "from_month": decision.start_month,
        "to_month": decision.end_month,
        "channel": decision.payment_channel,
        "bank_account": decision.bank_account,
        "bank_name": decision.bank_name,
        "payment_point": decision.payment_point,
    }
    if ent is None:
        ent = Entitlement.objects.create(
            person=claim.person,
            claim=claim,
            kind=claim.kind,
            fund=fund_of(claim.kind, claim.params),
            retired_before_1995=bool(claim.params.get("retired_before_1995")),
            **fields,
        )
        audit.record(actor=actor, action="create", obj=ent, after=audit.snapshot(ent), source=source)
        row_source = EntitlementAmount.Source.DECISION
    else:
        before = audit.snapshot(ent)
        for k, v in fields.items():
            setattr(ent, k, v)
        if ent.status == Entitlement.Status.STOPPED and ent.stop_month and not claim.person.death_date:
            ent.status, ent.stop_month = Entitlement.Status.ACTIVE, None
        ent.save()
        audit.record(
            actor=actor,
            action="update",
            obj=ent,
            before=before,
            after=audit.snapshot(ent),
            reason=decision.reason,
            source=source,
        )
        row_source = EntitlementAmount.Source.CORRECTION
    EntitlementAmount.objects.create(
        entitlement=ent,
        valid_from=decision.start_month,
        amount=decision.monthly_amount,
        source=row_source,
        decision=decision,
        basis=f"decision {decision.number}",
        created_at=timezone.now(),
    )
    if row_source == EntitlementAmount.Source.CORRECTION:
        # Months already paid: above the corrected amount → a recovery; below it → arrears on the next payroll.
        from ansinh.benefits.models import Recovery
        from ansinh.benefits.services.recovery import reconcile_entitlement

        reconcile_entitlement(
            actor=actor,
            entitlement=ent,
            cause=Recovery.Cause.CORRECTION,
            decision=decision,
            reason=decision.reason or "corrected decision",
            source=source,
        )
    return ent


def _stop_entitlement(actor: Any, claim: Claim, *, reason: str, source: str) -> None:
    ent = Entitlement.objects.select_for_update().filter(claim=claim).first()
    if ent is None or ent.status == Entitlement.Status.STOPPED:
        return
    before = audit.snapshot(ent)
    paid = paid_through(ent)
    first_unpaid = (Month.of(paid) + 1).first_day if paid else ent.from_month
    ent.status, ent.stop_month = Entitlement.Status.STOPPED, first_unpaid
    last = (Month.of(first_unpaid) - 1).first_day
    ent.to_month = min(ent.to_month, last) if ent.to_month else last
    ent.status_reason = reason[:300]
    ent.status_basis = "Law 41/2024 Art 75.2.c (payment found not in accordance with the law)"
    ent.save()
    audit.record(
        actor=actor,
        action="update",
        obj=ent,
        before=before,
        after=audit.snapshot(ent),
        reason=reason,
        source=source,
    )


def _post_one_off(actor: Any, claim: Claim, decision: Decision, previous: Decision | None) -> None:
    """A one-off amount (lump sum, sickness, maternity …) is a benefit expense owed to the person: Dr
    benefit_expense / Cr benefits_payable, by fund. A correction posts the difference from the previous version."""
    from ansinh.contributions.services.ledger import Posting, post

    granted = decision.amount if decision.outcome == Decision.Outcome.GRANT else 0
    before = previous.amount if previous is not None and previous.outcome == Decision.Outcome.GRANT else 0
    delta = granted - before
    if not delta:
        return
    fund = fund_of(claim.kind, claim.params)
    month = Month.of(decision.decided_on)
    post(
        kind=LedgerTxn.Kind.BENEFIT,
        reference=f"decision:{decision.number}",
        period=month,
        effective_date=decision.decided_on,
        actor=actor,
        memo=f"{claim.kind} claim {claim.pk} v{decision.version}",
        postings=[
            Posting(Account.BENEFIT_EXPENSE, fund, HolderType.AGENCY, 0, month.first_day, delta),
            Posting(
                Account.BENEFITS_PAYABLE, fund, HolderType.PERSON, claim.person_id, month.first_day, -delta
            ),
        ],
        source="benefits",
    )
    if delta < 0:
        # Already put on a payment list above the corrected amount → recovered from the person (the posting above
        # left that part as a debit balance of the person's benefits_payable).
        from ansinh.benefits.services.recovery import one_off_recovery

        one_off_recovery(actor=actor, claim=claim, decision=decision, source="benefits")
