"""The demo site in a real browser: every page on both platforms and SDKs, the
version-gated sign-in sample, records and test notifications, the device panel, standing
aside inside a real app, and hostile strings shown as text."""

from __future__ import annotations

import pytest

from tests.e2e.demo import (
    PAGES,
    SCREENSHOTS,
    DemoApp,
    demo_fixture,
    device_view,
    record_rows,
    sign_in,
    sign_out,
)

demo = demo_fixture()


@pytest.mark.parametrize("platform", ["ios", "android"])
@pytest.mark.parametrize("app_version", ["1.9.0", "2.10.0"], ids=["legacy", "v5"])
def test_every_page_renders_without_console_errors(
    demo: DemoApp, platform: str, app_version: str
) -> None:
    page = demo.page(demo.device(platform, app_version))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sdk = "legacy" if app_version == "1.9.0" else "v5"
    for path in PAGES:
        page.goto(f"{demo.harness.url}{path}")
        page.wait_for_function("() => document.getElementById('bridge-status').dataset.bridge")
        assert page.locator("#bridge-status").get_attribute("data-bridge") == "stub"
        if path.startswith("/onesignal"):
            page.click("[data-action=info]")
            page.wait_for_function(
                "() => !document.getElementById('result').textContent.startsWith('Wait')"
            )
            info = page.locator("#result").text_content() or ""
            assert f'"legacy": {"true" if sdk == "legacy" else "false"}' in info
            warned = page.locator("#support-warning").is_visible()
            assert warned == ((path == "/onesignal-legacy") != (sdk == "legacy"))
        if path == "/inspector":
            page.wait_for_function("() => document.body.dataset.refreshed")
        name = f"{platform}-{sdk}-{path.strip('/') or 'home'}.png"
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    assert demo.console_errors[page] == []


def test_sign_in_on_a_legacy_build_sets_the_external_user_id(demo: DemoApp) -> None:
    device = demo.device("android", "1.9.0")
    page = demo.page(device)
    assert sign_in(page, demo.harness.url, "ana") == "Signed in and registered with OneSignal."
    player_id = device_view(demo, device)["player_id"]
    (row,) = record_rows(page, demo.harness.url, "ana")
    assert (row["SDK"], row["Player id"], row["External ID"]) == ("legacy", player_id, "ana")
    assert row["App version"] == "1.9.0" and row["Signed in"] == "yes"
    assert device_view(demo, device)["external_user_id"] == "ana"

    sign_out(page, demo.harness.url)
    assert "Sign out" not in (page.locator("nav").text_content() or "")
    assert page.locator('nav a[href="/login"]').text_content() == "Sign in"
    assert device_view(demo, device)["external_user_id"] is None
    (row,) = record_rows(page, demo.harness.url, "ana")
    assert row["Signed in"] == "no"
    assert demo.console_errors[page] == []


@pytest.mark.parametrize(("app_version", "sdk"), [("2.0.0", "legacy"), ("2.10.0", "v5")])
def test_the_version_gate_compares_numbers(demo: DemoApp, app_version: str, sdk: str) -> None:
    """Against 2.9.0, 2.0.0 is older and 2.10.0 newer (a string comparison says otherwise)."""
    device = demo.device("ios", app_version)
    page = demo.page(device)
    sign_in(page, demo.harness.url, f"user-{app_version}")
    (row,) = record_rows(page, demo.harness.url, f"user-{app_version}")
    assert row["SDK"] == sdk
    view = device_view(demo, device)
    if sdk == "v5":
        assert row["OneSignal ID"] == view["onesignal_id"]
        assert row["Subscription id"] == view["subscription_id"]
        assert row["External ID"] == view["external_id"] == "user-2.10.0"
    else:
        assert row["Player id"] == view["player_id"] and row["OneSignal ID"] == ""


def test_sign_out_on_v5_gives_a_new_anonymous_user(demo: DemoApp) -> None:
    device = demo.device("android", "3.0.0")
    page = demo.page(device)
    sign_in(page, demo.harness.url, "cy")
    identified = device_view(demo, device)
    sign_out(page, demo.harness.url)
    anonymous = device_view(demo, device)
    assert anonymous["external_id"] is None
    assert anonymous["onesignal_id"] != identified["onesignal_id"]
    assert anonymous["subscription_id"] == identified["subscription_id"]
    cy = [u for u in demo.state()["users"] if u["identity"].get("external_id") == "cy"]
    assert len(cy) == 1 and cy[0]["subscriptions"] == []


