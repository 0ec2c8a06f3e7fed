"""How a business refusal (ApplicationError) reads on a staff page: a translated sentence per stable code,
the service's own (English, precise) message as the detail."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError
from ansinh.core.presentation import refusal, register_refusals

MESSAGES = {
    "not_found": _("Not found, or outside the localities you cover."),
    "outside_scope": _("This commune is outside the localities you cover."),
    "staff_only": _("Only agency staff may change the registry."),
    "required": _("This field is required."),
    "not_digits": _("Use digits only."),
    "wrong_length": _("The number of digits is wrong."),
    "bad_province": _("The first 3 digits are not a province code of the personal ID number."),
    "bad_century": _("The 4th digit (century and sex) is not used."),
    "future_birth": _("The personal ID number encodes a birth year in the future."),
    "sex_mismatch": _("The personal ID number encodes the other sex."),
    "birth_year_mismatch": _("The personal ID number encodes a different birth year."),
    "bad_phone": _("Not a Vietnamese phone number (mobile 0[35789]x + 7 digits, landline 02x + 8 digits)."),
    "bad_check_digit": _("The check digit (10th digit) of the tax code is wrong."),
    "bad_branch": _("The branch number after '-' must be 3 digits from 001 to 999."),
    "bad_unit_code": _("Not a valid unit code."),
    "unit_tax_mismatch": _("The unit code must start with the unit's 10-digit tax code."),
    "no_identifier": _("A personal ID number or an SI number is required."),
    "bad_ethnicity": _("Unknown ethnicity code."),
    "bad_nationality": _("Use a 2-letter country code, e.g. VN."),
    "bad_birth_date": _("The date of birth is before 1900."),
    "future_date": _("The date is in the future."),
    "death_before_birth": _("The date of death is before the date of birth."),
    "bad_date": _("The dates are in the wrong order."),
    "unknown_commune": _("Unknown commune."),
    "commune_not_in_force": _("This commune is no longer in force; choose a commune in force today."),
    "duplicate": _("This identifier is already registered."),
    "bad_choice": _("Not one of the allowed values."),
    "bad_sector": _("Choose a VSIC section letter from A to U."),
    "not_editable": _("This field cannot be changed here."),
}

TITLES = {
    403: _("Not allowed"),
    404: _("Not found"),
    409: _("Conflict"),
}


register_refusals(MESSAGES)


def refusal_text(exc: ApplicationError) -> str:
    """The sentence to show: the service's own message in English (it names the values at fault), the
    translated sentence for its code in another language (a general sentence naming the code where it is new;
    see `refusal_detail` for the English record)."""
    if exc.code == "not_found":
        return str(MESSAGES["not_found"])
    return refusal(exc.code, exc.message)[0]


def refusal_detail(exc: ApplicationError) -> str:
    """The service's English message where the page shows a translated sentence instead ('' otherwise)."""
    if exc.code == "not_found":
        return ""
    return refusal(exc.code, exc.message)[1]


def refusal_title(exc: ApplicationError) -> str:
    return str(TITLES.get(exc.status, _("The request was refused")))
