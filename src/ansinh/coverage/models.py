"""Participation periods per person and scheme, and HI cards. See docs/contributions.md."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    SI = "si", _("Compulsory social insurance")
    UI = "ui", _("Unemployment insurance")
    HI = "hi", _("Health insurance")
    VSI = "vsi", _("Voluntary social insurance")


class Payer(models.TextChoices):
    EMPLOYER_EMPLOYEE = "employer_employee", _("Employer and employee")
    EMPLOYER = "employer", _("Employer only")
    SELF = "self", _("The participant")
    HOUSEHOLD = "household", _("Household")
    STATE = "state", _("State budget")
    STATE_SUPPORTED = "state_supported", _("Participant with state support")
    SI_FUND = "si_fund", _("Social insurance agency (SI/UI fund)")
    STUDENT = "student", _("Student with state support")


class Participation(models.Model):
    """A person in a scheme from a month to a month, with the HI group and who pays. Never overwritten:
    leaving closes valid_to; a change of group or payer closes the row and opens another."""

    class Source(models.TextChoices):
        DECLARATION = "declaration", _("Employer declaration")
        RECEIPT = "receipt", _("Receipt of a collection agent")
        LIST = "list", _("List from an authority (state-budget groups)")
        BENEFIT = "benefit", _("Benefit in payment")
        MANUAL = "manual", _("Entered by an officer")
        GENERATED = "generated", _("Demo data")
        SCHOOL = "school", _("Collected through the school")

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="participations")
    scheme = models.CharField(max_length=4, choices=Scheme.choices)
    hi_group = models.CharField(max_length=2, blank=True, help_text="HI participant group code (DN, HC, HT, TE, HN, CN, HS, SV, GD, ...).")
    payer = models.CharField(max_length=20, choices=Payer.choices)
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employment = models.ForeignKey("registry.Employment", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(help_text="First day of the first month covered.")
    valid_to = models.DateField(null=True, blank=True, help_text="Last day of the last month covered; open while in force.")
    source = models.CharField(max_length=12, choices=Source.choices)
    source_ref = models.CharField(max_length=64, blank=True)
    paid_on = models.DateField(null=True, blank=True, help_text="Day the premium was paid when it was collected "
                               "outside a receipt (pupils through their school): confirms the months covered.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["person", "scheme", "valid_from"], name="participation_person_idx"),
            models.Index(fields=["employer", "scheme", "valid_from"], name="participation_employer_idx"),
            models.Index(fields=["scheme", "valid_from", "valid_to"], name="participation_scheme_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="participation_range"
            ),
        ]


class HICard(models.Model):
    """One printed (or electronic) card. Never overwritten: a renewal, reissue or change is a new row that
    `replaces` the previous one, whose status becomes `replaced`. At most one card per person is `issued` (current).
    The card valid on a day is the latest row (by issued_at) whose validity covers the day and which is not revoked.
    See docs/coverage.md."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Valid")
        REPLACED = "replaced", _("Replaced")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    class Reason(models.TextChoices):
        NEW = "new", _("First card")
        RENEWAL = "renewal", _("Renewal")
        REISSUE_LOST = "reissue_lost", _("Reissued: lost")
        REISSUE_DAMAGED = "reissue_damaged", _("Reissued: damaged")
        CHANGE = "change", _("Change of group, benefit or facility")

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="hi_cards")
    number = models.CharField(max_length=15, help_text="GG + benefit digit + 2-digit province + 10-digit SI number.")
    group = models.CharField(max_length=2)
    benefit_level = models.PositiveSmallIntegerField(help_text="Benefit digit 1-5 (Decision 1351/QĐ-BHXH).")
    province_code = models.CharField(max_length=2)
    living_area = models.CharField(max_length=2, blank=True, help_text="K1/K2/K3 where it applies.")
    valid_from = models.DateField()
    valid_to = models.DateField()
    primary_care_code = models.CharField(max_length=5, blank=True)
    five_years_from = models.DateField(null=True, blank=True, help_text="Date 5 consecutive years of participation are reached.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, blank=True, choices=Reason.choices)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    detail = models.JSONField(default=dict, blank=True,
                              help_text="How the card was made: validity rule, benefit-digit table entry, bases.")
    support_group = models.CharField(max_length=30, blank=True,
                                     help_text="Group of the provincial HI support scheme applied at issue.")
    support_central = models.DecimalField(max_digits=5, decimal_places=4, default=0,
                                          help_text="Share of the monthly premium paid by the central budget.")
    support_local = models.DecimalField(max_digits=5, decimal_places=4, default=0,
                                        help_text="Share of the monthly premium (4.5 % x base salary) paid by the "
                                        "provincial budget under its resolution.")
    support_basis = models.CharField(max_length=300, blank=True, help_text="The resolution applied and its status.")

    class Meta:
        indexes = [
            models.Index(fields=["person", "valid_from"], name="hicard_person_idx"),
            models.Index(fields=["number"], name="hicard_number_idx"),
            models.Index(fields=["valid_to", "status"], name="hicard_expiry_idx"),
            models.Index(fields=["issued_at"], name="hicard_issued_idx"),  # the cards issued lately (coverage home)
        ]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(status="issued"), name="hicard_one_current_per_person"),
            models.CheckConstraint(condition=Q(benefit_level__gte=1, benefit_level__lte=5), name="hicard_benefit_digit"),
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="hicard_range"),
        ]

    def __str__(self) -> str:
        return self.number
