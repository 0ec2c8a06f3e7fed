"""The paragraph of the steering report on compliance work (from the report's totals). The amount recovered is
written by `presentation.money` (words: 'đồng' / 'VND' after a no-break space, so that it never wraps off its
figure)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ansinh.core import presentation


def steering_paragraph(totals: dict[str, int], year: int) -> str:
    def n(value: int) -> str:
        return presentation.number(value)

    return _(
        "In %(year)s the agency cross-checked the lists of the tax authority, the business registry, schools and "
        "communes and found %(units)s units and %(persons)s persons not or not fully covered; after reminders and "
        "checks %(enrolled)s units enrolled and %(workers)s workers were brought into social insurance. "
        "%(reminders)s reminder letters were sent and %(checks)s checks carried out, recovering %(recovered)s of "
        "contributions, interest and fines."
    ) % {"year": year, "units": n(totals["units_found"]), "persons": n(totals["persons_found"]),
         "enrolled": n(totals["units_enrolled"]), "workers": n(totals["workers_enrolled"]),
         "reminders": n(totals["reminders"]), "checks": n(totals["checks"]),
         "recovered": presentation.money(totals["recovered"], words=True)}
