"""The agent screen's refusals in the page's language: a sentence per stable code (area 'agents'), the service's
English message kept as the detail."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError
from ansinh.core.presentation import refusal, register_refusals

AREA = "agents"
MESSAGES = {
    "not_found": _("Not found in the communes of this collection point."),
    "required": _("This field is required."),
    "not_a_number": _("Write the amount in digits (dots or spaces between thousands are fine)."),
    "bad_month": _("Choose a month."),
    "bad_mode": _("Choose how often the participant pays."),
    "bad_months": _("The number of months is not allowed for this payment."),
    "too_large": _("Months paid in advance may be at most 60 (5 years)."),
    "bad_choice": _("Not one of the allowed values."),
    "income_out_of_range": _("The chosen income must be between the rural poverty line and 20 times the base salary."),
    "bad_members": _("Choose at least one member to pay for, each once."),
    "not_members": _("Some persons chosen are not members of the household in the first month paid."),
    "already_covered": _("A person chosen already has this insurance for some of these months (through an employer, "
                         "the State or an earlier payment): leave them out or start after their coverage ends."),
    "duplicate_number": _("This receipt number is already used for another payment."),
    "bad_number": _("The receipt number may hold letters, digits and '-', 6 to 30 characters."),
    "agent_not_in_force": _("The collection point's contract does not cover this day."),
    "nothing_to_remit": _("There is no receipt waiting to be remitted."),
    "unknown_receipts": _("Some receipts are not this collection point's receipts waiting to be remitted."),
    "amount_mismatch": _("The amount declared differs from the total of the receipts."),
    "no_fund_rate": _("The SI fund's return for this year is not recorded yet: advance payment is not possible."),
    "bad_reference_code": _("Payment code: this is not a payment code (AS and 10 digits); check the digits, one may be mistyped."),
    "unknown_reference": _("Payment code: no such code was issued; ask the payer for the code on their portal or paper."),
    "reference_elsewhere": _("Payment code: the payer lives outside the communes of this collection point."),
    "reference_paid": _("Payment code: this code is already paid."),
    "reference_cancelled": _("Payment code: this code was cancelled; the payer asks for a new one."),
    "reference_expired": _("Payment code: this code is past its validity. A new code for the same request can be made here, or the payer gets one on the portal."),
    "reference_amount_differs": _("Payment code: the amount computed today differs from the code's; nothing was taken. The payer renews the code, or take the payment without it."),
    "no_recipient": _("The household has no head on record to send the receipt to."),
}


def register() -> None:
    register_refusals(MESSAGES, area=AREA)


def refusal_of(exc: ApplicationError) -> tuple[str, str]:
    """(sentence in the page's language, English detail or '')."""
    if exc.code == "not_found":
        return str(MESSAGES["not_found"]), ""
    return refusal(exc.code, exc.message, area=AREA)
