"""The coverage checks of a claim in words (one sentence per check code, with the check's figures); the names of the
benefits area's other codes (period kinds and schemes, check levels) are registered with core.presentation
(benefits.apps) and shown with `code_name`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


# Coverage checks by code: the stored message is the record; people read these (args stored with the check).
CHECK_TEXT = {
    "not_deceased": _("Survivor benefits need the person's date of death in the registry."),
    "deceased": _("The person died on %(day)s; claim the survivor benefits."),
    "already_in_payment": _("The person already has this benefit in payment."),
    "history": _("%(si)s months of compulsory SI, %(ui)s of UI, %(vsi)s of voluntary SI read from the assessments and receipts."),
    "unconfirmed_months": _("%(count)s month(s) not yet paid by the employer: %(months)s."),
    "coverage_yes": _("Compulsory SI participation covers %(day)s."),
    "coverage_no": _("Compulsory SI participation does not cover %(day)s."),
    "no_ui": _("No month of unemployment insurance in the ledger."),
}


@register.filter
def check_text(check: dict[str, Any]) -> str:
    key = check.get("code", "")
    if key == "coverage":
        key = "coverage_yes" if check.get("level") == "ok" else "coverage_no"
    text = CHECK_TEXT.get(key)
    args = check.get("args")
    if text is None or (args is None and "%(" in str(text)):
        return str(check.get("message", ""))
    return str(text) % (args or {})
