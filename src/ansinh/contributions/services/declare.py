"""Employer declarations (D02-LT): employees joining, leaving, changing salary, on unpaid leave and back.

`declaration_submit` checks every line first and collects every error as
`{"line": n, "field": ..., "code": ..., "message": ...}`; with any error it raises `FileErrors` and writes nothing.
Otherwise it applies all lines in one transaction through the registry and coverage services (each audited) and
records the Declaration, its lines and an audit row for the declaration. See docs/declarations.md.

Rules of a line (from_month = M):
- JOIN from M: employment from the 1st of M (or the employer's start date, if later), salary from then, SI/HI/UI
  participations from M as `compulsory_scope(contract_type, 1st of M)` says. A person not in the registry is
  registered first (TK1-TS data: full name, birth date, sex, commune, citizen ID). With `to_month` N the
  employment also ends on the last day of N (a past job declared late).
- LEAVE from M: M is the first month NOT contributed; the last contributed month is M−1. The employment ends on
  the last day of M−1 and the open participations of the employment close with M−1.
- SALARY from M: a new salary record from the 1st of M (the previous one ends the day before).
- SUSPEND from M (unpaid leave, suspension): the employment stays; its open participations close with M−1. With
  `to_month` N, they reopen from N+1.
- RETURN from M: the participations of the (open) employment reopen from M.
Lines with M before the declaration period are retroactive: the next monthly assessment re-assesses the changed
employments and posts the difference as an adjustment (analytics.assessment).

Who may declare: staff whose localities include the employer, and the employer's own representatives. The registry
services are reserved to staff, so a representative's declaration is applied by the system on the representative's
behalf (audit actor "system", audit source `declaration:<id>`; the declaration's own audit row names the
representative). A new person living outside a staff user's localities is registered the same way: the employer,
not the person's home commune, is what the declaration is about.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import Role
from ansinh.accounts.scope import can_see_commune, employers_visible
from ansinh.contributions.models import Declaration, DeclarationLine
from ansinh.contributions.regions import regions_of_communes
from ansinh.core import bounds
from ansinh.core.bulk import insert_rows
from ansinh.core.errors import ApplicationError, FileErrors, InvalidInput, NotFound
from ansinh.core.identifiers import validate_citizen_id, validate_phone, validate_si_code
from ansinh.core.text import fold, normalise_name
from ansinh.coverage.models import Participation, Payer, Scheme
from ansinh.coverage.services.participation import participation_close, participation_open
from ansinh.places.models import AdminUnit, Level
from ansinh.registry.codes import ETHNICITIES
from ansinh.registry.models import (
    BirthPrecision,
    ContractType,
    Employer,
    Employment,
    OwnershipType,
    Person,
    SalaryKind,
    SalaryRecord,
)
from ansinh.registry.services.employment import employment_end, employment_start, salary_change
from ansinh.registry.services.persons import PersonInput, person_create
from ansinh.rules.contributions.parameters import month_parameters
from ansinh.rules.contributions.scope import compulsory_scope
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

Action = DeclarationLine.Action
MAX_LINES = 10_000
ONE_DAY = dt.timedelta(days=1)
REGISTRATION_DAYS = 30  # Law 41/2024 Art 28.1: the employer registers within 30 days

# VSS "phương án" codes accepted in the Action field, with the action each stands for. Source: the legend of
# sheet "Tổng hợp " of the VNPT import template FileMau_D03_TK1_VNPT.xlsx (shared/data/formats/employer-declarations):
# "TM Tăng mới", "GH Giảm hẳn", "DC Điều chỉnh mức đóng", "ON Đóng tiếp". KL is listed there under "Giảm lao động"
# without a meaning; "nghỉ không lương" (unpaid leave) is the usual reading — UNVERIFIED. The other codes of that
# sheet (TC TD TN TT TH AD CD AT DN DL OF GN GD GC TS TU SB) are refused until their meaning is confirmed against the
# official D02-LT instructions.
PLAN_CODES: dict[str, str] = {
    "TM": Action.JOIN,
    "GH": Action.LEAVE,
    "DC": Action.SALARY,
    "KL": Action.SUSPEND,
    "ON": Action.RETURN,
}
KNOWN_UNSUPPORTED_CODES = frozenset(["TC", "TD", "TN", "TT", "TH", "AD", "CD", "AT", "DN", "DL", "OF", "GN", "GD", "GC", "TS", "TU", "SB"])
# The VNPT template's "Loại" (declaration type) codes the plan codes belong to: 1 increase of workers, 2 increase of
# salary, 3 decrease of workers, 4 decrease of salary, 5 other.
TYPES_OF_ACTION: dict[str, frozenset[str]] = {
    Action.JOIN: frozenset({"1"}),
    Action.RETURN: frozenset({"1"}),
    Action.SALARY: frozenset({"2", "4"}),
    Action.LEAVE: frozenset({"3"}),
    Action.SUSPEND: frozenset({"3"}),
}

# Contract types as written in files: the codes, the English labels and the Vietnamese labels (folded).
CONTRACT_ALIASES: dict[str, str] = {
    **{c: c for c in ContractType.values},
    "khong xac dinh thoi han": ContractType.INDEFINITE,
    "xac dinh thoi han tu 12 den 36 thang": ContractType.FIXED_12_36,
    "xac dinh thoi han tu 3 den duoi 12 thang": ContractType.FIXED_3_12,
    "xac dinh thoi han tu 1 den duoi 3 thang": ContractType.FIXED_1_3,
    "duoi 1 thang": ContractType.UNDER_1,
    "can bo, cong chuc, vien chuc": ContractType.CIVIL_SERVANT,
    "nguoi quan ly doanh nghiep khong huong tien luong": ContractType.MANAGER_UNPAID,
    "khac": ContractType.OTHER,
}
for _value, _label in ContractType.choices:
    CONTRACT_ALIASES.setdefault(fold(str(_label)), _value)

SEX_ALIASES = {"m": "M", "nam": "M", "male": "M", "1": "M", "f": "F", "nu": "F", "female": "F", "0": "F"}
HI_GROUP_HC = frozenset({OwnershipType.STATE_AGENCY, OwnershipType.PUBLIC_SERVICE, OwnershipType.COMMUNE})
# Employers whose regional minimum wage the decrees set apart until 2011-09 (Decrees 111/2008, 98/2009, 107/2010:
# foreign-invested enterprises, foreign agencies and organizations, international organizations).
FOREIGN_OWNERSHIP = frozenset({OwnershipType.FOREIGN_INVESTED, OwnershipType.FOREIGN_ORG})


@dataclass(frozen=True)
class DeclarationLineIn:
    """One line as given (API JSON, spreadsheet row, XML record). Values may still be text: the service parses
    and checks them. `line` is the number errors are reported with (spreadsheet row, XML record, JSON index)."""

    line: int
    action: str
    from_month: Any
    citizen_id: str = ""
    si_code: str = ""
    full_name: str = ""
    birth_date: Any = None
    sex: str = ""
    commune_code: str = ""
    address_line: str = ""
    ethnicity: str = ""
    nationality: str = ""
    phone: str = ""
    salary: Any = None
    contract_type: str = ""
    position: str = ""
    to_month: Any = None
    declaration_type: Any = None
    note: str = ""


@dataclass
class _Line:
    """A line after parsing, and what applying it needs."""

    src: DeclarationLineIn
    action: str = ""
    from_month: Month | None = None
    to_month: Month | None = None
    citizen_id: str | None = None
    si_code: str | None = None
    birth_date: dt.date | None = None
    birth_precision: str = BirthPrecision.DAY
    sex: str = ""
    salary: int | None = None
    contract_type: str = ""
    commune_id: int | None = None
    person: Person | None = None
    employment: Employment | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, field_name: str, code: str, message: str) -> None:
        self.errors.append({"line": self.src.line, "field": field_name, "code": code, "message": message})


# --- parsing of values as given ------------------------------------------------------------------------------

_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_VN = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_DATE_VN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_month(value: Any) -> Month:
    """A month from a Month, a date, 'YYYY-MM', 'MM/YYYY' (also with '.' or '-')."""
    if isinstance(value, Month):
        return value
    if isinstance(value, dt.date):  # datetime included
        return Month(value.year, value.month)
    text = str(value).strip()
    m = _MONTH_ISO.match(text)
    if m:
        return Month(int(m.group(1)), int(m.group(2)))
    m = _MONTH_VN.match(text)
    if m:
        return Month(int(m.group(2)), int(m.group(1)))
    m = _DATE_VN.match(text)  # a full date: its month
    if m:
        return Month(int(m.group(3)), int(m.group(2)))
    raise ValueError(f"expected a month as MM/YYYY or YYYY-MM, got {text!r}")


def parse_birth(value: Any) -> tuple[dt.date, str]:
    """A birth date with its precision: dd/mm/yyyy or yyyy-mm-dd (day), mm/yyyy (month), yyyy (year)."""
    if isinstance(value, dt.datetime):
        return value.date(), BirthPrecision.DAY
    if isinstance(value, dt.date):
        return value, BirthPrecision.DAY
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.date(value, 1, 1), BirthPrecision.YEAR
    text = str(value).strip()
    if m := _DATE_VN.match(text):
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))), BirthPrecision.DAY
    if m := _DATE_ISO.match(text):
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), BirthPrecision.DAY
    if m := _MONTH_VN.match(text):
        return dt.date(int(m.group(2)), int(m.group(1)), 1), BirthPrecision.MONTH
    if m := _YEAR.match(text):
        return dt.date(int(m.group(1)), 1, 1), BirthPrecision.YEAR
    raise ValueError(f"expected a date as dd/mm/yyyy, mm/yyyy or yyyy, got {text!r}")


def parse_amount(value: Any) -> int:
    """Whole VND: an int, an integral float (spreadsheets), or digits with thousands separators (8.000.000)."""
    if isinstance(value, bool):
        raise ValueError("expected a whole number of VND")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"expected a whole number of VND, got {value}")
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"\D", "", text))
    raise ValueError(f"expected a whole number of VND, got {text!r}")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def commune_code(src: DeclarationLineIn) -> str:
    """The 5-digit GSO code of the person's commune (leading zeros restored when a spreadsheet dropped them)."""
    code = _text(src.commune_code)
    return code.zfill(5) if code.isdigit() else code


