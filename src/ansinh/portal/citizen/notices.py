"""The citizen portal's notices, made set-based for a month (command ``ansinh portal_notices``):

- ``contributions.unpaid``: persons employed on the month's first day by an employer that still owes contributions
  for months before it (receivable > 0 in the ledger): how many months, what it means for their benefits. Run after
  the month's assessment.
- ``card.expiring``: the HI card valid today that ends within 30 days, when no later card has been issued.
- ``benefit.paid``: the benefit payments settled (payroll lines paid) of the month, per person: the amount received
  and the channel.

Dossier received / decided / returned notices come from the procedures service (through ``notify.notify``).

Each producer is a few grouped queries and one bulk insert through ``notify.notify_many`` (SMS queued to the
person's phone where a gateway is configured). Idempotent: each notice has a dedupe key (``unpaid:<month>:<employer>:
<person>``, ``card-ending:<card>``, ``paid:<month>:<person>:<channel>``); a producer run twice writes nothing new.
Each notice is a text of ``notify.texts`` with its values, so the inbox shows it in the language of whoever reads it;
the text sent by SMS is in the recipient's language (their portal account's preferred language, Vietnamese by
default).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ansinh.contributions.models import Account, HolderType, LedgerEntry
from ansinh.notify import texts
from ansinh.rules.periods import Month

EXPIRY_DAYS = 30
CHUNK = 5000


@dataclass(frozen=True)
class Notice:
    person_id: int
    topic: str
    key: str  # the dedupe key: the same notice is never written twice
    text: str  # in the recipient's language (the SMS)
    url: str
    params: dict[str, Any]  # the values of the text named by the topic in notify.texts (the inbox, any language)


def _languages(person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's language (their portal account's preferred language): the one every keyed SMS uses."""
    from ansinh.notify.services import languages

    return languages(person_ids)


def _write(notices: list[Notice], at: dt.datetime) -> int:
    """Insert the notices whose key was not used yet (notify.notify_many, one bulk insert per topic)."""
    from ansinh.notify import services as notify

    written = 0
    by_topic: dict[str, list[Notice]] = defaultdict(list)
    for n in notices:
        by_topic[n.topic].append(n)
    for topic, rows in by_topic.items():
        written += notify.notify_many(
            ({"person_id": n.person_id, "text": n.text, "key": n.topic, "params": n.params, "url": n.url,
              "dedupe_key": n.key} for n in rows),
            topic=topic, at=at)
    return written


def unpaid_notices(month: Month) -> list[Notice]:
    """Persons whose employer (on the month's first day) owes contributions for months before it."""
    from ansinh.registry.models import Employment

    owed = (LedgerEntry.objects.filter(account=Account.RECEIVABLE, holder_type=HolderType.EMPLOYER,
                                       for_period__lt=month.first_day)
            .values("holder_id", "for_period").annotate(s=Sum("amount")).filter(s__gt=0))
    months_by_employer: dict[int, int] = defaultdict(int)
    for row in owed:
        months_by_employer[row["holder_id"]] += 1
    if not months_by_employer:
        return []
    day = month.first_day
    employments = (Employment.objects.filter(employer_id__in=list(months_by_employer), valid_from__lte=day)
                   .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                   .values_list("person_id", "employer_id", "employer__name"))
    rows = list(employments)
    langs = _languages(pid for pid, _e, _n in rows)
    out = []
    last = month - 1
    for pid, eid, name in rows:
        params = {"employer": name, "n": months_by_employer[eid], "last": texts.month(last)}
        out.append(Notice(pid, "contributions.unpaid", f"unpaid:{month}:{eid}:{pid}",
                          texts.render("contributions.unpaid", params, langs.get(pid, "vi")), "/portal/contributions/",
                          params))
    return out


def expiring_card_notices(today: dt.date) -> list[Notice]:
    """The card valid today ending within EXPIRY_DAYS, with no later card issued."""
    from ansinh.coverage.models import HICard

    end = today + dt.timedelta(days=EXPIRY_DAYS)
    cards = list(HICard.objects.filter(valid_from__lte=today, valid_to__gte=today, valid_to__lte=end)
                 .exclude(status__in=[HICard.Status.REVOKED, HICard.Status.REPLACED])
                 .values_list("id", "person_id", "number", "valid_to"))
    later = set(HICard.objects.filter(person_id__in={c[1] for c in cards}, valid_from__gt=today)
                .exclude(status=HICard.Status.REVOKED).values_list("person_id", flat=True)) if cards else set()
    langs = _languages(c[1] for c in cards)
    out = []
    for card_id, pid, number, valid_to in cards:
        if pid in later:
            continue
        params = {"number": number, "day": texts.day(valid_to)}
        out.append(Notice(pid, "card.expiring", f"card-ending:{card_id}",
                          texts.render("card.expiring", params, langs.get(pid, "vi")), "/portal/card/", params))
    return out


def benefit_paid_notices(month: Month) -> list[Notice]:
    """Per person, the payroll lines paid (settled) in the month: the amount received, by channel."""
    from ansinh.benefits.models import PayrollLine

    rows = (PayrollLine.objects.filter(status=PayrollLine.Status.PAID, settled_on__gte=month.first_day,
                                       settled_on__lte=month.last_day)
            .values("person_id", "channel").annotate(total=Sum("amount"), withheld=Sum("deduction"), n=Count("id")))
    langs = _languages({r["person_id"] for r in rows})
    out = []
    for r in rows:
        pid = r["person_id"]
        params = {"month": texts.month(month), "amount": texts.money(r["total"] - (r["withheld"] or 0)),
                  "channel": {"name": r["channel"], "kind": "payment_channel", "lower": True}}
        out.append(Notice(pid, "benefit.paid", f"paid:{month}:{pid}:{r['channel']}",
                          texts.render("benefit.paid", params, langs.get(pid, "vi")), "/portal/benefits/", params))
    return out


@dataclass
class Report:
    month: str
    unpaid: int = 0
    expiring: int = 0
    paid: int = 0


def produce(*, month: Month, today: dt.date | None = None, topics: Iterable[str] = ("unpaid", "expiring", "paid"),
            at: dt.datetime | None = None) -> Report:
    """Write the month's notices (those not yet written). Returns how many of each were written."""
    today = today or timezone.localdate()
    at = at or timezone.now()
    report = Report(str(month))
    topics = set(topics)
    if "unpaid" in topics:
        report.unpaid = _write(unpaid_notices(month), at)
    if "expiring" in topics:
        report.expiring = _write(expiring_card_notices(today), at)
    if "paid" in topics:
        report.paid = _write(benefit_paid_notices(month), at)
    return report
