"""A month's assessment made outside any transaction runs its statements on two connections at once; inside one
(the intake's, a test's) one after the other. The findings, their deadlines and the run's counts are the same."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from ansinh.core.testing import factories as f
from ansinh.healthcare import services
from ansinh.healthcare.models import Episode, Finding, Line
from ansinh.healthcare.simulate import claims_generate
from ansinh.rules.periods import Month

M = Month(2025, 9)


def findings() -> list[tuple]:
    return sorted(Finding.objects.filter(episode__period=M.first_day).values_list(
        "episode_id", "line_id", "check_code", "outcome", "amount", "detail", "status", "answer_due"),
        key=repr)


@pytest.mark.django_db(transaction=True)
def test_month_in_parallel_gives_the_serial_findings(monkeypatch):
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    for _ in range(3):
        f.CommuneFactory(parent=p)
    planted = claims_generate(province_code="20", month=M, cards=800, seed=7, errors_per_kind=1, assess=False)
    calls = []
    real = services._fetch_parallel

    def spy(cur, jobs, **kw):
        calls.append([label for label, _ in jobs])
        return real(cur, jobs, **kw)

    monkeypatch.setattr(services, "_fetch_parallel", spy)

    assert not connection.in_atomic_block
    run = services.assess_month(M)
    assert len(calls) == 1 and "count" in calls[0]
    assert calls[0].index("V02") < calls[0].index("F11")  # a heavy statement before a light one
    parallel = findings()
    assert {x[2] for x in parallel} >= {x.check for x in planted}
    assert run.findings == len(parallel)
    assert run.episodes == Episode.objects.filter(period=M.first_day, current=True).count()
    assert run.lines == Line.objects.filter(episode__period=M.first_day, episode__current=True).count()

    with transaction.atomic():  # inside a transaction: one statement after the other
        again = services.assess_month(M)
    assert len(calls) == 1
    assert findings() == parallel
    assert (again.findings, again.episodes, again.lines) == (run.findings, run.episodes, run.lines)

    # a decided finding is kept and not found again, in parallel as one by one
    kept = Finding.objects.filter(episode__period=M.first_day, status=Finding.Status.OPEN).order_by("pk").first()
    Finding.objects.filter(pk=kept.pk).update(status=Finding.Status.ACCEPTED)
    services.assess_month(M)
    assert len(calls) == 2
    after_parallel = findings()
    with transaction.atomic():
        services.assess_month(M)
    assert findings() == after_parallel
    assert len(after_parallel) == len(parallel)
    assert Finding.objects.filter(episode_id=kept.episode_id, check_code=kept.check_code, line_id=kept.line_id
                                  ).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_lines_vacuumed_after_a_bulk_load_outside_a_transaction():
    """PostgreSQL: V02's month form and F05 read the lines' indexes alone, which needs the visibility map; after a
    bulk load (a tenth of the lines new since the last vacuum) `refresh_statistics` vacuums them, outside a
    transaction only (VACUUM cannot run inside one: there it analyses, as before)."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM and the visibility map are PostgreSQL's")
    p = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    f.CommuneFactory(parent=p)
    claims_generate(province_code="20", month=M, cards=1500, seed=5, errors_per_kind=1, assess=False)
    assert Line.objects.count() > 1200  # the rule's 1,000 rows + a tenth are rewritten below

    def vacuums() -> int:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_stat_clear_snapshot()")
            cur.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'healthcare_line'")
            return cur.fetchone()[0]

    assert vacuums() >= 1  # the load's own refresh (claims_generate, outside a transaction)
    before = vacuums()
    assert "healthcare_line" not in services.refresh_statistics()  # nothing came since
    assert vacuums() == before
    Line.objects.update(t_bntt=1)  # every line rewritten: more than a tenth of them dead
    with connection.cursor() as cur:  # this backend's counts into the shared statistics when it is next idle
        cur.execute("SELECT pg_stat_force_next_flush()")
    with transaction.atomic():  # inside a transaction: analysed, not vacuumed
        assert "healthcare_line" in services.refresh_statistics()
    assert vacuums() == before
    assert "healthcare_line" in services.refresh_statistics()
    assert vacuums() == before + 1
