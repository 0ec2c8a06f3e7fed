"""The job screens in Chromium: start a job from its form, follow its progress live (htmx polling, the page is
never reloaded) while the real worker runs it from the database queue, then the result summary and its links;
the refused duplicate; a failure with its message; every start form in Vietnamese and English, and at phone width.

Run only these: pytest -m browser src/ansinh/jobs. Screenshots go to $ANSINH_SCREENSHOTS (default /tmp)."""

from __future__ import annotations

from unittest import mock

import pytest

from ansinh.analytics.assessment import RunReport
from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import SHOTS, sign_in
from ansinh.jobs.kinds import KINDS
from ansinh.jobs.models import JobRun

from .conftest import work

pytestmark = pytest.mark.browser
# Every step waits on what the page shows (a selector, the run's status), never on a fixed time; the machine may be
# shared and loaded, so a step may take long before it fails.
LOADED_MS = 60_000




@pytest.fixture
def officer(transactional_db):
    return f.UserFactory(username="thu_ls", role="collection_officer", first_name="Lan", last_name="Nguyễn")


def test_start_follow_live_and_see_the_result(browser, live_server, officer, queue, monkeypatch):
    monkeypatch.setattr("ansinh.jobs.progress.THROTTLE", 0)
    base = live_server.url
    context, page, outside = sign_in(browser, base, "thu_ls", bypass_csp=True, timeout_ms=LOADED_MS)
    page.click("nav.sidenav >> text=Công việc")
    page.click("a.tile >> text=Tính số phải đóng hằng tháng")
    page.fill("#id_period", "2026-11")
    page.screenshot(path=str(SHOTS / "jobs-new-vi.png"), full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_selector("#progress[data-status=queued]")
    assert "Đang chờ bộ xử lý nền nhận việc." in page.inner_text("#progress")
    page.evaluate("window.__notReloaded = true")
    seen: list[str] = []

    def slow_assess(period, *, actor=None, progress=None):
        """Stands for the service: reports its months and waits until the page has shown each step."""
        assert str(period) == "2026-11" and actor == officer
        progress.start(4, "months")
        progress.advance(1)
        page.wait_for_selector(".job-count:has-text('1 / 4')")  # no eval: the page's CSP forbids it
        seen.append(page.inner_text("#progress"))
        page.screenshot(path=str(SHOTS / "jobs-running-vi.png"), full_page=True)
        progress.advance(2)
        page.wait_for_selector(".job-count:has-text('3 / 4')")
        seen.append(page.inner_text("#progress"))
        progress.advance(1)
        report = RunReport(period="2026-11", months=["2026-11"], lines_due=12_345, lines_written=12_345,
                           txns=310, total_delta=9_876_543_210)
        return mock.Mock(pk=1), report

    with mock.patch("ansinh.analytics.assessment.assess", side_effect=slow_assess):
        work()  # the real worker takes the task from the database queue
    assert "Đang chạy" in seen[0].replace("đang", "Đang") and "(25\u00a0%)" in seen[0] and "(75\u00a0%)" in seen[1]
    page.wait_for_selector("#progress[data-status=done]")
    text = page.inner_text("#progress")
    assert "12.345" in text and "9.876.543.210" in text and "Người lao động phải đóng" in text
    assert page.evaluate("window.__notReloaded") is True  # followed without a reload
    page.screenshot(path=str(SHOTS / "jobs-done-vi.png"), full_page=True)
    page.click("#progress a >> text=Danh sách nợ")
    page.wait_for_url(f"{base}/contributions/debts/?period=2026-11")
    # the statistics of the month follow by themselves
    refresh = JobRun.objects.get(kind="refresh_statistics")
    assert refresh.params["period"] == "2026-11" and refresh.triggered_by.kind == "assess"
    page.goto(f"{base}/jobs/")
    assert "sau khi dữ liệu thay đổi" in page.inner_text("table")
    page.screenshot(path=str(SHOTS / "jobs-list-vi.png"), full_page=True)
    assert outside == []
    context.close()


def test_the_same_month_twice_is_refused_and_a_failure_shows_its_message(browser, live_server, officer, queue):
    base = live_server.url
    context, page, _ = sign_in(browser, base, "thu_ls", lang="en", bypass_csp=True, timeout_ms=LOADED_MS)
    page.goto(f"{base}/jobs/new/accrue_interest/")
    page.fill("#id_period", "2026-10")
    page.click("main button[type=submit]")
    page.wait_for_selector("#progress[data-status=queued]")
    first = JobRun.objects.get()
    page.goto(f"{base}/jobs/new/accrue_interest/?period=2026-10")
    page.click("main button[type=submit]")
    alert = page.inner_text(".alert")
    assert "This job is already queued or running for this period" in alert
    page.screenshot(path=str(SHOTS / "jobs-refused-en.png"), full_page=True)
    page.click(f".alert a >> text=Follow run #{first.pk}")
    page.wait_for_url(f"{base}/jobs/{first.pk}/")
    # a bank statement the service refuses: the run fails and the page says why
    page.goto(f"{base}/jobs/new/bank_statement/")
    page.set_input_files("#id_file", files=[{"name": "saoke.csv", "mimeType": "text/csv",
                                             "buffer": b"this is not,a statement\n1,2\n"}])
    page.click("main button[type=submit]")
    page.wait_for_selector("#progress[data-status=queued]")
    work()
    page.wait_for_selector("#progress[data-status=failed]")
    run = JobRun.objects.get(kind="bank_statement")
    assert run.status == "failed" and run.error
    text = page.inner_text("#progress")
    assert "The job failed." in text and run.error in text
    page.screenshot(path=str(SHOTS / "jobs-failed-en.png"), full_page=True)
    context.close()


def test_every_start_form_in_both_languages_and_at_phone_width(browser, live_server, transactional_db):
    f.UserFactory(username="quantri", role="administrator", is_superuser=True)
    base = live_server.url
    for lang, viewport in (("vi", {"width": 375, "height": 800}), ("en", {"width": 1280, "height": 900})):
        context, page, outside = sign_in(browser, base, "quantri", viewport=viewport, lang=lang, bypass_csp=True, timeout_ms=LOADED_MS)
        for kind, spec in KINDS.items():
            page.goto(f"{base}/jobs/new/{kind}/")
            assert page.inner_text("h1") == str(spec.label) or lang == "en"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], (kind, width)
            page.screenshot(path=str(SHOTS / f"jobs-form-{kind}-{lang}.png"), full_page=True)
        page.goto(f"{base}/jobs/")
        page.screenshot(path=str(SHOTS / f"jobs-list-{lang}-{viewport['width']}.png"), full_page=True)
        assert outside == []
        context.close()
