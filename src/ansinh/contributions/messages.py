"""What a declaration's refusals say to people, by their stable code (the services' messages are the precise
English record, kept in the API and shown as the detail). Registered with ansinh.core.presentation.refusal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ansinh.core.presentation import register_refusals

DECLARATION_REFUSALS = {
    "after_employer_end": _("The month is after the unit stopped operating."),
    "already_employed": _("This person already works for the unit: declare a change, not a join."),
    "bad_action": _("The action (phương án) is not one of the known codes."),
    "unsupported_plan": _("This action (phương án) is not handled yet."),
    "bad_month": _("Write the month as MM/YYYY."),
    "bad_range": _("The end month is before the start month."),
    "bad_salary": _("The salary must be a positive whole number of đồng."),
    "bad_sex": _("Sex must be Nam or Nữ."),
    "bad_date": _("The date is not a possible date."),
    "before_employer": _("The month is before the unit was established."),
    "before_participation": _("The month is before the person's participation starts."),
    "before_start": _("The month is before the employment starts."),
    "below_floor": _("The salary is below the lowest salary on which contributions are paid (the regional minimum wage)."),
    "birth_mismatch": _("The date of birth differs from the registry's."),
    "duplicate_person": _("The same person is on two lines of the list."),
    "identifier_conflict": _("The personal ID number and the SI number belong to different persons in the registry."),
    "name_mismatch": _("The full name differs from the registry's."),
    "no_parameters": _("No contribution rates are known for this month."),
    "not_after_last": _("The month must be after the last salary change."),
    "not_compulsory": _("This contract is outside compulsory insurance."),
    "not_employed": _("This person does not work for the unit."),
    "not_participating": _("The employment has no open participation to suspend."),
    "not_suspended": _("The employment is not suspended: nothing to return from."),
    "not_used": _("The end month is only used for a past job or an unpaid leave."),
    "overlaps_earlier": _("The period overlaps an earlier employment."),
    "overlaps_suspension": _("The period overlaps a suspension."),
    "required_new_person": _("A person not yet in the registry needs this field."),
    "salary_after_end": _("A salary change starts after this month."),
    "state_scale": _("The salary on the state scale is declared by coefficient."),
    "too_late": _("The month is after the month following the declaration's period."),
    "type_mismatch": _("The declaration type does not go with the action."),
    "unknown_person": _("No person in the registry has this number: give the details of a new person."),
    "conflict": _("The registry changed while the list was applied: send it again."),
    "empty": _("The list has no lines."),
    "other_unit": _("The file is for another unit."),
    "period_mismatch": _("The file declares another period."),
    "repeated_line_number": _("A line number is used twice."),
    "too_many": _("The list has too many lines for one declaration."),
    "file_invalid": _("The file has errors; nothing was written."),
    "review_required": _("A unit's list is applied only after an officer's review: send it through the employer "
                         "portal or POST /api/v1/unit/declarations. Nothing was written."),
}

register_refusals(DECLARATION_REFUSALS, area="declarations")
