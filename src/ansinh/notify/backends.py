"""Delivery backends: how a message leaves ansinh on a channel (SMS, e-mail). Chosen per channel by the setting
ANSINH_NOTIFY_BACKENDS (dotted paths); a gateway for a province is one more class with `send`."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Outgoing:
    channel: str
    address: str
    subject: str
    text: str


class Backend:
    """Send one message; raise on failure (the delivery is recorded failed with the error and retried)."""

    def send(self, message: Outgoing) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleBackend(Backend):
    def send(self, message: Outgoing) -> None:
        sys.stdout.write(f"[{message.channel} → {message.address}] {message.subject} {message.text}\n")


class FileBackend(Backend):
    """JSON lines appended to ANSINH_NOTIFY_FILE: the demo's SMS and e-mail gateway (read the one-time codes there)."""

    def send(self, message: Outgoing) -> None:
        path = Path(settings.ANSINH_NOTIFY_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = {"at": timezone.now().isoformat(timespec="seconds"), "channel": message.channel,
                "address": message.address, "subject": message.subject, "text": message.text}
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


outbox: list[Outgoing] = []


class MemoryBackend(Backend):
    """Tests: messages land in `ansinh.notify.backends.outbox`."""

    def send(self, message: Outgoing) -> None:
        outbox.append(message)


def backend_for(channel: str) -> Backend | None:
    path = getattr(settings, "ANSINH_NOTIFY_BACKENDS", {}).get(channel)
    return import_string(path)() if path else None
