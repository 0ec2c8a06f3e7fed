"""What the inbox says, in the reader's language (docs/notify.md, "Texts").

A producer names a text by its key and gives its values (`notify(topic=…, key="payment.paid", params={…})`); the
message keeps both, and the inbox renders them when it is read, in the language of the page: the same message reads
"Đã nhận 1.250.000 đồng theo mã thanh toán …" in Vietnamese and "Received 1,250,000 VND under payment code …" in
English. The message's `text` is the rendering written with it, in the recipient's language
(`notify.services.recipient_language`, Vietnamese by default): what an SMS or an e-mail carries, and what messages
written before the keys existed show.

A value is kept as JSON and shown in the reader's conventions by its form:

    "text" or 12                     as it is (codes, names, what a person typed: a refusal reason, a note)
    {"money": 1250000}               presentation.money: 1.250.000 đ / 1,250,000 VND ("words": true → đồng)
    {"date": "2026-12-31"}           presentation.date: 31/12/2026 / 31 Dec 2026
    {"month": "2026-11"}             presentation.month: 11/2026 / Nov 2026
    {"vi": "…", "en": "…"}           the reader's language of a name that has both (procedures, documents)
    {"name": "post", "kind": "payment_channel", "lower": true}   presentation.name, in lower case

Texts are English source strings translated in notify/locale (the Vietnamese wording the messages always had).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ansinh.core import presentation

TEXTS: dict[str, Any] = {
    # procedures: the dossier at the desk (with its look-up code), then each step
    "dossier.intake.received": _("Dossier %(procedure)s received; the result is due on %(due)s (look-up code "
                                 "%(lookup)s)."),
    "dossier.intake.supplement": _("Dossier %(procedure)s needs more documents: %(documents)s (look-up code "
                                   "%(lookup)s)."),
    "dossier.intake.refused": _("Dossier %(procedure)s was refused at the desk: %(reason)s (look-up code "
                                "%(lookup)s)."),
    "dossier.complete": _("Dossier %(code)s is complete; the result is due on %(due)s."),
    "dossier.supplement": _("Dossier %(code)s needs more documents: %(documents)s. %(note)s"),
    "dossier.decided.granted": _("Dossier %(code)s has been decided: granted. Collect the result the way you chose "
                                 "(look-up code %(lookup)s)."),
    "dossier.decided.refused": _("Dossier %(code)s has been decided: not granted (%(note)s). Collect the result the "
                                 "way you chose (look-up code %(lookup)s)."),
    "dossier.apology": _("The social security office apologises: the result of dossier %(code)s is late "
                         "(%(reason)s). New date: %(due)s."),
    "dossier.returned.desk": _("The result of dossier %(code)s has been handed over at the one-stop desk."),
    "dossier.returned.post": _("The result of dossier %(code)s has been sent by post (tracking number "
                               "%(tracking)s)."),
    "dossier.returned.online": _("The result of dossier %(code)s has been returned online."),
    # contributions: payment codes, receipts of collection agents
    "payment.paid": _("Received %(amount)s under payment code %(code)s."),
    "payment.code.new": _("New payment code: %(code)s, amount %(amount)s, to pay by %(until)s at a bank or a "
                          "collection point. The old code %(old)s can no longer be used."),
    "payment.code.new_for_dossier": _("New payment code for dossier %(dossier)s: %(code)s, amount %(amount)s, to "
                                      "pay by %(until)s at a bank or a collection point. The old code %(old)s can "
                                      "no longer be used."),
    "receipt.vsi": _("%(agent)s collected %(amount)s of voluntary social insurance from %(from)s to %(to)s, "
                     "receipt no. %(number)s of %(day)s."),
    "receipt.household_hi": _("%(agent)s collected %(amount)s of household health insurance %(household)s from "
                              "%(from)s to %(to)s, receipt no. %(number)s of %(day)s."),
    # the citizen portal's monthly notices (portal/citizen/notices.py)
    "contributions.unpaid": ngettext_lazy(
        "%(employer)s has not paid the contributions of %(n)s month (up to %(last)s). Months not paid are not "
        "counted for your benefits until the employer pays; your HI card may be affected.",
        "%(employer)s has not paid the contributions of %(n)s months (up to %(last)s). Months not paid are "
        "not counted for your benefits until the employer pays; your HI card may be affected.", "n"),
    "card.expiring": _("Your HI card %(number)s ends on %(day)s. Renew it in time (Do it online → renew household "
                       "HI, or through your employer) so that your cover and your five years in a row continue."),
    "benefit.paid": _("Your benefit for %(month)s has been paid: %(amount)s, %(channel)s."),
}


def _value(value: Any, lang: str) -> Any:
    if not isinstance(value, Mapping):
        return value
    if "money" in value:
        return presentation.money(value["money"], lang, words=bool(value.get("words")))
    if "date" in value:
        return presentation.date(value["date"], lang)
    if "month" in value:
        return presentation.month(value["month"], lang)
    if "name" in value:
        text = presentation.name(value["name"], value.get("kind", ""), lang=lang)
        return text.lower() if value.get("lower") else text
    return value.get(lang) or value.get("vi") or ""


def render(key: str, params: Mapping[str, Any] | None, lang: str | None = None) -> str:
    """The text `key` with its values, in `lang` (else the active language). KeyError for an unknown key."""
    template = TEXTS[key]
    lang = presentation.lang_of(lang)
    with translation.override(lang):
        values = {name: _value(v, lang) for name, v in (params or {}).items()}
        return str(template % values).strip()


def day(value: dt.date) -> dict[str, str]:
    """A date as a value of a text: {"date": "2026-12-31"}."""
    return {"date": value.isoformat()}


def month(value: Any) -> dict[str, str]:
    """A month (Month, date or 'YYYY-MM') as a value of a text: {"month": "2026-11"}."""
    m = presentation.as_month(value)
    return {"month": f"{m.year:04d}-{m.month:02d}" if m else str(value)}


def money(amount: int, *, words: bool = False) -> dict[str, Any]:
    """An amount as a value of a text: {"money": 1250000} (with words, 'đồng' written out in Vietnamese)."""
    return {"money": int(amount), "words": True} if words else {"money": int(amount)}


def both(vi: str, en: str) -> dict[str, str]:
    """A name that has a Vietnamese and an English form (procedures, documents)."""
    return {"vi": vi, "en": en}
