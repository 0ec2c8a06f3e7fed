"""Monthly statistics kept as summaries, refreshed when a month's source rows change. See docs/reports.md.

One `MonthlySummary` row per (month, unit, scheme, participant group). Units are of five kinds:
- `old_commune`, `old_district`: the units of 2008–2025 as the rows were recorded (no roll-up);
- `commune`, `office`, `province`: today's units, with the figures of old communes carried into them through the
  places mapping (`places.selectors.rollup_shares`).
`group` '' is the whole scheme (persons counted once); money (collection, debt, debt_interest) and population are
only on those rows. Units are referenced by id (`AdminUnit` for every kind but `office`, which is a `places.Office` id).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    OFFICE = "office", _("Office")
    COMMUNE = "commune", _("Commune")
    OLD_DISTRICT = "old_district", _("District (until 2025)")
    OLD_COMMUNE = "old_commune", _("Commune (until 2025)")


class MonthlySummary(models.Model):
    period = models.DateField(help_text="First day of the month.")
    unit_kind = models.CharField(max_length=12, choices=UnitKind.choices)
    unit_id = models.BigIntegerField()
    province_id = models.BigIntegerField(help_text="The province of the unit (of the same generation).")
    scheme = models.CharField(max_length=4)
    group = models.CharField(max_length=2, blank=True, help_text="HI participant group; '' for the whole scheme.")
    participants = models.IntegerField(default=0, help_text="Persons covered in the month.")
    new = models.IntegerField(default=0, help_text="Covered in the month, not in the month before.")
    leavers = models.IntegerField(default=0, help_text="Covered in the month before, not in the month.")
    cards_issued = models.IntegerField(default=0, help_text="HI cards issued in the month.")
    collection = models.BigIntegerField(default=0, help_text="Money collected in the month (VND).")
    debt = models.BigIntegerField(default=0, help_text="Contributions owed at the end of the month (VND), principal.")
    debt_interest = models.BigIntegerField(default=0, help_text="Late-payment interest owed at the end of the month "
                                                                "(VND).")
    population = models.BigIntegerField(null=True, blank=True, help_text="Population of the unit in the year.")
    assumed = models.IntegerField(default=0, help_text="Participants carried in through assumed (equal) shares.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "unit_kind", "unit_id", "scheme", "group"],
                                    name="summary_uniq"),
        ]
        indexes = [
            models.Index(fields=["unit_kind", "unit_id", "scheme", "group", "period"], name="summary_unit_idx"),
            models.Index(fields=["period", "unit_kind", "province_id"], name="summary_period_idx"),
        ]


class SummaryState(models.Model):
    """When a month's summaries were built, and the fingerprint of its source rows at that time."""

    period = models.DateField(unique=True)
    fingerprint = models.JSONField(default=dict)
    built_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    rows = models.IntegerField(default=0)


class LapsedPerson(models.Model):
    """A person whose coverage of a scheme lapsed in the month (covered the month before, not in it): the leavers
    of the summaries by name, written by the same build, for the outreach list. Commune as recorded."""

    period = models.DateField(help_text="First day of the month without coverage.")
    commune_id = models.BigIntegerField()
    person = models.ForeignKey("registry.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    scheme = models.CharField(max_length=4)
    group = models.CharField(max_length=2, blank=True)
    # a copy of the person's contact details at the build, so that the list reads one table
    full_name = models.CharField(max_length=120)
    si_code = models.CharField(max_length=12, blank=True)
    phone = models.CharField(max_length=12, blank=True)
    address_line = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["period", "commune_id", "full_name"], name="lapsed_period_commune_idx")]
