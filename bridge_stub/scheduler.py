"""Delivery of notifications sent for later: when their time comes, with no request needed to
trigger it. A thread sleeps until the earliest waiting notification falls due, or until it is
told that something changed (a notification scheduled, the clock moved), so waiting costs
nothing. Delivery runs in batches, a transaction each, so other requests go on meanwhile; a
store error (a full disk, a locked database) is logged and retried later, never fatal.
"""

from __future__ import annotations

import sqlite3
import threading
import time

from bridge_stub.domain.backend import BATCH_PAUSE_SECONDS, OneSignalBackend
from bridge_stub.domain.errors import NotFound
from bridge_stub.events import EventLog

#: Notifications delivered per transaction.
BATCH = 200
#: A failed round is tried again after this, doubling up to `MAX_RETRY_SECONDS`.
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 30.0


class Scheduler:
    def __init__(self, backend: OneSignalBackend, events: EventLog) -> None:
        self.backend = backend
        self.events = events
        #: Per app with notifications waiting, the harness time to look at it again.
        self._due: dict[str, float] = {}
        #: Apps told about since their last round began: look again whatever the round found.
        self._changed: set[str] = set()
        self._retry: dict[str, float] = {}
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._stopped = False
        self._thread: threading.Thread | None = None
        for app in backend.apps():  # notifications that were waiting when the server stopped
            self.watch(app.app_id)

    def watch(self, app_id: str) -> None:
        """The app may have a notification waiting, or its time moved: look at it now."""
        with self._lock:
            self._due[app_id] = 0.0
            self._changed.add(app_id)
            self._wake.notify()
            if self._thread is None and not self._stopped:
                self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)
                self._thread.start()

    def clock_moved(self) -> None:
        """The harness's clock jumped: any app's waiting notifications may be due."""
        for app in self.backend.apps():
            self.watch(app.app_id)

    def tick(self) -> int:
        """Deliver what is due now in every app; returns how many were delivered."""
        now = self.backend.clock.now()
        with self._lock:
            due = [app_id for app_id, when in self._due.items() if when <= now]
        return sum(self._deliver(app_id) for app_id in due)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._wake.notify()

    # -- internals -------------------------------------------------------------------------

    def _deliver(self, app_id: str) -> int:
        """Rounds of delivery in one app until nothing due is left."""
        count = 0
        while True:
            with self._lock:
                self._changed.discard(app_id)
            try:
                with self.backend.session(app_id) as session:
                    round_ = session.notifications.deliver_due(limit=BATCH)
            except NotFound:  # the app was deleted
                self._settle(app_id, None)
                return count
            except sqlite3.ProgrammingError:  # the store was closed: nothing is left to do
                self._settle(app_id, None)
                return count
            except Exception as error:  # a full disk, a locked database: try again later
                self._failed(app_id, error)
                return count
            with self._lock:
                self._retry.pop(app_id, None)
            for notification in round_.delivered:
                self.events.record(
                    app_id,
                    "notification_delivered",
                    notification_id=notification.id,
                    devices=notification.device_ids,
                )
            count += len(round_.delivered)
            if len(round_.delivered) < BATCH:
                self._settle(app_id, round_.next_due)
                return count
            time.sleep(BATCH_PAUSE_SECONDS)  # the store's lock is not fair: let others in

    def _settle(self, app_id: str, next_due: float | None) -> None:
        with self._lock:
            if app_id in self._changed:
                self._due[app_id] = 0.0  # told about meanwhile: the round may have missed it
            elif next_due is None:
                self._due.pop(app_id, None)
            else:
                self._due[app_id] = next_due

    def _failed(self, app_id: str, error: Exception) -> None:
        with self._lock:
            wait = min(self._retry.get(app_id, FIRST_RETRY_SECONDS / 2) * 2, MAX_RETRY_SECONDS)
            self._retry[app_id] = wait
            self._due[app_id] = self.backend.clock.now() + wait
        self.events.record(
            app_id,
            "scheduler_error",
            error=f"{type(error).__name__}: {error}",
            message=f"Scheduled notifications could not be delivered; trying again in {wait:g} s.",
        )

    def _run(self) -> None:
        """Sleeps until the next app falls due; ends when no app has anything waiting."""
        while True:
            with self._lock:
                while not self._stopped:
                    if not self._due:
                        self._thread = None
                        return
                    wait = min(self._due.values()) - self.backend.clock.now()
                    if wait <= 0:
                        break
                    self._wake.wait(timeout=min(wait, MAX_RETRY_SECONDS))
                if self._stopped:
                    self._thread = None
                    return
            self.tick()
