"""What the employer portal's refusals say, by code (the services' English messages stay the precise detail)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ansinh.contributions import messages as _messages  # noqa: F401  (the declaration sentences)
from ansinh.core.presentation import register_refusals

UNIT_REFUSALS = {
    "unit_role": _("Your role in the unit does not allow this."),
    "bad_username": _("The user name is 3 to 40 letters, digits, '.', '_' or '-', and not only digits."),
    "bad_email": _("Not an e-mail address."),
    "duplicate": _("This user name is taken."),
    "last_admin": _("The unit must keep one active administrator."),
    "bad_activation": _("The activation link is not valid or has expired. Ask the unit's administrator for a new one."),
    "weak_password": _("The password is too short or too common (at least 8 characters)."),
    "not_draft": _("The list was submitted: it can no longer be changed."),
    "not_submitted": _("Only a submitted list can be reviewed."),
    "future_period": _("The period is more than a month ahead."),
    "out_of_range": _("The value is out of the allowed range."),
    "required": _("This field is required."),
    "bad_choice": _("Not one of the allowed values."),
    "bad_month": _("Write the month as MM/YYYY."),
    "too_many": _("Too many lines: upload a file instead."),
    "too_large": _("The file is too large."),
    "bad_format": _("The file is neither an XLSX workbook nor an XML document."),
    "no_header": _("No header row found: the list needs the columns “Phương án”, “Từ tháng” and “Số CCCD/ĐDCN” or “Mã số BHXH”."),
    "unreadable": _("The file cannot be read."),
    "bad_xml": _("The XML is not well formed."),
    "bad_root": _("The XML is not a D02-LT list (root element D02LT)."),
    "forbidden_xml": _("The XML uses a forbidden construct."),
    "unknown_element": _("This element is not part of a D02-LT record."),
    "password_mismatch": _("The two passwords differ."),
    "other_form": _("This file is another form (D03-TS: people paying through a collection point), not a D02-LT list of the unit's employees."),
    "not_found": _("Not found."),
    "not_allowed": _("Your role may not do this."),
}

register_refusals(UNIT_REFUSALS, area="declarations")
