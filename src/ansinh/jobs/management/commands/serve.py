"""ansinh serve [--bind 127.0.0.1:8000] [--workers 2] [--no-worker]: the production way to run ansinh on one
machine — gunicorn (WSGI, static files by whitenoise) and the background-job worker (`job_worker`), started
together and stopped together (Ctrl-C or SIGTERM stops both; if either dies, the other is stopped too).
Run `ansinh collectstatic` first (make demo does). On a server, run the two as separate services (docs/DEPLOY.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand


def commands(bind: str, workers: int, timeout: int) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [python, "-m", "gunicorn", "ansinh.config.wsgi:application", "--bind", bind, "--workers", str(workers),
                "--timeout", str(timeout), "--access-logfile", "-", "--capture-output"],
        "worker": [python, "-m", "ansinh", "job_worker", "--no-reload", "--queue-name", "default", "--interval", "1"],
    }


class Command(BaseCommand):
    help = "Serve ansinh through gunicorn with the background-job worker beside it; stop both together."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("ANSINH_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ANSINH_WEB_WORKERS", "2")),
                            help="gunicorn worker processes (default 2; about 2 × cores + 1 on a server)")
        parser.add_argument("--timeout", type=int, default=120, help="seconds before gunicorn restarts a stuck worker")
        parser.add_argument("--no-worker", action="store_true", help="the web server only")

    def handle(self, *args: Any, **opts: Any) -> None:
        wanted = commands(opts["bind"], opts["workers"], opts["timeout"])
        if opts["no_worker"]:
            wanted.pop("worker")
        procs = {name: subprocess.Popen(cmd) for name, cmd in wanted.items()}
        self.stdout.write(f"serving on http://{opts['bind']}/ (gunicorn, {opts['workers']} workers)"
                          + ("" if opts["no_worker"] else " with the job worker") + "; Ctrl-C stops")
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping and all(p.poll() is None for p in procs.values()):
                time.sleep(0.5)
        finally:
            for p in procs.values():
                if p.poll() is None:
                    p.terminate()
            deadline = time.monotonic() + 20
            for name, p in procs.items():
                try:
                    p.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    p.kill()
                self.stdout.write(f"{name} stopped ({p.returncode})")
