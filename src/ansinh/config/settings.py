"""Settings, driven by the environment.

DATABASE_URL   postgres://user@host:5432/db for PostgreSQL; default: SQLite file under var/.
ANSINH_DEBUG   1 to turn on Django's debug mode (never in production).
ANSINH_DEMO    1 for the local demonstration (`make demo`): plain HTTP on 127.0.0.1, a generated key kept in var/.
ANSINH_SECRET_KEY  required in production (the server refuses to start without it; see config/production.py).
ANSINH_ALLOWED_HOSTS  comma-separated; required in production; default localhost names otherwise.
ANSINH_SESSION_HOURS (8), ANSINH_IDLE_MINUTES (30), ANSINH_TOKEN_DAYS (90), ANSINH_LOCKOUT_FAILURES (5),
ANSINH_LOCKOUT_MINUTES (15): sign-in and token policy for an office (see docs/SECURITY.md).
ANSINH_BEHIND_PROXY  1 where a TLS-terminating proxy sets X-Forwarded-Proto.
"""

from __future__ import annotations

import datetime as _dt
import os
import secrets
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent  # src/ansinh
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("ANSINH_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("ANSINH_DEBUG", "0") == "1"
DEMO = os.environ.get("ANSINH_DEMO", "0") == "1"
TESTING = "pytest" in sys.modules
# Production: neither debug, nor the local demo, nor the test suite. The server (wsgi) refuses to start in
# production without ANSINH_SECRET_KEY and ANSINH_ALLOWED_HOSTS; `ansinh check --deploy` says the same.
PRODUCTION = not (DEBUG or DEMO or TESTING)
DEVELOPMENT_KEY = "ansinh-development-key-not-for-production-use-0123456789"


def _local_key() -> str:
    """The demo's own random key, made once and kept under var/ (never the published development key)."""
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip() or DEVELOPMENT_KEY
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = os.environ.get("ANSINH_SECRET_KEY") or (_local_key() if (DEMO or DEBUG) else DEVELOPMENT_KEY)
ALLOWED_HOSTS = [h for h in os.environ.get(
    "ANSINH_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,[::1]").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",  # serves the Swagger UI of /api/v1/docs from its bundled static files (no CDN)
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ansinh.core",
    "ansinh.accounts",
    "ansinh.places",
    "ansinh.registry",
    "ansinh.coverage",
    "ansinh.contributions",
    "ansinh.benefits",
    "ansinh.planning",
    "ansinh.healthcare",
    "ansinh.procedures",
    "ansinh.reports",
    "ansinh.compliance",
    "ansinh.jobs",
    "ansinh.notify",
    "ansinh.portal",
    "ansinh.agents",
    "ansinh.portal.unit",
    "ansinh.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ansinh.web.middleware.LanguageMiddleware",  # Vietnamese unless switched; not Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ansinh.portal.middleware.PortalSeparationMiddleware",  # citizens and employers never reach a staff page
    "ansinh.agents.middleware.AgentSeparationMiddleware",  # collection agents' staff stay on /agent/
    "django.contrib.messages.middleware.MessageMiddleware",
    "ansinh.web.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ansinh.web.middleware.NoStoreMiddleware",
    "ansinh.web.middleware.OutOfRangeMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ansinh.config.urls"
WSGI_APPLICATION = "ansinh.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ansinh.web.context.navigation",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ansinh.sqlite3'}",
        conn_max_age=int(os.environ.get("ANSINH_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while a batch job writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("ANSINH_TEST_SQLITE", "")}  # in-memory unless set

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite has no included (non-key) index columns: the lines' index by episode carries F05's sums on PostgreSQL only
# and is a plain index on SQLite, as meant (healthcare.Line, line_sums_idx)
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the language switch is remembered for a year
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send the header

# Background jobs (docs/jobs.md): Django's tasks API on the project's own database; `ansinh job_worker` runs them.
# ANSINH_TASKS_BACKEND=immediate runs each job inside the request that starts it (tests, a one-process install).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("ANSINH_TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# Notifications (docs/notify.md): the backend that sends each channel. The default (and the demo) appends JSON lines
# to var/notifications.jsonl, where a tester reads the one-time codes; a province plugs its SMS/e-mail gateways in.
_NOTIFY_DEFAULT = os.environ.get("ANSINH_NOTIFY_BACKEND", "ansinh.notify.backends.FileBackend")
ANSINH_NOTIFY_BACKENDS = {
    "sms": os.environ.get("ANSINH_NOTIFY_SMS_BACKEND", _NOTIFY_DEFAULT),
    "email": os.environ.get("ANSINH_NOTIFY_EMAIL_BACKEND", _NOTIFY_DEFAULT),
}
ANSINH_NOTIFY_FILE = os.environ.get("ANSINH_NOTIFY_FILE", str(VAR_DIR / "notifications.jsonl"))
# Procedures (docs/procedures.md#after-hours): which day a dossier received after office hours counts as received.
# same_day (default, conservative, UNVERIFIED) or next_working_day; office hours end at ANSINH_OFFICE_END.
ANSINH_AFTER_HOURS = os.environ.get("ANSINH_AFTER_HOURS", "same_day")
ANSINH_OFFICE_END = os.environ.get("ANSINH_OFFICE_END", "17:00")
ANSINH_JOB_UPLOAD_MAX_BYTES = int(os.environ.get("ANSINH_JOB_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# a running job's worker rewrites its progress file every HEARTBEAT seconds; a run silent for STALE seconds (or
# whose worker process is gone) is marked failed by the worker's housekeeping, every REAP seconds
ANSINH_JOB_HEARTBEAT_SECONDS = float(os.environ.get("ANSINH_JOB_HEARTBEAT_SECONDS", "10"))
ANSINH_JOB_STALE_SECONDS = float(os.environ.get("ANSINH_JOB_STALE_SECONDS", "300"))
ANSINH_JOB_REAP_SECONDS = float(os.environ.get("ANSINH_JOB_REAP_SECONDS", "60"))
# uploaded files of the jobs (var/jobs/uploads/) are deleted after this many days
ANSINH_JOB_UPLOAD_RETENTION_DAYS = int(os.environ.get("ANSINH_JOB_UPLOAD_RETENTION_DAYS", "90"))
# --- security (docs/SECURITY.md) ------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # throttling and lockout of sign-in (django-axes)
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ANSINH_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = _dt.timedelta(minutes=int(os.environ.get("ANSINH_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one guesser cannot lock a colleague out from elsewhere
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # sign-ins and failures go to the audit trail (accounts.signals)
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
if os.environ.get("ANSINH_BEHIND_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# An office day: a session lasts at most 8 hours, ends with the browser, and after 30 minutes without a request.
SESSION_COOKIE_AGE = int(os.environ.get("ANSINH_SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ANSINH_IDLE_SECONDS = int(os.environ.get("ANSINH_IDLE_MINUTES", "30")) * 60
ANSINH_TOKEN_DAYS = int(os.environ.get("ANSINH_TOKEN_DAYS", "90"))  # API tokens expire; 0 is refused

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and os.environ.get("ANSINH_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. htmx's indicator style is in
# app.css (includeIndicatorStyles: false in base.html); charts are inline SVG with presentation attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Page sizes for lists and the API.
ANSINH_PAGE_SIZE = 50
ANSINH_MAX_PAGE_SIZE = 500
ANSINH_MAX_PAGE = 1_000_000  # past it a page number is refused (422), never an OFFSET overflow

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ANSINH_LOG_LEVEL", "WARNING")},
}
