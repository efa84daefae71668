"""The legacy-versus-new flows, one readable test each, on iOS and Android: a user drives the
demo site on simulated devices, and each test checks what the simulated OneSignal holds."""

from __future__ import annotations

import json

import pytest

from tests.e2e.demo import (
    DemoApp,
    demo_fixture,
    device_view,
    onesignal_action,
    record_rows,
    sign_in,
    sign_out,
    wait_for_app,
)

demo = demo_fixture("2.0.0")
gate = demo_fixture("2.9.0", name="gate")
on_both_platforms = pytest.mark.parametrize("platform", ["ios", "android"])


@on_both_platforms
def test_legacy_build_sets_the_external_user_id_on_every_app_start(
    demo: DemoApp, platform: str
) -> None:
    device = demo.device(platform, "1.4.0")
    page = demo.page(device)
    sign_in(page, demo.harness.url, "lee")
    assert device_view(demo, device)["external_user_id"] == "lee"

    # The id is lost from the player (as after a restore); the next app start sets it again.
    remove = {"medianCommand": "median://onesignal/externalUserId/remove", "data": {}}
    demo.harness.client.command(device["id"], remove)
    assert device_view(demo, device)["external_user_id"] is None
    page.goto(f"{demo.harness.url}/")
    wait_for_app(page)
    assert device_view(demo, device)["external_user_id"] == "lee"

    sign_out(page, demo.harness.url)
    assert device_view(demo, device)["external_user_id"] is None
    assert demo.console_errors[page] == []


@on_both_platforms
def test_v5_login_logout_and_login_again(demo: DemoApp, platform: str) -> None:
    device = demo.device(platform, "2.4.0")
    page = demo.page(device)
    sign_in(page, demo.harness.url, "mo")
    signed_in = device_view(demo, device)
    assert signed_in["external_id"] == "mo"

    sign_out(page, demo.harness.url)
    signed_out = device_view(demo, device)
    assert signed_out["external_id"] is None
    assert signed_out["onesignal_id"] != signed_in["onesignal_id"]
    assert signed_out["subscription_id"] == signed_in["subscription_id"]

    sign_in(page, demo.harness.url, "mo")
    again = device_view(demo, device)
    assert again["onesignal_id"] == signed_in["onesignal_id"]
    mo = demo.user("mo")
    assert mo is not None
    assert [s["id"] for s in mo["subscriptions"]] == [signed_in["subscription_id"]]


@on_both_platforms
def test_the_version_gate_at_its_edges(gate: DemoApp, platform: str) -> None:
    """First v5 build 2.9.0: 2.8.9 is legacy, 2.9.0 and 2.10.0 are v5."""
    for version, sdk in [("2.8.9", "legacy"), ("2.9.0", "v5"), ("2.10.0", "v5")]:
        device = gate.device(platform, version)
        page = gate.page(device)
        user = f"edge-{platform}-{version}"  # the site's records outlive each test's app
        sign_in(page, gate.harness.url, user)
        (row,) = record_rows(page, gate.harness.url, user)
        assert (row["App version"], row["SDK"]) == (version, sdk)
        view = device_view(gate, device)
        assert view["sdk"] == sdk
        assert view["external_id" if sdk == "v5" else "external_user_id"] == user


@on_both_platforms
def test_upgrade_from_legacy_to_v5_keeps_one_user(demo: DemoApp, platform: str) -> None:
    device = demo.device(platform, "1.8.0")
    page = demo.page(device)
    sign_in(page, demo.harness.url, "uma")
    before = demo.send("uma", {"when": "before"})
    assert [n["id"] for n in demo.harness.client.notifications(device["id"])] == [before["id"]]

    demo.harness.client.upgrade(device["id"], "2.2.0")
    page.goto(f"{demo.harness.url}/")
    wait_for_app(page)
    info = json.loads(onesignal_action(page, demo.harness.url, "info"))
    assert info["legacy"] is False and info["externalId"] == "uma"
    assert info["subscription"]["id"] == device["player_id"]
    uma = [u for u in demo.state()["users"] if u["identity"].get("external_id") == "uma"]
    assert len(uma) == 1 and demo.state()["players"] == []

    after = demo.send("uma", {"when": "after"})
    shown = [n["id"] for n in demo.harness.client.notifications(device["id"])]
    assert shown == [before["id"], after["id"]]