def _action_of(line: _Line) -> str | None:
    raw = _text(line.src.action)
    if not raw:
        line.error("action", "required", "the action (phương án) is required")
        return None
    key = raw.upper()
    if key in PLAN_CODES:
        return PLAN_CODES[key]
    if raw.lower() in Action.values:
        return raw.lower()
    if key in KNOWN_UNSUPPORTED_CODES:
        line.error("action", "unsupported_plan",
                   f"plan code {key} is not supported yet; use one of {', '.join(PLAN_CODES)}")
    else:
        line.error("action", "bad_action",
                   f"action {raw!r} is not one of {', '.join(PLAN_CODES)} or {', '.join(Action.values)}")
    return None


def _parse(src: DeclarationLineIn) -> _Line:
    line = _Line(src=src)
    action = _action_of(line)
    line.action = action or ""
    if action and not _blank(src.declaration_type):
        kind = _text(src.declaration_type)
        kind = kind[:-2] if kind.endswith(".0") else kind
        if kind not in TYPES_OF_ACTION[action]:
            line.error("declaration_type", "type_mismatch",
                       f"declaration type {kind} does not go with action {action} (expected "
                       f"{' or '.join(sorted(TYPES_OF_ACTION[action]))})")
    for name in ("from_month", "to_month"):
        value = getattr(src, name)
        if _blank(value):
            if name == "from_month":
                line.error(name, "required", "from month is required")
            continue
        try:
            setattr(line, name, parse_month(value))
        except ValueError as exc:
            line.error(name, "bad_month", str(exc))
    if line.from_month and line.to_month and line.to_month < line.from_month:
        line.error("to_month", "bad_range", "to month is before from month")
    if not _blank(src.sex):
        sex = SEX_ALIASES.get(fold(_text(src.sex)))
        if sex is None:
            line.error("sex", "bad_sex", f"sex must be Nam or Nữ (M or F), got {src.sex!r}")
        line.sex = sex or ""
    if not _blank(src.birth_date):
        try:
            line.birth_date, line.birth_precision = parse_birth(src.birth_date)
        except ValueError as exc:
            line.error("birth_date", "bad_date", str(exc))
        else:
            if line.birth_date.year < 1900 or line.birth_date > timezone.localdate():
                line.error("birth_date", "bad_date", f"birth date {line.birth_date:%d/%m/%Y} is impossible")
    for name, check in (("citizen_id", None), ("si_code", validate_si_code)):
        raw = _text(getattr(src, name)).replace(" ", "")
        if not raw:
            continue
        try:
            if check is None:
                year = line.birth_date.year if line.birth_date else None
                value = validate_citizen_id(raw, sex=line.sex or None, birth_year=year, today=timezone.localdate())
            else:
                value = check(raw)
        except InvalidInput as exc:
            line.error(name, exc.code, exc.message)
        else:
            setattr(line, name, value)
    if not _text(src.citizen_id) and not _text(src.si_code):
        line.error("citizen_id", "no_identifier", "a citizen ID (12 digits) or an SI number (10 digits) is required")
    if not _blank(src.salary):
        try:
            line.salary = parse_amount(src.salary)
        except ValueError as exc:
            line.error("salary", "bad_salary", str(exc))
        else:
            if line.salary <= 0:
                line.error("salary", "bad_salary", "the salary must be a positive whole number of VND")
                line.salary = None
            elif bounds.salary_problem(line.salary):
                line.error("salary", "out_of_range", bounds.salary_problem(line.salary) or "")
                line.salary = None
    if _text(src.contract_type):
        contract = CONTRACT_ALIASES.get(fold(_text(src.contract_type)))
        if contract is None:
            line.error("contract_type", "bad_choice",
                       f"contract type {src.contract_type!r} is not one of {', '.join(ContractType.values)}")
        line.contract_type = contract or ""
    return line


