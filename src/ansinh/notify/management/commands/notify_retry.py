"""Send the notification deliveries still queued, and the failed ones again (up to five attempts)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ansinh.notify.services import send_pending


class Command(BaseCommand):
    help = "Send queued notification deliveries and retry the failed ones."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_pending(retry_failed=True)
        self.stdout.write(f"sent {counts['sent']}, failed {counts['failed']}")
