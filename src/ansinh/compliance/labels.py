"""What the pages call the rules and the facts of a finding, in the active language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RULE_LABELS = {
    "unit_not_enrolled": _("Registered or with a tax code, active, no unit code 30 + 60 days after establishment"),
    "headcount_under": _("Fewer employees in social insurance than the tax data shows"),
    "wage_under": _("Social insurance wages below the wage expense reported for tax"),
    "state_budget_no_card": _("On a commune's state-budget or supported list, no HI card for the month"),
    "pupil_no_card": _("On a school's list, no HI card for the month"),
    "card_lapsed": _("HI card ended in the last 12 months and not renewed"),
}
DETAIL_LABELS = {
    "established_on": _("Established on"), "deadline": _("Established on or before"), "source": _("Sent by"),
    "source_date": _("Date of the data"), "headcount": _("Tax headcount"), "list": _("List"),
    "tax_headcount": _("Tax headcount"), "si_headcount": _("In social insurance"),
    "tax_wage_expense_year": _("Wage expense for tax (year)"), "tax_monthly": _("Tax wages a month"),
    "si_declared_month": _("SI wages declared (month)"), "shortfall_month": _("Shortfall a month"),
    "tolerance": _("Tolerance"), "group": _("Group"), "grade": _("Class"), "in_registry": _("In the registry"),
    "birth_date": _("Date of birth"), "card_ended": _("Card ended"),
    "rejoin_wait_30_days": _("New card waits 30 days (gap of 90 days or more)"),
}
GROUP_LABELS = {
    "poor": _("poor household"), "near_poor": _("near-poor household"), "farm_household": _("average-living farm household"),
    "social_assistance": _("social assistance"), "meritorious": _("meritorious service"),
    "party_30y": _("Party member, 30-year badge"), "garbage_collector": _("village garbage collector"),
    "religious": _("religious dignitary"), "child_under_6": _("child under 6"), "school_pupils": _("pupil"),
}
LOCAL_GROUP_LABELS = {
    **GROUP_LABELS, "student": _("pupil or student"), "student_priority": _("pupil or student of a priority group"),
    "student_ethnic_minority": _("ethnic-minority pupil or student"),
    "aged_60_80": _("aged 60 to under 80, without a card"), "aged_65_70": _("aged 65 to under 70, without a card"),
    "aged_65_75": _("aged 65 to under 75, without other support"),
}
HIDDEN = {"list"}