# --- prefetch --------------------------------------------------------------------------------------------------

def _chunks(values: Sequence[Any], size: int = 2000) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


@dataclass
class _Context:
    by_citizen_id: dict[str, Person]
    by_si_code: dict[str, Person]
    communes: dict[str, int]
    employments: dict[int, list[Employment]]  # person id → this employer's employments
    last_salary: dict[int, SalaryRecord]  # employment id → latest salary record
    participations: dict[int, list[Participation]]  # employment id → its participations


def _prefetch(employer: Employer, lines: list[_Line]) -> _Context:
    cids = sorted({x.citizen_id for x in lines if x.citizen_id})
    sis = sorted({x.si_code for x in lines if x.si_code})
    by_cid: dict[str, Person] = {}
    by_si: dict[str, Person] = {}
    for chunk in _chunks(cids):
        by_cid.update((p.citizen_id, p) for p in Person.objects.filter(citizen_id__in=chunk))
    for chunk in _chunks(sis):
        by_si.update((p.si_code, p) for p in Person.objects.filter(si_code__in=chunk))
    today = timezone.localdate()
    codes = sorted({commune_code(x.src) for x in lines if commune_code(x.src)})
    communes: dict[str, int] = {}
    for chunk in _chunks(codes):
        rows = (AdminUnit.objects.filter(level=Level.COMMUNE, code__in=chunk, valid_from__lte=today)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).values_list("code", "id"))
        communes.update(rows)
    person_ids = sorted({p.pk for p in (*by_cid.values(), *by_si.values())})
    employments: dict[int, list[Employment]] = defaultdict(list)
    for chunk in _chunks(person_ids):
        for e in Employment.objects.filter(employer=employer, person_id__in=chunk).order_by("valid_from", "id"):
            employments[e.person_id].append(e)
    open_ids = sorted(e.pk for rows in employments.values() for e in rows if e.valid_to is None)
    last_salary: dict[int, SalaryRecord] = {}
    participations: dict[int, list[Participation]] = defaultdict(list)
    for chunk in _chunks(open_ids):
        for s in SalaryRecord.objects.filter(employment_id__in=chunk).order_by("employment_id", "valid_from"):
            last_salary[s.employment_id] = s
        for p in Participation.objects.filter(employment_id__in=chunk).order_by("valid_from", "id"):
            participations[p.employment_id].append(p)  # type: ignore[index]
    return _Context(by_cid, by_si, communes, employments, last_salary, participations)


# --- checks ----------------------------------------------------------------------------------------------------

def employer_kind(employer: Employer) -> str:
    """The kind of employer for the regional minimum wage (`rules.contributions.parameters.EMPLOYERS`)."""
    return "foreign_invested" if employer.ownership_type in FOREIGN_OWNERSHIP else "domestic"


class _Floors:
    """The salary floor of a month in the region of a commune for one employer's kind; looked up once per (month,
    commune)."""

    def __init__(self, kind: str = "domestic") -> None:
        self._kind = kind
        self._regions: dict[Month, dict[int, int]] = {}
        self._pending: dict[Month, set[int]] = defaultdict(set)
        self._floor: dict[tuple[Month, int], int] = {}

    def want(self, month: Month, commune_id: int) -> None:
        self._pending[month].add(commune_id)

    def load(self) -> None:
        for month, ids in self._pending.items():
            self._regions[month] = regions_of_communes(ids, month.first_day)

    def floor(self, month: Month, commune_id: int) -> tuple[int, int]:
        region = self._regions[month][commune_id]
        key = (month, region)
        if key not in self._floor:
            self._floor[key] = month_parameters(month, region=region, pay_scale="employer_decided",
                                                employer=self._kind).floor
        return self._floor[key], region


NOT_MATCHED = (
    "no registered person matches this identifier with this full name and birth date; a person not yet "
    "registered needs a citizen ID, full name, birth date, sex and commune (TK1-TS)"
)
_PRECISION = {BirthPrecision.YEAR: 0, BirthPrecision.MONTH: 1, BirthPrecision.DAY: 2}


def _matches(line: _Line, person: Person) -> bool:
    """The line names the person: same full name and the same birth date, given at least as precisely as the
    registry holds it. What a unit must know to attach someone who is not (and was not) its employee."""
    name = _text(line.src.full_name)
    if not name or fold(normalise_name(name)) != person.name_search or line.birth_date is None:
        return False
    need = _PRECISION.get(person.birth_precision, 2)
    if _PRECISION.get(line.birth_precision, 2) < need:
        return False
    given, held = line.birth_date, person.birth_date
    return (given.year == held.year and (need < 1 or given.month == held.month)
            and (need < 2 or given.day == held.day))


def _identifier_field(line: _Line) -> str:
    return "citizen_id" if line.citizen_id or not line.si_code else "si_code"


