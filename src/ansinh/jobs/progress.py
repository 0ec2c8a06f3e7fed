"""The progress of a running job, written by the worker and read by the page.

The services write in one transaction, so nothing they report can go through the run's row before the commit
(and on SQLite the writing connection holds the lock). The worker therefore writes done/total/phase and the log
tail to a small JSON file under var/jobs/progress/, replaced atomically and at most every THROTTLE seconds; the
page reads it while the run is running. At the end the figures are saved in the row and the file removed.

The same file is the run's heartbeat: it carries the worker's host and process id and the time of the last beat,
rewritten by a thread of the worker every HEARTBEAT seconds while the job works (`Heartbeat`), whatever the
service is doing. A run whose worker died (SIGKILL, the machine stopped) stops beating; `services.reap_stale`
finds it."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from ansinh.core.progress import Progress

THROTTLE = 0.5
LOG_LINES = 200


def jobs_dir() -> Path:
    path = Path(settings.VAR_DIR) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(run_id: int) -> Path:
    path = jobs_dir() / "progress"
    path.mkdir(parents=True, exist_ok=True)
    return path / f"{run_id}.json"


class FileProgress(Progress):
    """Progress of one run: the file the page polls, and the log kept for the row."""

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id
        self.path = progress_path(run_id)
        self.lines: list[str] = []
        self.phase_started = time.time()
        self._written = 0.0
        self._lock = threading.Lock()

    def start(self, total: int, phase: str = "") -> None:
        self.phase_started = time.time()
        super().start(total, phase)
        self.flush()

    def _changed(self) -> None:
        if time.monotonic() - self._written >= THROTTLE:
            self.flush()

    def log(self, line: str) -> None:
        self.lines.append(f"{time.strftime('%H:%M:%S')} {line}")
        self.flush()

    def state(self) -> dict[str, Any]:
        return {"phase": self.phase, "done": self.done, "total": self.total, "phase_started": self.phase_started,
                "log": self.lines[-LOG_LINES:], "beat": time.time(), "host": socket.gethostname(), "pid": os.getpid()}

    def flush(self) -> None:
        with self._lock:  # the heartbeat thread flushes too
            self._written = time.monotonic()
            tmp = self.path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(self.state(), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)

    def remove(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "ANSINH_JOB_HEARTBEAT_SECONDS", 10))


class Heartbeat:
    """While the job works: rewrite its progress file (the beat) every `heartbeat_seconds()`, from a daemon thread,
    so that a long query or phase without progress still shows the worker alive. A context manager."""

    def __init__(self, progress: FileProgress, every: float | None = None) -> None:
        self.progress = progress
        self.every = every if every is not None else heartbeat_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{progress.run_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            with contextlib.suppress(OSError):  # var/ unwritable for a moment: the next beat tries again
                self.progress.flush()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


def read_progress(run_id: int) -> dict[str, Any] | None:
    try:
        return json.loads(progress_path(run_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def rate_and_left(done: int, total: int, since: float | None, now: float | None = None) -> tuple[float | None, float | None]:
    """Steps per second since the phase started, and the seconds left at that rate (None until measurable)."""
    if since is None or done <= 0:
        return None, None
    elapsed = (now or time.time()) - since
    if elapsed <= 0:
        return None, None
    rate = done / elapsed
    return rate, (max(total - done, 0) / rate if total else None)
