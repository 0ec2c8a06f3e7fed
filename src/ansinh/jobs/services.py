"""Starting a job: one row in JobRun (refused while the same kind and period is queued or running), the uploaded
file stored under var/jobs/uploads/, the task enqueued once the row is committed."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import time
import traceback
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.core.errors import ApplicationError, Conflict, Forbidden
from ansinh.jobs.kinds import KINDS, Kind, Outcome
from ansinh.jobs.models import JobRun
from ansinh.jobs.progress import FileProgress, Heartbeat, jobs_dir, progress_path, read_progress
from ansinh.jobs.selectors import user_office

log = logging.getLogger(__name__)


class JobRunning(Conflict):
    def __init__(self, running: JobRun | None) -> None:
        pk = running.pk if running else None
        super().__init__("job_running", f"this job is already queued or running for this period (run {pk})",
                         details={"run": pk})
        self.running = running


def _store_upload(upload: Any) -> tuple[str, str]:
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    folder = jobs_dir() / "uploads" / timezone.localdate().strftime("%Y-%m")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest[:16]}-{''.join(c for c in upload.name if c.isalnum() or c in '._-')[-80:]}"
    path.write_bytes(data)
    return str(path.relative_to(jobs_dir())), upload.name


def job_start(*, actor: Any, kind: str, params: dict[str, Any], upload: Any = None,
              triggered_by: JobRun | None = None) -> JobRun:
    """Record a run and enqueue it. Refused (JobRunning) while a run of the same kind and period is queued or
    running: the partial unique index on lock_key decides, so two clicks cannot both start."""
    spec: Kind = KINDS[kind]
    if actor is not None and not spec.may_start(actor):
        raise Forbidden("job_not_allowed", f"{kind} is not a job of role {getattr(actor, 'role', '')}")
    lock_key = spec.lock_key(params)
    upload_path = upload_name = ""
    if upload is not None:
        upload_path, upload_name = _store_upload(upload)
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                run = JobRun.objects.create(
                    kind=kind, params=params, lock_key=lock_key, started_by=actor, triggered_by=triggered_by,
                    office=triggered_by.office if triggered_by is not None else user_office(actor),
                    queued_at=timezone.now(), upload_path=upload_path, upload_name=upload_name,
                )
                audit.record(actor=actor, action="action", obj=run, after={"kind": kind, "params": params},
                             source="job")
                transaction.on_commit(lambda run=run: _enqueue(run))
            return run
        except IntegrityError:
            running = JobRun.objects.filter(lock_key=lock_key, status__in=JobRun.ACTIVE).first()
            if running is not None or attempt == 2:
                raise JobRunning(running) from None
            # it finished between the insert and this read: try once more
    raise AssertionError("unreachable")


def _enqueue(run: JobRun) -> None:
    from ansinh.jobs.tasks import run_job

    result = run_job.enqueue(run.pk)
    JobRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])


def statistics_follow(run: JobRun, outcome: Outcome) -> list[JobRun]:
    """After a run that changed months' sources: a statistics refresh of those months (or of every dirty month),
    unless one is already queued or running for it."""
    if not KINDS[run.kind].refreshes_statistics:
        return []
    wanted = [{"period": m, "only_dirty": True, "auto": True} for m in sorted(set(outcome.months))]
    if outcome.refresh_dirty or not wanted:
        wanted = [{"period": "", "auto": True}] if (outcome.refresh_dirty or outcome.months) else []
    made = []
    for params in wanted:
        try:
            made.append(job_start(actor=None, kind="refresh_statistics", params=params, triggered_by=run))
        except JobRunning:
            continue
    return made


def execute(run_id: int) -> JobRun:
    """Run one queued job in this process (the task's body): mark it running, call the kind's runner with a
    progress that the page follows, record the outcome or the failure, then enqueue the statistics it affects."""
    run = JobRun.objects.select_related("started_by").get(pk=run_id)
    if run.status != JobRun.Status.QUEUED:
        return run
    run.status, run.started_at = JobRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    progress = FileProgress(run.pk)
    progress.log(f"start {run.kind} {run.params}")
    outcome: Outcome | None = None
    try:
        with Heartbeat(progress):  # the run's sign of life while the service works (see reap_stale)
            outcome = KINDS[run.kind].run(run, progress)
        run.status = JobRun.Status.DONE
        run.summary, run.links, run.months = outcome.summary, outcome.links, outcome.months
        progress.log("done")
    except ApplicationError as exc:
        run.status = JobRun.Status.FAILED
        run.error_code, run.error = exc.code, exc.message
        for err in exc.details if isinstance(exc.details, list) else []:
            where = f"{err['file']}: " if err.get("file") else ""
            where += f"line {err.get('line')}: " if err.get("line") else ""
            progress.log(f"{where}{err.get('field') or ''}: {err.get('message')}")
        progress.log(f"refused: {exc.code}: {exc.message}")
    except Exception as exc:
        run.status = JobRun.Status.FAILED
        run.error = f"{type(exc).__name__}: {exc}"
        progress.lines.extend(traceback.format_exc().splitlines()[-30:])
        log.exception("job %s failed", run.pk)
    except BaseException:  # the worker was stopped (SIGTERM, Ctrl-C): the service's transaction rolled back
        _finish(run, progress, JobRun.Status.FAILED, "interrupted", "The worker was stopped during the job; "
                "nothing of it was written. Start it again.")
        raise
    run.finished_at = timezone.now()
    run.phase, run.done, run.total = progress.phase, progress.done, progress.total
    run.log = "\n".join(progress.lines[-500:])
    run.save()
    progress.remove()
    if outcome is not None:
        statistics_follow(run, outcome)
    return run


def _finish(run: JobRun, progress: FileProgress, status: str, code: str, message: str) -> None:
    run.status, run.error_code, run.error, run.finished_at = status, code, message, timezone.now()
    run.phase, run.done, run.total = progress.phase, progress.done, progress.total
    run.log = "\n".join(progress.lines[-500:])
    run.save()
    progress.remove()


# --- a worker that died; old uploads ---------------------------------------------------------------------------

WORKER_STOPPED = "worker_stopped"


def stale_seconds() -> float:
    return float(getattr(settings, "ANSINH_JOB_STALE_SECONDS", 300))


def _pid_alive(pid: Any) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, TypeError, ValueError):
        return True  # exists (another user's) or unknown: leave it to the heartbeat's age
    return True


def reap_stale(now: float | None = None) -> list[JobRun]:
    """Mark failed ("worker_stopped") every run left running by a worker that died: its heartbeat (the progress
    file, see jobs.progress) is older than `ANSINH_JOB_STALE_SECONDS`, or it names a process of this machine that
    no longer exists. The run's service transaction died with the worker, so nothing of it was written; marking it
    failed releases its lock (the unique index covers queued and running runs only), so it can be started again.
    Called by the worker when it starts and then periodically (`ansinh job_worker`)."""
    now = time.time() if now is None else now
    host = socket.gethostname()
    reaped = []
    for run in JobRun.objects.filter(status=JobRun.Status.RUNNING).only("id", "started_at", "kind", "params"):
        live = read_progress(run.pk) or {}
        beat = live.get("beat") or (run.started_at.timestamp() if run.started_at else now)
        dead_here = live.get("host") == host and live.get("pid") is not None and not _pid_alive(live["pid"])
        if not dead_here and now - beat <= stale_seconds():
            continue
        last = dt.datetime.fromtimestamp(beat, tz=dt.UTC)
        message = (f"The worker stopped during the job (last sign of life {last:%Y-%m-%d %H:%M:%S} UTC); nothing of "
                   "it was written. Start it again.")
        log_text = "\n".join([*live.get("log", []), f"{time.strftime('%H:%M:%S')} worker stopped: run marked failed"])
        updated = JobRun.objects.filter(pk=run.pk, status=JobRun.Status.RUNNING).update(
            status=JobRun.Status.FAILED, error_code=WORKER_STOPPED, error=message, finished_at=timezone.now(),
            phase=live.get("phase", ""), done=live.get("done", 0), total=live.get("total", 0), log=log_text[-50_000:])
        if updated:
            progress_path(run.pk).unlink(missing_ok=True)
            log.warning("job run %s (%s) marked failed: its worker stopped (last beat %s)", run.pk, run.kind, last)
            reaped.append(run)
    return reaped


def upload_retention_days() -> int:
    return int(getattr(settings, "ANSINH_JOB_UPLOAD_RETENTION_DAYS", 90))


def prune_uploads(days: int | None = None, now: float | None = None) -> list[str]:
    """Delete the uploaded files under var/jobs/uploads/ older than `days` (ANSINH_JOB_UPLOAD_RETENTION_DAYS,
    90 by default) that no queued or running run still needs; empty month folders go too. The runs keep the
    file's name in their record. Returns the paths removed (relative to var/jobs/)."""
    days = upload_retention_days() if days is None else days
    cutoff = (time.time() if now is None else now) - days * 86400
    root = jobs_dir()
    uploads = root / "uploads"
    if not uploads.is_dir():
        return []
    needed = set(JobRun.objects.filter(status__in=JobRun.ACTIVE).exclude(upload_path="")
                 .values_list("upload_path", flat=True))
    removed = []
    for path in sorted(uploads.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_file() and path.stat().st_mtime < cutoff and rel not in needed:
            path.unlink()
            removed.append(rel)
    for folder in sorted((p for p in uploads.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if removed:
        log.info("removed %s job uploads older than %s days", len(removed), days)
    return removed


def live_state(run: JobRun) -> dict[str, Any]:
    """done/total/phase/log of a run: from the worker's file while it runs, from the row otherwise."""
    from ansinh.jobs.progress import rate_and_left

    state: dict[str, Any] = {"phase": run.phase, "done": run.done, "total": run.total, "log": run.log.splitlines(),
                             "rate": None, "left": None}
    if run.status == JobRun.Status.RUNNING:
        live = read_progress(run.pk)
        if live:
            state.update(phase=live["phase"], done=live["done"], total=live["total"], log=live["log"])
            state["rate"], state["left"] = rate_and_left(live["done"], live["total"], live.get("phase_started"))
    # whole percent, half up on the exact ratio (as every percentage shown)
    state["percent"] = (200 * state["done"] + state["total"]) // (2 * state["total"]) if state["total"] else None
    return state