def _resolve_person(line: _Line, ctx: _Context) -> None:
    """Find the person a line is about. A person who is or was employed by the unit is found by identifier.
    Anyone else is the unit's only by a join line that also gives the person's full name and birth date, and
    every refusal then says the same thing whether or not the identifier exists (no existence oracle)."""
    a = ctx.by_citizen_id.get(line.citizen_id) if line.citizen_id else None
    b = ctx.by_si_code.get(line.si_code) if line.si_code else None
    if (a is not None and a.pk in ctx.employments) or (b is not None and b.pk in ctx.employments):
        _resolve_own(line, a, b)
        return
    if line.action != Action.JOIN:
        return  # answered below as "no employee of the unit has this identifier"
    _check_new_person(line, ctx)  # presence and form of the TK1-TS fields, the same whoever holds the identifier
    if any(e["field"] != "from_month" for e in line.errors):
        return
    found = {p.pk: p for p in (a, b) if p is not None}
    if not found:
        if not line.citizen_id:
            line.error(_identifier_field(line), "person_not_matched", NOT_MATCHED)
        return  # a new person, registered from the line
    person = next(iter(found.values()))
    consistent = len(found) == 1 and not (
        (line.si_code and person.si_code and person.si_code != line.si_code)
        or (line.citizen_id and person.citizen_id and person.citizen_id != line.citizen_id))
    if consistent and _matches(line, person):
        line.person = person
        return
    line.error(_identifier_field(line), "person_not_matched", NOT_MATCHED)


def _resolve_own(line: _Line, a: Person | None, b: Person | None) -> None:
    """The unit's own employee (now or before): a wrong name or identifier is said plainly."""
    if a is not None and b is not None and a.pk != b.pk:
        line.error("si_code", "identifier_conflict",
                   f"citizen ID {line.citizen_id} and SI number {line.si_code} belong to two different persons")
        return
    person = a or b
    assert person is not None
    if line.si_code and person.si_code and person.si_code != line.si_code:
        line.error("si_code", "identifier_conflict",
                   f"citizen ID {line.citizen_id} is registered with another SI number")
        return
    if line.citizen_id and person.citizen_id and person.citizen_id != line.citizen_id:
        line.error("citizen_id", "identifier_conflict",
                   f"SI number {line.si_code} is registered with another citizen ID")
        return
    name = _text(line.src.full_name)
    if name and fold(name) != person.name_search:
        line.error("full_name", "name_mismatch",
                   f"the name {name!r} differs from the name registered for this identifier")
    if line.birth_date and line.birth_date.year != person.birth_year:
        line.error("birth_date", "birth_mismatch",
                   "the birth year differs from the one registered for this identifier")
    line.person = person


def _check_new_person(line: _Line, ctx: _Context) -> None:
    src = line.src
    if any(e["field"] in ("citizen_id", "si_code") for e in line.errors):  # a wrong identifier: say that only
        return
    missing = [label for label, ok in (
        ("full_name", len(normalise_name(_text(src.full_name))) >= 2), ("birth_date", line.birth_date is not None),
        ("sex", bool(line.sex)), ("commune_code", bool(commune_code(src))),
    ) if not ok]
    for name in missing:
        line.error(name, "required_new_person",
                   f"{name} is required to register a person or to attach one not yet employed by the unit "
                   "(TK1-TS)")
    code = commune_code(src)
    if code and code not in ctx.communes:
        line.error("commune_code", "unknown_commune", f"no commune in force today has the code {code}")
    elif code:
        line.commune_id = ctx.communes[code]
    ethnicity = _text(src.ethnicity)
    if ethnicity and ethnicity.zfill(2) not in ETHNICITIES:
        line.error("ethnicity", "bad_ethnicity", f"ethnicity {ethnicity!r} is not one of the 54 group codes (01-55)")
    nationality = _text(src.nationality)
    if nationality and not (len(nationality) == 2 and nationality.isalpha()):
        line.error("nationality", "bad_nationality", "nationality must be a 2-letter country code (VN)")
    if _text(src.phone):
        try:
            validate_phone(_text(src.phone))
        except InvalidInput as exc:
            line.error("phone", exc.code, exc.message)


def _check_line(line: _Line, ctx: _Context, employer: Employer, period: Month, floors: _Floors) -> None:
    if not line.action or line.from_month is None:
        return
    m = line.from_month
    if m > period + 1:
        line.error("from_month", "too_late", f"from month {m} is after the month following the period ({period + 1})")
    if m < Month.of(employer.start_date):
        line.error("from_month", "before_employer",
                   f"from month {m} is before the employer started ({employer.start_date:%d/%m/%Y})")
    if employer.end_date and line.action in (Action.JOIN, Action.RETURN) and m.first_day > employer.end_date:
        line.error("from_month", "after_employer_end", f"the employer ended on {employer.end_date:%d/%m/%Y}")
    if line.to_month is not None and line.action not in (Action.JOIN, Action.SUSPEND):
        line.error("to_month", "not_used", "to month is only used with a join (a past job) or an unpaid leave")
    person = line.person
    employments = ctx.employments.get(person.pk, []) if person else []
    current = next((e for e in employments if e.valid_to is None), None)
    line.employment = current

    if line.action == Action.JOIN:
        if current is not None:
            line.error("action", "already_employed",
                       f"this person is already employed by the unit (since {current.valid_from:%d/%m/%Y})")
        start = max(m.first_day, employer.start_date)
        past = [e for e in employments if e.valid_to is not None and e.valid_to >= start]
        if past:
            line.error("from_month", "overlaps_earlier",
                       f"an earlier employment with this unit ran until {past[-1].valid_to:%d/%m/%Y}")
        if not line.contract_type and not _text(line.src.contract_type):
            line.error("contract_type", "required", "the contract type is required to join")
        elif line.contract_type:
            scope = compulsory_scope(line.contract_type, m.first_day)
            if not (scope.si or scope.hi or scope.ui):
                line.error("contract_type", "not_compulsory",
                           f"a {line.contract_type} contract is not in compulsory SI, HI or UI in {m}")
        if line.salary is None and _blank(line.src.salary):
            line.error("salary", "required", "the salary is required to join")
        if line.salary is not None:
            floors.want(m, employer.address_commune_id)
        return

    # Every other action concerns a person employed by the unit.
    if person is None:
        if not line.errors:
            line.error(_identifier_field(line), "unknown_person", "no employee of the unit has this identifier")
        return
    if current is None:
        line.error("action", "not_employed", "this person is not employed by the unit")
        return
    last = ctx.last_salary.get(current.pk)
    open_parts = [p for p in ctx.participations.get(current.pk, []) if p.valid_to is None]
    if line.action == Action.LEAVE:
        end = m.first_day - ONE_DAY
        if end < current.valid_from:
            line.error("from_month", "before_start",
                       f"the employment started on {current.valid_from:%d/%m/%Y}: leaving from {m} would end it "
                       "before it began (from month is the first month not contributed)")
        elif last is not None and last.valid_from > end:
            line.error("from_month", "salary_after_end", f"a salary change starts on {last.valid_from:%d/%m/%Y}")
        elif any(p.valid_from > end for p in open_parts):
            line.error("from_month", "before_participation", f"the participations start after {end:%d/%m/%Y}")
    elif line.action == Action.SALARY:
        if line.salary is None:
            if _blank(line.src.salary):
                line.error("salary", "required", "the new salary is required")
            return
        if last is not None and last.kind == SalaryKind.STATE:
            line.error("salary", "state_scale",
                       "this employment is paid on the state scale: declare the coefficient at the desk")
            return
        start = max(m.first_day, current.valid_from)
        if last is not None and start <= last.valid_from:
            line.error("from_month", "not_after_last",
                       f"a salary change must start after the current salary (from {last.valid_from:%d/%m/%Y})")
        floors.want(m, current.workplace_commune_id or employer.address_commune_id)
    elif line.action == Action.SUSPEND:
        if not open_parts:
            line.error("action", "not_participating", "the employment has no open participation to suspend")
        elif any(p.valid_from > m.first_day - ONE_DAY for p in open_parts):
            line.error("from_month", "before_participation",
                       f"the participations started in {Month.of(open_parts[0].valid_from)}: the suspension must "
                       "start later")
    elif line.action == Action.RETURN:
        if open_parts:
            line.error("action", "not_suspended", "the employment's participations are open: nothing to return from")
        else:
            closed = [p.valid_to for p in ctx.participations.get(current.pk, []) if p.valid_to is not None]
            if closed and max(closed) >= m.first_day:
                line.error("from_month", "overlaps_suspension",
                           f"the participations ran until {max(closed):%d/%m/%Y}")
            if not any(vars(compulsory_scope(current.contract_type, m.first_day)).values()):
                line.error("action", "not_compulsory", "the employment's contract is outside compulsory insurance")


