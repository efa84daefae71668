"""The command serves an installed site beside the harness (the demo registers itself as a
`median_harness.sites` plugin), or the harness alone: the harness never imports the demo."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from bridge_stub import sites
from bridge_stub.domain import OneSignalBackend
from tests.helpers import LOOPBACK_CLIENT


def test_the_demo_is_the_installed_site(backend: OneSignalBackend) -> None:
    app = backend.ensure_default_app()
    with TestClient(sites.served_app(backend, app.app_id), client=LOOPBACK_CLIENT) as client:
        assert client.get("/login").status_code == 200
        assert client.get("/_harness/inspector").status_code == 200


def test_without_a_site_the_harness_serves_itself(
    backend: OneSignalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def none(**_: Any) -> list[Any]:
        return []

    monkeypatch.setattr(sites, "entry_points", none)
    app = backend.ensure_default_app()
    with TestClient(sites.served_app(backend, app.app_id), client=LOOPBACK_CLIENT) as client:
        assert client.get("/login").status_code == 404
        assert client.get("/_harness/inspector").status_code == 200
        assert client.get("/_harness/ping").json() == {"ok": True}
