"""Template context shared by every staff page: the navigation for the areas of architecture.md."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# (url name or None when the area is not built yet, label)
AREAS = [
    ("web:dashboard", _("Dashboard")),
    ("web:person_search", _("Persons")),
    ("web:household_search", _("Households")),
    ("web:employer_search", _("Employers")),
    (None, _("Contributions")),
    (None, _("Coverage and HI cards")),
    (None, _("Benefits")),
    (None, _("Health care claims")),
    (None, _("Procedures")),
    (None, _("Planning")),
    (None, _("Reports")),
    (None, _("Compliance")),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    return {"nav_areas": AREAS}