def _check_floor(line: _Line, employer: Employer, floors: _Floors) -> None:
    if line.salary is None or line.from_month is None or line.action not in (Action.JOIN, Action.SALARY):
        return
    commune = employer.address_commune_id
    if line.action == Action.SALARY and line.employment is not None:
        commune = line.employment.workplace_commune_id or commune
    try:
        floor, region = floors.floor(line.from_month, commune)
    except (RuleError, KeyError) as exc:
        line.error("from_month", "no_parameters", f"no contribution parameters for {line.from_month}: {exc}")
        return
    if line.salary < floor:
        line.error("salary", "below_floor",
                   f"salary {line.salary:,} is below the floor of {line.from_month} in region {region} ({floor:,})"
                   .replace(",", "."))


def _check_duplicates(lines: list[_Line]) -> None:
    seen: dict[str, int] = {}
    for line in lines:
        keys = [f"p{line.person.pk}"] if line.person else []
        keys += [f"c{line.citizen_id}"] if line.citizen_id else []
        keys += [f"s{line.si_code}"] if line.si_code else []
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            line.error("citizen_id" if line.citizen_id else "si_code", "duplicate_person",
                       f"the same person is already on line {first}; one line per person")
        for k in keys:
            seen.setdefault(k, line.src.line)


def _authorise(actor: Any, employer: Employer) -> None:
    if getattr(actor, "role", None) == Role.EMPLOYER_REP and not actor.is_superuser:
        if actor.employer_id != employer.pk:
            raise NotFound("employer", employer.pk)
        return
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "is_staff_role", False)):
        raise NotFound("employer", employer.pk)
    if not employers_visible(actor).filter(pk=employer.pk).exists():
        raise NotFound("employer", employer.pk)


@dataclass
class Checked:
    """Every line parsed and checked, with every error; the registry rows read for the check (`_Context`)."""

    lines: list[_Line]
    errors: list[dict[str, Any]]
    context: _Context


def validate_lines(*, employer: Employer, period: Month, lines: Sequence[DeclarationLineIn]) -> Checked:
    """Parse and check every line; the errors are empty when all is well. A fixed number of queries (about ten,
    and two per distinct from-month for the salary floors), whatever the number of lines."""
    parsed = [_parse(src) for src in lines]
    ctx = _prefetch(employer, parsed)
    for line in parsed:
        _resolve_person(line, ctx)
    _check_duplicates(parsed)
    floors = _Floors(employer_kind(employer))
    for line in parsed:
        _check_line(line, ctx, employer, period, floors)
    floors.load()
    for line in parsed:
        _check_floor(line, employer, floors)
    errors = [e for line in parsed for e in line.errors]
    return Checked(parsed, errors, ctx)


# --- apply -----------------------------------------------------------------------------------------------------

def hi_group_of(employer: Employer) -> str:
    """HI participant group of the unit's employees: HC for state agencies, public service units and commune
    governments; DN otherwise (docs/contributions.md; unit code group, CV 1804/BHXH-QLT)."""
    return "HC" if employer.ownership_type in HI_GROUP_HC else "DN"


def _schemes(contract_type: str, month: Month) -> list[str]:
    scope = compulsory_scope(contract_type, month.first_day)
    return [s for s, on in ((Scheme.SI, scope.si), (Scheme.HI, scope.hi), (Scheme.UI, scope.ui)) if on]


def _new_person_input(line: _Line) -> PersonInput:
    src = line.src
    assert line.birth_date is not None and line.commune_id is not None
    return PersonInput(
        full_name=_text(src.full_name), birth_date=line.birth_date, birth_precision=line.birth_precision,
        sex=line.sex, address_commune_id=line.commune_id, citizen_id=line.citizen_id, si_code=line.si_code,
        ethnicity=_text(src.ethnicity).zfill(2) if _text(src.ethnicity) else "01",
        nationality=(_text(src.nationality) or "VN").upper(), address_line=_text(src.address_line),
        phone=validate_phone(_text(src.phone)) if _text(src.phone) else "",
    )


@dataclass
class _Apply:
    declaration: Declaration
    employer: Employer
    actor: Any  # for the registry and coverage rows (None: the system, for an employer representative)
    person_actor: Any  # callable: commune id → actor for a new person
    source: str

    def ref(self, line: _Line) -> str:
        return f"declaration:{self.declaration.pk}:{line.src.line}"

    def reason(self, line: _Line) -> str:
        return f"D02-LT declaration {self.declaration.pk}, line {line.src.line}"


# Per line, through the registry and coverage services (each checks again and audits). Used for short lists.

def _open_schemes(ap: _Apply, line: _Line, person: Person, employment: Employment, month: Month) -> None:
    for scheme in _schemes(employment.contract_type, month):
        participation_open(
            actor=ap.actor, person=person, scheme=scheme, payer=Payer.EMPLOYER_EMPLOYEE, from_month=month,
            hi_group=hi_group_of(ap.employer) if scheme == Scheme.HI else "", employer=ap.employer,
            employment=employment, source=Participation.Source.DECLARATION, source_ref=ap.ref(line),
            audit_source=ap.source,
        )


