"""A unit's portal accounts (one row per user: the unit and the user's role in it) and its D02-LT submissions (a
list prepared in the portal — uploaded or typed — checked, submitted as a dossier, accepted or returned by an
officer)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitRole(models.TextChoices):
    ADMIN = "admin", _("Unit administrator")
    DECLARER = "declarer", _("Declarer")
    ACCOUNTANT = "accountant", _("Accountant")
    VIEWER = "viewer", _("Viewer")


class UnitMember(models.Model):
    """A portal user of a unit. The user is an `employer_rep` of the unit; this row says what they may do there.
    Invited by the unit's administrator: no password until they activate the account with the one-time link."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="unit_member")
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    unit_role = models.CharField(max_length=12, choices=UnitRole.choices)
    phone = models.CharField(max_length=20, blank=True)
    invited_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    invited_at = models.DateTimeField()
    activation_hash = models.CharField(max_length=64, blank=True, help_text="sha256 of the one-time key.")
    activation_expires = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["employer", "unit_role"], name="unit_member_employer_idx")]

    def __str__(self) -> str:
        return f"{self.user.username} ({self.unit_role})"


class Submission(models.Model):
    """A D02-LT list of a unit on its way: a draft (uploaded or typed, with the errors of its last check),
    submitted (a dossier of the procedures catalogue, waiting for an officer), accepted (applied to the registry:
    `declaration`) or returned with the officer's reasons."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, waiting for review")
        ACCEPTED = "accepted", _("Accepted and applied")
        RETURNED = "returned", _("Returned")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("File upload")
        ONLINE = "online", _("Entered online")
        API = "api", _("Payroll software (API)")

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(help_text="Month declared (first day).")
    source = models.CharField(max_length=8, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    file_name = models.CharField(max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    lines = models.JSONField(default=list, blank=True, help_text="The lines as given (DeclarationLineIn fields).")
    errors = models.JSONField(default=list, blank=True, help_text="Errors of the last check (line, field, code).")
    checked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    submitted_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    dossier = models.OneToOneField("procedures.Dossier", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reasons = models.TextField(blank=True)
    declaration = models.ForeignKey("contributions.Declaration", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["employer", "status"], name="unit_submission_employer_idx"),
            models.Index(fields=["status", "submitted_at"], name="unit_submission_status_idx"),
        ]

    def __str__(self) -> str:
        return f"D02-LT {self.period:%m/%Y} #{self.pk}"
