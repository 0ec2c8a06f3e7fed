"""The pages of the jobs: who sees what, every start form, the refusal of a second start, a run's page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ansinh.core.testing import factories as f
from ansinh.jobs.kinds import KINDS
from ansinh.jobs.models import JobRun


def _client(user, lang="vi") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


@pytest.fixture
def admin(db):
    return f.UserFactory(username="quantri", role="administrator", is_superuser=True)


def test_every_start_form_renders_for_its_roles_and_is_404_for_the_others(admin, db):
    citizen = f.UserFactory(username="dan", role="citizen")
    clerk = f.UserFactory(username="motcua", role="desk_clerk")
    for kind, spec in KINDS.items():
        page = _client(admin).get(f"/jobs/new/{kind}/")
        assert page.status_code == 200, kind
        assert str(spec.label) != page.content.decode() and 'type="submit"' in page.content.decode()
        assert _client(clerk).get(f"/jobs/new/{kind}/").status_code == 404
    assert _client(citizen).get("/jobs/").status_code == 404
    assert _client(clerk).get("/jobs/").status_code == 200  # staff read the list
    assert "/jobs/new/" not in _client(clerk).get("/jobs/").content.decode()  # but start nothing
    run = JobRun.objects.create(kind="assess", lock_key="a", queued_at=timezone.now())
    assert _client(citizen).get(f"/jobs/{run.pk}/").status_code == 404


def test_the_list_filters_by_kind_and_status(admin):
    now = timezone.now()
    JobRun.objects.create(kind="assess", lock_key="a1", queued_at=now, status="done", params={"period": "2026-10"})
    JobRun.objects.create(kind="payroll", lock_key="p1", queued_at=now, status="failed", params={"period": "2026-09"})
    body = _client(admin).get("/jobs/?kind=payroll").content.decode()
    assert "09/2026" in body and "10/2026" not in body
    body = _client(admin).get("/jobs/?status=done").content.decode()
    assert "10/2026" in body and "09/2026" not in body
    assert "Oct 2026" in _client(admin, "en").get("/jobs/?status=done").content.decode()


def test_a_second_start_of_the_same_month_is_refused_with_a_link_to_the_running_one(admin, queue):
    client = _client(admin)
    first = client.post("/jobs/new/assess/", {"period": "2026-11"})
    run = JobRun.objects.get()
    assert first.status_code == 302 and first["Location"] == f"/jobs/{run.pk}/"
    second = client.post("/jobs/new/assess/", {"period": "2026-11"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Công việc này đang chờ hoặc đang chạy cho kỳ này" in body and f"/jobs/{run.pk}/" in body
    english = _client(admin, "en").post("/jobs/new/assess/", {"period": "2026-11"}).content.decode()
    assert "This job is already queued or running for this period" in english
    assert JobRun.objects.count() == 1


def test_bad_parameters_are_refused_on_the_form(admin, queue, settings):
    client = _client(admin)
    assert "Nhập tháng theo dạng YYYY-MM." in client.post("/jobs/new/assess/", {"period": "11/2026x"}).content.decode()
    settings.ANSINH_JOB_UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("big.csv", b"x" * 11)
    assert "Tệp lớn hơn 0 MB." in client.post("/jobs/new/import_population/", {"file": big}).content.decode()
    assert not JobRun.objects.exists()


def test_a_run_page_shows_progress_while_running_and_the_summary_after(admin, queue):
    from ansinh.jobs.progress import FileProgress

    run = JobRun.objects.create(kind="assess", lock_key="a", queued_at=timezone.now(), status="running",
                                started_at=timezone.now(), params={"period": "2026-11"})
    progress = FileProgress(run.pk)
    progress.start(8, "months")
    progress.advance(2)
    progress.flush()
    client = _client(admin)
    page = client.get(f"/jobs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "2 / 8" in page and "(25\u00a0%)" in page
    fragment = client.get(f"/jobs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="progress"') and "<html" not in fragment
    JobRun.objects.filter(pk=run.pk).update(status="done", finished_at=timezone.now(), done=8, total=8,
                                            summary=[["lines_due", 12345, "n"], ["total_delta", 9500000, "vnd"]],
                                            links=[["debts", "/contributions/debts/?period=2026-11"]])
    page = client.get(f"/jobs/{run.pk}/").content.decode()
    assert "every 1s" not in page and "12.345" in page and "9.500.000" in page and "Danh sách nợ" in page
    page = _client(admin, "en").get(f"/jobs/{run.pk}/").content.decode()
    assert "12,345" in page and "Employees due" in page and "Debt list" in page


def test_pages_that_needed_a_shell_now_link_to_the_job(admin, db):
    reports = _client(admin).get("/reports/").content.decode()
    assert "ansinh refresh_statistics" not in reports and "/jobs/new/refresh_statistics/" in reports
    payroll = _client(admin).get("/benefits/payroll/?period=2026-11").content.decode()
    assert "ansinh payroll" not in payroll and "/jobs/new/payroll/?period=2026-11" in payroll
    clerk = f.UserFactory(username="motcua", role="desk_clerk")
    assert "/jobs/new/refresh_statistics/" not in _client(clerk).get("/reports/").content.decode()
