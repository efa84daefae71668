"""A simulated app built from App Studio's appConfig.json: the build's plugins and OneSignal app
id, the push prompt at first launch, the user agent, the app's identity, its menus, the links it
opens outside the web view and the headers it adds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route as WebRoute

from bridge_stub.server import ServerThread
from bridge_stub.testkit import AppUnderTest, DeviceFactory

CONFIG_FILE = Path(__file__).parent / "configs" / "shop-appConfig.json"
APP_ID = "3f2c9a8e-5b1d-4e7a-9c6f-2d8b7e1a4c05"
SHOP_PAGE = """<!doctype html><html><body>
  <a id="terms" href="https://legal.shop.test/terms">Terms</a>
  <a id="orders" href="http://shop.test/orders">Orders</a>
  <p id="where">home</p>
</body></html>"""


def serve_shop(page: Page) -> list[dict[str, str]]:
    """Route the shop on the page's context; returns the headers of each request to it."""
    seen: list[dict[str, str]] = []

    def handle(route: Route) -> None:
        seen.append(route.request.headers)
        route.fulfill(body=SHOP_PAGE, content_type="text/html")

    page.context.route("http://shop.test/**", handle)
    return seen


@pytest.mark.median_app(config="configs/shop-appConfig.json")
@pytest.mark.median_device(platform="android", app_version="3.1.0")
def test_the_page_runs_in_the_app_its_config_builds(
    median_page: Page, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    assert onesignal_app.app_id == APP_ID
    seen = serve_shop(median_page)
    median_page.goto("http://shop.test/")
    median_page.evaluate("window.__medianHarness.idle()")
    device = median_device.default
    agent = median_page.evaluate("navigator.userAgent")
    assert agent.endswith("MedianAndroid/1.0 cornershop")
    assert seen[0]["user-agent"] == agent and seen[0]["x-shop-app"] == "android"
    state = device.state()
    assert state["push_permission"] == "granted"  # autoRegister: asked at first launch
    assert device.info()["device_info"]["appId"] == "com.cornershop.android"
    # The site's backend, configured with the real app id, reaches the device.
    sent = onesignal_app.send_notification(included_segments=["Total Subscriptions"])
    assert [n["id"] for n in device.notifications()] == [sent["id"]]

    sidebar = median_page.evaluate("median.sidebar.getItems()")
    assert [item["label"] for item in sidebar[0]["items"]] == ["Home", "Orders"]
    assert device.ui()["tab_menu"]["id"] == "shop"

    assert device.ui()["foreground_notifications"] == {"enabled": True}
    median_page.evaluate("median.onesignal.enableForegroundNotifications(false)")
    median_page.evaluate("window.__medianHarness.idle()")
    assert device.ui()["foreground_notifications"] == {"enabled": False}

    median_page.evaluate("median.haptics.trigger({style: 'impactLight'})")
    median_page.evaluate("window.__medianHarness.idle()")
    assert [c["command"] for c in device.commands("haptics/")] == ["haptics/trigger"]
    assert onesignal_app.events("unsupported_command") == []  # the build has haptics


@pytest.mark.median_lenient
@pytest.mark.median_app(config="configs/shop-appConfig.json")
def test_a_plugin_the_config_leaves_off_never_answers(
    median_page: Page, onesignal_app: AppUnderTest
) -> None:
    serve_shop(median_page)
    median_page.goto("http://shop.test/")
    median_page.evaluate("median.iap.info(); window.__medianHarness.idle()")
    [unsupported] = onesignal_app.events("unsupported_command")
    assert "needs the iap plugin" in unsupported["message"]


@pytest.mark.median_app(config="configs/shop-appConfig.json")
def test_links_the_config_sends_out_stay_out_of_the_web_view(
    median_page: Page, median_device: DeviceFactory
) -> None:
    serve_shop(median_page)
    median_page.goto("http://shop.test/")
    median_page.click("#terms")
    median_page.evaluate("window.open('https://help.shop.test/faq')")
    median_page.evaluate("location.href = 'https://legal.shop.test/privacy'")
    device = median_device.default
    expected = [
        {"mode": "external", "url": "https://legal.shop.test/terms", "label": "Terms"},
        {"mode": "appbrowser", "url": "https://help.shop.test/faq", "label": "Help"},
        {"mode": "external", "url": "https://legal.shop.test/privacy", "label": "Terms"},
    ]
    median_page.evaluate("window.__medianHarness.idle()")
    assert device.ui()["opened_outside"] == expected
    assert median_page.url == "http://shop.test/"
    assert [c["command"] for c in device.commands("navigation/")] == [
        "navigation/external",
        "navigation/appbrowser",
        "navigation/external",
    ]
    with median_page.expect_navigation():
        median_page.click("#orders")  # an internal link navigates
    assert median_page.url == "http://shop.test/orders"


@pytest.mark.median_app(config="configs/shop-appConfig.json")
def test_the_phone_page_shows_the_app_menus_and_the_links_sent_out(
    median_page: Page, median_device: DeviceFactory, page: Page, tmp_path: Path
) -> None:
    serve_shop(median_page)
    median_page.goto("http://shop.test/")
    median_page.click("#terms")
    median_page.evaluate("window.__medianHarness.idle()")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{median_device.app.url}/_harness/devices/{median_device.default.id}/phone")
    expect(page.locator("#outside")).to_contain_text("opened in the system browser")
    page.screenshot(path=str(tmp_path / "phone-menus-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{median_device.app.url}/_harness/devices/{median_device.default.id}/phone")
    expect(page.locator("#outside")).to_contain_text(
        "opened in the system browser: https://legal.shop.test/terms"
    )
    expect(page.locator("#sidebar li")).to_have_count(2)
    expect(page.locator("#tabs")).to_contain_text("Deals")
    expect(page.locator("#log")).to_contain_text("navigation/external")
    page.screenshot(path=str(tmp_path / "phone-menus.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


async def echo_agent(request: Request) -> Response:
    return HTMLResponse(f"<p id=agent>{request.headers.get('user-agent', '')}</p>")


def test_a_user_agent_rule_gives_the_pages_it_matches_their_own_agent(
    median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    site = Starlette(routes=[WebRoute("/{path:path}", echo_agent)])
    with ServerThread(site) as server:
        rule = {"regex": re.escape(server.url) + "/partner/.*", "userAgent": "PartnerView/2.0"}
        config = {"general": {"userAgentRegexes": [rule]}}
        onesignal_app.client.update_app(onesignal_app.app_id, app_config=config)
        page = median_device.new_page(median_device(platform="ios"))
        page.goto(f"{server.url}/partner/offers")
        assert page.locator("#agent").text_content() == "PartnerView/2.0"
        assert page.evaluate("navigator.userAgent") == "PartnerView/2.0"
        page.goto(f"{server.url}/shop")
        assert (page.locator("#agent").text_content() or "").endswith("MedianIOS/1.0 median")
