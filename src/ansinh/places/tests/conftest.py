"""Fixtures for places: one province (Lạng Sơn, 20) loaded through the real command; a signed-in API client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

OLD_DAY = dt.date(2024, 1, 1)
NEW_DAY = dt.date(2025, 8, 1)


@pytest.fixture
def lang_son(db):  # type: ignore[no-untyped-def]
    call_command("load_places", province=["20"], verbosity=0)
    return "20"


@pytest.fixture
def lang_son_offices(lang_son):  # type: ignore[no-untyped-def]
    call_command("load_offices", province=["20"], stdout=_Sink())
    return lang_son


@pytest.fixture
def api(db):  # type: ignore[no-untyped-def]
    from ansinh.accounts.models import User

    user = User.objects.create_user(username="officer", password="not-used-here-1")
    client = Client()
    client.force_login(user)
    return client


class _Sink:
    def write(self, _text: str) -> None:
        pass

    def flush(self) -> None:
        pass
