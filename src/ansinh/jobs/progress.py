"""The progress of a running job, written by the worker and read by the page.

The services write in one transaction, so nothing they report can go through the run's row before the commit
(and on SQLite the writing connection holds the lock). The worker therefore writes done/total/phase and the log
tail to a small JSON file under var/jobs/progress/, replaced atomically and at most every THROTTLE seconds; the
page reads it while the run is running. At the end the figures are saved in the row and the file removed."""

from __future__ import annotations

import json
import os
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
                "log": self.lines[-LOG_LINES:]}

    def flush(self) -> None:
        self._written = time.monotonic()
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.state(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


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
