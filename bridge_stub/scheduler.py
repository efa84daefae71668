"""Delivery of notifications sent for later: when their time comes, with no request needed to
trigger it. A thread looks at the apps that have notifications waiting, a few times a second."""

from __future__ import annotations

import threading

from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.domain.errors import NotFound
from bridge_stub.events import EventLog

TICK_SECONDS = 0.2


class Scheduler:
    def __init__(self, backend: OneSignalBackend, events: EventLog) -> None:
        self.backend = backend
        self.events = events
        self._watched: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        for app in backend.apps():  # notifications that were waiting when the server stopped
            self.watch(app.app_id)

    def watch(self, app_id: str) -> None:
        """The app has a notification waiting: look at it until none is left."""
        with self._lock:
            self._watched.add(app_id)
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)
                self._thread.start()

    def tick(self) -> int:
        """Deliver what is due in every watched app; returns how many were delivered."""
        with self._lock:
            watched = list(self._watched)
        count = 0
        for app_id in watched:
            try:
                with self.backend.session(app_id) as session:
                    delivered, waiting = session.notifications.deliver_due()
            except NotFound:  # the app was deleted
                waiting, delivered = 0, []
            for notification in delivered:
                self.events.record(
                    app_id,
                    "notification_delivered",
                    notification_id=notification.id,
                    devices=notification.device_ids,
                )
            count += len(delivered)
            if not waiting:
                with self._lock:
                    self._watched.discard(app_id)
        return count

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        """Runs while some app has notifications waiting; ends when none has, or when the
        store is gone (the server stopped without saying so)."""
        while not self._stop.wait(TICK_SECONDS):
            with self._lock:
                if not self._watched:
                    self._thread = None
                    return
            try:
                self.tick()
            except Exception:  # a closed store: nothing is left to deliver to
                with self._lock:
                    self._thread = None
                return
