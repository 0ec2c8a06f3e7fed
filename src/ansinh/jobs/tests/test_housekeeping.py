"""What keeps the job records true: a run whose worker died is marked failed and its lock released (heartbeat),
an officer sees the runs of their localities only, failed runs wait on the home page of the roles that own them,
and old uploaded files are deleted."""

from __future__ import annotations

import io
import json
import os
import subprocess
import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ansinh.core.testing import factories as f
from ansinh.jobs.kinds import Outcome
from ansinh.jobs.models import JobRun
from ansinh.jobs.progress import FileProgress, Heartbeat, jobs_dir, progress_path, read_progress
from ansinh.jobs.selectors import runs_visible
from ansinh.jobs.services import JobRunning, job_start, prune_uploads, reap_stale
from ansinh.places.models import Office
from ansinh.web.waiting import failed_jobs_waiting


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _running(kind="assess", period="2026-11", **fields) -> JobRun:
    return JobRun.objects.create(kind=kind, params={"period": period}, lock_key=f"{kind}:{period}",
                                 status="running", queued_at=timezone.now(), started_at=timezone.now(), **fields)


def _beat(run: JobRun, *, age: float = 0, pid: int | None = None, host: str | None = None) -> None:
    """The progress file a worker writes, as it was `age` seconds ago."""
    state = FileProgress(run.pk).state()
    state.update(beat=time.time() - age, done=3, total=8, phase="months", log=["10:00:00 start assess"])
    if pid is not None:
        state["pid"] = pid
    if host is not None:
        state["host"] = host
    progress_path(run.pk).write_text(json.dumps(state), encoding="utf-8")


@pytest.fixture
def officer(db):
    return f.UserFactory(username="thu", role="collection_officer")


def test_a_run_whose_worker_was_killed_is_marked_failed_and_can_be_started_again(officer, settings, queue):
    settings.ANSINH_JOB_STALE_SECONDS = 300
    killed = _running()
    _beat(killed, age=5, pid=_dead_pid())  # SIGKILLed a moment ago on this machine: its process is gone
    alive = _running(kind="accrue_interest")
    _beat(alive, age=5)  # this process: alive and beating
    with pytest.raises(JobRunning):  # the dead run still holds the month
        job_start(actor=officer, kind="assess", params={"period": "2026-11"})

    assert [r.pk for r in reap_stale()] == [killed.pk]
    killed.refresh_from_db()
    assert killed.status == "failed" and killed.error_code == "worker_stopped"
    assert "worker stopped" in killed.error.lower() and killed.finished_at is not None
    assert (killed.done, killed.total, killed.phase) == (3, 8, "months")  # what it had reached
    assert "start assess" in killed.log and not progress_path(killed.pk).exists()
    assert JobRun.objects.get(pk=alive.pk).status == "running"
    job_start(actor=officer, kind="assess", params={"period": "2026-11"})  # the lock is released
    # the run's page says it in the user's words
    client = Client()
    client.force_login(f.UserFactory(username="root", role="administrator", is_superuser=True))
    client.cookies["django_language"] = "vi"
    body = client.get(f"/jobs/{killed.pk}/").content.decode()
    assert "Bộ xử lý nền đã dừng giữa chừng" in body


def test_a_silent_run_elsewhere_is_failed_after_the_threshold_and_not_before(settings, db):
    settings.ANSINH_JOB_STALE_SECONDS = 120
    run = _running()
    _beat(run, age=100, host="another-machine", pid=1)
    assert reap_stale() == []
    _beat(run, age=130, host="another-machine", pid=1)
    assert [r.pk for r in reap_stale()] == [run.pk]
    # a run that never wrote a beat is judged from its start
    quiet = _running(kind="payroll")
    JobRun.objects.filter(pk=quiet.pk).update(started_at=timezone.now() - timezone.timedelta(seconds=500))
    assert [r.pk for r in reap_stale()] == [quiet.pk]


