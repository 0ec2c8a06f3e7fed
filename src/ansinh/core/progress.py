"""How a batch service says how far it is: done / total of the current phase, and log lines.

Services take `progress: Progress | None = None` and report per chunk or phase (a month, a step of the build),
never per row: they stay set-based. The commands pass nothing (NO_PROGRESS records nothing); the background jobs
(`ansinh.jobs`) pass a Progress that the staff page follows live."""

from __future__ import annotations


class Progress:
    """The base records nothing. Subclasses override `_changed` / `log`."""

    def __init__(self) -> None:
        self.phase = ""
        self.done = 0
        self.total = 0

    def start(self, total: int, phase: str = "") -> None:
        """A new phase of `total` steps (rows, months, chunks: the service says which in `phase`)."""
        self.phase, self.done, self.total = phase, 0, max(0, int(total))
        self._changed()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + int(n), self.total) if self.total else self.done + int(n)
        self._changed()

    def log(self, line: str) -> None:
        """A line for the run's log (what a command would print)."""

    def _changed(self) -> None:
        """Called after every start/advance."""


NO_PROGRESS = Progress()


def progress_or_none(progress: Progress | None) -> Progress:
    return progress if progress is not None else Progress()
