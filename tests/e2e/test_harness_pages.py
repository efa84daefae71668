"""The harness's own pages are served by every harness, the pytest plugin's in-process one
included, under /_harness/: the inspector, the bridge explorer, the calibration page and the
phone page of a device."""

from __future__ import annotations

from playwright.sync_api import Page

from bridge_stub.testkit import AppUnderTest, DeviceFactory, HarnessServer


def test_the_plugins_harness_serves_its_pages(
    page: Page, median_harness: HarnessServer, onesignal_app: AppUnderTest
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{median_harness.url}/_harness/inspector?app_id={onesignal_app.app_id}")
    page.wait_for_selector("#mau:not(:text('…'))")
    page.goto(f"{median_harness.url}/_harness/calibrate")
    assert page.locator("#run-calibration").is_visible()
    page.goto(f"{median_harness.url}/_harness/bridge")
    page.fill("#function-path", "clipboard.get")
    page.fill("#function-args", "[]")
    page.click("#call-form button[type=submit]")
    page.wait_for_selector("#answer:has-text('data')")
    assert errors == []


def test_the_phone_page_opens_a_notification_into_the_app_page(
    page: Page, median_device: DeviceFactory, median_harness: HarnessServer
) -> None:
    phone_of = median_device(platform="android")
    app_page = median_device.new_page(phone_of)
    app_page.route(
        "http://shop.test/**",
        lambda route: route.fulfill(body="<p>shop</p>", content_type="text/html"),
    )
    app_page.goto("http://shop.test/")
    app_page.evaluate(
        """() => { window.opened = [];
                   median.onesignal.pushOpened.addListener((d) => window.opened.push(d));
                   return window.__medianHarness.idle(); }"""
    )
    phone_of.push(data={"screen": "orders"})
    page.goto(f"{median_harness.url}/_harness/devices/{phone_of.id}/phone")
    page.click("#tray button:text('Open')")
    app_page.wait_for_function("window.opened.length === 1")
    assert app_page.evaluate("window.opened") == [{"screen": "orders"}]
    page.fill("#answer-command", "iap/info")
    page.click("#respond button[type=submit]")
    page.wait_for_selector("#answers li:text('iap/info')")
    assert page.locator("#log li").count() >= 1  # the page's commands, with their answers
    installed = phone_of.state()["installation_id"]
    page.click("#reinstall")
    page.wait_for_selector(f"#state:not(:has-text('{installed}'))")
    assert phone_of.state()["installation_id"] != installed
