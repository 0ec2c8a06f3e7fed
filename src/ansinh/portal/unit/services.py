"""Use cases of the employer portal. Each runs in one transaction and is audited with the portal user (or the
officer) as actor.

Roles (UnitRole): the administrator manages the unit's users and API tokens and may do everything; a declarer
prepares and submits D02-LT lists; an accountant sees the money (debt, payments, C12); a viewer reads the unit,
its employees and its lists. An `employer_rep` account without a UnitMember row (made by staff before unit accounts
existed, or by `user_ensure`) is the unit's administrator.

D02-LT lists: a draft holds the lines as given (uploaded XLSX/XML read by `contributions.imports.d02lt`, or typed
in the portal) and the errors of its last check (`contributions.services.declare.validate_lines`: the same checks
as the desk and the API). Submitting a list without errors files a dossier of the catalogue procedure
`employee-changes` (online, receipt number); nothing touches the registry until an officer accepts it — then
`declaration_submit` applies the lines (checked again) under the officer's name and the dossier is decided — or
returns it with reasons.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import ApiToken, Role, User
from ansinh.contributions.models import Declaration
from ansinh.contributions.services.declare import DeclarationLineIn, validate_lines
from ansinh.core.errors import Conflict, FileErrors, Forbidden, InvalidInput, NotFound
from ansinh.portal.unit.models import Submission, UnitMember, UnitRole
from ansinh.registry.models import Employer
from ansinh.rules.periods import Month

PROCEDURE_CODE = "employee-changes"
ACTIVATION_DAYS = 7
MAX_ONLINE_LINES = 200  # typed in a form; longer lists are uploaded

# capability → roles that have it
CAPABILITIES: dict[str, frozenset[str]] = {
    "read": frozenset(UnitRole.values),
    "declare": frozenset({UnitRole.ADMIN, UnitRole.DECLARER}),
    "money": frozenset({UnitRole.ADMIN, UnitRole.ACCOUNTANT}),
    "manage": frozenset({UnitRole.ADMIN}),
}
REVIEWER_ROLES = frozenset({Role.COLLECTION_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})

# the fields of a line as stored (all text), in the order of the D02-LT columns
LINE_FIELDS = tuple(f.name for f in dataclasses.fields(DeclarationLineIn) if f.name != "line")


# --- roles -----------------------------------------------------------------------------------------------------

def unit_role(user: Any) -> str | None:
    """The user's role in their unit; None for anyone who is not an active employer representative."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) != Role.EMPLOYER_REP \
            or not getattr(user, "employer_id", None) or not user.is_active:
        return None
    cached = getattr(user, "_unit_role", None)
    if cached is not None:
        return cached or None
    member = UnitMember.objects.filter(user_id=user.pk).values_list("unit_role", "disabled_at").first()
    # no row: an account made by staff for the unit, its administrator; a disabled member: no role
    role = UnitRole.ADMIN if member is None else "" if member[1] is not None else member[0]
    user._unit_role = role
    return role or None


def can(user: Any, capability: str) -> bool:
    role = unit_role(user)
    return role is not None and role in CAPABILITIES[capability]


def require(user: Any, capability: str) -> Employer:
    """The user's unit if their role allows the capability; Forbidden otherwise."""
    if not can(user, capability):
        raise Forbidden("unit_role", f"your role in the unit may not {capability}")
    return user.employer


# --- users of the unit -----------------------------------------------------------------------------------------

def _new_activation() -> tuple[str, str, dt.datetime]:
    key = secrets.token_urlsafe(24)
    return key, hashlib.sha256(key.encode()).hexdigest(), timezone.now() + dt.timedelta(days=ACTIVATION_DAYS)


def _member_snapshot(member: UnitMember) -> dict[str, Any]:
    snap = audit.snapshot(member)
    snap.pop("activation_hash", None)
    return {**snap, "username": member.user.username, "is_active": member.user.is_active}


