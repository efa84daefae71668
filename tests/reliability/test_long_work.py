"""Long work never stops other requests, waiting costs nothing, and the delivery of scheduled
notifications survives store errors and restarts. Real servers on loopback, real clocks."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bridge_stub import http_protocol
from bridge_stub.asgi import runtime_of_app
from bridge_stub.domain import DeviceSpec, OneSignalBackend, Platform, PushPermission, csv_import
from bridge_stub.domain.notifications import Message, NotificationRules
from bridge_stub.domain.targeting import Audience
from bridge_stub.server import ServerThread, serve_in_thread
from bridge_stub.store import MemoryStore, SqliteStore
from demo_site.app import create_app

EVERYONE = Audience(included_segments=["Total Subscriptions"])


@pytest.fixture
def served() -> Iterator[tuple[ServerThread, OneSignalBackend]]:
    backend = OneSignalBackend(MemoryStore())
    app = backend.ensure_default_app()
    with serve_in_thread(create_app(backend, app.app_id)) as server:
        yield server, backend


def test_a_long_import_does_not_stop_other_requests(
    served: tuple[ServerThread, OneSignalBackend], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, backend = served
    applied = [0]
    apply_row = csv_import.apply_row

    def counted(users: Any, row: Any) -> bool:
        applied[0] += 1
        return apply_row(users, row)

    monkeypatch.setattr(csv_import, "apply_row", counted)
    app_id = backend.ensure_default_app().app_id
    rows = "external_id,plan\n" + "".join(f"user-{n},pro\n" for n in range(40_000))
    with httpx.Client(base_url=server.url, timeout=120) as client:
        importing = threading.Thread(
            target=client.post, args=(f"/_harness/apps/{app_id}/import",), kwargs={"content": rows}
        )
        importing.start()
        deadline = time.monotonic() + 10
        while applied[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.001)
        with httpx.Client(base_url=server.url, timeout=120) as other:
            assert other.get("/_harness/ping").status_code == 200
            assert other.post("/_harness/devices", json={"platform": "ios"}).status_code == 201
        served_after = applied[0]
        importing.join()
    assert 0 < served_after < 40_000  # served while the import was still applying rows
    assert applied[0] == 40_000


def test_delivering_many_due_notifications_does_not_stop_other_requests(
    served: tuple[ServerThread, OneSignalBackend], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, backend = served
    delivered = [0]
    deliver_due = NotificationRules.deliver_due

    def counted(self: NotificationRules, limit: int | None = None) -> Any:
        due = deliver_due(self, limit)
        delivered[0] += len(due.delivered)
        return due

    monkeypatch.setattr(NotificationRules, "deliver_due", counted)
    app_id = backend.ensure_default_app().app_id
    with httpx.Client(base_url=server.url, timeout=120) as client:
        for _ in range(10):
            client.post("/_harness/devices", json={"platform": "ios", "push_permission": "granted"})
        later = backend.clock.now() + 3600
        with backend.session(app_id) as session:
            for _ in range(20_000):
                session.notifications.send(Message(), EVERYONE, send_after=later)
        moving = threading.Thread(
            target=client.post,
            args=("/_harness/clock",),
            kwargs={"json": {"advance_seconds": 7200}},
        )
        moving.start()
        deadline = time.monotonic() + 10
        while delivered[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.001)
        with httpx.Client(base_url=server.url, timeout=120) as other:
            assert other.get("/_harness/ping").status_code == 200
        served_after = delivered[0]
        moving.join()
    assert 0 < served_after < 20_000  # served while notifications were still being delivered
    with backend.session(app_id) as session:
        outbox = list(session.records.notifications())
    assert len(outbox) == 20_000 and not any(n.waiting for n in outbox)


def test_waiting_notifications_cost_nothing(
    served: tuple[ServerThread, OneSignalBackend], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, backend = served
    rounds: list[float] = []
    deliver_due = NotificationRules.deliver_due

    def counted(self: NotificationRules, limit: int | None = None) -> Any:
        rounds.append(time.monotonic())
        return deliver_due(self, limit)

    monkeypatch.setattr(NotificationRules, "deliver_due", counted)
    app = backend.ensure_default_app()
    with httpx.Client(base_url=server.url) as client:
        client.post("/_harness/devices", json={"platform": "ios", "push_permission": "granted"})
        sent = client.post(
            "/notifications",
            headers={"Authorization": f"Key {app.api_key}"},
            json={
                "app_id": app.app_id,
                "contents": {"en": "in an hour"},
                "included_segments": ["Total Subscriptions"],
                "send_after": str(backend.clock.now() + 3600),
            },
        )
        assert sent.status_code == 200
        deadline = time.monotonic() + 10
        while not rounds and time.monotonic() < deadline:  # the round that finds it waiting
            time.sleep(0.01)
        assert rounds
        rounds.clear()
        time.sleep(1.0)  # five rounds of the old scheduler
        assert rounds == []  # then it sleeps until the notification is due


def test_the_scheduler_survives_a_store_error(
    served: tuple[ServerThread, OneSignalBackend], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, backend = served
    failures = iter([sqlite3.OperationalError("disk I/O error")])
    deliver_due = NotificationRules.deliver_due

    def failing_once(self: NotificationRules, limit: int | None = None) -> Any:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return deliver_due(self, limit)

    monkeypatch.setattr(NotificationRules, "deliver_due", failing_once)
    app = backend.ensure_default_app()
    runtime = runtime_of_app(server_app(server))
    with httpx.Client(base_url=server.url) as client:
        client.post("/_harness/devices", json={"platform": "ios", "push_permission": "granted"})
        with backend.session(app.app_id) as session:
            session.notifications.send(Message(), EVERYONE, send_after=backend.clock.now() + 0.2)
        runtime.scheduler.watch(app.app_id)
        deadline = time.monotonic() + 10
        while not runtime.events.query(app.app_id, kind="notification_delivered"):
            assert time.monotonic() < deadline, "never delivered after the error"
            time.sleep(0.05)
        (error,) = runtime.events.query(app.app_id, kind="scheduler_error")
        assert "disk I/O error" in error["error"]


def server_app(server: ServerThread) -> Any:
    return server._server.config.app


def test_the_clock_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "harness.db"
    first = OneSignalBackend(SqliteStore(db))
    app_id = first.ensure_default_app().app_id
    advanced = first.advance_clock(86_400)
    with first.session(app_id) as session:
        session.devices.install(
            DeviceSpec(Platform.IOS, "2.0.0", push_permission=PushPermission.GRANTED)
        )
        session.notifications.send(Message(), EVERYONE, send_after=advanced + 60)
    first.store.close()

    again = OneSignalBackend(SqliteStore(db))
    assert again.clock.now() >= advanced
    with again.session(app_id) as session:
        (waiting,) = list(session.records.notifications())
        assert waiting.waiting
    again.advance_clock(120)
    with again.session(app_id) as session:
        assert session.notifications.deliver_due().next_due is None
    again.store.close()


def test_a_connection_that_never_sends_a_whole_request_is_closed(
    served: tuple[ServerThread, OneSignalBackend], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = served
    monkeypatch.setattr(http_protocol, "HEAD_TIMEOUT_SECONDS", 0.3)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as slow:
        slow.sendall(b"GET /_harness/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line
        assert slow.recv(1024) == b""  # closed by the server, not left open
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as prompt:
        prompt.sendall(b"GET /_harness/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert prompt.recv(1024).startswith(b"HTTP/1.1 200")
