"""Twenty pages of one site in one browser context, each on the simulated app: none waits
for a connection, each answers its bridge calls and hears what the app sends, in order."""

from __future__ import annotations

import logging
import time

import pytest
from playwright.sync_api import BrowserContext

from bridge_stub.testkit import DeviceFactory
from tests.e2e.site import SITE, serve_site

PAGES = 20
LISTEN = """() => {
  window.heard = [];
  median.onesignal.pushOpened.addListener((data) => heard.push(["opened", data]));
  median.appResumed.addListener((data) => heard.push(["resumed", data]));
  median.onesignal.info().then((info) => { window.oneSignalId = info.oneSignalId; });
}"""


def test_twenty_pages_in_one_context(
    context: BrowserContext, median_device: DeviceFactory, caplog: pytest.LogCaptureFixture
) -> None:
    device = median_device(platform="android")
    median_device.install_stub(context, device)
    pages = []
    for n in range(PAGES):
        page = context.new_page()
        if n == 0:
            serve_site(page)
        page.goto(f"{SITE}/tab/{n}", timeout=5_000)
        pages.append(page)
    for page in pages:
        page.evaluate(LISTEN)
    for page in pages:  # a page waiting for a free connection never gets its answer
        page.wait_for_function("window.oneSignalId", timeout=5_000)
    assert len({page.evaluate("window.oneSignalId") for page in pages}) == 1
    for page in pages:
        page.evaluate("window.__medianHarness.idle()")
    sent = device.push(data={"screen": "orders"})
    assert device.open_notification(sent["id"])["delivered_to_pages"] == PAGES
    for n in range(3):
        assert device.fire("_median_app_resumed", {"n": n})["delivered_to_pages"] == PAGES
    expected = [["opened", {"screen": "orders"}], *(["resumed", {"n": n}] for n in range(3))]
    for page in pages:
        page.wait_for_function("window.heard.length >= 4", timeout=5_000)
        assert page.evaluate("window.heard") == expected
    for page in pages:  # pages going away end their sockets quietly
        page.close()
    deadline = time.monotonic() + 10
    while device.fire("_median_app_resumed", {"n": "gone"})["delivered_to_pages"]:
        assert time.monotonic() < deadline, "the server still holds sockets of closed pages"
        time.sleep(0.05)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
