"""Template context shared by every staff page: the navigation for the areas of architecture.md, and who the
signed-in user is (role, localities covered)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# (url name or None when the area is not built yet, label)
AREAS = [
    ("web:dashboard", _("Dashboard")),
    ("web:person_search", _("Persons")),
    ("web:household_search", _("Households")),
    ("web:employer_search", _("Employers")),
    ("contributions:debts", _("Contributions")),
    ("coverage:home", _("Coverage and HI cards")),
    ("benefits:claims", _("Benefits")),
    ("healthcare:claims", _("Health care claims")),
    ("procedures:desk", _("Procedures")),
    ("planning:plans", _("Planning")),
    ("reports:dashboard", _("Reports")),
    ("jobs:list", _("Jobs")),
    ("compliance:home", _("Compliance")),
]

# The url names that belong to an area (detail and edit pages highlight their area in the navigation).
AREA_PREFIXES = {
    "web:person_search": ("web:person_",),
    "web:household_search": ("web:household_",),
    "web:employer_search": ("web:employer_",),
    "web:dashboard": ("web:dashboard",),
    "contributions:debts": ("contributions:", "declarations:"),
    "coverage:home": ("coverage:",),
    "benefits:claims": ("benefits:",),
    "planning:plans": ("planning:",),
    "reports:dashboard": ("reports:",),
    "compliance:home": ("compliance:",),
    "jobs:list": ("jobs:",),
    "healthcare:claims": ("healthcare:",),
    "procedures:desk": ("procedures:",),
}


@dataclass
class UserScope:
    """What the header and the dashboard say about the user's localities; evaluated only when shown."""

    user: Any

    @cached_property
    def whole_country(self) -> bool:
        return bool(self.user.is_superuser or self.user.whole_country)

    @cached_property
    def offices(self) -> list[Any]:
        return list(self.user.offices.select_related("province").order_by("code"))

    @cached_property
    def units(self) -> list[Any]:
        return list(self.user.units.select_related("province").order_by("level", "name"))

    @cached_property
    def commune_count(self) -> int | None:
        from ansinh.accounts.scope import visible_commune_ids
        from ansinh.places.models import AdminUnit, Level

        ids = visible_commune_ids(self.user)
        if ids is None:
            return None
        return AdminUnit.objects.filter(id__in=ids, level=Level.COMMUNE, valid_to__isnull=True).count()

    @cached_property
    def short(self) -> str:
        """One line for the header: the offices' codes or the units' names."""
        if self.whole_country:
            return str(_("Whole country"))
        names = [o.name for o in self.offices] + [u.name for u in self.units]
        if not names:
            return str(_("No locality assigned"))
        return names[0] if len(names) == 1 else f"{names[0]} +{len(names) - 1}"


def navigation(request: HttpRequest) -> dict[str, object]:
    match = getattr(request, "resolver_match", None)
    current = f"{match.namespace}:{match.url_name}" if match and match.namespace else ""
    active = ""
    for name, prefixes in AREA_PREFIXES.items():
        if current.startswith(prefixes):
            active = name
    user = getattr(request, "user", None)
    scope = UserScope(user) if user is not None and user.is_authenticated else None
    return {"nav_areas": AREAS, "nav_active": active, "user_scope": scope}