def member_invite(*, actor: Any, username: str, full_name: str, email: str = "", phone: str = "",
                  unit_role: str, source: str = "portal") -> tuple[UnitMember, str]:
    """A new user of the actor's unit, with no password yet: returns the member and the one-time activation key
    (shown once to the administrator, who passes the link on; valid ACTIVATION_DAYS days)."""
    employer = require(actor, "manage")
    username = (username or "").strip().lower()
    if not (3 <= len(username) <= 40) or not all(c.isalnum() or c in "._-" for c in username):
        raise InvalidInput("bad_username", "the user name is 3 to 40 letters, digits, '.', '_' or '-'",
                           field="username")
    if username.isdigit():
        raise InvalidInput("bad_username", "a user name of digits only is read as a personal ID number",
                           field="username")
    if unit_role not in UnitRole.values:
        raise InvalidInput("bad_choice", f"role must be one of {', '.join(UnitRole.values)}", field="unit_role")
    full_name = " ".join((full_name or "").split())[:150]
    if not full_name:
        raise InvalidInput("required", "the full name is required", field="full_name")
    email = (email or "").strip()[:254]
    if email and ("@" not in email or " " in email):
        raise InvalidInput("bad_email", "not an e-mail address", field="email")
    if phone:
        from ansinh.core.identifiers import validate_phone

        phone = validate_phone(phone)
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict("duplicate", f"the user name {username} is taken", field="username")
    family, _, given = full_name.rpartition(" ")
    key, key_hash, expires = _new_activation()
    with transaction.atomic():
        user = User(username=username, role=Role.EMPLOYER_REP, employer=employer, email=email,
                    last_name=family, first_name=given or full_name)
        user.set_unusable_password()
        user.save()
        member = UnitMember.objects.create(user=user, employer=employer, unit_role=unit_role, phone=phone,
                                           invited_by=actor, invited_at=timezone.now(), activation_hash=key_hash,
                                           activation_expires=expires)
        audit.record(actor=actor, action="create", obj=member, after=_member_snapshot(member), source=source,
                     reason="invited")
    return member, key


