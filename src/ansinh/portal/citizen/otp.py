"""First-time activation and password reset of a citizen's portal account by a one-time code.

1. ``code_request``: the citizen gives the 12-digit identification number, the birth date and the phone number
   (or e-mail) on file. When they match one living person — who has no portal account yet, an account never
   activated, or (reset) an active account — a 6-digit code goes to that address through ``ansinh.notify``
   (``deliver(channel="sms"|"email")``). Whether or not anything matched, the answer is the same and a row is
   stored, so the limits below apply alike to known and unknown persons (no enumeration).
2. ``code_use``: the code and a new password (Django's validators). Right code, in time, attempts left: the
   password is set (the citizen account created when there was none), every other open code of the person voided,
   sign-in lockouts of the account cleared; audited with the citizen as actor.

Limits (the database, no cache needed): a code lives ``TTL`` (10 min); ``MAX_ATTEMPTS`` (5) wrong codes void it;
at most ``PER_KEY`` (3) requests per identification number and per address, and ``PER_IP`` (10) per network
address, in ``WINDOW`` (1 hour). The code is stored as an HMAC (SECRET_KEY, row id), never in clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import Role, User
from ansinh.core.errors import ApplicationError, Conflict, InvalidInput
from ansinh.portal.citizen.models import OneTimeCode
from ansinh.registry.models import Person

TTL = dt.timedelta(minutes=10)
WINDOW = dt.timedelta(hours=1)
MAX_ATTEMPTS = 5
PER_KEY = 3
PER_IP = 10
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RateLimited(ApplicationError):
    status = 429


def normalise_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def parse_address(text: str) -> tuple[str, str]:
    """(channel, address) of what the citizen typed: an e-mail or a Vietnamese phone number."""
    text = (text or "").strip()
    if "@" in text:
        if not EMAIL_RE.match(text) or len(text) > 120:
            raise InvalidInput("bad_email", "the e-mail address is not valid", field="address")
        return "email", text.lower()
    phone = normalise_phone(text)
    if not re.fullmatch(r"0\d{9}", phone):
        raise InvalidInput("bad_phone", "the phone number must have 10 digits, starting with 0", field="address")
    return "sms", phone


def _hash(row_id: int, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"otp:{row_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _citizen_user(person: Person) -> User | None:
    return User.objects.filter(person=person, role=Role.CITIZEN).order_by("id").first()


def _match(identifier: str, birth: dt.date, channel: str, address: str) -> Person | None:
    person = Person.objects.filter(citizen_id=identifier, birth_date=birth, death_date__isnull=True).first()
    if person is None:
        return None
    user = _citizen_user(person)
    if user is not None and not user.is_active:  # closed by the agency: no self-service
        return None
    if channel == "sms":
        return person if normalise_phone(person.phone) == address else None
    return person if user is not None and user.email and user.email.lower() == address else None


def _limited(identifier: str, address: str, ip: str, now: dt.datetime) -> bool:
    since = now - WINDOW
    recent = OneTimeCode.objects.filter(created_at__gte=since)
    return (recent.filter(Q(identifier=identifier)).count() >= PER_KEY
            or recent.filter(address=address).count() >= PER_KEY
            or (bool(ip) and recent.filter(ip=ip).count() >= PER_IP))


def _deliver(*, channel: str, address: str, subject: str, text: str) -> None:
    from ansinh.notify import services as notify

    notify.deliver(channel=channel, address=address, subject=subject, text=text)


@dataclass(frozen=True)
class Requested:
    row_id: int
    channel: str
    masked: str  # the address as shown back: the typed one, masked


def _mask(channel: str, address: str) -> str:
    if channel == "sms":
        return address[:3] + "•" * 4 + address[-3:]
    name, _, domain = address.partition("@")
    return name[:1] + "•" * 3 + "@" + domain


def code_request(*, purpose: str, identifier: str, birth_date: dt.date | None, address: str, ip: str = "",
                 now: dt.datetime | None = None) -> Requested:
    """Store the request; send a code when the details match a person. The same result either way."""
    if purpose not in OneTimeCode.Purpose.values:
        raise InvalidInput("bad_choice", "purpose must be activate or reset", field="purpose")
    identifier = re.sub(r"\s", "", identifier or "")
    if not re.fullmatch(r"\d{12}", identifier):
        raise InvalidInput("bad_identifier", "the personal identification number has 12 digits", field="identifier")
    if birth_date is None:
        raise InvalidInput("required", "the birth date is required", field="birth_date")
    channel, addr = parse_address(address)
    now = now or timezone.now()
    with transaction.atomic():
        if _limited(identifier, addr, ip, now):
            raise RateLimited("too_many_requests", "too many code requests for these details: try again in an hour",
                              field="identifier")
        person = _match(identifier, birth_date, channel, addr)
        row = OneTimeCode.objects.create(purpose=purpose, identifier=identifier, address=addr, channel=channel,
                                         ip=ip[:45], person=person, created_at=now, expires_at=now + TTL)
        code = f"{secrets.randbelow(1_000_000):06d}"
        if person is not None:
            row.code_hash = _hash(row.pk, code)
            row.save(update_fields=["code_hash"])
        audit.record(actor=None, action="action", obj=row, source="portal",
                     reason=f"one-time code requested ({purpose}, {channel})",
                     after={"purpose": purpose, "channel": channel, "matched": person is not None,
                            "person_id": person.pk if person else None, "ip": ip})
        if person is not None:
            minutes = int(TTL.total_seconds() // 60)
            _deliver(channel=channel, address=addr, subject="Mã xác thực ansinh",
                     text=f"Ma xac thuc ansinh cua ban: {code}. Hieu luc {minutes} phut. Khong chia se ma nay "
                          f"cho bat ky ai. / Your ansinh code: {code}, valid {minutes} minutes.")
    return Requested(row.pk, channel, _mask(channel, addr))


def code_use(*, row_id: int, code: str, password: str, password2: str, now: dt.datetime | None = None) -> User:
    """Check the code and set the password. Wrong, expired or used: refused (the same refusal for a request that
    matched nobody). Attempts are counted whatever the result."""
    now = now or timezone.now()
    code = re.sub(r"\s", "", code or "")
    with transaction.atomic():
        row = OneTimeCode.objects.select_for_update().filter(pk=row_id).first()
        if row is None or row.used_at is not None:
            raise Conflict("code_used", "this code has been used or replaced: ask for a new code", field="code")
        if row.attempts >= MAX_ATTEMPTS:
            raise Conflict("too_many_attempts", "too many wrong codes: ask for a new code", field="code")
        if now > row.expires_at:
            raise Conflict("code_expired", "the code has expired: ask for a new code", field="code")
        right = bool(row.code_hash) and re.fullmatch(r"\d{6}", code) is not None \
            and hmac.compare_digest(row.code_hash, _hash(row.pk, code))
        if not right:
            row.attempts += 1
            row.save(update_fields=["attempts"])
            left = MAX_ATTEMPTS - row.attempts
            # the attempt counts: the refusal is raised after this transaction commits
            error = (InvalidInput("wrong_code", f"the code is not right ({left} tries left)", field="code",
                                  details={"left": left}) if left else
                     Conflict("too_many_attempts", "too many wrong codes: ask for a new code", field="code"))
        else:
            error = None
    if error is not None:
        raise error
    if password != password2:
        raise InvalidInput("mismatch", "the two passwords differ", field="password2")
    with transaction.atomic():
        row = OneTimeCode.objects.select_for_update().get(pk=row_id)
        if row.used_at is not None:
            raise Conflict("code_used", "this code has been used or replaced: ask for a new code", field="code")
        person = row.person
        assert person is not None  # a right code exists only for a matched person
        user = _citizen_user(person)
        created = user is None
        if user is None:
            user = User(username=person.citizen_id, role=Role.CITIZEN, person=person,
                        last_name=" ".join(person.full_name.split()[:-1]), first_name=person.full_name.split()[-1])
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput("weak_password", " ".join(exc.messages), field="password") from None
        user.set_password(password)
        user.is_active = True
        if row.channel == "email" and not user.email:
            user.email = row.address
        user.save()
        OneTimeCode.objects.filter(person=person, used_at__isnull=True).update(used_at=now)
        audit.record(actor=user, action="create" if created else "update", obj=user, source="portal",
                     reason=f"portal password set by one-time code ({row.purpose}, {row.channel})",
                     after={"username": user.username, "person_id": person.pk, "code_request": row.pk})
    try:
        from axes.utils import reset

        reset(username=user.username)
    except Exception:
        pass
    return user


def request_info(row_id: int) -> OneTimeCode | None:
    return OneTimeCode.objects.filter(pk=row_id).first()


def demo_where() -> str:
    """Where the demo's codes can be read (FileBackend)."""
    return str(getattr(settings, "ANSINH_NOTIFY_FILE", "var/notifications.jsonl"))


__all__ = ["RateLimited", "Requested", "code_request", "code_use", "demo_where", "parse_address", "request_info"]
