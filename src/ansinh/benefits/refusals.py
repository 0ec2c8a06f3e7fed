"""The benefits area's refusals in words for people (core.presentation.refusal): one sentence per stable code of the
claim, entitlement and recovery services; the service's English message stays the record (API, audit)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ansinh.core.presentation import refusal, register_refusals

register_refusals({
    "not_allowed": _("Your role may not do this."),
    "same_officer": _("The officer who computed the claim cannot approve it: a second officer must review it."),
    "bad_status": _("The claim is not at a step where this can be done."),
    "not_eligible": _("The calculation found the claim not eligible: refuse it with a reason."),
    "reason_required": _("Give the reason."),
    "future_date": _("The date is in the future."),
    "bad_date": _("Give a date (day/month/year)."),
    "bad_month": _("Give a month (month/year)."),
    "bad_number": _("Give a whole number."),
    "bad_account": _("The bank account number must be digits."),
    "deceased": _("The person has died; claim the survivor benefits."),
    "not_deceased": _("Survivor benefits need the person's date of death in the registry."),
    "already_in_payment": _("The person already has this benefit in payment."),
    "bad_period": _("A period's months are in the wrong order or outside the allowed years."),
    "bad_salary": _("A salary must be a whole number of đồng above 0."),
    "too_many": _("Too many periods."),
    "not_object": _("The input is not in the expected form."),
    "invalid_input": _("Check the fields marked below."),
    "unknown_field": _("A field is not one this benefit takes."),
    "too_large": _("An amount or a count is larger than the law allows."),
    "no_rule_for_date": _("The law held has no rule for this date."),
    "not_found": _("Not found, or outside the localities you cover."),
}, area="benefits")


def said(exc: Any) -> str:
    """What a page shows for a service refusal: the sentence of its code in the page's language (English pages:
    the service's precise message)."""
    text, _detail = refusal(exc.code, exc.message, area="benefits", lang=(get_language() or "vi")[:2])
    return text
