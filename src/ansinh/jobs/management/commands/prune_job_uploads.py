"""ansinh prune_job_uploads [--days N]: delete the jobs' uploaded files (var/jobs/uploads/) older than N days
(default ANSINH_JOB_UPLOAD_RETENTION_DAYS, 90) that no queued or running run needs. The worker does the same by
itself every six hours; this is for a cron job or an administrator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Delete the jobs' uploaded files older than the retention period."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=None, help="retention in days (default: the setting)")

    def handle(self, *args: Any, **opts: Any) -> None:
        from ansinh.jobs.services import prune_uploads, upload_retention_days

        days = upload_retention_days() if opts["days"] is None else opts["days"]
        removed = prune_uploads(days)
        self.stdout.write(f"{len(removed)} uploaded file(s) older than {days} days removed")