def member_of_unit(*, actor: Any, member_id: object) -> UnitMember:
    """A user of the actor's own unit; any other id is 'not found'."""
    employer = require(actor, "manage")
    try:
        return UnitMember.objects.select_related("user").get(pk=int(member_id), employer=employer)  # type: ignore[call-overload]
    except (UnitMember.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound("unit user", member_id) from None


def _ensure_admin_left(member: UnitMember, new_role: str | None) -> None:
    """The unit keeps at least one active administrator."""
    if member.unit_role != UnitRole.ADMIN or (new_role == UnitRole.ADMIN):
        return
    others = UnitMember.objects.filter(employer_id=member.employer_id, unit_role=UnitRole.ADMIN,
                                       disabled_at__isnull=True, user__is_active=True).exclude(pk=member.pk)
    if not others.exists():
        raise Conflict("last_admin", "the unit must keep one active administrator", field="unit_role")


def member_change(*, actor: Any, member: UnitMember, unit_role: str | None = None, enabled: bool | None = None,
                  source: str = "portal") -> UnitMember:
    """Change a user's role, or disable / enable the user (a disabled user cannot sign in; their API tokens stop
    working)."""
    require(actor, "manage")
    if unit_role is not None and unit_role not in UnitRole.values:
        raise InvalidInput("bad_choice", f"role must be one of {', '.join(UnitRole.values)}", field="unit_role")
    with transaction.atomic():
        member = UnitMember.objects.select_for_update().select_related("user").get(pk=member.pk)
        before = _member_snapshot(member)
        if unit_role is not None and unit_role != member.unit_role:
            _ensure_admin_left(member, unit_role)
            member.unit_role = unit_role
        if enabled is False and member.disabled_at is None:
            _ensure_admin_left(member, None)
            member.disabled_at = timezone.now()
            member.user.is_active = False
        elif enabled is True and member.disabled_at is not None:
            member.disabled_at = None
            member.user.is_active = True
        member.user.save(update_fields=["is_active"])
        member.save()
        after = _member_snapshot(member)
        if after != before:
            audit.record(actor=actor, action="update", obj=member, before=before, after=after, source=source)
    return member


def member_reinvite(*, actor: Any, member: UnitMember, source: str = "portal") -> str:
    """A new one-time activation key (the old one and the user's password stop working)."""
    require(actor, "manage")
    key, key_hash, expires = _new_activation()
    with transaction.atomic():
        member = UnitMember.objects.select_for_update().select_related("user").get(pk=member.pk)
        member.activation_hash, member.activation_expires, member.activated_at = key_hash, expires, None
        member.save(update_fields=["activation_hash", "activation_expires", "activated_at"])
        member.user.set_unusable_password()
        member.user.save(update_fields=["password"])
        audit.record(actor=actor, action="update", obj=member, after={"activation_expires": expires.isoformat()},
                     source=source, reason="new activation link")
    return key


def _mask(channel: str, address: str) -> str:
    if channel == "sms":
        return address[:3] + "•" * 4 + address[-3:]
    name, _, domain = address.partition("@")
    return name[:1] + "•" * 3 + "@" + domain


def member_activation_send(*, actor: Any, member: UnitMember, link: str, source: str = "portal") -> list[dict[str, str]]:
    """Send a user's activation link (just made by ``member_invite`` / ``member_reinvite``) to their e-mail and phone
    through ``ansinh.notify.deliver`` — direct deliveries, never an inbox message, so the link is kept nowhere; the
    channels without an address or a configured backend are skipped. Returns one row per delivery (channel, the
    address masked, status); audited (the addresses masked, never the link)."""
    from ansinh.notify import services as notify
    from ansinh.notify.backends import backend_for
    from ansinh.notify.models import Delivery

    employer = require(actor, "manage")
    if member.employer_id != employer.pk:
        raise NotFound("unit user", member.pk)
    unit, days = employer.name, ACTIVATION_DAYS
    texts = {
        "email": (f"Đơn vị {unit} mời bạn dùng cổng đơn vị ansinh (tên đăng nhập {member.user.username}). Mở liên "
                  f"kết sau để đặt mật khẩu (dùng một lần, trong {days} ngày):\n{link}\n\nThe unit {unit} invites "
                  f"you to the ansinh employer portal (user name {member.user.username}). Open this link to set your "
                  f"password (once, within {days} days):\n{link}"),
        "sms": (f"ansinh: dat mat khau cong don vi (ten dang nhap {member.user.username}), dung 1 lan trong {days} "
                f"ngay: {link} / Set your ansinh employer portal password: {link}"),
    }
    sent: list[dict[str, str]] = []
    for channel, address in (("email", member.user.email), ("sms", member.phone)):
        if not address or backend_for(channel) is None:
            continue
        delivery = notify.deliver(channel=channel, address=address, subject="Kích hoạt tài khoản cổng đơn vị ansinh",
                                  text=texts[channel])
        sent.append({"channel": channel, "address": _mask(channel, address),
                     "status": "sent" if delivery.status == Delivery.Status.SENT else "failed"})
    with transaction.atomic():
        audit.record(actor=actor, action="action", obj=member, source=source, reason="activation link sent",
                     after={"deliveries": sent})
    return sent


def member_activate(*, key: str, password: str, source: str = "portal") -> User:
    """The invited user sets their password with the one-time key; the key is then spent."""
    key_hash = hashlib.sha256((key or "").encode()).hexdigest()
    with transaction.atomic():
        member = (UnitMember.objects.select_for_update().select_related("user")
                  .filter(activation_hash=key_hash, disabled_at__isnull=True).first())
        if member is None or not key or member.activation_expires is None \
                or member.activation_expires < timezone.now():
            raise InvalidInput("bad_activation", "the activation link is not valid or has expired", field="key")
        try:
            validate_password(password, member.user)
        except ValidationError as exc:
            raise InvalidInput("weak_password", " ".join(exc.messages), field="password") from None
        member.user.set_password(password)
        member.user.is_active = True
        member.user.save(update_fields=["password", "is_active"])
        member.activation_hash, member.activation_expires, member.activated_at = "", None, timezone.now()
        member.save(update_fields=["activation_hash", "activation_expires", "activated_at"])
        audit.record(actor=member.user, action="update", obj=member, after={"activated_at": str(member.activated_at)},
                     source=source, reason="activated")
    return member.user


def member_ensure(*, user: User, unit_role: str, actor: Any = None, source: str = "cli") -> UnitMember:
    """The user's role in their unit, made if missing (the demo, a command run by staff); an existing row is kept."""
    if user.role != Role.EMPLOYER_REP or not user.employer_id:
        raise InvalidInput("bad_role", "only an employer representative of a unit has a unit role", field="user")
    if unit_role not in UnitRole.values:
        raise InvalidInput("bad_choice", f"role must be one of {', '.join(UnitRole.values)}", field="unit_role")
    with transaction.atomic():
        member, made = UnitMember.objects.get_or_create(
            user=user, defaults={"employer_id": user.employer_id, "unit_role": unit_role, "invited_at": timezone.now(),
                                 "activated_at": timezone.now()})
        if made:
            audit.record(actor=actor, action="create", obj=member, after=_member_snapshot(member), source=source)
    return member


def members(employer: Employer) -> list[UnitMember]:
    return list(UnitMember.objects.filter(employer=employer).select_related("user").order_by("user__username"))


# --- API tokens of the unit ------------------------------------------------------------------------------------

def unit_tokens(*, actor: Any) -> list[ApiToken]:
    """Every token of the unit's users (for the administrator), newest first."""
    employer = require(actor, "manage")
    return list(ApiToken.objects.filter(user__employer=employer, user__role=Role.EMPLOYER_REP)
                .select_related("user").order_by("-created_at", "-id"))


def unit_token_create(*, actor: Any, name: str, days: int | None = None, source: str = "portal") -> str:
    """A token for the unit's payroll software. It acts as the administrator who made it: the API answers it only
    with the unit's own objects (accounts.scope), like any employer representative. Expires like staff tokens."""
    from ansinh.accounts.services import token_create

    require(actor, "manage")
    return token_create(user=actor, name=name, days=days, actor=actor, source=source)


def unit_token_revoke(*, actor: Any, token_id: object, source: str = "portal") -> ApiToken:
    employer = require(actor, "manage")
    try:
        token = ApiToken.objects.get(pk=int(token_id), user__employer=employer,  # type: ignore[call-overload]
                                     user__role=Role.EMPLOYER_REP)
    except (ApiToken.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound("token", token_id) from None
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor=actor, action="update", obj=token, before={"revoked_at": None},
                         after={"revoked_at": token.revoked_at.isoformat()}, source=source)
    return token


# --- D02-LT lists ----------------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    """A cell as text the declaration service reads back: dates dd/mm/yyyy, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _month_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%m/%Y}"
    return _text(value)


def line_dict(src: DeclarationLineIn) -> dict[str, Any]:
    out: dict[str, Any] = {"line": src.line}
    for name in LINE_FIELDS:
        value = getattr(src, name)
        out[name] = _month_text(value) if name in ("from_month", "to_month") else _text(value)
    return out


def line_in(row: dict[str, Any]) -> DeclarationLineIn:
    return DeclarationLineIn(line=int(row["line"]), **{k: row.get(k) or ("" if k not in (
        "from_month", "to_month", "salary", "birth_date", "declaration_type") else None) for k in LINE_FIELDS})


def _check(submission: Submission) -> list[dict[str, Any]]:
    """Every error of the list (none: it may be submitted); nothing is written to the registry."""
    if not submission.lines:
        return [{"line": 0, "field": "lines", "code": "empty", "message": "the list has no lines"}]
    employer = Employer.objects.get(pk=submission.employer_id)
    today = timezone.localdate()
    period = Month.of(submission.period)
    if period > Month.of(today) + 1:
        return [{"line": 0, "field": "period", "code": "future_period",
                 "message": f"the period {period} is more than a month ahead"}]
    checked = validate_lines(employer=employer, period=period, lines=[line_in(r) for r in submission.lines])
    return checked.errors


def _save_checked(submission: Submission) -> Submission:
    submission.errors = _check(submission)
    submission.checked_at = timezone.now()
    return submission


def _period(value: Any, field: str = "period") -> Month:
    from ansinh.contributions.services.declare import parse_month

    try:
        month = value if isinstance(value, Month) else parse_month(value)
    except (ValueError, TypeError):
        raise InvalidInput("bad_month", "write the month as MM/YYYY", field=field) from None
    if month < Month(1995, 1) or month > Month.of(timezone.localdate()) + 1:
        raise InvalidInput("out_of_range", "the period is before 1995 or more than a month ahead", field=field)
    return month


def submission_from_file(*, actor: Any, data: bytes, file_name: str, period: Any = None,
                         source: str = "portal") -> Submission:
    """An uploaded D02-LT file (XLSX or XML; our layout and the vendors' titles the reader knows) as a draft with
    the errors of every line. A file that cannot be read at all (not a list, no header, another unit, no period) is
    refused with the reason and nothing is kept."""
    from ansinh.contributions.imports.d02lt import read_d02lt

    employer = require(actor, "declare")
    parsed = read_d02lt(data, file_name)
    problems = []
    if parsed.unit_code and parsed.unit_code != employer.unit_code:
        problems.append({"line": 0, "field": "unit_code", "code": "other_unit",
                         "message": f"the file is for unit {parsed.unit_code}, not {employer.unit_code}"})
    month = _period(period) if period not in (None, "") else parsed.period
    if month is not None and parsed.period is not None and parsed.period != month:
        problems.append({"line": 0, "field": "period", "code": "period_mismatch",
                         "message": f"the file declares the period {parsed.period}, not {month}"})
    if month is None:
        problems.append({"line": 0, "field": "period", "code": "required",
                         "message": "the period (MM/YYYY) is required: give it or write it in the file"})
    if problems:
        raise FileErrors(problems)
    assert month is not None
    with transaction.atomic():
        submission = Submission(employer=employer, period=month.first_day, source=Submission.Source.UPLOAD,
                                file_name=(file_name or "")[:200], file_sha256=hashlib.sha256(data).hexdigest(),
                                lines=[line_dict(x) for x in parsed.lines], created_by=actor,
                                created_at=timezone.now())
        _save_checked(submission).save()
        audit.record(actor=actor, action="create", obj=submission, after=_submission_snapshot(submission),
                     source=source, reason="uploaded")
    return submission


def submission_new(*, actor: Any, period: Any, source: str = "portal") -> Submission:
    """An empty list to type in the portal."""
    employer = require(actor, "declare")
    month = _period(period)
    with transaction.atomic():
        submission = Submission.objects.create(employer=employer, period=month.first_day,
                                               source=Submission.Source.ONLINE, created_by=actor,
                                               created_at=timezone.now())
        audit.record(actor=actor, action="create", obj=submission, after=_submission_snapshot(submission),
                     source=source)
    return submission


def _submission_snapshot(s: Submission) -> dict[str, Any]:
    snap = audit.snapshot(s)
    snap["lines"] = len(s.lines)
    snap["errors"] = len(s.errors)
    return snap


def submission_get(*, user: Any, submission_id: object) -> Submission:
    """One of the user's unit's lists; another unit's is 'not found'."""
    if unit_role(user) is None:
        raise NotFound("declaration list", submission_id)
    try:
        return Submission.objects.select_related("dossier", "declaration").get(
            pk=int(submission_id), employer_id=user.employer_id)  # type: ignore[call-overload]
    except (Submission.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound("declaration list", submission_id) from None


def _editable(actor: Any, submission: Submission) -> Submission:
    require(actor, "declare")
    locked = Submission.objects.select_for_update().get(pk=submission.pk, employer_id=actor.employer_id)
    if locked.status != Submission.Status.DRAFT:
        raise Conflict("not_draft", "the list was submitted: it can no longer be changed", field="status")
    return locked


def submission_line_save(*, actor: Any, submission: Submission, values: dict[str, Any], line: int | None = None,
                         source: str = "portal") -> Submission:
    """Add a line (line None) or replace line `line` of a draft; the whole list is checked again."""
    clean = {k: _text(values.get(k)) for k in LINE_FIELDS}
    clean["action"] = clean["action"].upper()
    if not clean["action"]:
        raise InvalidInput("required", "choose the action (phương án)", field="action")
    with transaction.atomic():
        s = _editable(actor, submission)
        before = _submission_snapshot(s)
        rows = list(s.lines)
        if line is None:
            if len(rows) >= MAX_ONLINE_LINES:
                raise InvalidInput("too_many", f"at most {MAX_ONLINE_LINES} lines typed online: upload a file",
                                   field="lines")
            rows.append({"line": max((int(r["line"]) for r in rows), default=0) + 1, **clean})
            changed = rows[-1]["line"]
        else:
            index = next((i for i, r in enumerate(rows) if int(r["line"]) == int(line)), None)
            if index is None:
                raise NotFound("line", line)
            rows[index] = {"line": int(line), **clean}
            changed = int(line)
        s.lines = rows
        _save_checked(s).save()
        audit.record(actor=actor, action="update", obj=s, before=before,
                     after={**_submission_snapshot(s), "line": {"line": changed, **clean}}, source=source,
                     reason="line added" if line is None else "line changed")
    return s


def submission_line_remove(*, actor: Any, submission: Submission, line: int, source: str = "portal") -> Submission:
    with transaction.atomic():
        s = _editable(actor, submission)
        before = _submission_snapshot(s)
        rows = [r for r in s.lines if int(r["line"]) != int(line)]
        if len(rows) == len(s.lines):
            raise NotFound("line", line)
        s.lines = rows
        _save_checked(s).save()
        audit.record(actor=actor, action="update", obj=s, before=before, after=_submission_snapshot(s),
                     source=source, reason=f"line {line} removed")
    return s


def submission_discard(*, actor: Any, submission: Submission, source: str = "portal") -> None:
    with transaction.atomic():
        s = _editable(actor, submission)
        audit.record(actor=actor, action="delete", obj=s, before=_submission_snapshot(s), source=source)
        s.delete()


def submission_submit(*, actor: Any, submission: Submission, source: str = "portal") -> Submission:
    """Check the whole list again; with no error, file it as a dossier (online, receipt number) for an officer's
    review. FileErrors with every error otherwise (the draft keeps them)."""
    from ansinh.procedures.services.dossiers import dossier_receive

    with transaction.atomic():
        s = _editable(actor, submission)
        before = _submission_snapshot(s)
        errors = _check(s)
        if errors:
            s.errors, s.checked_at = errors, timezone.now()
            s.save(update_fields=["errors", "checked_at"])
    if errors:
        raise FileErrors(errors)
    with transaction.atomic():
        s = _editable(actor, submission)
        employer = s.employer
        dossier = dossier_receive(
            actor=actor, procedure_code=PROCEDURE_CODE, channel="online", employer=employer,
            applicant_name=(actor.get_full_name() or actor.username)[:120], applicant_email=actor.email or "",
            documents=["D02-LT"], online_ref=f"portal-d02lt:{s.pk}", source=source)
        dossier.work_type, dossier.work_id = "portal_unit.submission", s.pk
        dossier.save(update_fields=["work_type", "work_id", "updated_at"])
        s.status, s.errors, s.checked_at = Submission.Status.SUBMITTED, [], timezone.now()
        s.submitted_by, s.submitted_at, s.dossier = actor, timezone.now(), dossier
        s.save()
        audit.record(actor=actor, action="update", obj=s, before=before, after=_submission_snapshot(s),
                     source=source, reason=f"submitted as dossier {dossier.code}")
    return s


def submission_copy(*, actor: Any, submission: Submission, source: str = "portal") -> Submission:
    """A returned list as a new draft, to correct and submit again."""
    employer = require(actor, "declare")
    if submission.employer_id != employer.pk:
        raise NotFound("declaration list", submission.pk)
    with transaction.atomic():
        s = Submission(employer=employer, period=submission.period, source=submission.source,
                       file_name=submission.file_name, lines=list(submission.lines), created_by=actor,
                       created_at=timezone.now())
        _save_checked(s).save()
        audit.record(actor=actor, action="create", obj=s, after=_submission_snapshot(s), source=source,
                     reason=f"copied from list {submission.pk}")
    return s


# --- the officer's review --------------------------------------------------------------------------------------

def submissions_to_review(*, user: Any) -> Any:
    """Submitted lists of the units in the officer's localities, oldest first."""
    from ansinh.accounts.scope import employers_visible

    return (Submission.objects.filter(status=Submission.Status.SUBMITTED,
                                      employer__in=employers_visible(user))
            .select_related("employer", "dossier", "submitted_by").order_by("submitted_at", "id"))


def review_get(*, user: Any, submission_id: object) -> Submission:
    """A list of a unit in the officer's localities; 'not found' otherwise."""
    from ansinh.accounts.scope import employers_visible

    _require_reviewer(user)
    try:
        return Submission.objects.select_related("employer", "dossier", "declaration", "submitted_by").get(
            pk=int(submission_id), employer__in=employers_visible(user))  # type: ignore[call-overload]
    except (Submission.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound("declaration list", submission_id) from None


def _require_reviewer(actor: Any) -> None:
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in REVIEWER_ROLES):
        raise Forbidden("not_allowed", "Only collection officers and managers review the units' lists.")


def _to_processing(actor: Any, dossier: Any, source: str) -> Any:
    from ansinh.procedures.services.dossiers import dossier_hand_over

    if dossier.status == "received":
        dossier = dossier_hand_over(actor=actor, dossier=dossier, note="D02-LT review", source=source)
    return dossier


def submission_accept(*, actor: Any, submission: Submission, source: str = "web") -> Submission:
    """The officer accepts: the lines are checked again and applied to the registry by `declaration_submit`
    (audited under the officer's name; the next assessment counts them), and the dossier is decided (granted).
    FileErrors if the registry changed since the list was checked (nothing applied: return it with reasons)."""
    from ansinh.contributions.services.declare import declaration_submit
    from ansinh.procedures.services.dossiers import dossier_decide

    _require_reviewer(actor)
    with transaction.atomic():
        s = Submission.objects.select_for_update().get(pk=submission.pk)
        if s.status != Submission.Status.SUBMITTED:
            raise Conflict("not_submitted", "only a submitted list can be accepted", field="status")
        before = _submission_snapshot(s)
        dossier = _to_processing(actor, s.dossier, source)
        declaration = declaration_submit(
            actor=actor, employer=s.employer, period=Month.of(s.period), lines=[line_in(r) for r in s.lines],
            channel=Declaration.Channel.PORTAL, file_name=s.file_name, file_sha256=s.file_sha256)
        dossier_decide(actor=actor, dossier=dossier, outcome="granted",
                       note=f"D02-LT applied: declaration {declaration.pk}, {declaration.line_count} lines",
                       source=source)
        s.status, s.declaration = Submission.Status.ACCEPTED, declaration
        s.reviewed_by, s.reviewed_at = actor, timezone.now()
        s.save()
        audit.record(actor=actor, action="update", obj=s, before=before, after=_submission_snapshot(s),
                     source=source, reason=f"accepted: declaration {declaration.pk}")
    return s


def submission_return(*, actor: Any, submission: Submission, reasons: str, source: str = "web") -> Submission:
    """The officer returns the list with reasons; nothing is applied. The dossier is decided (refused) with the
    reasons; the unit sees them and may correct a copy and submit it again."""
    from ansinh.procedures.services.dossiers import dossier_decide

    _require_reviewer(actor)
    reasons = (reasons or "").strip()
    if not reasons:
        raise InvalidInput("required", "state the reasons for returning the list", field="reasons")
    with transaction.atomic():
        s = Submission.objects.select_for_update().get(pk=submission.pk)
        if s.status != Submission.Status.SUBMITTED:
            raise Conflict("not_submitted", "only a submitted list can be returned", field="status")
        before = _submission_snapshot(s)
        dossier = _to_processing(actor, s.dossier, source)
        dossier_decide(actor=actor, dossier=dossier, outcome="refused", note=reasons[:500], source=source)
        s.status, s.return_reasons = Submission.Status.RETURNED, reasons[:2000]
        s.reviewed_by, s.reviewed_at = actor, timezone.now()
        s.save()
        audit.record(actor=actor, action="update", obj=s, before=before, after=_submission_snapshot(s),
                     source=source, reason=f"returned: {reasons[:250]}")
    return s