def _close_schemes(ap: _Apply, line: _Line, employment: Employment, last_month: Month) -> None:
    for row in Participation.objects.filter(employment=employment, valid_to__isnull=True).order_by("id"):
        participation_close(actor=ap.actor, participation=row, last_month=last_month, reason=ap.reason(line),
                            audit_source=ap.source)


def _apply_one(ap: _Apply, line: _Line) -> None:
    src, m = line.src, line.from_month
    assert m is not None
    if line.action == Action.JOIN:
        if line.person is None:
            line.person = person_create(actor=ap.person_actor(line.commune_id), data=_new_person_input(line),
                                        source=ap.source)
        assert line.salary is not None
        line.employment = employment_start(
            actor=ap.actor, person=line.person, employer=ap.employer,
            valid_from=max(m.first_day, ap.employer.start_date), contract_type=line.contract_type,
            salary=line.salary, position=_text(src.position), source=ap.source,
        )
        _open_schemes(ap, line, line.person, line.employment, m)
        if line.to_month is not None:
            employment_end(actor=ap.actor, employment=line.employment, valid_to=line.to_month.last_day,
                           reason=ap.reason(line), source=ap.source)
            _close_schemes(ap, line, line.employment, line.to_month)
        return
    employment = line.employment
    assert employment is not None and line.person is not None
    if line.action == Action.LEAVE:
        employment_end(actor=ap.actor, employment=employment, valid_to=m.first_day - ONE_DAY, reason=ap.reason(line),
                       source=ap.source)
        _close_schemes(ap, line, employment, m - 1)
    elif line.action == Action.SALARY:
        assert line.salary is not None
        salary_change(actor=ap.actor, employment=employment, valid_from=max(m.first_day, employment.valid_from),
                      salary=line.salary, reason=ap.reason(line), source=ap.source)
    elif line.action == Action.SUSPEND:
        _close_schemes(ap, line, employment, m - 1)
        if line.to_month is not None:
            _open_schemes(ap, line, line.person, employment, line.to_month + 1)
    elif line.action == Action.RETURN:
        _open_schemes(ap, line, line.person, employment, m)


# Set-based, for long lists: the same rows as the services write, inserted and updated in bulk, with one audit row
# per row written or changed (inserted in bulk too). test_declarations_bulk checks both paths write the same rows.

class _Events:
    """Audit rows of the set-based path: the columns `audit.record` writes, inserted in one statement stream
    (COPY on PostgreSQL) — the ORM's bulk_create took a quarter of the time of a 2,000-line list."""

    COLUMNS = ("at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr", "before",
               "after", "reason", "source")

    def __init__(self, ap: _Apply, now: dt.datetime) -> None:
        self.ap, self.rows = ap, []  # type: ignore[var-annotated]
        self.at = connection.ops.adapt_datetimefield_value(now)

    def add(self, obj: Any, action: str, *, before: dict[str, Any] | None = None, actor: Any = ..., reason: str = "",
            source: str | None = None) -> None:
        actor = self.ap.actor if actor is ... else actor
        user = actor if getattr(actor, "pk", None) else None
        self.rows.append((
            self.at, user.pk if user else None,
            getattr(user, "username", "") or (str(actor) if actor else "system"),
            action, obj._meta.label_lower, str(obj.pk), str(obj)[:200],
            None if before is None else json.dumps(before, cls=DjangoJSONEncoder),
            json.dumps(audit.snapshot(obj), cls=DjangoJSONEncoder), reason[:300],
            self.ap.source if source is None else source,
        ))

    def write(self) -> None:
        from ansinh.accounts.models import AuditEvent

        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("audit rows must be written inside the transaction of the change they record")
        insert_rows(AuditEvent._meta.db_table, self.COLUMNS, self.rows)


def _end_rows(model: Any, rows: list[Any], fields: dict[str, Any], end_field: str = "valid_to") -> None:
    """Set `end_field` (and `fields`) on rows already changed in memory: one UPDATE per distinct end date."""
    by_end: dict[Any, list[int]] = defaultdict(list)
    for row in rows:
        by_end[getattr(row, end_field)].append(row.pk)
    for end, ids in by_end.items():
        for chunk in _chunks(ids, 900):
            model.objects.filter(pk__in=chunk).update(**{end_field: end}, **fields)


