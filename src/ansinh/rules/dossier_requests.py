"""What the applicant asks for in a dossier (`Dossier.request`), one small schema per procedure.

A dossier's `request` is a JSON object; `validate(code, data)` returns it cleaned (types coerced, strings stripped,
absent optional keys left out) or raises RuleError with field `request.<key>` (`request.changes.<key>`,
`request.members[<i>]`). Unknown keys are refused, naming the key: a portal form that sends a field ansinh does not
carry must fail loudly, not lose what the applicant typed. The shapes are documented in docs/procedures.md
("What the applicant asks for"). Database checks (a commune in scope, a member who exists, an amount the
calculators accept) are made by the work the dossier starts, not here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ansinh.rules.params.contribution_rates import VOLUNTARY_GROUPS
from ansinh.rules.tables import RuleError

MAX_TEXT = 500
MAX_MEMBERS = 30
MAX_INCOME = 10_000_000_000  # the plausible monthly salary bound of core.bounds (ANSINH_MAX_SALARY default)
ID_NUMBER = re.compile(r"^\d{12}$")
PHONE = re.compile(r"^0\d{8,10}$")
DIGITS = re.compile(r"^\d{4,30}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TAX_CODE = re.compile(r"^\d{10}(\d{3})?$")

SUPPORT_GROUPS = VOLUNTARY_GROUPS  # the state-support groups of the voluntary-si calculator
VOLUNTARY_MODES = ("monthly", "quarterly", "half_year", "yearly", "years_ahead", "years_back")
# the request's modes (the portal's words) → the voluntary-si calculator's
VOLUNTARY_CALCULATOR_MODES = {"monthly": "monthly", "quarterly": "3_months", "half_year": "6_months",
                              "yearly": "12_months", "years_ahead": "advance", "years_back": "makeup"}
PAYMENT_METHODS = ("bank", "cash")
CARD_REASONS = ("lost", "damaged", "changed_info")
HOUSEHOLD_MONTHS = (3, 6, 12)
SEXES = ("M", "F")
CHANGE_KEYS = ("full_name", "birth_date", "address_commune", "address_line", "phone", "email", "id_number")


@dataclass(frozen=True)
class Key:
    """One key of a request: its kind, whether it is required, and its bounds."""

    kind: str  # int | text | choice | month | date | ids | id_number | phone | digits | email | tax_code | changes
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[Any, ...] = ()
    max_length: int = MAX_TEXT


@dataclass(frozen=True)
class Schema:
    keys: Mapping[str, Key]
    check: Callable[[dict[str, Any]], None] | None = None  # cross-key rules on the cleaned request
    note: str = ""
    examples: tuple[dict[str, Any], ...] = field(default=())


def _err(code: str, message: str, key: str) -> RuleError:
    return RuleError(code, message, field=f"request.{key}")


def _int(value: Any, key: str, spec: Key) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _err("not_integer", f"{key} must be a whole number", key)
    try:
        number = int(value)
    except ValueError:
        raise _err("not_integer", f"{key} must be a whole number, got {value!r}", key) from None
    if spec.minimum is not None and number < spec.minimum:
        raise _err("out_of_range", f"{key} must be at least {spec.minimum}", key)
    if spec.maximum is not None and number > spec.maximum:
        raise _err("out_of_range", f"{key} must be at most {spec.maximum}", key)
    return number


def _text(value: Any, key: str, spec: Key) -> str:
    if not isinstance(value, str):
        raise _err("not_text", f"{key} must be text", key)
    text = value.strip()
    if len(text) > spec.max_length:
        raise _err("too_long", f"{key} is longer than {spec.max_length} characters", key)
    if spec.required and not text:
        raise _err("required", f"{key} is required", key)
    return text


def _pattern(value: Any, key: str, spec: Key, pattern: re.Pattern[str], what: str) -> str:
    text = _text(value, key, spec).replace(" ", "")
    if text and not pattern.match(text):
        raise _err("bad_format", f"{key} must be {what}", key)
    return text


def month(value: Any, key: str) -> str:
    """A month as YYYY-MM (years 1945..2100)."""
    match = MONTH.match(value) if isinstance(value, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1945 <= int(match.group(1)) <= 2100:
        raise _err("bad_month", f"{key} must be a month YYYY-MM", key)
    return value


def _date(value: Any, key: str) -> str:
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2100:
        raise _err("bad_date", f"{key} must be a date YYYY-MM-DD", key)
    return day.isoformat()


def _clean(value: Any, key: str, spec: Key) -> Any:
    kind = spec.kind
    if kind == "int":
        return _int(value, key, spec)
    if kind == "text":
        return _text(value, key, spec)
    if kind == "choice":
        if isinstance(value, str) and all(isinstance(c, int) for c in spec.choices):
            value = _int(value, key, Key("int"))
        if value not in spec.choices or isinstance(value, bool):
            raise _err("bad_choice", f"{key} must be one of {', '.join(str(c) for c in spec.choices)}", key)
        return value
    if kind == "month":
        return month(value, key)
    if kind == "date":
        return _date(value, key)
    if kind == "id_number":
        return _pattern(value, key, spec, ID_NUMBER, "the 12 digits of a citizen ID")
    if kind == "phone":
        return _pattern(value, key, spec, PHONE, "a Vietnamese phone number (0 and 9 to 11 digits)")
    if kind == "digits":
        return _pattern(value, key, spec, DIGITS, "4 to 30 digits")
    if kind == "email":
        return _pattern(value, key, spec, EMAIL, "an e-mail address")
    if kind == "tax_code":
        return _pattern(value, key, spec, TAX_CODE, "a tax code of 10 or 13 digits")
    if kind == "ids":
        if not isinstance(value, list) or not value:
            raise _err("not_list", f"{key} must be a non-empty list of person ids", key)
        if len(value) > (spec.maximum or MAX_MEMBERS):
            raise _err("too_many", f"{key} holds at most {spec.maximum or MAX_MEMBERS} entries", key)
        ids = [_int(v, f"{key}[{i}]", Key("int", minimum=1, maximum=2**63 - 1)) for i, v in enumerate(value)]
        if len(set(ids)) != len(ids):
            raise _err("duplicate", f"{key} names a person twice", key)
        return ids
    if kind == "changes":
        return _changes(value, key)
    raise AssertionError(kind)  # pragma: no cover - schema error


CHANGE_SPECS: dict[str, Key] = {
    "full_name": Key("text", max_length=120),
    "birth_date": Key("date"),
    "address_commune": Key("int", minimum=1),
    "address_line": Key("text", max_length=200),
    "phone": Key("phone"),
    "email": Key("email", max_length=120),
    "id_number": Key("id_number"),
}


def _changes(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not value:
        raise _err("required", f"{key} must name at least one item of information to change", key)
    out: dict[str, Any] = {}
    for name, new in value.items():
        spec = CHANGE_SPECS.get(name)
        if spec is None:
            raise _err("unknown_key", f"{key}.{name} cannot be changed by this procedure (only "
                       f"{', '.join(CHANGE_KEYS)})", f"{key}.{name}")
        cleaned = _clean(new, f"{key}.{name}", spec)
        if cleaned in ("", None) and name not in ("address_line", "phone", "email"):
            raise _err("required", f"{key}.{name} needs its new value", f"{key}.{name}")
        out[name] = cleaned
    return out


def _bank_needs_account(data: dict[str, Any]) -> None:
    method = data.get("payment_method", data.get("method"))
    if method == "bank" and not data.get("bank_account"):
        raise _err("required", "payment to a bank account needs the account number", "bank_account")
    if method == "cash" and data.get("bank_account"):
        raise _err("not_allowed", "a cash payment has no bank account", "bank_account")


def _voluntary(data: dict[str, Any]) -> None:
    mode, months = data["mode"], data.get("months")
    fixed = {"monthly": 1, "quarterly": 3, "half_year": 6, "yearly": 12}
    if mode in fixed:
        if months not in (None, fixed[mode]):
            raise _err("bad_months", f"mode {mode} pays {fixed[mode]} month(s) at a time", "months")
        data["months"] = fixed[mode]
    elif months is None or months % 12:
        raise _err("bad_months", f"mode {mode} pays whole years: months 12, 24, … up to 60", "months")


def _employment_together(data: dict[str, Any]) -> None:
    given = [k for k in ("employer", "start_date", "salary") if k in data]
    if given and len(given) != 3:
        missing = next(k for k in ("employer", "start_date", "salary") if k not in data)
        raise _err("required", "an employment declared with the registration needs employer, start_date and "
                   "salary", missing)


REG_PERSON_DATA = ("citizen_id", "full_name", "birth_date", "sex", "address_commune")
REG_EMPLOYER_DATA = ("unit_code", "name", "ownership_type", "sector", "address_commune", "start_date")


_PAYMENT = {
    "bank_account": Key("digits", max_length=30),
    "bank_code": Key("text", max_length=20),
}
BENEFIT = Schema({"payment_method": Key("choice", choices=PAYMENT_METHODS), **_PAYMENT,
                  "note": Key("text")}, _bank_needs_account,
                 "How the benefit is paid; the claim itself is made from the dossier's documents.")
_PERSON_DATA = {
    "citizen_id": Key("id_number"),
    "full_name": Key("text", max_length=120),
    "birth_date": Key("date"),
    "sex": Key("choice", choices=SEXES),
    "address_commune": Key("int", minimum=1),
    "address_line": Key("text", max_length=200),
    "phone": Key("phone"),
}

SCHEMAS: dict[str, Schema] = {
    "voluntary-si": Schema({
        "income": Key("int", required=True, minimum=1, maximum=MAX_INCOME),
        "mode": Key("choice", required=True, choices=VOLUNTARY_MODES),
        "months": Key("int", minimum=1, maximum=60),
        "start_month": Key("month", required=True),
        "support_group": Key("choice", choices=SUPPORT_GROUPS),
    }, _voluntary, "The declared monthly income, the payment mode and the first month; the amount due with the "
       "state support is computed by the voluntary-si calculator when the work starts."),
    "household-hi": Schema({
        "members": Key("ids", required=True, maximum=MAX_MEMBERS),
        "months": Key("choice", required=True, choices=HOUSEHOLD_MONTHS),
        "start_month": Key("month", required=True),
    }, None, "The household members enrolled (person ids), the months paid and the first month."),
    "change-info": Schema({
        "changes": Key("changes", required=True),
        "reason": Key("text", required=True),
    }, None, "The new values of the registered information; applied to the registry when approved."),
    "payment-change": Schema({
        "method": Key("choice", required=True, choices=PAYMENT_METHODS),
        **_PAYMENT,
        "commune": Key("int", minimum=1),
    }, _bank_needs_account, "The new payment method (and the commune of the paying point for cash)."),
    "pension-resume": Schema({
        "reason": Key("text", required=True),
        "from_month": Key("month", required=True),
    }, None, "Why the suspension has ended and the first month paid again."),
    "hi-card-issue": Schema({
        "reason": Key("choice", choices=CARD_REASONS),
        "primary_care": Key("text", max_length=10),
    }, None, "The registered primary-care facility (its code) if the applicant chooses one."),
    "hi-card-reissue": Schema({
        "reason": Key("choice", required=True, choices=CARD_REASONS),
        "primary_care": Key("text", max_length=10),
    }, None, "Why the card is reissued and, if it changes, the primary-care facility."),
    "reg-person": Schema({
        **_PERSON_DATA,
        "employer": Key("int", minimum=1),
        "start_date": Key("date"),
        "salary": Key("int", minimum=1, maximum=MAX_INCOME),
    }, _employment_together, "The registry data of the person when the desk has not registered them first, and the employer and "
       "start date of the employment declared."),
    "reg-employer": Schema({
        "unit_code": Key("text", max_length=24),
        "name": Key("text", max_length=250),
        "tax_code": Key("tax_code"),
        "ownership_type": Key("text", max_length=24),
        "sector": Key("text", max_length=1),
        "address_commune": Key("int", minimum=1),
        "address_line": Key("text", max_length=200),
        "phone": Key("phone"),
        "email": Key("email", max_length=120),
        "start_date": Key("date"),
    }, None, "The registry data of the unit when the desk has not registered it first."),
}
EMPTY = Schema({}, None, "Nothing beyond the documents.")


def schema(code: str) -> Schema:
    """The request schema of procedure `code`: every benefit procedure shares the payment one."""
    if code in SCHEMAS:
        return SCHEMAS[code]
    if code.startswith("benefit-"):
        return BENEFIT
    return EMPTY


def validate(code: str, data: Any, *, complete: bool = False) -> dict[str, Any]:
    """The cleaned request of a dossier of procedure `code`, or RuleError naming `request.<key>`.

    An empty request is accepted unless `complete`: a paper dossier carries what is asked on its forms (TK1-TS …)
    and the desk or the handler types it in later (`dossier_set_request`); the work refuses to start or to be
    applied without it (`complete=True`). A request with any key must be whole."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise RuleError("not_object", "request must be an object", field="request")
    spec = schema(code)
    if not data and not complete:
        return {}
    unknown = [k for k in data if k not in spec.keys]
    if unknown:
        allowed = ", ".join(spec.keys) or "nothing"
        raise _err("unknown_key", f"{unknown[0]} is not part of a {code} request (it takes {allowed})", unknown[0])
    out: dict[str, Any] = {}
    for key, key_spec in spec.keys.items():
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip() and key_spec.kind != "text"):
            if key_spec.required:
                raise _err("required", f"{key} is required for {code}", key)
            continue
        cleaned = _clean(value, key, key_spec)
        if cleaned == "" and not key_spec.required:
            continue
        out[key] = cleaned
    if spec.check is not None:
        spec.check(out)
    return out


def _describe(s: Schema) -> dict[str, Any]:
    return {"note": s.note, "keys": {
        k: {"kind": v.kind, "required": v.required, **({"minimum": v.minimum} if v.minimum is not None else {}),
            **({"maximum": v.maximum} if v.maximum is not None else {}),
            **({"choices": list(v.choices)} if v.choices else {}),
            **({"max_length": v.max_length} if v.kind in ("text", "email") else {})}
        for k, v in s.keys.items()}}


def describe_one(code: str) -> dict[str, Any]:
    """The schema of procedure `code` as data (the API's catalogue): key → kind, required, bounds, choices."""
    return _describe(schema(code))


def describe() -> dict[str, dict[str, Any]]:
    """Every schema as data (the docs)."""
    return {**{code: _describe(s) for code, s in SCHEMAS.items()}, "benefit-*": _describe(BENEFIT)}
