"""A real Chromium talks to a real uvicorn server running the harness: pages of the server's
own origin may read its state; pages of a foreign origin may use the stub and nothing else."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from bridge_stub.testkit import AppUnderTest, DeviceFactory
from tests.e2e.site import open_site

FETCH = """async ([url, method]) => {
  try {
    const response = await fetch(url, {method, body: method === "POST" ? "{}" : undefined});
    return {status: response.status, text: await response.text()};
  } catch (error) {
    return {blocked: String(error)};
  }
}"""


def fetch(page: Page, url: str, method: str = "GET") -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(FETCH, [url, method])
    return result


def test_a_same_origin_page_reads_the_harness_state(
    page: Page, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    device = median_device(platform="android")
    device.command({"medianCommand": "median://onesignal/login", "data": {"externalId": "alice"}})
    page.goto(f"{onesignal_app.url}/_harness/ping")
    assert page.evaluate("JSON.parse(document.body.innerText)") == {"ok": True}
    state = page.evaluate(
        "url => fetch(url).then(r => r.json())",
        f"{onesignal_app.url}/_harness/state.json?app_id={onesignal_app.app_id}",
    )
    assert state["users"][0]["identity"]["external_id"] == "alice"
    assert state["devices"][0]["id"] == device.id


def test_a_foreign_origin_uses_the_stub_but_cannot_read_or_reset(
    median_page: Page, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    open_site(median_page)  # http://site.test, with the stub for the default device
    answer = median_page.evaluate("median.onesignal.login('bob')")
    assert answer == {"success": True}
    assert onesignal_app.user("bob") is not None

    state = fetch(median_page, f"{onesignal_app.url}/_harness/state.json")
    assert "blocked" in state  # no CORS answer: the page cannot read it
    reset = fetch(median_page, f"{onesignal_app.url}/_harness/reset", "POST")
    assert reset.get("status") in (None, 403)
    assert onesignal_app.user("bob") is not None, "the foreign page wiped the harness"