def test_a_test_notification_from_records_reaches_every_device_of_the_user(
    demo: DemoApp,
) -> None:
    phone, tablet = demo.device("ios", "2.10.0"), demo.device("android", "1.9.0")
    phone_page, tablet_page = demo.page(phone), demo.page(tablet)
    sign_in(phone_page, demo.harness.url, "dee")
    sign_in(tablet_page, demo.harness.url, "dee")
    record_rows(phone_page, demo.harness.url, "dee")
    phone_page.locator("#records form").first.locator("input[name=message]").fill("Hi dee")
    phone_page.locator("#records form").first.locator("button").click()
    phone_page.wait_for_selector("#sent")
    for device, page in ((phone, phone_page), (tablet, tablet_page)):
        (shown,) = demo.harness.client.notifications(device["id"])
        assert shown["contents"] == {"en": "Hi dee"}
        page.goto(f"{demo.harness.url}/")
        page.wait_for_function("() => document.getElementById('bridge-status').dataset.bridge")
        page.evaluate("window.__medianHarness.idle()")
        demo.harness.client.open_notification(device["id"], shown["id"])
        page.wait_for_selector("#push-opened")
        banner = page.locator("#push-opened").text_content() or ""
        assert '"externalId":"dee"' in banner and '"from":"demo-site"' in banner


def test_the_device_panel_switches_and_changes_devices(demo: DemoApp) -> None:
    first = demo.device("ios", "2.10.0")
    page = demo.page(first)
    page.goto(f"{demo.harness.url}/")
    page.click("#device-panel summary")
    page.select_option("#new-device select[name=platform]", "android")
    page.fill("#new-device input[name=app_version]", "1.5.0")
    with page.expect_navigation():
        page.click("#new-device button[type=submit]")
    page.wait_for_function("() => document.getElementById('bridge-status').dataset.bridge")
    assert "(android)" in (page.locator("#bridge-status").text_content() or "")
    page.wait_for_function(
        "() => /legacy SDK/.test(document.getElementById('device-summary').textContent)"
    )
    page.click("#device-panel summary")
    page.fill("#upgrade-version", "3.0.0")
    with page.expect_navigation():
        page.click("#device-upgrade")
    page.wait_for_function(
        "() => /v5 SDK/.test(document.getElementById('device-summary').textContent)"
    )
    page.click("#device-panel summary")
    page.select_option("#device-select", first["id"])
    with page.expect_navigation():
        page.click("#device-use")
    page.wait_for_function("() => document.getElementById('bridge-status').dataset.bridge")
    assert first["id"] in (page.locator("#bridge-status").text_content() or "")
    assert len(demo.state()["devices"]) == 2
    assert demo.console_errors[page] == []


def test_inside_a_real_median_app_no_stub_and_no_panel(demo: DemoApp) -> None:
    page = demo.page(demo.device(), user_agent="Mozilla/5.0 (iPhone) AppleWebKit median")
    page.goto(f"{demo.harness.url}/")
    assert page.locator("script[src*='bridge.js']").count() == 0
    assert page.locator("#device-panel").count() == 0
    assert page.evaluate("typeof window.__medianHarness") == "undefined"
    status = page.locator("#bridge-status")
    assert status.get_attribute("data-bridge") == "real"
    assert "real bridge is expected" in (status.text_content() or "")
    assert "the real bridge is expected to answer" in page.locator("main").inner_text()


def test_hostile_strings_render_as_text_everywhere(demo: DemoApp) -> None:
    hostile = "<script>window.pwned=1</script>\"'"
    device = demo.device("ios", "2.10.0")
    page = demo.page(device)
    sign_in(page, demo.harness.url, hostile)
    demo.harness.client.command(
        device["id"],
        {"medianCommand": "median://onesignal/tags/set", "data": {"tags": {hostile: hostile}}},
    )
    for path in ["/login/success", "/records", "/inspector", "/"]:
        page.goto(f"{demo.harness.url}{path}")
        if path == "/inspector":
            page.wait_for_function("() => document.body.dataset.refreshed")
            assert f"{hostile} = {hostile}" in page.locator("#users").inner_text()
        assert hostile in page.locator("body").inner_text(), path
        assert page.evaluate("typeof window.pwned") == "undefined", path
    assert demo.console_errors[page] == []
