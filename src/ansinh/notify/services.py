"""The notification service. `notify` writes the recipient's inbox message and queues its deliveries (SMS to the
person's or unit's phone, e-mail to the unit's or the portal user's address) where a backend is configured for the
channel; `deliver` sends a direct message (one-time codes) that is never kept in an inbox. Deliveries are sent
after the transaction commits; a failure is recorded on the delivery and `ansinh notify_retry` sends it again."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from ansinh.core import presentation
from ansinh.core.errors import InvalidInput
from ansinh.notify import texts
from ansinh.notify.backends import Outgoing, backend_for
from ansinh.notify.models import Delivery, Message, Topic

log = logging.getLogger(__name__)

CHANNELS = ("sms", "email")
MAX_ATTEMPTS = 5


def _addresses(person: Any, employer: Any, user: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if person is not None and getattr(person, "phone", ""):
        found.append(("sms", person.phone))
    if employer is not None:
        if getattr(employer, "phone", ""):
            found.append(("sms", employer.phone))
        if getattr(employer, "email", ""):
            found.append(("email", employer.email))
    if user is not None and getattr(user, "email", ""):
        found.append(("email", user.email))
    seen: set[tuple[str, str]] = set()
    return [a for a in found if not (a in seen or seen.add(a))]


def languages(person_ids: Iterable[int]) -> dict[int, str]:
    """The language each person reads their messages in: their citizen portal account's preferred language
    ('vi' or 'en'); persons without an account are left out (Vietnamese). The monthly notices and every SMS/e-mail
    of a keyed text use it."""
    from ansinh.accounts.models import Role, User

    ids = list(dict.fromkeys(int(i) for i in person_ids if i))
    out: dict[int, str] = {}
    for i in range(0, len(ids), 5000):
        for pid, lang in (User.objects.filter(person_id__in=ids[i:i + 5000], role=Role.CITIZEN)
                          .values_list("person_id", "preferred_language")):
            out[pid] = presentation.lang_of(lang or "vi")
    return out


def recipient_language(*, person: Any = None, user: Any = None) -> str:
    """The language of what is sent to a recipient: the portal user's preferred language, else the person's (their
    citizen account), else Vietnamese (a unit, a person without an account)."""
    if user is not None and getattr(user, "preferred_language", ""):
        return presentation.lang_of(user.preferred_language)
    if person is not None and getattr(person, "pk", None):
        return languages([person.pk]).get(person.pk, "vi")
    return "vi"


def _keyed_text(key: str, params: Mapping[str, Any] | None, lang: str = "vi") -> str:
    """The text of `key` with its values, in `lang` (what an SMS carries); a refusal for an unknown key or values
    that do not fill the text."""
    try:
        return texts.render(key, params, lang)
    except KeyError as exc:
        if key not in texts.TEXTS:
            raise InvalidInput("bad_choice", f"unknown text key {key!r} (notify.texts.TEXTS)", field="key") from None
        raise InvalidInput("required", f"the text {key!r} needs the value {exc}", field="params") from None


def notify(*, topic: str, text: str = "", key: str = "", params: Mapping[str, Any] | None = None,
           person: Any = None, employer: Any = None, user: Any = None, dossier: Any = None, url: str = "",
           at: dt.datetime | None = None, dedupe_key: str = "", subject: str = "") -> Message | None:
    """An inbox message to a person, a unit and/or a user, and its deliveries. Name the text by its `key` in
    `notify.texts` with its `params` (the inbox shows it in the reader's language; `text`, what is sent, defaults
    to its rendering in the recipient's language, `recipient_language`, Vietnamese by default), or give a plain
    `text` (sent as it is). With a `dedupe_key` already used, nothing is written and
    None is returned (producers that run again)."""
    if topic not in Topic.values:
        raise InvalidInput("bad_choice", f"topic must be one of {', '.join(Topic.values)}", field="topic")
    if person is None and employer is None and user is None:
        raise InvalidInput("required", "a notification needs a recipient", field="person")
    lang = recipient_language(person=person, user=user) if key and not text else "vi"
    if key:
        text = text or _keyed_text(key, params, lang)
    if not text.strip():
        raise InvalidInput("required", "a notification needs a text", field="text")
    now = at or timezone.now()
    with transaction.atomic():
        if dedupe_key and Message.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        try:
            with transaction.atomic():
                msg = Message.objects.create(topic=topic, text=text.strip()[:1000], key=key,
                                             params=dict(params or {}) if key else {}, url=url[:300], person=person,
                                             employer=employer, user=user, dossier=dossier,
                                             dedupe_key=dedupe_key[:80], created_at=now)
        except IntegrityError:
            if dedupe_key:
                return None
            raise
        with translation.override(lang):
            title = subject or str(Topic(topic).label)
        deliveries = [Delivery(message=msg, channel=channel, address=address, subject=title[:200], created_at=now)
                      for channel, address in _addresses(person, employer, user) if backend_for(channel)]
        if deliveries:
            Delivery.objects.bulk_create(deliveries)
            transaction.on_commit(lambda mid=msg.pk: send_pending(message_ids=[mid]))
    return msg


def notify_many(rows: Iterable[dict[str, Any]], *, topic: str, at: dt.datetime | None = None) -> int:
    """Set-based producers (monthly notices): one inbox message per row (keys person_id / employer_id / user_id,
    text and/or key + params as for `notify`, url, dedupe_key); rows whose dedupe_key was used are skipped. A keyed
    row without a text is sent in the person's language (`languages`). Deliveries are queued for SMS to the
    person's phone where a backend is configured. Returns the number of messages written."""
    if topic not in Topic.values:
        raise InvalidInput("bad_choice", f"topic must be one of {', '.join(Topic.values)}", field="topic")
    now = at or timezone.now()
    rows = list(rows)
    langs = languages(r.get("person_id") for r in rows if r.get("key") and not r.get("text") and not r.get("user_id"))
    rows = [dict(r, text=r.get("text") or (_keyed_text(r["key"], r.get("params"), langs.get(r.get("person_id"), "vi"))
                                           if r.get("key") else "")) for r in rows]
    rows = [r for r in rows if r["text"]]
    keys = [r["dedupe_key"] for r in rows if r.get("dedupe_key")]
    used: set[str] = set()
    for i in range(0, len(keys), 900):
        used |= set(Message.objects.filter(dedupe_key__in=keys[i:i + 900]).values_list("dedupe_key", flat=True))
    fresh = [r for r in rows if not r.get("dedupe_key") or r["dedupe_key"] not in used]
    with transaction.atomic():
        Message.objects.bulk_create([
            Message(topic=topic, text=r["text"][:1000], key=r.get("key", ""),
                    params=dict(r.get("params") or {}) if r.get("key") else {}, url=r.get("url", "")[:300],
                    person_id=r.get("person_id"),
                    employer_id=r.get("employer_id"), user_id=r.get("user_id"),
                    dedupe_key=r.get("dedupe_key", "")[:80], created_at=now) for r in fresh], batch_size=2000)
        if backend_for("sms"):
            from ansinh.registry.models import Person

            phones = dict(Person.objects.filter(pk__in=[r["person_id"] for r in fresh if r.get("person_id")])
                          .exclude(phone="").values_list("pk", "phone"))
            if phones:
                new = Message.objects.filter(topic=topic, created_at=now, person_id__in=list(phones))
                Delivery.objects.bulk_create([
                    Delivery(message_id=mid, channel="sms", address=phones[pid], subject=str(Topic(topic).label),
                             created_at=now) for mid, pid in new.values_list("pk", "person_id")], batch_size=2000)
                transaction.on_commit(lambda: send_pending())
    return len(fresh)


def deliver(*, channel: str, address: str, subject: str, text: str) -> Delivery:
    """A direct message to an address (one-time codes): recorded as a delivery without the text, sent at once.
    Refused when no backend serves the channel."""
    if channel not in CHANNELS:
        raise InvalidInput("bad_choice", f"channel must be one of {', '.join(CHANNELS)}", field="channel")
    if not address.strip():
        raise InvalidInput("required", "no address to send to", field="address")
    backend = backend_for(channel)
    if backend is None:
        raise InvalidInput("channel_unavailable", f"no {channel} gateway is configured", field="channel")
    delivery = Delivery.objects.create(message=None, channel=channel, address=address.strip()[:254],
                                       subject=subject[:200], created_at=timezone.now())
    _send(delivery, backend, text)
    return delivery


def _send(delivery: Delivery, backend: Any, text: str) -> None:
    delivery.attempts += 1
    try:
        backend.send(Outgoing(delivery.channel, delivery.address, delivery.subject, text))
    except Exception as exc:
        log.warning("notification delivery %s failed: %s", delivery.pk, exc)
        delivery.status, delivery.error = Delivery.Status.FAILED, str(exc)[:300]
    else:
        delivery.status, delivery.sent_at, delivery.error = Delivery.Status.SENT, timezone.now(), ""
    Delivery.objects.filter(pk=delivery.pk).update(status=delivery.status, sent_at=delivery.sent_at,
                                                   error=delivery.error, attempts=delivery.attempts)


def send_pending(*, message_ids: list[int] | None = None, retry_failed: bool = False) -> dict[str, int]:
    """Send the queued deliveries (of the given messages, or all); with retry_failed, the failed ones again up to
    MAX_ATTEMPTS. Returns counts by outcome."""
    statuses = [Delivery.Status.PENDING] + ([Delivery.Status.FAILED] if retry_failed else [])
    todo = Delivery.objects.filter(status__in=statuses, attempts__lt=MAX_ATTEMPTS, message__isnull=False)
    if message_ids is not None:
        todo = todo.filter(message_id__in=message_ids)
    counts = {"sent": 0, "failed": 0}
    backends: dict[str, Any] = {}
    for delivery in todo.select_related("message")[:10000]:
        backend = backends.setdefault(delivery.channel, backend_for(delivery.channel))
        if backend is None:
            continue
        _send(delivery, backend, delivery.message.text)
        counts["sent" if delivery.status == Delivery.Status.SENT else "failed"] += 1
    return counts


def _recipient_filter(person: Any, employer: Any, user: Any) -> dict[str, Any]:
    if person is None and employer is None and user is None:
        raise InvalidInput("required", "whose messages?", field="person")
    flt: dict[str, Any] = {}
    if person is not None:
        flt["person"] = person
    if employer is not None:
        flt["employer"] = employer
    if user is not None:
        flt["user"] = user
    return flt


def inbox(*, person: Any = None, employer: Any = None, user: Any = None) -> QuerySet[Message]:
    """The recipient's messages, newest first (a person's, a unit's or a user's: exactly the ones addressed to it)."""
    return Message.objects.filter(**_recipient_filter(person, employer, user))


def unread_count(*, person: Any = None, employer: Any = None, user: Any = None) -> int:
    return inbox(person=person, employer=employer, user=user).filter(read_at__isnull=True).count()


def mark_read(message_ids: Iterable[int] | None, *, person: Any = None, employer: Any = None, user: Any = None) -> int:
    """Mark the recipient's own messages read (all of them when message_ids is None); others' ids are ignored."""
    qs = inbox(person=person, employer=employer, user=user).filter(read_at__isnull=True)
    if message_ids is not None:
        qs = qs.filter(pk__in=[int(i) for i in message_ids])
    return qs.update(read_at=timezone.now())
