"""A real Chromium talks to a real uvicorn server running the harness."""

from __future__ import annotations

from playwright.sync_api import Page

from bridge_stub.domain import DeviceSpec, OneSignalBackend, Platform
from bridge_stub.server import ServerThread


def test_browser_reads_the_harness_state(
    page: Page, served: tuple[ServerThread, OneSignalBackend]
) -> None:
    server, backend = served
    app = backend.default_app()
    assert app is not None
    with backend.session(app.app_id) as s:
        device = s.devices.install(DeviceSpec(Platform.ANDROID, "2.0.0"))
        s.devices.login(device.id, "alice")
    page.goto(f"{server.url}/_harness/ping")
    assert "ok" in page.content()
    state = page.evaluate("fetch('/_harness/state.json').then(r => r.json())")
    assert state["users"][0]["identity"]["external_id"] == "alice"
    assert state["devices"][0]["id"] == device.id
