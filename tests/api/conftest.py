"""An in-process client of the whole app, as a loopback client, on each store; and the
official OneSignal client pointed at a test's own app."""

from __future__ import annotations

from collections.abc import Iterator

import onesignal
import pytest
from onesignal.api.default_api import DefaultApi
from starlette.testclient import TestClient

from bridge_stub.domain import OneSignalBackend
from bridge_stub.testkit import AppUnderTest
from demo_site.app import create_app
from tests.helpers import LOOPBACK_CLIENT


@pytest.fixture
def client(backend: OneSignalBackend) -> Iterator[TestClient]:
    app = backend.ensure_default_app(legacy_below="2.0.0")
    with TestClient(create_app(backend, app.app_id), client=LOOPBACK_CLIENT) as client:
        yield client


@pytest.fixture
def api(onesignal_app: AppUnderTest) -> Iterator[DefaultApi]:
    configuration = onesignal.Configuration(
        host=onesignal_app.url, rest_api_key=onesignal_app.api_key
    )
    with onesignal.ApiClient(configuration) as client:
        yield DefaultApi(client)
