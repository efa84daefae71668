"""Helpers shared by test modules (fixtures live in the conftest files)."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
from collections.abc import Callable
from contextlib import AbstractContextManager
from urllib.parse import urlsplit

from starlette.testclient import TestClient

from bridge_stub.domain import (
    AppSession,
    DeviceSpec,
    OneSignalBackend,
    Platform,
    PushPermission,
    SdkGeneration,
    invariant_violations,
)
from bridge_stub.domain.models import Device, OneSignalApp

#: A loopback peer address for Starlette's TestClient.
LOOPBACK_CLIENT = ("127.0.0.1", 50000)

#: The placeholder external IDs OneSignal refuses, exactly as the contract lists them
#: (SPEC §7, "External ID rules", from OneSignal's user-model documentation): one line as
#: published, split here, so the test holds the code against the source, not a second copy.
PUBLISHED_RESTRICTED = (
    "NA, NULL, null, none, not set, unknown, undefined, 0, 1, -1, NaN, "
    "00000000-0000-0000-0000-000000000000, -, ok, all, 123ABC, UNQUALIFIED, INVALID_USER"
)
RESTRICTED = [value.strip() for value in PUBLISHED_RESTRICTED.split(",")]

#: The keys of Device Info, and of OneSignal info per SDK generation.
DEVICE_KEYS = {
    "platform",
    "appId",
    "appVersion",
    "distribution",
    "hardware",
    "installationId",
    "language",
    "model",
    "os",
    "osVersion",
    "timeZone",
    "isFirstLaunch",
    "deviceName",
    "publicKey",
}
PLATFORM_KEYS = {"ios": {"appBuild", "apnsToken"}, "android": {"appVersionCode"}}
V5_KEYS = {
    "oneSignalId",
    "externalId",
    "subscription",
    "legacy",
    "requiresUserPrivacyConsent",
    "userConsentGiven",
}
LEGACY_KEYS = {
    "oneSignalUserId",
    "oneSignalPushToken",
    "oneSignalSubscribed",
    "oneSignalRequiresUserPrivacyConsent",
    "legacy",
}


class AppSteps:
    """Terse helpers over one app: run a step in its own transaction, install devices."""

    def __init__(self, backend: OneSignalBackend, app: OneSignalApp) -> None:
        self.backend = backend
        self.app = app

    def session(self) -> AbstractContextManager[AppSession]:
        return self.backend.session(self.app.app_id)

    def run(self, step: Callable[[AppSession], object]) -> object:
        with self.backend.session(self.app.app_id) as session:
            return step(session)

    def install(
        self,
        platform: Platform = Platform.IOS,
        app_version: str = "2.0.0",
        *,
        sdk: SdkGeneration | None = None,
        permission: PushPermission = PushPermission.GRANTED,
        consent: bool = False,
    ) -> Device:
        spec = DeviceSpec(
            platform=platform,
            app_version=app_version,
            sdk=sdk,
            push_permission=permission,
            requires_privacy_consent=consent,
        )
        with self.backend.session(self.app.app_id) as session:
            return session.devices.install(spec)

    def violations(self) -> list[str]:
        with self.backend.session(self.app.app_id) as session:
            return invariant_violations(session.records)


def stub_config(script: str) -> dict[str, object]:
    """The configuration a stub's JavaScript was built with (device, key, platform...)."""
    start = script.index("var config = ") + len("var config = ")
    decoded: dict[str, object] = json.JSONDecoder().raw_decode(script[start:])[0]
    return decoded


def device_key(client: TestClient, device_id: str) -> str:
    """The key a page of another origin needs to drive `device_id`: the stub carries it."""
    script = client.get(f"/_harness/bridge.js?device={device_id}").text
    return str(stub_config(script)["key"])


def socket_extensions(url: str, device_id: str) -> str | None:
    """The extensions a harness at `url` accepts for a device's page socket, when the page
    offers compression as Chromium does (None: none accepted)."""
    host, port = urlsplit(url).netloc.split(":")
    request = (
        f"GET /_harness/devices/{device_id}/socket?page=p HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(request.encode())
        head = connection.recv(4096).decode()
    assert head.startswith("HTTP/1.1 101"), head
    found = re.search(r"(?im)^sec-websocket-extensions:\s*(.*?)\r$", head)
    return found.group(1) if found else None
