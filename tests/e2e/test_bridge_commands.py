"""Every OneSignal command of the bridge from a real page, on both platforms and both SDK
generations, through the stub's injected `median` global and through the official
median-js-bridge bundle, on a page of another origin (the user's own site)."""

from __future__ import annotations

from typing import Any

import pytest

from bridge_stub.testkit import AppUnderTest, DeviceFactory
from tests.e2e.site import Api, open_site
from tests.helpers import DEVICE_KEYS, LEGACY_KEYS, PLATFORM_KEYS, V5_KEYS

#: These tests send commands a build does not support on purpose, to see them go unanswered.
pytestmark = pytest.mark.median_lenient

#: `watch` tells whether a promise settled; `outcome` turns a rejection into a value.
HELPERS = """
  const watch = (promise) => {
    const state = { settled: false };
    promise.then(() => { state.settled = true; }, () => { state.settled = true; });
    return state;
  };
  const outcome = (p) => p.then((v) => ({ resolved: v }), (e) => ({ rejected: e }));
"""

V5_ROWS = """async (api) => {
  const M = window[api];
  /* helpers */
  const out = {};
  out.info = await M.onesignal.info();
  out.deviceInfo = await M.deviceInfo();
  out.login = await M.onesignal.login("alice");
  out.badLogin = await outcome(M.onesignal.login("undefined"));
  out.infoAfterLogin = await M.onesignal.info();
  out.setTags = await M.onesignal.tags.setTags({ tags: { a: "1", b: "2" } });
  out.getTags = await M.onesignal.tags.getTags();
  out.deleteSome = await M.onesignal.tags.deleteTags({ tags: ["a"] });
  out.afterDelete = await M.onesignal.tags.getTags();
  out.deleteAll = await M.onesignal.tags.deleteTags({});
  out.afterDeleteAll = await M.onesignal.tags.getTags();
  out.register = await M.onesignal.register();
  M.onesignal.badge.set(3);
  M.onesignal.enableForegroundNotifications(true);
  M.onesignal.promptLocation();
  M.onesignal.showTagsUI();
  M.onesignal.iam.addTrigger({ key: "k", value: "v" });
  M.onesignal.userPrivacyConsent.grant();
  const set = watch(M.onesignal.externalUserId.set({ externalId: "alice" }));
  const remove = watch(M.onesignal.externalUserId.remove());
  out.logout = await M.onesignal.logout();
  out.infoAfterLogout = await M.onesignal.info();
  await window.__medianHarness.idle();
  out.unsupportedSettled = [set.settled, remove.settled];
  return out;
}""".replace("/* helpers */", HELPERS)

LEGACY_ROWS = """async (api) => {
  const M = window[api];
  /* helpers */
  const out = {};
  out.info = await M.onesignal.info();
  out.deviceInfo = await M.deviceInfo();
  out.set = await M.onesignal.externalUserId.set({ externalId: "alice" });
  out.badSet = await outcome(M.onesignal.externalUserId.set({ externalId: "NULL" }));
  out.setTags = await M.onesignal.tags.setTags({ tags: { a: "1", b: "2" } });
  out.getTags = await M.onesignal.tags.getTags();
  out.deleteSome = await M.onesignal.tags.deleteTags({ tags: ["a"] });
  out.afterDelete = await M.onesignal.tags.getTags();
  out.register = await M.onesignal.register();
  M.onesignal.enableForegroundNotifications(true);
  M.onesignal.promptLocation();
  M.onesignal.showTagsUI();
  M.onesignal.iam.pauseInAppMessages();
  const login = watch(M.onesignal.login("alice"));
  const logout = watch(M.onesignal.logout());
  M.onesignal.badge.set(2);
  out.remove = await M.onesignal.externalUserId.remove();
  await window.__medianHarness.idle();
  out.unsupportedSettled = [login.settled, logout.settled];
  return out;
}""".replace("/* helpers */", HELPERS)


