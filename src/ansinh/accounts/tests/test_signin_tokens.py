"""Issue 9, findings 6, 7 and 10: sign-in throttled and locked out (django-axes), sign-ins and failures in the
audit, an office session lifetime and idle timeout, API tokens that expire, can be listed and revoked, die with a
password change and are made on PostgreSQL too; production refuses the development key; CSP, HSTS, no-store."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from ansinh.accounts.models import ApiToken, AuditEvent
from ansinh.accounts.services import token_create
from ansinh.core.testing import factories as f

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_wrong_passwords_lock_the_account_out_even_for_the_right_one(client):
    user = f.UserFactory(username="thu")
    for _ in range(5):
        assert _sign_in(client, "thu", "wrong-guess-1").status_code in (200, 429)
    response = _sign_in(client, "thu", "secret-pass-1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    events = AuditEvent.objects.filter(reason="sign-in failed", object_id="thu")
    assert events.count() >= 5 and events.first().after["address"] == "10.0.0.7"
    assert not AuditEvent.objects.filter(reason="sign-in", actor=user).exists()


def test_a_sign_in_is_audited(client):
    user = f.UserFactory(username="lan")
    response = _sign_in(client, "lan", "secret-pass-1")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(reason="sign-in", actor=user, object_id=str(user.pk)).exists()


def test_an_idle_session_is_signed_out(client, settings):
    user = f.UserFactory()
    client.force_login(user)
    assert client.get("/").status_code == 200
    session = client.session
    session["_last_seen"] = int(time.time()) - settings.ANSINH_IDLE_SECONDS - 5
    session.save()
    assert client.get("/").status_code == 302
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def _api(client, key):
    from django.test import Client

    return Client().get("/api/v1/account/tokens", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_api_token_command_works_and_tokens_expire_and_die_with_the_password(client):
    user = f.UserFactory(username="api_user")
    out = io.StringIO()
    call_command("api_token", "api_user", "--name", "nightly", stdout=out)  # was a DataError on PostgreSQL
    key = out.getvalue().strip()
    assert key.startswith("ansinh_") and _api(client, key).status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.prefix == key[:12] and token.expires_at > timezone.now() + dt.timedelta(days=30)
    # Expired.
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _api(client, key).status_code == 401
    # Password changed.
    key2 = token_create(user=user, name="second")
    assert _api(client, key2).status_code == 200
    user.set_password("another-pass-2")
    user.save()
    assert _api(client, key2).status_code == 401


def test_tokens_are_listed_and_revoked_by_command_api_and_page(client):
    user = f.UserFactory(username="rev")
    other = f.UserFactory(username="other")
    keys = [token_create(user=user, name=f"t{i}") for i in range(3)]
    token_create(user=other, name="theirs")
    out = io.StringIO()
    call_command("api_token", "rev", "--list", stdout=out)
    assert out.getvalue().count("active") == 3
    ids = list(ApiToken.objects.filter(user=user).order_by("id").values_list("pk", flat=True))
    call_command("api_token", "rev", "--revoke", str(ids[0]), stdout=io.StringIO())
    assert _api(client, keys[0]).status_code == 401
    # API: own tokens only; revoking another's token is "not found".
    listed = client.get("/api/v1/account/tokens", HTTP_AUTHORIZATION=f"Bearer {keys[1]}").json()
    assert listed["count"] == 3
    their_id = ApiToken.objects.get(user=other).pk
    r = client.post(f"/api/v1/account/tokens/{their_id}/revoke", HTTP_AUTHORIZATION=f"Bearer {keys[1]}")
    assert r.status_code == 404
    r = client.post(f"/api/v1/account/tokens/{ids[2]}/revoke", HTTP_AUTHORIZATION=f"Bearer {keys[1]}")
    assert r.status_code == 200 and _api(client, keys[2]).status_code == 401
    # Page.
    client.force_login(user)
    page = client.get("/account/tokens/")
    assert page.status_code == 200 and "t1" in page.content.decode()
    assert client.post(f"/account/tokens/{ids[1]}/revoke/").status_code == 302
    assert _api(client, keys[1]).status_code == 401
    made = client.post("/account/tokens/", {"name": "from the page"})
    assert made.status_code == 200 and "ansinh_" in made.content.decode()


def test_pages_and_api_are_not_stored_and_carry_csp(client):
    user = f.UserFactory()
    client.force_login(user)
    for url in ("/", "/api/v1/persons", "/login/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
    page = client.get("/")
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ANSINH_", "DATABASE_URL"))}
    base.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=base, timeout=120)


def test_production_refuses_the_development_key_and_check_deploy_is_clean():
    refused = _run("import ansinh.config.wsgi")
    assert refused.returncode != 0 and "ANSINH_SECRET_KEY" in refused.stderr
    demo = _run("import ansinh.config.wsgi", ANSINH_DEMO="1", ANSINH_VAR_DIR=os.environ.get("TMPDIR", "/tmp"))
    assert demo.returncode == 0, demo.stderr
    check = ("import sys; from ansinh.cli import main; sys.argv=['ansinh','check','--deploy','--fail-level',"
             "'WARNING']; main()")
    bad = _run(check)
    assert bad.returncode != 0 and "ansinh.E001" in bad.stderr + bad.stdout
    good = _run(check, ANSINH_SECRET_KEY="k" * 20 + "-production-secret-key-for-the-check-0123456789",
                ANSINH_ALLOWED_HOSTS="bhxh.example.vn")
    assert good.returncode == 0, good.stderr + good.stdout