def _apply_bulk(ap: _Apply, lines: list[_Line], ctx: _Context) -> None:
    now = timezone.now()
    events = _Events(ap, now)
    by_action: dict[str, list[_Line]] = defaultdict(list)
    for line in lines:
        by_action[line.action].append(line)
    joins = by_action[Action.JOIN]

    # New persons (TK1-TS data), checked by the same rules as person_create.
    fresh = [line for line in joins if line.person is None]
    people = []
    for line in fresh:
        data = _new_person_input(line)
        name = normalise_name(data.full_name)
        people.append(Person(
            full_name=name, name_search=fold(name), birth_date=data.birth_date, birth_precision=data.birth_precision,
            birth_year=data.birth_date.year, sex=data.sex, citizen_id=data.citizen_id, si_code=data.si_code,
            ethnicity=data.ethnicity, nationality=data.nationality, address_commune_id=data.address_commune_id,
            address_line=data.address_line, phone=data.phone,
        ))
    Person.objects.bulk_create(people, batch_size=1000)
    for line, person in zip(fresh, people, strict=True):
        line.person = person
        events.add(person, "create", actor=ap.person_actor(line.commune_id))

    # Joins: employment and first salary (ended at once for a past job: to_month).
    jobs = []
    for line in joins:
        m = line.from_month
        assert m is not None and line.person is not None
        jobs.append(Employment(
            person=line.person, employer=ap.employer, valid_from=max(m.first_day, ap.employer.start_date),
            valid_to=line.to_month.last_day if line.to_month else None, contract_type=line.contract_type,
            position=_text(line.src.position),
        ))
    Employment.objects.bulk_create(jobs, batch_size=1000)
    salaries = []
    for line, job in zip(joins, jobs, strict=True):
        line.employment = job
        assert line.salary is not None
        salaries.append(SalaryRecord(employment=job, valid_from=job.valid_from, valid_to=job.valid_to,
                                     salary=line.salary, kind=SalaryKind.EMPLOYER))
        events.add(job, "create")

    # Salary changes: the current record ends the day before the new one.
    closed_salaries: list[SalaryRecord] = []
    for line in by_action[Action.SALARY]:
        job, m = line.employment, line.from_month
        assert job is not None and m is not None and line.salary is not None
        start = max(m.first_day, job.valid_from)
        last = ctx.last_salary.get(job.pk)
        if last is not None:
            before = audit.snapshot(last)
            last.valid_to, last.recorded_at = start - ONE_DAY, now
            closed_salaries.append(last)
            events.add(last, "update", before=before, reason=ap.reason(line))
        salaries.append(SalaryRecord(employment=job, valid_from=start, valid_to=job.valid_to, salary=line.salary,
                                     kind=last.kind if last else SalaryKind.EMPLOYER))

    # Leaving: the employment and its open salary end on the last day of M−1.
    ended_jobs: list[Employment] = []
    for line in by_action[Action.LEAVE]:
        job, m = line.employment, line.from_month
        assert job is not None and m is not None
        end = m.first_day - ONE_DAY
        before = audit.snapshot(job)
        job.valid_to, job.updated_at = end, now
        ended_jobs.append(job)
        last = ctx.last_salary.get(job.pk)
        if last is not None and last.valid_to is None:
            s_before = audit.snapshot(last)
            last.valid_to, last.recorded_at = end, now
            closed_salaries.append(last)
            events.add(last, "update", before=s_before)
        events.add(job, "update", before=before, reason=ap.reason(line))
    SalaryRecord.objects.bulk_create(salaries, batch_size=1000)
    for record in salaries:
        events.add(record, "create")
    _end_rows(SalaryRecord, closed_salaries, {"recorded_at": now})
    _end_rows(Employment, ended_jobs, {"updated_at": now})

    # Participations: opened for joins and returns (and after a bounded unpaid leave), closed for leaving and
    # unpaid leave (and at once for a past job).
    opened: list[tuple[_Line, Participation]] = []
    closed: list[tuple[_Line, Participation, dict[str, Any]]] = []

    def open_(line: _Line, job: Employment, month: Month, until: Month | None = None) -> None:
        for scheme in _schemes(job.contract_type, month):
            opened.append((line, Participation(
                person_id=job.person_id, scheme=scheme, payer=Payer.EMPLOYER_EMPLOYEE,
                hi_group=hi_group_of(ap.employer) if scheme == Scheme.HI else "", employer=ap.employer,
                employment=job, valid_from=month.first_day, valid_to=until.last_day if until else None,
                source=Participation.Source.DECLARATION, source_ref=ap.ref(line),
            )))

    def close(line: _Line, job: Employment, last_month: Month) -> None:
        for row in ctx.participations.get(job.pk, []):
            if row.valid_to is None:
                before = audit.snapshot(row)
                row.valid_to = last_month.last_day
                closed.append((line, row, before))

    for line in joins:
        assert line.employment is not None and line.from_month is not None
        open_(line, line.employment, line.from_month, line.to_month)
    for line in by_action[Action.LEAVE]:
        assert line.employment is not None and line.from_month is not None
        close(line, line.employment, line.from_month - 1)
    for line in by_action[Action.SUSPEND]:
        assert line.employment is not None and line.from_month is not None
        close(line, line.employment, line.from_month - 1)
        if line.to_month is not None:
            open_(line, line.employment, line.to_month + 1)
    for line in by_action[Action.RETURN]:
        assert line.employment is not None and line.from_month is not None
        open_(line, line.employment, line.from_month)
    Participation.objects.bulk_create([p for _, p in opened], batch_size=1000)
    _end_rows(Participation, [p for _, p, _ in closed], {})
    for _, row in opened:
        events.add(row, "create", source=ap.source)
    for line, row, before in closed:
        events.add(row, "update", before=before, reason=ap.reason(line))
    events.write()


def _line_row(line: _Line, declaration: Declaration) -> DeclarationLine:
    m, job, person = line.from_month, line.employment, line.person
    assert m is not None and person is not None
    return DeclarationLine(
        declaration=declaration, line_no=line.src.line, action=line.action, person=person, employment=job,
        from_month=m.first_day, to_month=line.to_month.first_day if line.to_month else None,
        salary=line.salary, contract_type=line.contract_type or (job.contract_type if job else ""),
        position=_text(line.src.position)[:120], note=_text(line.src.note)[:200],
    )


def _summary(lines: list[_Line], period: Month, today: dt.date) -> dict[str, Any]:
    late = 0
    for x in lines:
        if x.action in (Action.JOIN, Action.RETURN) and x.from_month is not None:
            late += today > x.from_month.first_day + dt.timedelta(days=REGISTRATION_DAYS)
    return {
        "by_action": dict(Counter(x.action for x in lines)),
        "retroactive": sum(1 for x in lines if x.from_month is not None and x.from_month < period),
        "late_registration": late,
        "new_persons": sum(1 for x in lines if x.action == Action.JOIN and x.person is None),
    }


BULK_FROM = 50  # lines; shorter lists go through the per-row services


def declaration_submit(
    *, actor: Any, employer: Employer, period: Month, lines: Sequence[DeclarationLineIn], channel: str,
    file_name: str = "", file_sha256: str = "", bulk: bool | None = None,
) -> Declaration:
    """Check every line, then apply all of them in one transaction; FileErrors (nothing written) otherwise.
    `bulk` forces the set-based path (True) or the per-row services (False); by default lists of BULK_FROM
    lines or more are applied set-based."""
    _authorise(actor, employer)
    if channel not in Declaration.Channel.values:
        raise InvalidInput("bad_choice", f"channel must be one of {', '.join(Declaration.Channel.values)}",
                           field="channel")
    today = timezone.localdate()
    if period > Month.of(today) + 1:
        raise InvalidInput("future_period", f"the period {period} is more than a month ahead", field="period")
    if not lines:
        raise FileErrors([{"line": 0, "field": "lines", "code": "empty", "message": "the list has no lines"}])
    if len(lines) > MAX_LINES:
        raise FileErrors([{"line": 0, "field": "lines", "code": "too_many",
                           "message": f"{len(lines)} lines: at most {MAX_LINES} per declaration"}])
    numbers = Counter(x.line for x in lines)
    repeated = sorted(n for n, c in numbers.items() if c > 1)
    if repeated:
        raise FileErrors([{"line": n, "field": "line", "code": "repeated_line_number",
                           "message": f"line number {n} is used twice"} for n in repeated])
    staff = bool(getattr(actor, "is_superuser", False) or getattr(actor, "is_staff_role", False))

    def person_actor(commune_id: int | None) -> Any:
        return actor if staff and commune_id is not None and can_see_commune(actor, commune_id) else None

    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)  # one declaration per unit at a time
        checked = validate_lines(employer=employer, period=period, lines=lines)
        if checked.errors:
            raise FileErrors(checked.errors)
        parsed = checked.lines
        summary = _summary(parsed, period, today)  # before applying: new persons are those without a person yet
        declaration = Declaration.objects.create(
            employer=employer, period=period.first_day, form=Declaration.Form.D02LT, channel=channel,
            status=Declaration.Status.APPLIED, file_name=file_name[:200], file_sha256=file_sha256,
            submitted_by=actor if getattr(actor, "pk", None) else None, submitted_at=timezone.now(),
            line_count=len(parsed),
        )
        ap = _Apply(declaration=declaration, employer=employer, actor=actor if staff else None,
                    person_actor=person_actor, source=f"declaration:{declaration.pk}")
        use_bulk = len(parsed) >= BULK_FROM if bulk is None else bulk
        current = parsed[0]
        try:
            if use_bulk:
                _apply_bulk(ap, parsed, checked.context)
            else:
                for line in parsed:
                    current = line
                    _apply_one(ap, line)
        except ApplicationError as exc:  # changed since the check (a concurrent write): nothing is kept
            where = current.src.line if not use_bulk else 0
            raise FileErrors([{"line": where, "field": exc.field or "", "code": exc.code,
                               "message": exc.message}]) from None
        except IntegrityError as exc:
            raise FileErrors([{"line": 0, "field": "", "code": "conflict",
                               "message": f"the registry changed while the list was applied ({exc})"}]) from None
        DeclarationLine.objects.bulk_create([_line_row(x, declaration) for x in parsed], batch_size=1000)
        after = {**audit.snapshot(declaration), "summary": summary}
        audit.record(actor=actor, action="create", obj=declaration, after=after, source=channel)
    return declaration


