"""Starting, running and recording jobs: the lock, the outcome, the failure, the statistics that follow, and that
each job calls the same service as its command."""

from __future__ import annotations

import datetime as dt
import importlib
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ansinh.core.testing import factories as f
from ansinh.jobs.kinds import KINDS, Outcome
from ansinh.jobs.models import JobRun
from ansinh.jobs.services import JobRunning, execute, job_start, statistics_follow

from .conftest import work

POPULATION = ("unit_level,unit_code,valid_on,generation,year,total,male,female,source\n"
              "province,20,2024-01-01,,2024,802000,401000,401000,GSO statistical yearbook 2024\n")


@pytest.fixture
def officer(db):
    return f.UserFactory(username="thu", role="collection_officer")


@pytest.fixture
def manager(db):
    return f.UserFactory(username="gd", role="manager")


def test_one_active_run_per_lock_key_is_a_database_constraint(db):
    now = timezone.now()
    JobRun.objects.create(kind="assess", lock_key="assess:2026-11", queued_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobRun.objects.create(kind="assess", lock_key="assess:2026-11", queued_at=now, status="running")
    JobRun.objects.create(kind="assess", lock_key="assess:2026-10", queued_at=now)  # another month
    JobRun.objects.filter(lock_key="assess:2026-11").update(status="done")
    JobRun.objects.create(kind="assess", lock_key="assess:2026-11", queued_at=now)  # after the first ended


def test_the_same_job_for_the_same_month_is_refused_while_one_is_queued(queue, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = job_start(actor=officer, kind="assess", params={"period": "2026-11"})
    with pytest.raises(JobRunning) as refused:
        job_start(actor=officer, kind="assess", params={"period": "2026-11"})
    assert refused.value.running == first and refused.value.code == "job_running" and refused.value.status == 409
    job_start(actor=officer, kind="assess", params={"period": "2026-10"})  # another month is fine
    assert JobRun.objects.filter(status="queued").count() == 2
    assert first.task_id == "" and JobRun.objects.get(pk=first.pk).task_id  # the queue's id is recorded


def test_a_role_starts_only_its_own_jobs(db):
    clerk = f.UserFactory(username="motcua", role="desk_clerk")
    hi = f.UserFactory(username="bhyt", role="hi_officer")
    from ansinh.core.errors import Forbidden

    with pytest.raises(Forbidden):
        job_start(actor=clerk, kind="assess", params={"period": "2026-11"})
    assert KINDS["issue_cards"].may_start(hi) and not KINDS["payroll"].may_start(hi)


def test_a_run_records_its_outcome_and_the_statistics_follow(immediate, lang_son, manager,
                                                            django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("danso.csv", POPULATION.encode())
    with django_capture_on_commit_callbacks(execute=True):
        run = job_start(actor=manager, kind="import_population", params={}, upload=upload)
    run.refresh_from_db()
    assert run.status == "done" and run.started_by == manager and run.finished_at >= run.started_at
    assert ["created", 1, "n"] in run.summary and (run.done, run.total) == (1, 1)
    assert "start import_population" in run.log and run.upload_name == "danso.csv"
    assert not (run.error or run.error_code)


def test_a_refused_file_fails_the_run_with_its_lines_in_the_log(immediate, lang_son, manager,
                                                               django_capture_on_commit_callbacks):
    bad = POPULATION + "commune,99999,,old,2024,1,,,GSO\ncommune,06187,,old,2024,abc,,,GSO\n"
    with django_capture_on_commit_callbacks(execute=True):
        run = job_start(actor=manager, kind="import_population", params={},
                        upload=SimpleUploadedFile("bad.csv", bad.encode()))
    run.refresh_from_db()
    assert run.status == "failed" and run.error_code == "file_invalid"
    assert "line 3: unit_code: no commune with code 99999" in run.log and "line 4: total" in run.log
    from ansinh.places.models import Population

    assert not Population.objects.exists()  # nothing half-written


def test_an_unexpected_error_fails_the_run_with_its_message(immediate, officer, django_capture_on_commit_callbacks):
    with mock.patch("ansinh.analytics.assessment.assess", side_effect=RuntimeError("disk full")), \
            django_capture_on_commit_callbacks(execute=True):
        run = job_start(actor=officer, kind="assess", params={"period": "2026-11"})
    run.refresh_from_db()
    assert run.status == "failed" and run.error == "RuntimeError: disk full" and "Traceback" in run.log
    # the lock is released: the job can be started again
    with mock.patch("ansinh.analytics.assessment.assess", side_effect=RuntimeError("again")):
        job_start(actor=officer, kind="assess", params={"period": "2026-11"})


def test_a_change_of_a_month_enqueues_one_statistics_refresh_of_that_month(queue, officer):
    source = JobRun.objects.create(kind="assess", lock_key="assess:2026-11", queued_at=timezone.now(), status="done")
    made = statistics_follow(source, Outcome(months=["2026-10", "2026-11"]))
    assert [r.params["period"] for r in made] == ["2026-10", "2026-11"]
    assert all(r.kind == "refresh_statistics" and r.triggered_by == source and r.started_by is None for r in made)
    again = statistics_follow(source, Outcome(months=["2026-11"]))  # the refresh is still queued: deduplicated
    assert again == [] and JobRun.objects.filter(kind="refresh_statistics").count() == 2
    unknown = statistics_follow(source, Outcome(refresh_dirty=True))  # e.g. a bank statement: every dirty month
    assert [r.lock_key for r in unknown] == ["refresh_statistics:all"]
    stats = JobRun.objects.create(kind="refresh_statistics", lock_key="x", queued_at=timezone.now(), status="done")
    assert statistics_follow(stats, Outcome(months=["2026-11"])) == []  # a refresh triggers nothing


# (kind, params, the command module, the service's module and name, what the fake service returns)
def _fake_reports():
    from ansinh.analytics.arrears import InterestReport
    from ansinh.analytics.assessment import RunReport
    from ansinh.benefits.services.payroll import PayrollReport, SettlementReport
    from ansinh.contributions.services.collection import CommissionReport
    from ansinh.contributions.services.payments import ImportReport
    from ansinh.coverage.services.cards import IssueReport
    from ansinh.places.services.population import PopulationResult

    payroll = mock.Mock(lines=0, total=0)
    return [
        ("assess", {"period": "2026-11"}, "ansinh.contributions.management.commands.assess",
         "ansinh.analytics.assessment", "assess", (mock.Mock(), RunReport(period="2026-11", months=["2026-11"]))),
        ("accrue_interest", {"period": "2026-11"}, "ansinh.contributions.management.commands.accrue_interest",
         "ansinh.analytics.arrears", "accrue_interest", InterestReport(period="2026-11")),
        ("commission", {"period": "2026-11"}, "ansinh.contributions.management.commands.post_commission",
         "ansinh.contributions.services.collection", "commission_post", CommissionReport(period="2026-11")),
        ("issue_cards", {"period": "2026-11"}, "ansinh.coverage.management.commands.issue_cards",
         "ansinh.coverage.services.cards", "cards_issue", IssueReport(period="2026-11")),
        ("payroll", {"period": "2026-11", "what": "all"}, "ansinh.benefits.management.commands.payroll",
         "ansinh.benefits.services.payroll", "build_payroll", (payroll, PayrollReport(period="2026-11", months=[]))),
        ("refresh_statistics", {"period": "2026-11"}, "ansinh.reports.management.commands.refresh_statistics",
         "ansinh.analytics.statistics", "refresh", []),
        ("import_population", {}, "ansinh.places.management.commands.import_population",
         "ansinh.places.services.population", "import_population", PopulationResult()),
        ("bank_statement", {"bank": "MB"}, "ansinh.contributions.management.commands.import_bank_statement",
         "ansinh.contributions.services.payments", "bank_statement_import",
         ImportReport(file_name="u.csv", bank="MB", account_no="", layout="MB")),
        ("payroll_settle", {"period": "2026-11"}, "ansinh.benefits.management.commands.payroll_settle",
         "ansinh.benefits.services.payroll", "settle_payroll", SettlementReport(lines=1, by_status={"paid": 1},
                                                                               paid_amount=100)),
    ]


@pytest.mark.parametrize("case", _fake_reports(), ids=lambda c: c[0])
def test_each_job_calls_the_service_its_command_calls(case, immediate, db, tmp_path):
    kind, params, command_module, service_module, name, returned = case
    command = importlib.import_module(command_module)
    service = getattr(importlib.import_module(service_module), name)
    holder = command if hasattr(command, name) else getattr(command, service_module.rsplit(".", 1)[1])
    assert getattr(holder, name) is service  # the command calls this very function
    admin = f.UserFactory(username="quantri", role="administrator")
    run = JobRun.objects.create(kind=kind, params=params, lock_key=kind, queued_at=timezone.now(), started_by=admin,
                                upload_path="u.csv", upload_name="u.csv")
    (tmp_path / "jobs").mkdir(exist_ok=True)
    (tmp_path / "jobs" / "u.csv").write_text(POPULATION)
    if kind == "payroll_settle":
        from ansinh.benefits.models import Payroll

        Payroll.objects.create(period=dt.date(2026, 11, 1))
    with mock.patch(f"{service_module}.{name}", return_value=returned) as spy:
        run = execute(run.pk)
    assert run.status == "done", run.error
    assert spy.call_count == 1


def test_the_real_queue_runs_a_job_in_the_worker(queue, transactional_db, manager, lang_son_tx):
    run = job_start(actor=manager, kind="import_population", params={},
                    upload=SimpleUploadedFile("danso.csv", POPULATION.encode()))
    assert JobRun.objects.get(pk=run.pk).status == "queued"
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(status="READY").count() == 1
    work()
    run.refresh_from_db()
    assert run.status == "done", run.error
    # the statistics refresh the new population calls for went through the same queue
    refresh = JobRun.objects.get(kind="refresh_statistics")
    assert refresh.triggered_by == run and refresh.status == "done"
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]


@pytest.fixture
def lang_son_tx(transactional_db):
    from django.core.management import call_command

    call_command("load_places", province=["20"], verbosity=0)


def test_a_stopped_worker_marks_its_run_failed_so_it_can_be_started_again(officer, queue):
    run = JobRun.objects.create(kind="assess", params={"period": "2026-11"}, lock_key="assess:2026-11",
                                queued_at=timezone.now(), started_by=officer)
    with mock.patch("ansinh.analytics.assessment.assess", side_effect=KeyboardInterrupt), \
            pytest.raises(KeyboardInterrupt):
        execute(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and run.error_code == "interrupted"
    job_start(actor=officer, kind="assess", params={"period": "2026-11"})
