"""A real Chromium talks to a real uvicorn server running the harness."""

from __future__ import annotations

from playwright.sync_api import Page

from bridge_stub.pytest_plugin import AppUnderTest, DeviceFactory


def test_browser_reads_the_harness_state(
    page: Page, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    device = median_device(platform="android")
    device.command({"medianCommand": "median://onesignal/login", "data": {"externalId": "alice"}})
    page.goto(f"{onesignal_app.client.url}/_harness/ping")
    assert "ok" in page.content()
    state = page.evaluate(
        "url => fetch(url).then(r => r.json())",
        f"{onesignal_app.client.url}/_harness/state.json?app_id={onesignal_app.app_id}",
    )
    assert state["users"][0]["identity"]["external_id"] == "alice"
    assert state["devices"][0]["id"] == device.id
