"""The stub in a real page: callback forms, faults, page-load calls, navigations, listeners,
bad messages, standing aside inside a real app, and loading by script tag."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page

from bridge_stub.testkit import AppUnderTest, DeviceFactory, HarnessServer
from tests.e2e.site import SITE, Api, open_site, serve_site


def test_page_load_calls_come_in_order(median_page: Page, median_device: DeviceFactory) -> None:
    open_site(median_page)
    calls = median_page.evaluate("window.loadCalls")
    assert [c[0] for c in calls] == [
        "median_device_info",
        "median_onesignal_info",
        "median_library_ready",
    ]
    device_info, onesignal_info = calls[0][1], calls[1][1]
    assert device_info["installationId"] == onesignal_info["installationId"]
    assert device_info["isFirstLaunch"] is True
    state = median_device.default.state()
    assert onesignal_info["oneSignalId"] == state["onesignal_id"]
    assert onesignal_info["subscription"]["id"] == state["subscription_id"]
    median_page.reload()
    median_page.wait_for_function("window.loadCalls.length === 3")
    assert median_page.evaluate("window.loadCalls[0][1].isFirstLaunch") is False


def test_gonative_hooks_are_called_too(median_page: Page) -> None:
    head = """<script>
      window.gonativeCalls = [];
      function gonative_device_info(i) { gonativeCalls.push("device:" + i.platform); }
      function gonative_onesignal_info(i) { gonativeCalls.push("onesignal"); }
      function gonative_library_ready() { gonativeCalls.push("ready"); }
    </script>"""
    open_site(median_page, head=head)
    assert median_page.evaluate("window.gonativeCalls") == ["device:ios", "onesignal", "ready"]
    assert median_page.evaluate("window.gonative === window.median")


def test_callback_forms(
    api: Api, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    device = median_device(platform="android")
    page = median_device.new_page(device)
    open_site(page, library=api[1])
    got: dict[str, Any] = page.evaluate(
        """async (api) => {
          const M = window[api];
          const got = {};
          got.promise = await M.onesignal.tags.getTags();
          await new Promise((resolve) => {
            M.onesignal.tags.getTags({ callback: (r) => { got.fn = r; resolve(); } });
          });
          window.namedGlobal = (r) => { got.named = r; };
          M.onesignal.tags.getTags({ callback: "namedGlobal" });
          M.onesignal.tags.getTags({ callback: "noSuchGlobal" });
          window.throwing = () => { throw new Error("boom in page"); };
          M.onesignal.tags.getTags({ callback: "throwing" });
          await window.__medianHarness.idle();
          got.after = await M.onesignal.tags.getTags();  // the bridge still works
          return got;
        }""",
        api[0],
    )
    expected = {"success": True, "tags": {}}
    assert got == {"promise": expected, "fn": expected, "named": expected, "after": expected}
    missing = onesignal_app.events("callback_missing", device=device.id)
    assert [e["callback"] for e in missing] == ["noSuchGlobal"]
    thrown = onesignal_app.events("callback_error", device=device.id)
    assert [e["callback"] for e in thrown] == ["throwing"]
    assert "boom in page" in thrown[0]["message"]


def test_faults_error_delay_drop_with_counts(
    median_page: Page, median_device: DeviceFactory, median_harness: HarnessServer
) -> None:
    device = median_device.default
    client = median_harness.client
    client.add_fault("onesignal/login", "error", device=device.id, message="Offline", count=1)
    client.add_fault("median://onesignal/tags/get", "delay", device=device.id, ms=300, count=1)
    client.add_fault("onesignal/logout", "drop", device=device.id)
    open_site(median_page)
    first = median_page.evaluate(
        "median.onesignal.login('alice').then(v => ({resolved: v}), e => ({rejected: e}))"
    )
    assert first == {"rejected": {"success": False, "error": "Offline"}}
    assert median_page.evaluate("median.onesignal.login('alice')") == {"success": True}

    median_page.evaluate(
        """window.late = null;
        median.onesignal.tags.getTags().then(r => { window.late = r; });
        window.dropped = 'pending';
        median.onesignal.logout().then(() => { window.dropped = 'settled'; });
        null;"""
    )
    # Read it as soon as the answer is in, in the same page turn: the delivery is 300 ms later.
    late = median_page.evaluate("window.__medianHarness.idle().then(() => window.late)")
    assert late is None  # answered, but not yet delivered
    median_page.wait_for_function("window.late !== null")
    assert median_page.evaluate("window.late") == {"success": True, "tags": {}}
    assert median_page.evaluate("median.onesignal.tags.getTags()")["success"] is True  # count 1
    assert median_page.evaluate("window.dropped") == "pending"
    assert device.state()["external_id"] == "alice"  # the dropped logout never ran
    faults = [e["fault"] for e in device.events("bridge_command") if e["fault"]]
    assert faults == ["error", "delay", "drop"]


def test_median_urls_from_links_and_location_are_caught(median_page: Page) -> None:
    body = '<a id="link" href="gonative://onesignal/info?callback=fromLink">info</a>'
    head = """<script>
      window.fromLocation = (info) => { window.locationInfo = info; };
      window.fromLink = (info) => { window.linkInfo = info; };
    </script>"""
    open_site(median_page, head=head, body=body)
    median_page.evaluate("location.href = 'median://run/median_device_info?callback=fromLocation'")
    median_page.click("#link")
    median_page.wait_for_function("window.locationInfo && window.linkInfo")
    assert median_page.url == f"{SITE}/"
    assert median_page.evaluate("window.locationInfo.platform") == "ios"
    assert median_page.evaluate("window.linkInfo.legacy") is False


def test_push_opened_reaches_listeners_without_a_reload(
    api: Api, median_device: DeviceFactory
) -> None:
    device = median_device(platform="android")
    page = median_device.new_page(device)
    head = """<script>
      window.classic = [];
      function median_onesignal_push_opened(data) { classic.push(data); }
    </script>"""
    open_site(page, head=head, library=api[1])
    page.evaluate(
        """api => {
          window.heard = [];
          const listener = window[api].onesignal.pushOpened;
          window.listenerIds = [
            listener.addListener(d => heard.push(['first', d])),
            listener.addListener(d => heard.push(['second', d])),
          ];
          return window.__medianHarness.idle();
        }""",
        api[0],
    )
    notification = device.push(data={"orderId": "42"}, contents={"en": "Your order shipped"})
    assert [n["id"] for n in device.notifications()] == [notification["id"]]
    opened = device.open_notification(notification["id"])
    assert opened["delivered_to_pages"] == 1
    page.wait_for_function("window.heard.length === 2 && window.classic.length === 1")
    assert page.evaluate("window.heard") == [
        ["first", {"orderId": "42"}],
        ["second", {"orderId": "42"}],
    ]
    assert page.evaluate("window.classic") == [{"orderId": "42"}]
    assert device.notifications()[0]["opened_on_device"] is True

    page.evaluate(
        """api => {
          listenerIds.forEach(id => window[api].onesignal.pushOpened.removeListener(id));
          return window.__medianHarness.idle();
        }""",
        api[0],
    )
    commands = [e["command"] for e in device.events("bridge_command")]
    assert commands == ["events/subscribe", "events/subscribe", "events/unsubscribe"]
    second = device.push(data={"orderId": "43"})
    device.open_notification(second["id"])
    page.wait_for_function("window.classic.length === 2")
    assert page.evaluate("window.heard.length") == 2  # no listener left to call


def test_bad_messages_get_a_clear_error_and_change_nothing(
    median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    device = median_device(platform="android")
    page = median_device.new_page(device)
    open_site(page)
    page.evaluate("median.onesignal.login('alice')")
    before = onesignal_app.state()
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.evaluate(
        """() => {
          const post = (m) => window.JSBridge.postMessage(m);
          post("this is not a command");
          post("{broken json");
          post(JSON.stringify({ medianCommand: 42 }));
          post(JSON.stringify({ medianCommand: "median://onesignal/login", data: "alice" }));
          post({ medianCommand: "median://onesignal/logout" });  // Android takes strings only
          post("median://onesignal/tags/set?tags=" + "x".repeat(300000));
          post("median://onesignal/tags/set?tags=" + "y".repeat(1 << 20));
          return window.__medianHarness.idle();
        }"""
    )
    events = onesignal_app.events("bad_message", device=device.id)
    assert [e["code"] for e in events] == [
        "invalid-url",
        "invalid-json",
        "missing-command",
        "invalid-data",
        "invalid-json",  # "[object Object]"
        "message-too-large",
        "body-too-large",
    ]
    assert all(e["error"] for e in events)
    assert len(warnings) == len(events)
    after = onesignal_app.state()
    assert after["users"] == before["users"] and after["devices"] == before["devices"]
    assert page.evaluate("median.onesignal.info()")["externalId"] == "alice"


def test_ios_flavour_posts_objects(median_page: Page, onesignal_app: AppUnderTest) -> None:
    open_site(median_page)
    assert median_page.evaluate("typeof window.JSBridge") == "undefined"
    median_page.evaluate(
        """() => {
          window.viaWebkit = (r) => { window.webkitReply = r; };
          window.webkit.messageHandlers.JSBridge.postMessage(
            { medianCommand: "median://onesignal/tags/get", data: { callback: "viaWebkit" } });
          window.webkit.messageHandlers.JSBridge.postMessage(12345);
          return window.__medianHarness.idle();
        }"""
    )
    assert median_page.evaluate("window.webkitReply") == {"success": True, "tags": {}}
    assert [e["code"] for e in onesignal_app.events("bad_message")] == ["invalid-message"]


def test_stub_stands_aside_inside_a_real_median_app(
    browser: Browser, median_device: DeviceFactory
) -> None:
    device = median_device()
    context = browser.new_context(user_agent="Mozilla/5.0 (iPhone) median")
    try:
        context.add_init_script(script=device.bridge_js())
        page = context.new_page()
        serve_site(page)
        page.goto(f"{SITE}/")
        assert page.evaluate("window.__medianHarness") == {
            "active": False,
            "reason": "running inside a Median app",
        }
        assert page.evaluate("typeof window.median + typeof window.webkit") == "undefinedundefined"
    finally:
        context.close()

    forced = browser.new_context(user_agent="Mozilla/5.0 (iPhone) median")
    try:
        forced.add_init_script(script=device.bridge_js(force=True))
        page = forced.new_page()
        open_site(page)
        assert page.evaluate("window.__medianHarness.active") is True
    finally:
        forced.close()


def test_stub_stands_aside_when_a_native_handler_exists(
    browser: Browser, median_device: DeviceFactory
) -> None:
    context = browser.new_context()
    try:
        context.add_init_script("window.JSBridge = { postMessage() {} };")
        context.add_init_script(script=median_device().bridge_js())
        page = context.new_page()
        serve_site(page)
        page.goto(f"{SITE}/")
        assert (
            page.evaluate("window.__medianHarness.reason") == "a native bridge is already present"
        )
    finally:
        context.close()


def test_installing_twice_installs_once(
    median_page: Page, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    median_device.install_stub(median_page.context, median_device.default)
    open_site(median_page)
    median_page.evaluate("median.onesignal.login('alice')")
    assert median_page.evaluate("window.loadCalls.length") == 3
    logins = onesignal_app.events("bridge_command", device=median_device.default.id)
    assert [e["command"] for e in logins] == ["onesignal/login"]
    assert len(onesignal_app.events("page_load")) == 1


def test_script_tag_at_the_top_of_head(
    page: Page, median_device: DeviceFactory, median_harness: HarnessServer
) -> None:
    device = median_device(platform="android", app_version="1.0.0", sdk="legacy")
    tag = f'<script src="{median_harness.url}/_harness/bridge.js?device={device.id}"></script>'
    open_site(page, head=tag)
    info = page.evaluate("window.loadCalls[1][1]")
    assert info["legacy"] is True and info["oneSignalUserId"] == device.state()["player_id"]
    reply = page.evaluate("median.onesignal.externalUserId.set({externalId: 'bob'})")
    assert reply == {"success": True, "push": {"success": True}}


def test_privacy_consent_holds_back_ids_until_granted(
    api: Api, median_device: DeviceFactory, onesignal_app: AppUnderTest
) -> None:
    device = median_device(platform="android", requires_privacy_consent=True)
    page = median_device.new_page(device)
    open_site(page, library=api[1])
    out = page.evaluate(
        """async (api) => {
          const M = window[api];
          const outcome = (p) => p.then((v) => ({ resolved: v }), (e) => ({ rejected: e }));
          const out = { before: await M.onesignal.info() };
          out.loginBefore = await outcome(M.onesignal.login("alice"));
          M.onesignal.userPrivacyConsent.grant();
          out.granted = await M.onesignal.info();
          out.login = await M.onesignal.login("alice");
          M.onesignal.userPrivacyConsent.revoke();
          out.revoked = await M.onesignal.info();
          out.tagsAfterRevoke = await outcome(M.onesignal.tags.getTags());
          return out;
        }""",
        api[0],
    )
    assert out["before"]["oneSignalId"] is None
    assert out["before"]["subscription"] == {"id": None, "optedIn": False, "token": None}
    assert out["before"]["requiresUserPrivacyConsent"] is True
    assert "consent" in out["loginBefore"]["rejected"]["error"]
    assert out["granted"]["oneSignalId"] and out["granted"]["userConsentGiven"] is True
    assert out["login"] == {"success": True}
    assert out["revoked"]["oneSignalId"] == out["granted"]["oneSignalId"]
    assert out["revoked"]["userConsentGiven"] is False
    assert "rejected" in out["tagsAfterRevoke"]
    assert onesignal_app.user("alice") is not None


def test_the_library_is_whole_however_a_page_first_touches_it(median_page: Page) -> None:
    # Built on first use: its names are there before, and a page's own assignment stays.
    open_site(median_page)
    got = median_page.evaluate(
        """() => {
          const before = Object.keys(median);
          const own = { sharePage: () => "the page's own" };
          median.share = own;
          return {
            before,
            after: Object.keys(median),
            ownKept: median.share === own && median.share.sharePage() === "the page's own",
            login: typeof median.onesignal.login,
            alias: window.gonative.onesignal.login === median.onesignal.login,
          };
        }"""
    )
    assert got["before"] == got["after"]
    assert {"onesignal", "share", "permissions", "deviceInfo"} <= set(got["before"])
    assert got["ownKept"] is True
    assert got["login"] == "function"
    assert got["alias"] is True