def test_the_worker_beats_while_the_service_works_and_reaps_on_start(transactional_db, officer, settings, queue,
                                                                       django_capture_on_commit_callbacks):
    # transactional: the worker checks its connection like a real one (outside a test's transaction)
    settings.ANSINH_JOB_HEARTBEAT_SECONDS = 0.05
    settings.ANSINH_JOB_STALE_SECONDS = 300
    beats: list[float] = []

    def slow(run, progress):
        """A service in one long step that reports nothing: the heartbeat still moves."""
        first = read_progress(run.pk)["beat"]
        deadline = time.time() + 10
        while time.time() < deadline:
            live = read_progress(run.pk)
            if live and live["beat"] > first:
                beats.extend([first, live["beat"]])
                assert live["pid"] == os.getpid()
                break
            time.sleep(0.02)
        return Outcome()

    stale = _running(kind="payroll")
    _beat(stale, age=5, pid=_dead_pid())
    with django_capture_on_commit_callbacks(execute=True):
        run = job_start(actor=officer, kind="commission", params={"period": "2026-11"})
    with mock.patch.dict("ansinh.jobs.kinds.KINDS") as kinds:
        kinds["commission"] = mock.Mock(wraps=kinds["commission"], run=slow, refreshes_statistics=False)
        call_command("job_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    assert len(beats) == 2 and beats[1] > beats[0]
    assert JobRun.objects.get(pk=run.pk).status == "done"
    assert JobRun.objects.get(pk=stale.pk).status == "failed"  # reaped by the worker when it started
    assert not progress_path(run.pk).exists()


def test_heartbeat_stops_with_the_job(settings, db):
    run = _running()
    progress = FileProgress(run.pk)
    with Heartbeat(progress, every=0.01):
        time.sleep(0.05)
    progress.remove()
    time.sleep(0.05)
    assert not progress_path(run.pk).exists()  # no beat after the end


@pytest.fixture
def two_offices(db):
    province = f.ProvinceFactory()
    agency = f.OfficeFactory(kind=Office.Kind.PROVINCIAL, province=province)
    district = f.OfficeFactory(parent=agency, province=province)
    neighbour = f.OfficeFactory(parent=agency, province=province)
    here, there = f.CommuneFactory(parent=province), f.CommuneFactory(parent=province)
    f.serve(district, here)
    f.serve(neighbour, there)
    users = {}
    for name, office, role in (("tinh", agency, "manager"), ("huyen", district, "collection_officer"),
                               ("ben", neighbour, "collection_officer"), ("hi", district, "hi_officer")):
        users[name] = f.UserFactory(username=name, role=role)
        users[name].offices.set([office])
    # scoped by localities instead of offices: the whole province, one commune
    users["tinh_units"] = f.UserFactory(username="tinh_units", role="collection_officer", units=[province])
    users["xa_units"] = f.UserFactory(username="xa_units", role="collection_officer", units=[here])
    return users


def test_an_officer_sees_the_runs_of_their_localities_only(two_offices, immediate, django_capture_on_commit_callbacks):
    u = two_offices
    with django_capture_on_commit_callbacks(execute=True):
        mine = job_start(actor=u["huyen"], kind="accrue_interest", params={"period": "2026-10"})
    with django_capture_on_commit_callbacks(execute=True):
        theirs = job_start(actor=u["ben"], kind="accrue_interest", params={"period": "2026-09"})
        province = job_start(actor=u["tinh"], kind="accrue_interest", params={"period": "2026-08"})
        system = job_start(actor=None, kind="refresh_statistics", params={"period": "2026-07"})
    triggered = JobRun.objects.filter(triggered_by=mine).first()
    assert mine.office.parent_id == province.office_id
    assert triggered is not None and triggered.office_id == mine.office_id  # a refresh it caused is of its office

    def seen(user):
        return set(runs_visible(user).values_list("id", flat=True))

    assert mine.pk in seen(u["huyen"]) and triggered.pk in seen(u["huyen"])
    assert not {theirs.pk, province.pk, system.pk} & seen(u["huyen"])
    assert {mine.pk, theirs.pk, province.pk, system.pk, triggered.pk} <= seen(u["tinh"])  # the agency sees below
    assert {mine.pk, theirs.pk, province.pk, system.pk, triggered.pk} <= seen(u["tinh_units"])  # the province's
    assert mine.pk in seen(u["xa_units"]) and not {theirs.pk, province.pk, system.pk} & seen(u["xa_units"])
    admin = f.UserFactory(username="root", role="administrator", is_superuser=True)
    assert seen(admin) == set(JobRun.objects.values_list("id", flat=True))
    client = Client()
    client.force_login(u["huyen"])
    assert client.get(f"/jobs/{theirs.pk}/").status_code == 404
    assert client.get(f"/jobs/{mine.pk}/").status_code == 200
    body = client.get("/jobs/").content.decode()
    assert f"/jobs/{mine.pk}/" in body and f"/jobs/{theirs.pk}/" not in body and f"/jobs/{province.pk}/" not in body


def test_failed_runs_wait_on_the_home_page_of_the_roles_that_own_them(two_offices, immediate,
                                                                       django_capture_on_commit_callbacks):
    u = two_offices
    with mock.patch("ansinh.analytics.arrears.accrue_interest", side_effect=RuntimeError("disk full")), \
            django_capture_on_commit_callbacks(execute=True):
        failed = job_start(actor=u["huyen"], kind="accrue_interest", params={"period": "2026-10"})
        job_start(actor=u["ben"], kind="accrue_interest", params={"period": "2026-09"})
    assert JobRun.objects.get(pk=failed.pk).status == "failed"
    (item,) = failed_jobs_waiting(u["huyen"])
    assert item.count == 1 and item.urgent and item.url == "/jobs/?status=failed"  # the neighbour's not counted
    assert failed_jobs_waiting(u["hi"])[0].count == 0  # the HI officer owns no interest job
    assert failed_jobs_waiting(f.UserFactory(username="clerk", role="desk_clerk")) == []
    client = Client()
    client.force_login(u["huyen"])
    client.cookies["django_language"] = "vi"
    home = client.get("/").content.decode()
    assert "/jobs/?status=failed" in home
    # run again and done: nothing waits any more
    with django_capture_on_commit_callbacks(execute=True):
        job_start(actor=u["huyen"], kind="accrue_interest", params={"period": "2026-10"})
    assert failed_jobs_waiting(u["huyen"])[0].count == 0


def test_old_uploads_are_deleted_unless_a_run_still_needs_them(officer, queue, settings):
    settings.ANSINH_JOB_UPLOAD_RETENTION_DAYS = 30
    old = job_start(actor=officer, kind="bank_statement", params={},
                    upload=SimpleUploadedFile("saoke-cu.csv", b"old statement"))
    JobRun.objects.filter(pk=old.pk).update(status="done")
    fresh = job_start(actor=officer, kind="bank_statement", params={},
                      upload=SimpleUploadedFile("saoke-moi.csv", b"new statement"))
    JobRun.objects.filter(pk=fresh.pk).update(status="done")
    waiting = job_start(actor=officer, kind="bank_statement", params={},
                        upload=SimpleUploadedFile("saoke-cho.csv", b"still queued"))
    root = jobs_dir()
    month_ago = time.time() - 40 * 86400
    for run in (old, waiting):
        os.utime(root / run.upload_path, (month_ago, month_ago))
    assert prune_uploads() == [old.upload_path]
    assert not (root / old.upload_path).exists()
    assert (root / waiting.upload_path).exists() and (root / fresh.upload_path).exists()
    # the command, with its own retention
    JobRun.objects.filter(pk=waiting.pk).update(status="done")
    out = io.StringIO()
    call_command("prune_job_uploads", "--days", "0", stdout=out)
    assert "removed" in out.getvalue()
    assert not any(p.is_file() for p in (root / "uploads").rglob("*"))
