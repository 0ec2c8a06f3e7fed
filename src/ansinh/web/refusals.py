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
    # the refusals of every other area that can reach a page (web/tests/test_refusal_sentences.py finds them)
    "agent_not_in_force": _("The collection agent does not collect on that date."),
    "allocation_sum": _("The shares do not add up to the target."),
    "already_closed": _("This participation has already ended."),
    "already_covered": _("The person already participates in this scheme for part of these months."),
    "already_ended": _("The employment has already ended."),
    "already_imported": _("This file was already imported."),
    "already_left": _("This member has already left the household."),
    "already_member": _("The person is already a member of this household."),
    "already_open": _("The person already participates in this scheme here."),
    "amount_mismatch": _("The amount differs from the total of the receipts."),
    "bad_agent_code": _("Not a valid collection point code."),
    "bad_amount": _("The amount must be a positive whole number of đồng."),
    "bad_cause": _("Choose why the card is reissued: lost or damaged."),
    "bad_coefficient": _("A coefficient has at most two decimals."),
    "bad_commune": _("Some communes are not communes of the province."),
    "bad_decision": _("Choose accept or reject."),
    "bad_file_type": _("Only PDF, JPEG or PNG scans are accepted."),
    "bad_kind": _("Not one of the allowed kinds."),
    "bad_layout": _("The bank statement layout is not valid."),
    "bad_living_area": _("The living area must be K1, K2, K3 or empty."),
    "bad_members": _("List each member paid for once, at least one."),
    "bad_mode": _("Not one of the allowed ways of paying."),
    "bad_months": _("Not one of the allowed numbers of months."),
    "bad_parent": _("Choose the province of the plan or one of its local offices."),
    "bad_payer": _("Not one of the allowed payers."),
    "bad_precision": _("The precision of the date of birth must be day, month or year."),
    "bad_relationship": _("Not one of the allowed relationships to the head of household."),
    "bad_reminder": _("The reminder is not one of this unit's."),
    "bad_role": _("Not one of the roles."),
    "bad_scheme": _("Not one of the schemes."),
    "bad_state": _("The dossier is not complete, so it has no due date yet."),
    "before_receipt": _("The time is before the dossier was received."),
    "card_not_current": _("Only the current HI card can be renewed, reissued or changed."),
    "case_closed": _("The record can no longer be changed."),
    "channel_not_allowed": _("This procedure is not received through that channel."),
    "code_commune_mismatch": _("The code names another commune than the agent's."),
    "collection_only": _("Only collection officers may do this."),
    "concurrent_change": _("Some lines were changed by someone else meanwhile; nothing was written. Try again."),
    "duplicate_number": _("This receipt number is already used for another payment."),
    "duplicate_reference": _("This remittance reference belongs to another agent."),
    "duplicate_unit": _("A unit is given twice."),
    "empty_file": _("The file is empty."),
    "exists": _("The calendar already has an entry for that day."),
    "facility_window": _("The primary-care facility can be changed only in the first 15 days of a quarter."),
    "file_encoding": _("The file is not in UTF-8 text."),
    "file_too_large": _("A scanned file is too large."),
    "forbidden": _("This is work for agency staff."),
    "future_period": _("The period is more than a month ahead."),
    "import_conflict": _("Lines of this statement were imported by another request at the same time; nothing was written. Import it again."),
    "invalid_basis": _("Not one of the allowed bases for the split."),
    "invalid_province": _("The province code must be 2 digits."),
    "invalid_years": _("Give at least one year."),
    "is_head": _("The person heads another household; name a new head there first."),
    "job_not_allowed": _("Your role does not run this job."),
    "missing_share": _("Give a share for every unit (0 if none)."),
    "negative": _("The number cannot be negative."),
    "negative_share": _("A share cannot be negative."),
    "no_basis": _("There are no statistics of that year to split by."),
    "no_change": _("Nothing would change."),
    "no_current_card": _("The person holds no current HI card."),
    "no_entitlement": _("A one-off recovery has no later payments to deduct from."),
    "no_office": _("No office serves the applicant's commune."),
    "no_persons": _("The registry has no persons of this province yet."),
    "no_record": _("Record the findings before the follow-up."),
    "no_target": _("This unit has no target of that kind in the plan: set it first."),
    "not_additive": _("This figure is not split among units."),
    "not_an_adjustment_date": _("No adjustment starts on that date."),
    "not_changeable": _("These fields cannot be changed here."),
    "not_extended": _("A renewal must run past the end of the current card."),
    "not_in_review": _("This line is not waiting for review."),
    "not_integer": _("A whole number is required."),
    "not_members": _("Some persons are not members of the household in that month."),
    "not_open": _("This finding is not waiting for a decision."),
    "not_positive": _("The amount must be positive."),
    "not_unmatched": _("This bank line is not waiting for an officer."),
    "not_weekend": _("A working-day entry is for a Saturday or Sunday worked."),
    "nothing_to_remit": _("The agent has no receipt waiting to be remitted."),
    "out_of_range": _("The value is outside the allowed range."),
    "outside_employment": _("The new salary must start within the employment."),
    "places_not_loaded": _("The administrative units of this province are not loaded."),
    "stale_plan": _("This is not the version in force; work in the latest version."),
    "still_missing": _("Some required documents are still missing."),
    "too_many_files": _("Too many files for one dossier."),
    "too_much": _("The amount is more than what remains."),
    "unknown_document": _("A document is not one of this procedure's."),
    "unknown_facility": _("Unknown health facility."),
    "unknown_receipts": _("Some receipts are not this agent's receipts waiting to be remitted."),
    "unknown_staff": _("The staff member does not work for this agent."),
    "unknown_unit": _("Not a unit."),
    "user_not_assignable": _("This user cannot be assigned."),
    "work_not_decided": _("The benefit claim of this dossier is not decided yet: decide it in Benefits."),
    "channel_unavailable": _("No gateway is configured for this channel (SMS, e-mail, Zalo)."),
    "job_running": _("This job is already queued or running for this period. Wait for it to finish."),
    "wrong_department": _("The handler does not work in that department."),
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
