"""Production serving: `ansinh serve` runs gunicorn (static files by whitenoise) and stops on SIGTERM; the API docs
load Swagger UI from the app's own static files and render with no network."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import SHOTS, TIMEOUT_MS
from ansinh.jobs.management.commands.serve import commands


def test_the_api_docs_page_names_only_the_apps_own_assets(client, db):
    client.force_login(f.UserFactory(username="api_user"))
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_serve_starts_the_web_server_and_the_worker_together():
    argv = commands("127.0.0.1:8123", 3, 60)
    assert argv["web"][1:4] == ["-m", "gunicorn", "ansinh.config.wsgi:application"] and "3" in argv["web"]
    assert argv["worker"][1:4] == ["-m", "ansinh", "job_worker"] and "--no-reload" in argv["worker"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=60) as r:  # loopback only
        return r.status, dict(r.headers), r.read()


def test_gunicorn_serves_pages_and_static_files_and_stops_on_sigterm(tmp_path):
    port = _free_port()
    env = {**os.environ, "ANSINH_DEMO": "1",  # plain HTTP on 127.0.0.1, like the demo (no production guard)
           "ANSINH_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    proc = subprocess.Popen([sys.executable, "-m", "ansinh", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                             "--no-worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{port}/static/web/app.css")
                break
            except OSError as exc:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(proc.stdout.read().decode() if proc.poll() is not None else "no answer") from exc
                time.sleep(0.3)
        assert status == 200 and b".job-progress" in body and "gunicorn" in headers.get("Server", "")
        status, _, body = _get(f"http://127.0.0.1:{port}/static/ninja/swagger-ui-bundle.js")
        assert status == 200 and len(body) > 100_000
        status, _, body = _get(f"http://127.0.0.1:{port}/login/")
        assert status == 200 and b"id_username" in body
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    output = proc.stdout.read().decode()
    assert "web stopped" in output
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


@pytest.mark.browser
def test_the_api_docs_render_in_chromium_with_no_network(browser, live_server, transactional_db):
    f.UserFactory(username="api_user")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", "api_user")
    page.fill("#id_password", "secret-pass-1")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "ansinh API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")
    assert page.locator(".opblock").count() > 10
    page.screenshot(path=str(SHOTS / "api-docs.png"))
    assert outside == []
    context.close()
