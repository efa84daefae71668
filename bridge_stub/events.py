"""The harness's event log: bridge calls and their results, unsupported commands, callback
problems and bad messages, per app, newest last. Kept in memory."""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from typing import Any

MAX_EVENTS_PER_APP = 5000


class EventLog:
    def __init__(self) -> None:
        self._events: dict[str, deque[dict[str, Any]]] = {}
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    def record(
        self, app_id: str, kind: str, device: str | None = None, **detail: Any
    ) -> dict[str, Any]:
        event = {
            "seq": next(self._seq),
            "time": time.time(),
            "app_id": app_id,
            "device": device,
            "kind": kind,
            **detail,
        }
        with self._lock:
            self._events.setdefault(app_id, deque(maxlen=MAX_EVENTS_PER_APP)).append(event)
        return event

    def query(
        self,
        app_id: str,
        device: str | None = None,
        kind: str | None = None,
        after: int = 0,
    ) -> list[dict[str, Any]]:
        with self._lock:
            events = list(self._events.get(app_id, ()))
        return [
            e
            for e in events
            if e["seq"] > after
            and (device is None or e["device"] == device)
            and (kind is None or e["kind"] == kind)
        ]

    def clear(self, app_id: str | None = None) -> None:
        with self._lock:
            if app_id is None:
                self._events.clear()
            else:
                self._events.pop(app_id, None)
