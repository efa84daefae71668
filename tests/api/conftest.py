"""An in-process client of the whole app, as a loopback client, on each store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from bridge_stub.domain import OneSignalBackend
from demo_site.app import create_app
from tests.helpers import LOOPBACK_CLIENT

LOCAL = LOOPBACK_CLIENT


@pytest.fixture
def client(backend: OneSignalBackend) -> Iterator[TestClient]:
    app = backend.ensure_default_app(legacy_below="2.0.0")
    with TestClient(create_app(backend, app.app_id), client=LOCAL) as client:
        yield client
