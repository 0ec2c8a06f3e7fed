"""Users, their role and the localities they may see; API tokens; the audit trail."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DESK_CLERK = "desk_clerk", _("One-stop desk clerk")
    COLLECTION_OFFICER = "collection_officer", _("Collection officer")
    BENEFITS_OFFICER = "benefits_officer", _("Benefits officer")
    HI_OFFICER = "hi_officer", _("Health insurance officer")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")
    EMPLOYER_REP = "employer_rep", _("Employer representative")
    CITIZEN = "citizen", _("Citizen")
    COLLECTION_AGENT = "collection_agent", _("Collection agent staff")


STAFF_ROLES = frozenset(
    {Role.DESK_CLERK, Role.COLLECTION_OFFICER, Role.BENEFITS_OFFICER, Role.HI_OFFICER, Role.MANAGER, Role.ADMINISTRATOR}
)


class User(AbstractUser):
    """A person who signs in. Staff see the communes of their offices and of the units named in their scope;
    `whole_country` lifts the limit (national administrators). Employer representatives see their employer;
    citizens see themselves."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.DESK_CLERK)
    whole_country = models.BooleanField(default=False, help_text="Sees every locality (national level).")
    offices = models.ManyToManyField("places.Office", blank=True, related_name="users")
    units = models.ManyToManyField(
        "places.AdminUnit", blank=True, related_name="users", help_text="Provinces or communes this user covers."
    )
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    preferred_language = models.CharField(max_length=5, default="vi")
    job_title = models.CharField(
        max_length=120, blank=True, help_text="Title printed under the signature (e.g. Phó Giám đốc, Trưởng phòng Chế độ BHXH)."
    )

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name), then the given name (first_name)."""
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class ApiToken(models.Model):
    """A bearer token for the REST API. Only a hash is stored; the token is shown once when made. It expires
    (ANSINH_TOKEN_DAYS), can be revoked, and dies with a change of its user's password (`password_stamp`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    password_stamp = models.CharField(max_length=64, blank=True, help_text="The user's password fingerprint when made.")

    def save(self, *args: object, **kwargs: object) -> None:
        from datetime import timedelta

        from django.conf import settings
        from django.utils import timezone

        if not self.password_stamp:
            self.password_stamp = self.user.get_session_auth_hash()
        if self.expires_at is None:
            self.expires_at = timezone.now() + timedelta(days=settings.ANSINH_TOKEN_DAYS)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_valid_for(self, user: User, now: object) -> bool:
        return (self.revoked_at is None and self.expires_at is not None and self.expires_at > now  # type: ignore[operator]
                and secrets.compare_digest(self.password_stamp, user.get_session_auth_hash()))

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "ansinh_" + secrets.token_urlsafe(32)


class AuditEvent(models.Model):
    """One change to a person, employer, money or decision: who, when, what, before and after.
    Written in the same transaction as the change (ansinh.accounts.audit.record)."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        ACTION = "action", _("action")

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)  # kept if the account is later renamed
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=64)  # "registry.person"
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=32, blank=True)  # web, api, cli, import

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx")]
        ordering = ["-at", "-id"]

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
