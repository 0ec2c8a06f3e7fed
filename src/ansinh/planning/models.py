"""Annual targets per scheme, set for a province and allocated to its offices and communes, with monthly or weekly
sub-targets where a plan asks for them. See docs/reports.md.

History is kept by versions: a revision writes a new `Plan` (version n + 1, `supersedes` the previous one) with
all its targets; rows of an earlier version are never changed. The plan in force for a province and year is the
highest version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    SI = "si", _("Compulsory social insurance participants")
    VSI = "vsi", _("Voluntary social insurance participants")
    UI = "ui", _("Unemployment insurance participants")
    HI = "hi", _("Health insurance participants")
    HI_COVERAGE = "hi_coverage", _("Health insurance coverage of population (%)")
    REVENUE = "revenue", _("Collection revenue (VND)")
    DEBT_CEILING = "debt_ceiling", _("Debt ceiling (% of revenue)")


# Metrics that add up over units and are split among them; the others are rates, the same for every unit.
ADDITIVE = (Metric.SI, Metric.VSI, Metric.UI, Metric.HI, Metric.REVENUE)
RATES = (Metric.HI_COVERAGE, Metric.DEBT_CEILING)
PARTICIPANT_METRICS = (Metric.SI, Metric.VSI, Metric.UI, Metric.HI)


class Method(models.TextChoices):
    MANUAL = "manual", _("By hand")
    LAST_YEAR = "last_year", _("In proportion to last year")
    POPULATION = "population", _("In proportion to population")


class Periodicity(models.TextChoices):
    NONE = "none", _("Annual only")
    MONTHLY = "monthly", _("Monthly sub-targets")
    WEEKLY = "weekly", _("Weekly sub-targets")


class Plan(models.Model):
    """One version of a province's targets for a year."""

    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    method = models.CharField(max_length=12, choices=Method.choices)
    basis_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of the participants or population used as weights."
    )
    periodicity = models.CharField(max_length=8, choices=Periodicity.choices, default=Periodicity.NONE)
    decision = models.CharField(max_length=200, blank=True, help_text="The decision that sets the targets.")
    reason = models.CharField(max_length=300, blank=True, help_text="Why this version was made.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "version"], name="plan_version_uniq")
        ]
        ordering = ["province_id", "year", "version"]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"


class Target(models.Model):
    """The annual target of one unit (the province, an office or a commune) for one metric, in a plan version."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="targets")
    metric = models.CharField(max_length=12, choices=Metric.choices)
    unit = models.ForeignKey(
        "places.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        "places.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(
        max_digits=18, decimal_places=2, help_text="Persons, VND, or a percentage for the rate metrics."
    )
    weight = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The weight the unit's share was computed from (allocated targets).",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) ^ Q(office__isnull=True), name="target_one_unit"
            ),
            models.UniqueConstraint(
                fields=["plan", "metric", "unit"],
                condition=Q(unit__isnull=False),
                name="target_plan_unit_uniq",
            ),
            models.UniqueConstraint(
                fields=["plan", "metric", "office"],
                condition=Q(office__isnull=False),
                name="target_plan_office_uniq",
            ),
        ]

    @property
    def unit_key(self) -> tuple[str, int]:
        if self.office_id:
            return ("office", self.office_id)
        return ("province" if self.unit.level == "province" else "commune", self.unit_id)  # type: ignore[union-attr]


class SubTarget(models.Model):
    """The part of an annual target for a month or an ISO week. Additive flows (revenue) are split so that the
    parts add up to the year; participants are the level to reach by the end of the period; rates are repeated."""

    class Kind(models.TextChoices):
        MONTH = "month", _("Month")
        WEEK = "week", _("Week")

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="sub_targets")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    period_start = models.DateField(help_text="First day of the month, or Monday of the ISO week.")
    value = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target", "kind", "period_start"], name="subtarget_uniq")
        ]
