"""Notifications: one inbox message per recipient (a person in the citizen portal, a unit in the employer portal,
or a user), and its deliveries through the configured channels (SMS, e-mail). docs/notify.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    DOSSIER_RECEIPT = "dossier.receipt", _("Dossier received")
    DOSSIER_SUPPLEMENT = "dossier.supplement", _("Documents missing")
    DOSSIER_REFUSAL = "dossier.refusal", _("Refusal")
    DOSSIER_APOLOGY = "dossier.apology", _("Apology and new date")
    DOSSIER_DECIDED = "dossier.decided", _("Decided")
    DOSSIER_RETURNED = "dossier.returned", _("Result returned")
    CONTRIBUTIONS_UNPAID = "contributions.unpaid", _("Contributions not paid by the employer")
    CARD_EXPIRING = "card.expiring", _("HI card about to expire")
    BENEFIT_PAID = "benefit.paid", _("Benefit paid")
    PAYMENT_RECEIVED = "payment.received", _("Payment received")
    PAYMENT_CODE = "payment.code", _("New payment code")
    ACCOUNT = "account", _("Account")
    OTHER = "other", _("Other")


class Message(models.Model):
    topic = models.CharField(max_length=40, choices=Topic.choices)
    text = models.CharField(max_length=1000, help_text="As written (Vietnamese unless the recipient reads "
                            "another language): what an SMS or e-mail carries; shown when there is no key.")
    key = models.CharField(max_length=60, blank=True, help_text="The text's key in notify.texts: the inbox renders "
                           "it with params in the reader's language. Empty on messages written before keys.")
    params = models.JSONField(default=dict, blank=True, help_text="The values of the keyed text (notify.texts).")
    url = models.CharField(max_length=300, blank=True, help_text="Link shown with the message (a portal page).")
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey("procedures.Dossier", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="notifications")
    dedupe_key = models.CharField(max_length=80, blank=True,
                                  help_text="Producers that run again (monthly notices) skip a key already sent.")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "created_at"], name="notify_person_idx"),
            models.Index(fields=["employer", "created_at"], name="notify_employer_idx"),
            models.Index(fields=["user", "created_at"], name="notify_user_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], condition=~models.Q(dedupe_key=""),
                                    name="notify_dedupe_key_uniq"),
            models.CheckConstraint(condition=models.Q(person__isnull=False) | models.Q(employer__isnull=False)
                                   | models.Q(user__isnull=False), name="notify_has_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {self.text[:40]}"

    @property
    def shown_text(self) -> str:
        """The text in the active language: a keyed text rendered now with its values; the stored text for a
        message without a key (written before keys) or whose key is no longer known."""
        if self.key:
            from ansinh.notify import texts

            try:
                return texts.render(self.key, self.params)
            except (KeyError, ValueError, TypeError):
                pass
        return self.text


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=8)
    address = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="notify_delivery_status_idx")]
