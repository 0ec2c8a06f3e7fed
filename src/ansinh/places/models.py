"""Administrative units, effective-dated, with the old→new mapping of the 2025 reorganisation; population;
agency offices and the communes each serves.

Two generations of units live side by side:
- until 2025-06-30: 63 provinces → districts → communes (three levels);
- from 2025-07-01: 34 provinces → communes (two levels).
A new commune often kept the code of one merged old commune, so a code alone does not name a unit: a unit is
(level, code, valid_from). Rows are never overwritten: a change closes `valid_to` and opens a new row.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

REFORM_DATE = dt.date(2025, 7, 1)  # Resolutions of the NA Standing Committee on commune-level units (2025)


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def as_of(self, day: dt.date) -> AdminUnitQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def current(self) -> AdminUnitQuerySet:
        return self.filter(valid_to__isnull=True)


class AdminUnit(models.Model):
    level = models.CharField(max_length=10, choices=Level.choices)
    code = models.CharField(max_length=5, help_text="GSO code: 2 digits (province), 3 (district), 5 (commune).")
    name = models.CharField(max_length=120)
    name_search = models.CharField(max_length=120, db_index=True)
    division_type = models.CharField(max_length=40, help_text="tỉnh, thành phố trung ương, huyện, quận, xã, phường, ...")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The province the unit belongs to (itself for a province): for scoping without recursion.",
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "valid_from"], name="unit_level_code_from_uniq"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="unit_valid_range"
            ),
        ]
        indexes = [
            models.Index(fields=["level", "code"], name="unit_level_code_idx"),
            models.Index(fields=["province", "level"], name="unit_province_level_idx"),
        ]
        ordering = ["level", "code", "valid_from"]

    def __str__(self) -> str:
        return self.name

    @property
    def generation(self) -> str:
        return "2025" if self.valid_from >= REFORM_DATE else "until 2025-06-30"


class UnitMapping(models.Model):
    """Old commune → new commune. An old commune split over several new ones has several rows;
    `share` (0..1) apportions its figures where known (population or participants by address)."""

    class Evidence(models.TextChoices):
        ANCHOR = "anchor", _("new commune kept the old code")
        NAME = "name", _("named together in the published list")
        NAME_ANCHOR = "name+anchor", _("both")
        MANUAL = "manual", _("set by an officer")

    old = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="mapped_to")
    new = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="mapped_from")
    evidence = models.CharField(max_length=16, choices=Evidence.choices)
    share = models.DecimalField(max_digits=7, decimal_places=6, null=True, blank=True)
    share_basis = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="mapping_old_new_uniq"),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gte=0) & Q(share__lte=1)), name="mapping_share_0_1"
            ),
        ]


class Population(models.Model):
    """Population of a unit in a year (mid-year or as published), by sex where known."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="population")
    year = models.PositiveSmallIntegerField()
    total = models.PositiveIntegerField()
    male = models.PositiveIntegerField(null=True, blank=True)
    female = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="population_unit_year_uniq")]


class Office(models.Model):
    """A social security office: the provincial agency, a regional office (2025 model) or a local office."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial agency")
        REGIONAL = "regional", _("Regional office")
        LOCAL = "local", _("Local office")

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="offices")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    address = models.CharField(max_length=300, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="office_valid_range"
            ),
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OfficeCommune(models.Model):
    """Which communes an office serves, and when."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="served")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="served_by")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "commune", "valid_from"], name="office_commune_from_uniq"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="office_commune_valid_range",
            ),
        ]
