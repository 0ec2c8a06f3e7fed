"""audit.record_bulk writes the same rows on both databases (COPY on PostgreSQL, the ORM on SQLite): JSON with
Vietnamese text, tabs and backslashes, SQL NULL for an absent before/after, the actor and the time."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import AuditEvent
from ansinh.core.testing import factories as f


@pytest.mark.django_db
def test_bulk_rows_round_trip():
    user = f.UserFactory(username="thu")
    now = timezone.now()
    after = {"name": "Nguyễn Thị Ánh\tTuyết", "path": "C:\\dữ liệu\\a", "n": 12, "nested": {"list": [1, None, "x"]}}
    events = [AuditEvent(at=now, actor=user, actor_name="thu", action=AuditEvent.Action.CREATE,
                         object_type="coverage.hicard", object_id="7", object_repr="HN4 20 ...", before=None,
                         after=after, reason="cards_issue 2026-11", source="job"),
              AuditEvent(at=now, actor=None, actor_name="system", action=AuditEvent.Action.UPDATE,
                         object_type="coverage.hicard", object_id="8", object_repr="x\ny", before={"status": "issued"},
                         after={"status": "replaced"}, reason="", source="cli")]
    with transaction.atomic():
        audit.record_bulk(events)
    first, second = AuditEvent.objects.order_by("object_id")
    assert first.after == after and first.before is None and first.actor == user and first.at == now
    assert AuditEvent.objects.filter(before__isnull=True).count() == 1  # SQL NULL, not JSON null
    assert second.actor is None and second.object_repr == "x\ny" and second.before == {"status": "issued"}
    assert second.action == "update" and second.source == "cli"
