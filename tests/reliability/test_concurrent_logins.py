"""100 devices log in to one external ID at the same moment, through the HTTP bridge
endpoint of a real server, on each store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bridge_stub.domain import OneSignalBackend, invariant_violations
from bridge_stub.domain.repository import Store
from bridge_stub.server import harness_app, serve_in_thread

DEVICES = 100


@pytest.fixture
def served(store: Store) -> Iterator[tuple[str, OneSignalBackend, str]]:
    backend = OneSignalBackend(store)
    with serve_in_thread(harness_app(backend)) as server:
        yield server.url, backend, backend.ensure_default_app().app_id


def test_concurrent_logins_end_with_one_user(served: tuple[str, OneSignalBackend, str]) -> None:
    url, backend, app_id = served
    with httpx.Client(base_url=url) as client:
        devices = [
            client.post("/_harness/devices", json={"platform": "android"}).json()
            for _ in range(DEVICES)
        ]
    barrier = threading.Barrier(DEVICES)
    replies: list[Any] = []

    def log_in(device_id: str) -> None:
        message = {
            "medianCommand": "median://onesignal/login",
            "data": {"externalId": "everyone", "callback": "cb"},
        }
        with httpx.Client(base_url=url, timeout=60) as client:
            barrier.wait()
            replies.append(client.post(f"/_harness/devices/{device_id}/commands", json=message))

    threads = [threading.Thread(target=log_in, args=(d["id"],)) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [r.status_code for r in replies] == [200] * DEVICES
    assert all(r.json()["result"] == {"success": True} for r in replies)
    with backend.session(app_id) as session:
        assert invariant_violations(session.records) == []
        users = [u for u in session.records.users() if u.external_id == "everyone"]
        assert len(users) == 1
        owned = session.records.subscriptions_of(users[0].onesignal_id)
        assert len(owned) == 20
        for device in devices:
            owner = session.v5.current_user(session.devices.get(device["id"]))
            assert owner is not None
            assert owner.onesignal_id == users[0].onesignal_id or owner.is_anonymous
        evicted = [
            s for s in session.records.subscriptions() if s.onesignal_id != users[0].onesignal_id
        ]
        assert len(evicted) == DEVICES - 20
        assert len({s.onesignal_id for s in evicted}) == len(evicted)  # one anonymous user each
