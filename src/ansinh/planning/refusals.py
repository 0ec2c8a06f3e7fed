"""How a refusal of the targets services reads on a page, in the user's language, naming the unit at fault (from
the refusal's `details`): the service's own message is English; these sentences are translated (locale/vi)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ansinh.core.errors import ApplicationError
from ansinh.reports.figures import fmt_int


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def refusal_text(exc: ApplicationError) -> str:
    details: dict[str, Any] = exc.details if isinstance(exc.details, dict) else {}
    unit = details.get("unit", "")
    lang = _lang()
    if exc.code == "allocation_sum":
        args = {
            "unit": unit,
            "sum": fmt_int(details["sum"], lang),
            "total": fmt_int(details["total"], lang),
            "difference": fmt_int(abs(details["difference"]), lang),
        }
        if details["difference"] > 0:
            return (
                _(
                    "The shares add up to %(sum)s, not to the target of %(unit)s (%(total)s): %(difference)s "
                    "short."
                )
                % args
            )
        return (
            _(
                "The shares add up to %(sum)s, not to the target of %(unit)s (%(total)s): %(difference)s "
                "too many."
            )
            % args
        )
    texts = {
        "negative_share": _("%(unit)s: a share cannot be negative."),
        "missing_share": _("%(unit)s: give a share (0 if none)."),
        "whole_number": _("%(unit)s: enter a whole number (persons or VND)."),
        "unknown_unit": _("%(unit)s is not a unit this target is allocated to."),
        "bad_parent": _("%(unit)s is not the province of the plan or one of its local offices."),
        "no_target": _("%(unit)s has no target for this indicator in this plan: set it first."),
        "no_change": _("%(unit)s: the shares are those of the version in force; nothing to save."),
        "stale_plan": _("This is not the version in force; allocate in the latest version."),
        "not_additive": _(
            "Only numbers of persons and VND are split among units; percentages apply to every unit."
        ),
        "no_basis": _(
            "No statistics for %(year)s to propose shares from: allocate by population or by hand."
        ),
    }
    text = texts.get(exc.code)
    if text is None:
        return exc.message
    return text % {"unit": unit, "year": details.get("year", "")}