def declaration_upload(*, actor: Any, employer: Employer, data: bytes, file_name: str, period: Month | None = None,
                       channel: str = Declaration.Channel.UPLOAD) -> Declaration:
    """A D02-LT file (XLSX or XML, `imports.d02lt`): read, checked against the unit and period it names, then
    `declaration_submit`. The period is the one given, else the file's ("Kỳ kê khai" / KY_KE_KHAI)."""
    import hashlib

    from ansinh.contributions.imports.d02lt import read_d02lt

    _authorise(actor, employer)
    parsed = read_d02lt(data, file_name)
    problems = []
    if parsed.unit_code and parsed.unit_code != employer.unit_code:
        problems.append({"line": 0, "field": "unit_code", "code": "other_unit",
                         "message": f"the file is for unit {parsed.unit_code}, not {employer.unit_code}"})
    if period is not None and parsed.period is not None and parsed.period != period:
        problems.append({"line": 0, "field": "period", "code": "period_mismatch",
                         "message": f"the file declares the period {parsed.period}, not {period}"})
    period = period or parsed.period
    if period is None:
        problems.append({"line": 0, "field": "period", "code": "required",
                         "message": "the period (MM/YYYY) is required: give it or write it in the file"})
    if problems:
        raise FileErrors(problems)
    assert period is not None
    return declaration_submit(actor=actor, employer=employer, period=period, lines=parsed.lines, channel=channel,
                              file_name=file_name, file_sha256=hashlib.sha256(data).hexdigest())


MANY_MAX_FILES = 500


@dataclass
class ManyReport:
    files: int = 0
    declarations: list[dict[str, Any]] = field(default_factory=list)  # file, unit_code, employer, declaration, lines


def declarations_upload_many(*, actor: Any, data: bytes, period: Month | None = None,
                             progress: Any = None) -> ManyReport:
    """A ZIP of D02-LT files of several employers (a service organisation or an agent filing for many units):
    each file is routed to the employer whose unit code it names and goes through `declaration_upload`. All or
    nothing: every file is read and checked first, then all are submitted in one transaction; any refusal —
    unreadable file, unknown or out-of-scope unit, a bad line — is reported with its file (and line) and nothing
    is written. `progress` hears one step per file."""
    import io
    import zipfile

    from ansinh.contributions.imports.d02lt import MAX_BYTES, read_d02lt
    from ansinh.core.progress import progress_or_none

    progress = progress_or_none(progress)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
    except zipfile.BadZipFile:
        raise FileErrors([{"line": 0, "field": "file", "code": "not_zip",
                           "message": "not a ZIP archive of D02-LT files"}]) from None
    if not members or len(members) > MANY_MAX_FILES:
        raise FileErrors([{"line": 0, "field": "file", "code": "file_count",
                           "message": f"the archive must hold 1 to {MANY_MAX_FILES} files, not {len(members)}"}])
    errors: list[dict[str, Any]] = []
    parsed: list[tuple[str, bytes, str]] = []
    for member in members:
        if member.file_size > MAX_BYTES:
            errors.append({"file": member.filename, "line": 0, "field": "file", "code": "too_large",
                           "message": f"larger than {MAX_BYTES // 2**20} MB"})
            continue
        content = archive.read(member)
        try:
            unit_code = read_d02lt(content, member.filename).unit_code
        except FileErrors as exc:
            errors += [{"file": member.filename, **e} for e in exc.details or []]  # type: ignore[union-attr]
            continue
        if not unit_code:
            errors.append({"file": member.filename, "line": 0, "field": "unit_code", "code": "required",
                           "message": "the file does not name its unit code (Mã đơn vị)"})
        parsed.append((member.filename, content, unit_code))
    employers = {e.unit_code: e for e in Employer.objects.filter(unit_code__in={c for _, _, c in parsed if c})}
    for name, _, code in parsed:
        if code and code not in employers:
            errors.append({"file": name, "line": 0, "field": "unit_code", "code": "unknown_unit",
                           "message": f"no employer with unit code {code}"})
    if errors:
        raise FileErrors(errors)
    report = ManyReport(files=len(parsed))
    progress.start(len(parsed), "files")
    with transaction.atomic():
        for name, content, code in parsed:
            employer = employers[code]
            try:
                with transaction.atomic():
                    declaration = declaration_upload(actor=actor, employer=employer, data=content, file_name=name,
                                                     period=period)
            except FileErrors as exc:
                errors += [{"file": name, **e} for e in exc.details or []]  # type: ignore[union-attr]
            except ApplicationError as exc:
                errors.append({"file": name, "line": 0, "field": exc.field or "", "code": exc.code,
                               "message": exc.message})
            else:
                report.declarations.append({"file": name, "unit_code": code, "employer": employer.pk,
                                            "declaration": declaration.pk})
            progress.advance(1)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise FileErrors(errors)
    return report