def commands_logged(app: AppUnderTest, device_id: str) -> list[str]:
    return [e["command"] for e in app.events("bridge_command", device=device_id)]


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_v5_rows(
    api: Api, platform: str, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    device = median_device(platform=platform, app_version="2.0.0", sdk="v5")
    page = median_device.new_page(device)
    open_site(page, library=api[1])
    out: dict[str, Any] = page.evaluate(V5_ROWS, api[0])

    info = out["info"]
    assert set(info) == DEVICE_KEYS | PLATFORM_KEYS[platform] | V5_KEYS
    assert info["legacy"] is False and info["externalId"] is None
    assert set(info["subscription"]) == {"id", "optedIn", "token"}
    assert info["subscription"]["optedIn"] is True
    assert set(out["deviceInfo"]) == DEVICE_KEYS | PLATFORM_KEYS[platform]
    assert out["login"] == {"success": True}
    assert out["badLogin"]["rejected"]["success"] is False
    assert "restricted" in out["badLogin"]["rejected"]["error"]
    assert out["infoAfterLogin"]["externalId"] == "alice"
    assert out["infoAfterLogin"]["oneSignalId"] == info["oneSignalId"]  # anonymous user kept
    assert out["setTags"] == {"success": True}
    assert out["getTags"] == {"success": True, "tags": {"a": "1", "b": "2"}}
    assert out["deleteSome"] == {"success": True}
    assert out["afterDelete"]["tags"] == {"b": "2"}
    assert out["deleteAll"] == {"success": True} and out["afterDeleteAll"]["tags"] == {}
    assert out["register"] == {"isSubscribed": True}
    assert out["logout"] == {"success": True}
    after = out["infoAfterLogout"]
    assert after["externalId"] is None and after["oneSignalId"] != info["oneSignalId"]
    assert after["subscription"]["id"] == info["subscription"]["id"]
    assert out["unsupportedSettled"] == [False, False]

    logged = commands_logged(onesignal_app, device.id)
    for silent in (
        "onesignal/badge/set",
        "onesignal/enableForegroundNotifications",
        "onesignal/promptLocation",
        "onesignal/showTagsUI",
        "onesignal/iam/addTrigger",
        "onesignal/userPrivacyConsent/grant",
    ):
        assert silent in logged
    unsupported = onesignal_app.events("unsupported_command", device=device.id)
    assert [e["command"] for e in unsupported] == [
        "onesignal/externalUserId/set",
        "onesignal/externalUserId/remove",
    ]
    assert all(e["sdk"] == "v5" and e["app_version"] == "2.0.0" for e in unsupported)
    alice = onesignal_app.user("alice")
    assert alice is not None and alice["properties"]["tags"] == {}
    assert alice["identity"]["onesignal_id"] == info["oneSignalId"]


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_legacy_rows(
    api: Api, platform: str, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    device = median_device(platform=platform, app_version="1.4.0", sdk="legacy")
    page = median_device.new_page(device)
    open_site(page, library=api[1])
    out: dict[str, Any] = page.evaluate(LEGACY_ROWS, api[0])

    info = out["info"]
    android_only = {"oneSignalregistrationId"} if platform == "android" else set()
    assert set(info) == DEVICE_KEYS | PLATFORM_KEYS[platform] | LEGACY_KEYS | android_only
    assert info["legacy"] is True and info["oneSignalSubscribed"] is True
    assert None not in info.values()
    assert set(out["deviceInfo"]) == DEVICE_KEYS | PLATFORM_KEYS[platform]
    assert out["set"] == {"success": True, "push": {"success": True}}
    assert out["badSet"]["rejected"]["success"] is False
    assert out["setTags"] == {"success": True}
    assert out["getTags"] == {"success": True, "tags": {"a": "1", "b": "2"}}
    assert out["afterDelete"]["tags"] == {"b": "2"}
    assert out["register"] == {"isSubscribed": True}
    assert out["remove"] == {"success": True, "push": {"success": True}}
    assert out["unsupportedSettled"] == [False, False]

    unsupported = onesignal_app.events("unsupported_command", device=device.id)
    assert [e["command"] for e in unsupported] == [
        "onesignal/login",
        "onesignal/logout",
        "onesignal/badge/set",
    ]
    assert all(e["sdk"] == "legacy" and e["app_version"] == "1.4.0" for e in unsupported)
    state = onesignal_app.state()
    (player,) = state["players"]
    assert player["id"] == info["oneSignalUserId"]
    assert player["external_user_id"] is None and player["tags"] == {"b": "2"}
    assert state["users"] == []


def test_run_onesignal_info_calls_the_page_global(api: Api, median_device: DeviceFactory) -> None:
    device = median_device(platform="android")
    page = median_device.new_page(device)
    open_site(page, library=api[1])
    page.evaluate("api => window[api].onesignal.run.onesignalInfo()", api[0])
    page.wait_for_function(
        "window.loadCalls.filter(c => c[0] === 'median_onesignal_info').length === 2"
    )
    infos = page.evaluate("window.loadCalls.filter(c => c[0] === 'median_onesignal_info')")
    assert infos[1][1]["oneSignalId"] == infos[0][1]["oneSignalId"]
