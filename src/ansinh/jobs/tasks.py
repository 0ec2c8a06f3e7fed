"""The one task of the queue: run a recorded job (ansinh.jobs.services.execute)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(run_id: int) -> str:
    from ansinh.jobs.services import execute

    return execute(run_id).status
