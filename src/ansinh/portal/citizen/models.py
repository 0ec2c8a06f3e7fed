"""One-time codes of the citizen portal's activation and password reset."""

from __future__ import annotations

from django.db import models


class OneTimeCode(models.Model):
    """One request for a code: every request is stored, matching a person or not, so the rate limits (per typed
    identification number, per address, per network address) treat an existing and an unknown person alike. The code
    itself is never stored: only an HMAC of it (SECRET_KEY, the row's id)."""

    class Purpose(models.TextChoices):
        ACTIVATE = "activate", "activate"
        RESET = "reset", "reset"

    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    identifier = models.CharField(max_length=12, help_text="The identification number typed.")
    address = models.CharField(max_length=120, help_text="The phone number or e-mail typed, normalised.")
    channel = models.CharField(max_length=8, help_text="sms | email")
    ip = models.CharField(max_length=45, blank=True)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text="The person matched (none: the details matched nobody; no code sent).")
    code_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "portal"
        indexes = [
            models.Index(fields=["identifier", "created_at"], name="otp_identifier_idx"),
            models.Index(fields=["address", "created_at"], name="otp_address_idx"),
            models.Index(fields=["ip", "created_at"], name="otp_ip_idx"),
        ]
