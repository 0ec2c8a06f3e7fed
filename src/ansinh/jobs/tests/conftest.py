from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

from ansinh.web.management.commands.compile_translations import compile_catalogs

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    compile_catalogs()
    trans_real._translations = {}
    trans_real._default = None
    translation.deactivate()


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    """Uploads and progress files of the tests under a temporary var/."""
    settings.VAR_DIR = tmp_path


@pytest.fixture
def immediate(settings):
    """Jobs run inside the request (or the call) that starts them."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def queue(settings):
    """The real database queue: jobs wait until `work()` runs the worker."""
    settings.TASKS = DATABASE


def work() -> None:
    """Run the database worker until the queue is empty (the same command `make demo` starts)."""
    call_command("job_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


@pytest.fixture
def lang_son(db):
    call_command("load_places", province=["20"], verbosity=0)
    return "20"
