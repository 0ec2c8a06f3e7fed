"""One row per run of a batch job started from the staff app (or enqueued by another job): who, when, what,
how far, and how it ended. See docs/jobs.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(max_length=40, db_index=True)
    params = models.JSONField(default=dict, blank=True)
    lock_key = models.CharField(max_length=120, help_text="kind:period; one queued or running run per key.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    office = models.ForeignKey("places.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               help_text="The office of the user who started it (inherited by the runs it "
                                         "triggered): who may see the run. Empty: a run of the whole system.")
    triggered_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     help_text="The run whose changes enqueued this one (automatic refresh).")
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    phase = models.CharField(max_length=80, blank=True)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    summary = models.JSONField(default=list, blank=True, help_text="[[label, value], ...] shown after the run.")
    links = models.JSONField(default=list, blank=True, help_text="[[label, url], ...] to what the run produced.")
    months = models.JSONField(default=list, blank=True, help_text="Months (YYYY-MM) whose sources the run changed.")
    log = models.TextField(blank=True)
    error_code = models.CharField(max_length=60, blank=True, help_text="The refusal's code (ApplicationError).")
    error = models.TextField(blank=True, help_text="What went wrong: the service's message.")
    upload_path = models.CharField(max_length=300, blank=True, help_text="Uploaded file, relative to var/jobs/.")
    upload_name = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lock_key"], condition=Q(status__in=["queued", "running"]), name="jobs_one_active_per_key"
            ),
        ]
        indexes = [models.Index(fields=["kind", "-queued_at"], name="jobs_kind_queued")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def duration(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at
        if end is None:
            from django.utils import timezone

            end = timezone.now()
        return (end - self.started_at).total_seconds()
