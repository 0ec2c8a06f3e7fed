"""Shared pytest fixtures. PostgreSQL: DATABASE_URL selects the server; pytest-django makes test_<name>."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from ansinh.core.testing import factories as f
from ansinh.core.testing.browser import launch_chromium

# Property tests check what holds, not how fast inputs are drawn: on a loaded 2-core CI machine the time-based
# health check and deadline fail at random, so neither applies (the examples and their number stay the same).
hypothesis_settings.register_profile("ansinh", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("ansinh")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _notifications_in_memory(settings):
    """Notifications sent in a test land in ansinh.notify.backends.outbox (emptied for each test), never a file."""
    from ansinh.notify import backends

    backends.outbox.clear()
    settings.ANSINH_NOTIFY_BACKENDS = {"sms": "ansinh.notify.backends.MemoryBackend",
                                       "email": "ansinh.notify.backends.MemoryBackend"}


@pytest.fixture
def two_provinces(db):
    """Two provinces with two current communes each, an old commune mapped into the first, an office per
    province, and an officer scoped to each office."""
    p1 = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    p2 = f.ProvinceFactory(code="04", name="Tỉnh Cao Bằng")
    a1 = f.CommuneFactory(parent=p1, name="Phường Lương Văn Tri")
    a2 = f.CommuneFactory(parent=p1, name="Xã Cao Lộc")
    b1 = f.CommuneFactory(parent=p2, name="Phường Thục Phán")
    b2 = f.CommuneFactory(parent=p2, name="Xã Hòa An")
    old = f.CommuneFactory(parent=p1, name="Phường Chi Lăng", valid_from=f.OLD_FROM, valid_to=f.OLD_TO)
    f.map_old_to_new(old, a1)
    o1 = f.OfficeFactory(province=p1, code="BHXH-LS")
    o2 = f.OfficeFactory(province=p2, code="BHXH-CB")
    f.serve(o1, a1, a2)
    f.serve(o2, b1, b2)
    u1 = f.UserFactory(username="officer_ls")
    u1.offices.set([o1])
    u2 = f.UserFactory(username="officer_cb")
    u2.offices.set([o2])
    return {"p1": p1, "p2": p2, "a1": a1, "a2": a2, "b1": b1, "b2": b2, "old": old, "o1": o1, "o2": o2, "u1": u1, "u2": u2}


@pytest.fixture
def browser():
    """Headless Debian Chromium (skips the test with a message where it is absent)."""
    yield from launch_chromium()
