"""A page under the fixtures looks like it runs in the app: the app's user agent in the page and
on every request, the web view's `navigator.vendor` and `platform`, a phone's screen and touch;
and the install owns the web storage of its pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from bridge_stub.testkit import DeviceFactory, SimulatedDevice

SHOP = "http://shop.test"

#: A site that detects the app as real sites do: by the token in the user agent, in the page
#: and (for the page it renders) on the server.
APP_PAGE = """<!doctype html><html><head><script>
  window.path = /MedianIOS|MedianAndroid/.test(navigator.userAgent) ? "app" : "web";
  window.platformSeen = /Android/i.test(navigator.userAgent) ? "android" : "ios";
  function median_library_ready() {
    if (window.path === "app") median.onesignal.login("shopper-1").then(function (r) {
      window.loggedIn = r;
    });
  }
</script></head><body>rendered for the app</body></html>"""
WEB_PAGE = "<!doctype html><html><body>rendered for the web</body></html>"


def serve_shop(page: Page) -> list[str]:
    """Route the shop; returns the user agents its server saw, one per request."""
    seen: list[str] = []

    def handle(route: Route) -> None:
        agent = route.request.headers.get("user-agent", "")
        seen.append(agent)
        if route.request.url.endswith("/api"):
            route.fulfill(body="{}", content_type="application/json")
            return
        in_app = "median" in agent.lower()
        route.fulfill(body=APP_PAGE if in_app else WEB_PAGE, content_type="text/html")

    page.route(f"{SHOP}/**", handle)
    return seen


@pytest.mark.parametrize(
    ("platform", "vendor", "navigator_platform", "token", "width"),
    [
        ("ios", "Apple Computer, Inc.", "iPhone", "MedianIOS/1.0 median", 393),
        ("android", "Google Inc.", "Linux armv8l", "MedianAndroid/1.0 median", 412),
    ],
)
def test_a_page_that_detects_the_app_by_user_agent_takes_its_app_path(
    median_device: DeviceFactory,
    platform: str,
    vendor: str,
    navigator_platform: str,
    token: str,
    width: int,
) -> None:
    device = median_device(platform=platform)
    page = median_device.new_page(device)
    seen = serve_shop(page)
    page.goto(f"{SHOP}/")
    page.wait_for_function("window.loggedIn")
    assert page.evaluate("window.loggedIn") == {"success": True}
    assert device.state()["external_id"] == "shopper-1"
    with page.expect_response(f"{SHOP}/api"):
        page.evaluate("fetch('/api')")
    looks: dict[str, Any] = page.evaluate(
        """() => ({ agent: navigator.userAgent, vendor: navigator.vendor,
                    platform: navigator.platform, platformSeen: window.platformSeen,
                    touch: navigator.maxTouchPoints > 0, width: screen.width })"""
    )
    assert looks["agent"].endswith(token) and "HeadlessChrome" not in looks["agent"]
    assert (looks["vendor"], looks["platform"]) == (vendor, navigator_platform)
    assert looks["platformSeen"] == platform and looks["touch"] and looks["width"] == width
    assert seen and all(agent == looks["agent"] for agent in seen)
    if platform == "ios":
        assert "Safari/" not in looks["agent"]  # WKWebView's has none
    else:
        assert "; wv)" in looks["agent"] and "Version/4.0" in looks["agent"]


def test_an_old_library_that_picks_the_ios_handler_by_vendor_reaches_it(
    median_device: DeviceFactory,
) -> None:
    device = median_device(platform="ios")
    page = median_device.new_page(device)
    page.route(
        f"{SHOP}/**",
        lambda route: route.fulfill(body="<!doctype html><p>old</p>", content_type="text/html"),
    )
    page.goto(f"{SHOP}/")
    page.evaluate(
        """() => {
          window.answer = function (info) { window.got = info; };
          var message = { gonativeCommand: "median://run/median_device_info",
                          data: { callback: "answer" } };
          if (navigator.vendor === "Apple Computer, Inc.") {
            window.webkit.messageHandlers.JSBridge.postMessage(message);
          } else {
            window.JSBridge.postMessage(JSON.stringify(message));
          }
        }"""
    )
    page.wait_for_function("window.got")
    assert page.evaluate("window.got.platform") == "ios"


def test_the_app_user_agent_follows_the_app_settings(median_device: DeviceFactory) -> None:
    median_device.app.client.update_app(
        median_device.app.app_id,
        user_agent={"user_agent_add": "shopapp", "android_force_user_agent": "Forced/1.0 median"},
    )
    ios, android = median_device(platform="ios"), median_device(platform="android")
    assert ios.web_view()["user_agent"].endswith("MedianIOS/1.0 shopapp")
    page = median_device.new_page(android)
    page.route(f"{SHOP}/**", lambda route: route.fulfill(body="<p>x</p>", content_type="text/html"))
    page.goto(f"{SHOP}/")
    assert page.evaluate("navigator.userAgent") == "Forced/1.0 median"


STORE = """async () => {
  document.cookie = "session=signed-in; max-age=3600";
  localStorage.setItem("cart", "3 items");
  await new Promise((resolve) => {
    const open = indexedDB.open("shop", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("orders");
    open.onsuccess = () => {
      const tx = open.result.transaction("orders", "readwrite");
      tx.objectStore("orders").put("order-1", "last");
      tx.oncomplete = () => { open.result.close(); resolve(); };
    };
  });
}"""
LAUNCH_PAGE = """<!doctype html><script>
  function median_device_info(info) { window.launch = info; }
</script><p>shop</p>"""
READ = """async () => {
  const databases = (await indexedDB.databases()).map((d) => d.name);
  return { cookie: document.cookie, cart: localStorage.getItem("cart"), databases };
}"""


EMPTY: dict[str, Any] = {"cookie": "", "cart": None, "databases": []}


def stored_shop_page(factory: DeviceFactory, device: SimulatedDevice) -> Page:
    """A page of the device on the shop, which has stored a cookie, localStorage and a database."""
    page = factory.new_page(device)
    page.context.route(
        f"{SHOP}/**", lambda route: route.fulfill(body=LAUNCH_PAGE, content_type="text/html")
    )
    page.goto(f"{SHOP}/")
    page.evaluate(STORE)
    return page


def test_a_reinstall_empties_the_web_storage_and_an_upgrade_keeps_it(
    median_device: DeviceFactory,
) -> None:
    device = median_device(platform="android")
    page = stored_shop_page(median_device, device)
    kept = {"cookie": "session=signed-in", "cart": "3 items", "databases": ["shop"]}
    second = median_device.new_page(device)  # another page of the same install shares it
    second.goto(f"{SHOP}/other")
    assert second.evaluate(READ) == kept

    device.upgrade("2.1.0")
    page.reload()
    assert page.evaluate(READ) == kept

    installation = device.info()["device_info"]["installationId"]
    device.reinstall()
    page.reload()
    page.wait_for_function("window.launch")
    assert page.evaluate(READ) == EMPTY
    launch = page.evaluate("window.launch")
    assert launch["isFirstLaunch"] is True and launch["installationId"] != installation


def reinstall_by_control_call(factory: DeviceFactory, device: SimulatedDevice) -> None:
    factory.app.client.reinstall(device.id)


def reinstall_on_the_phone_page(factory: DeviceFactory, device: SimulatedDevice) -> None:
    before = device.state()["installation_id"]
    phone = factory.new_page(device)
    phone.goto(f"{factory.app.url}/_harness/devices/{device.id}/phone")
    expect(phone.locator("#state")).to_contain_text(before)
    phone.click("#reinstall")
    expect(phone.locator("#state")).not_to_contain_text(before)


def reinstall_from_outside(factory: DeviceFactory, device: SimulatedDevice) -> None:
    """Another program reinstalls: the device's next page starts from the new install."""
    httpx.post(f"{factory.app.url}/_harness/devices/{device.id}/reinstall").raise_for_status()


@pytest.mark.parametrize(
    "reinstall",
    [reinstall_by_control_call, reinstall_on_the_phone_page, reinstall_from_outside],
    ids=["control-api", "phone-page", "outside"],
)
def test_every_reinstall_empties_the_install_storage(
    median_device: DeviceFactory,
    reinstall: Callable[[DeviceFactory, SimulatedDevice], None],
) -> None:
    device = median_device(platform="ios")
    page = stored_shop_page(median_device, device)
    reinstall(median_device, device)
    if reinstall is reinstall_from_outside:  # the fixtures learn of it at the next page
        median_device.new_page(device)
    page.reload()
    assert page.evaluate(READ) == EMPTY
    page.evaluate(STORE)
    device.upgrade("2.1.0")  # an upgrade keeps what the new install stored
    median_device.new_page(device).goto(f"{SHOP}/after")
    assert page.evaluate(READ) != EMPTY
