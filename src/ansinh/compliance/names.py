"""The detection rules' names as people read them (rules/compliance/detection.py keeps the developer's wording
and legal basis); shown through `ansinh.core.presentation.name(code, "compliance_rule")`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RULE_NAMES = {
    "unit_not_enrolled": _("Registered or with a tax code, active, and no unit code 90 days after establishment"),
    "headcount_under": _("Fewer employees in social insurance than the tax data shows"),
    "wage_under": _("Social insurance wages declared below the wage expense reported for tax"),
    "state_budget_no_card": _("On a commune's list paid or supported by the state budget, and no HI card for the month"),
    "pupil_no_card": _("On a school's list, and no HI card for the month"),
    "card_lapsed": _("HI card ended in the last 12 months and not renewed"),
}
