"""ansinh job_worker [db_worker's options]: the background-job worker — django-tasks-db's `db_worker` plus the
housekeeping of the job runs: when it starts, and then every ANSINH_JOB_REAP_SECONDS (60 s), it marks failed the
runs whose worker died (`jobs.services.reap_stale`: a stale heartbeat, or a process of this machine that is gone)
and releases their lock; at start and every six hours it deletes uploaded files older than
ANSINH_JOB_UPLOAD_RETENTION_DAYS (`jobs.services.prune_uploads`). `ansinh serve` starts this command."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorker

log = logging.getLogger("ansinh.jobs.worker")
PRUNE_EVERY = 6 * 3600


def housekeeping(prune: bool = True) -> None:
    from ansinh.jobs.services import prune_uploads, reap_stale

    for run in reap_stale():
        log.warning("run %s (%s) marked failed: its worker stopped", run.pk, run.kind)
    if prune:
        prune_uploads()


class Maintenance(threading.Thread):
    def __init__(self, every: float) -> None:
        super().__init__(name="job-housekeeping", daemon=True)
        self.every = every
        self.stop = threading.Event()

    def run(self) -> None:
        pruned = time.monotonic()
        while not self.stop.wait(self.every):
            try:
                due = time.monotonic() - pruned >= PRUNE_EVERY
                housekeeping(prune=due)
                if due:
                    pruned = time.monotonic()
            except Exception:  # never take the worker down; try again at the next tick
                log.exception("job housekeeping failed")
            finally:
                close_old_connections()
                connection.close()


class Command(DbWorker):
    help = "Run the background jobs (db_worker) and keep their records: runs of a dead worker failed, old uploads removed."

    def handle(self, *args: Any, **options: Any) -> None:
        housekeeping()
        ticker = None
        if not options.get("batch"):
            ticker = Maintenance(float(getattr(settings, "ANSINH_JOB_REAP_SECONDS", 60)))
            ticker.start()
        try:
            super().handle(*args, **options)
        finally:
            if ticker is not None:
                ticker.stop.set()