@on_both_platforms
def test_reinstall_then_login_joins_the_original_user(demo: DemoApp, platform: str) -> None:
    device = demo.device(platform, "2.1.0")
    page = demo.page(device)
    sign_in(page, demo.harness.url, "ray")
    onesignal_action(page, demo.harness.url, "tags.set", **{"tag-key": "vip", "tag-value": "yes"})
    original = device_view(demo, device)

    demo.harness.client.reinstall(device["id"])
    page.goto(f"{demo.harness.url}/")
    wait_for_app(page)
    fresh = device_view(demo, device)
    assert fresh["external_id"] is None
    assert fresh["subscription_id"] != original["subscription_id"]

    sign_in(page, demo.harness.url, "ray")
    assert device_view(demo, device)["onesignal_id"] == original["onesignal_id"]
    tags = json.loads(onesignal_action(page, demo.harness.url, "tags.get"))
    assert tags == {"success": True, "tags": {"vip": "yes"}}
    ray = demo.user("ray")
    assert ray is not None
    subscriptions = {s["id"] for s in ray["subscriptions"]}
    assert subscriptions == {original["subscription_id"], fresh["subscription_id"]}


@on_both_platforms
def test_two_site_users_on_one_shared_device(demo: DemoApp, platform: str) -> None:
    device = demo.device(platform, "2.5.0")
    page = demo.page(device)
    sign_in(page, demo.harness.url, "ann")
    onesignal_action(page, demo.harness.url, "tags.set", **{"tag-key": "who", "tag-value": "ann"})
    sign_out(page, demo.harness.url)

    sign_in(page, demo.harness.url, "ben")
    onesignal_action(page, demo.harness.url, "tags.set", **{"tag-key": "who", "tag-value": "ben"})
    tags = json.loads(onesignal_action(page, demo.harness.url, "tags.get"))
    assert tags["tags"] == {"who": "ben"}

    ann, ben = demo.user("ann"), demo.user("ben")
    assert ann is not None and ben is not None
    assert ann["properties"]["tags"] == {"who": "ann"} and ann["subscriptions"] == []
    assert [s["id"] for s in ben["subscriptions"]] == [device_view(demo, device)["subscription_id"]]


@on_both_platforms
def test_one_user_on_a_phone_and_a_tablet(demo: DemoApp, platform: str) -> None:
    other = "android" if platform == "ios" else "ios"
    phone, tablet = demo.device(platform, "2.0.0"), demo.device(other, "3.1.0")
    sign_in(demo.page(phone), demo.harness.url, "pat")
    sign_in(demo.page(tablet), demo.harness.url, "pat")
    pat = demo.user("pat")
    assert pat is not None
    assert {s["id"] for s in pat["subscriptions"]} == {
        device_view(demo, phone)["subscription_id"],
        device_view(demo, tablet)["subscription_id"],
    }
    assert len(demo.state()["users"]) == 1


@on_both_platforms
def test_a_restricted_external_id_is_refused(demo: DemoApp, platform: str) -> None:
    device = demo.device(platform, "2.0.0")
    page = demo.page(device)
    before = device_view(demo, device)
    for restricted in ("null", "0", "undefined"):
        outcome = sign_in(page, demo.harness.url, restricted)
        assert outcome.startswith("Could not register with OneSignal")
        assert "restricted" in outcome
        assert record_rows(page, demo.harness.url, restricted) == []
    after = device_view(demo, device)
    for key in ("onesignal_id", "external_id", "subscription_id"):
        assert after[key] == before[key]
    assert [u["identity"] for u in demo.state()["users"]] == [
        {"onesignal_id": before["onesignal_id"]}
    ]


@on_both_platforms
def test_privacy_consent_holds_back_ids_until_granted(demo: DemoApp, platform: str) -> None:
    device = demo.device(platform, "2.3.0", requires_privacy_consent=True)
    page = demo.page(device)
    info = json.loads(onesignal_action(page, demo.harness.url, "info"))
    assert info["oneSignalId"] is None and info["requiresUserPrivacyConsent"] is True
    assert demo.state()["users"] == []

    onesignal_action(page, demo.harness.url, "consent.grant")
    info = json.loads(onesignal_action(page, demo.harness.url, "info"))
    assert info["oneSignalId"] and info["userConsentGiven"] is True
    assert [u["identity"]["onesignal_id"] for u in demo.state()["users"]] == [info["oneSignalId"]]

    onesignal_action(page, demo.harness.url, "consent.revoke")
    refused = json.loads(onesignal_action(page, demo.harness.url, "tags.get"))
    assert "consent" in refused["rejected"]["error"]


@on_both_platforms
def test_a_notification_from_the_sites_backend_opens_on_the_device(
    demo: DemoApp, platform: str
) -> None:
    device = demo.device(platform, "2.6.0")
    page = demo.page(device)
    user = f"noa-{platform}"
    sign_in(page, demo.harness.url, user)
    record_rows(page, demo.harness.url, user)
    page.locator("#records form").first.locator("button").click()
    page.wait_for_selector("#sent")
    (shown,) = demo.harness.client.notifications(device["id"])
    page.goto(f"{demo.harness.url}/")
    wait_for_app(page)
    demo.harness.client.open_notification(device["id"], shown["id"])
    page.wait_for_selector("#push-opened")
    banner = page.locator("#push-opened").text_content() or ""
    assert f'"externalId":"{user}"' in banner
    assert demo.harness.client.notifications(device["id"])[0]["opened_on_device"] is True
