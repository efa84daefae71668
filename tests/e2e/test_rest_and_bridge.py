"""The site's backend (REST) and its pages (bridge) act on one simulated OneSignal."""

from __future__ import annotations

from bridge_stub.testkit import AppUnderTest, DeviceFactory
from tests.e2e.site import open_site

LISTENER = """<script>
  window.opened = [];
  function median_onesignal_push_opened(data) { opened.push(data); }
</script>"""


def test_a_rest_user_and_a_bridge_login_are_one_user(
    median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    created = onesignal_app.rest.post(
        f"/apps/{onesignal_app.app_id}/users",
        json={"identity": {"external_id": "alice"}, "properties": {"tags": {"plan": "pro"}}},
    )
    assert created.status_code == 201
    onesignal_id = created.json()["identity"]["onesignal_id"]

    device = median_device(platform="android")
    page = median_device.new_page(device)
    open_site(page)
    assert page.evaluate("median.onesignal.login('alice')") == {"success": True}
    assert page.evaluate("median.onesignal.tags.getTags()") == {
        "success": True,
        "tags": {"plan": "pro"},
    }
    assert page.evaluate("median.onesignal.info()")["oneSignalId"] == onesignal_id

    onesignal_app.rest.patch(
        f"/apps/{onesignal_app.app_id}/users/by/external_id/alice",
        json={"properties": {"tags": {"plan": "team"}}},
    )
    assert page.evaluate("median.onesignal.tags.getTags()")["tags"] == {"plan": "team"}
    users = onesignal_app.state()["users"]
    alice = [u for u in users if u["identity"].get("external_id") == "alice"]
    assert len(alice) == 1 and len(alice[0]["subscriptions"]) == 1


def test_a_notification_by_external_id_reaches_v5_and_legacy_devices(
    median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    phone = median_device(platform="ios", app_version="2.0.0", sdk="v5")
    old_tablet = median_device(platform="android", app_version="1.2.0", sdk="legacy")
    phone_page, tablet_page = median_device.new_page(phone), median_device.new_page(old_tablet)
    open_site(phone_page, head=LISTENER)
    open_site(tablet_page, head=LISTENER)
    phone_page.evaluate("median.onesignal.login('alice')")
    tablet_page.evaluate("median.onesignal.externalUserId.set({externalId: 'alice'})")

    sent = onesignal_app.send_notification(
        include_aliases={"external_id": ["alice"]},
        target_channel="push",
        data={"orderId": "42"},
    )
    assert sent["id"] and "errors" not in sent
    for device, page in ((phone, phone_page), (old_tablet, tablet_page)):
        (shown,) = device.notifications()
        assert shown["id"] == sent["id"]
        device.open_notification(shown["id"])
        page.wait_for_function("window.opened.length === 1")
        assert page.evaluate("window.opened") == [{"orderId": "42"}]
