"""What production needs before it serves a request: its own secret key, the host names it answers to, and
HTTPS-only cookies. The WSGI entry point calls `require_production_settings()`; `ansinh check --deploy` reports
the same problems as errors (ansinh.E001-E003)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def production_problems() -> list[tuple[str, str]]:
    problems = []
    if not os.environ.get("ANSINH_SECRET_KEY") or settings.SECRET_KEY == settings.DEVELOPMENT_KEY \
            or len(settings.SECRET_KEY) < 50:
        problems.append(("ansinh.E001", "ANSINH_SECRET_KEY is not set (or shorter than 50 characters): "
                                        "production refuses the published development key"))
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append(("ansinh.E002", "ANSINH_ALLOWED_HOSTS must name the host names the server answers to"))
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        problems.append(("ansinh.E003", "session and CSRF cookies must be HTTPS-only in production"))
    return problems


def require_production_settings() -> None:
    """Refuse to start a production server on development settings (the demo sets ANSINH_DEMO=1)."""
    if not settings.PRODUCTION:
        return
    problems = production_problems()
    if problems:
        raise ImproperlyConfigured("refusing to start: " + "; ".join(f"{code}: {text}" for code, text in problems)
                                   + " (for the local demo set ANSINH_DEMO=1)")


@checks.register(checks.Tags.security, deploy=True)
def deploy_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    return [checks.Error(text, id=code) for code, text in production_problems()]
