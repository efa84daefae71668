"""A site's own bridge code beside OneSignal, on both platforms: permissions before login,
sharing, the clipboard, connectivity changes, app-resumed, and programmed answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from bridge_stub.testkit import AppUnderTest, DeviceFactory
from tests.e2e.site import open_site

PLATFORMS = pytest.mark.parametrize("platform", ["ios", "android"])

# What a real site does once the library is ready: ask for the notification permission
# first, and sign the customer in only when pushes are allowed.
SIGN_IN = """async () => {
  const status = await median.permissions.status(["Notifications"]);
  if (status.Notifications !== "granted") return "asked for permission first";
  return median.onesignal.login("customer-7");
}"""


@PLATFORMS
def test_a_page_checks_permissions_before_login(
    median_page: Page, median_device: DeviceFactory, onesignal_app: AppUnderTest, platform: str
) -> None:
    allowed = median_device(platform=platform, push_permission="granted")
    refused = median_device(platform=platform, push_permission="denied")
    median_device.install_stub(median_page.context, allowed)
    open_site(median_page)
    assert median_page.evaluate(SIGN_IN) == {"success": True}
    other = median_device.new_page(refused)
    open_site(other)
    assert other.evaluate(SIGN_IN) == "asked for permission first"
    assert onesignal_app.user("customer-7") is not None
    assert [c["command"] for c in refused.commands("permissions/")] == ["permissions/status"]


@PLATFORMS
def test_sharing_a_page_and_the_clipboard(
    page: Page, median_device: DeviceFactory, platform: str
) -> None:
    phone = median_device(platform=platform)
    median_device.install_stub(page.context, phone)
    open_site(page)
    page.evaluate("median.share.sharePage({url: 'https://shop.test/p/9', text: 'Look'})")
    page.evaluate("median.clipboard.set({data: 'SAVE10'})")
    assert page.evaluate("median.clipboard.get()") == {"data": "SAVE10"}
    page.evaluate("window.__medianHarness.idle()")
    (share,) = phone.commands("share/")
    assert share["data"] == {"url": "https://shop.test/p/9", "text": "Look"}
    assert phone.ui()["last_share"] == {"url": "https://shop.test/p/9", "text": "Look"}
    assert phone.ui()["clipboard"] == "SAVE10"


@PLATFORMS
def test_a_page_reacts_to_connectivity_and_app_resumed(
    page: Page, median_device: DeviceFactory, platform: str
) -> None:
    phone = median_device(platform=platform)
    median_device.install_stub(page.context, phone)
    median_page = page
    open_site(median_page)
    median_page.evaluate(
        """() => {
          window.seen = [];
          median.connectivity.subscribe({callback: (state) => seen.push(["net", state])});
          median.appResumed.addListener(() => seen.push(["resumed"]));
          return window.__medianHarness.idle();
        }"""
    )
    median_page.wait_for_function("seen.length === 1")  # subscribe answers the state at once
    assert phone.set_connectivity(False, "cellular")["delivered_to_pages"] == 1
    assert phone.fire("_median_app_resumed")["delivered_to_pages"] == 1
    median_page.wait_for_function("seen.length === 3")
    assert median_page.evaluate("seen") == [
        ["net", {"connected": True, "type": "wifi"}],
        ["net", {"connected": False, "type": "cellular"}],
        ["resumed"],
    ]


@PLATFORMS
def test_programmed_answers_reach_the_page(
    page: Page, median_device: DeviceFactory, onesignal_app: AppUnderTest, platform: str
) -> None:
    onesignal_app.set_plugins(["onesignal", "iap"])
    phone = median_device(platform=platform)
    median_device.install_stub(page.context, phone)
    phone.respond("iap/info", {"inAppPurchases": {"products": ["pro"]}})
    open_site(page)
    assert page.evaluate("median.iap.info()") == {"inAppPurchases": {"products": ["pro"]}}
    assert page.evaluate("median.getPlatform()") == platform
