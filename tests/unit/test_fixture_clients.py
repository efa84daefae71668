"""What the fixtures' HTTP clients cost a test: the CA bundle is read once a process."""

from __future__ import annotations

import ssl
from typing import Any

import pytest

from bridge_stub.client import HarnessClient
from bridge_stub.testkit import AppUnderTest


def test_the_clients_of_many_apps_read_the_ca_bundle_once(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[Any] = []
    original = ssl.SSLContext.load_verify_locations

    def counted(self: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        loads.append(args or kwargs)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    client = HarnessClient("http://127.0.0.1:9")
    apps = [AppUnderTest(f"app-{n}", "key", None, client) for n in range(3)]
    assert all(app.rest.base_url == "http://127.0.0.1:9" for app in apps)
    for app in apps:
        app.rest.close()
    client.close()
    assert len(loads) <= 1
