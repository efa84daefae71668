"""The pytest plugin as a user meets it: a generated test suite run by pytest, in its own
process, against a tiny site of its own."""

from __future__ import annotations

import pytest

from bridge_stub.client import HarnessClient
from bridge_stub.server import harness_app, serve_in_thread

SITE = '''
import pytest

SHOP = """<!doctype html><html><head><script>
  window.median_library_ready = function () {{
    {on_ready}
  }};
</script></head><body>shop</body></html>"""


def serve(page, on_ready=""):
    html = SHOP.format(on_ready=on_ready)
    page.route(
        "http://shop.test/**",
        lambda route: route.fulfill(body=html, content_type="text/html"),
    )
    page.goto("http://shop.test/")
    page.wait_for_function("window.__medianHarness && window.__medianHarness.active")
'''

GOOD = (
    SITE
    + """

@pytest.mark.median_device(platform="android", app_version="2.3.0")
def test_login_on_a_v5_build(median_page, median_device, onesignal_app):
    serve(median_page)
    assert median_page.evaluate("median.onesignal.login('alice')") == {"success": True}
    user = onesignal_app.user("alice")
    assert user is not None
    assert user["subscriptions"][0]["id"] == median_device.default.state()["subscription_id"]
"""
)

# A sign-in page that calls login() without checking the app version first.
BROKEN = (
    SITE
    + """

@pytest.mark.median_device(platform="ios", app_version="1.4.0", sdk="legacy")
def test_sign_in_on_an_old_build(median_page):
    serve(median_page, on_ready="median.onesignal.login('alice');")
    median_page.evaluate("window.__medianHarness.idle()")
"""
)


def test_a_suite_using_the_fixtures_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_shop=GOOD)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_login_on_a_legacy_build_fails_naming_the_command_and_version(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_shop=BROKEN)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*median-harness (strict mode): median://onesignal/login is not supported by app "
            "version 1.4.0 (legacy*Check the app version*",
            "*recent bridge calls*",
            "inspector (while the harness runs): http://127.0.0.1:*/_harness/inspector?app_id=*",
        ]
    )


TWO_APPS = """
def test_one(onesignal_app):
    assert onesignal_app.state()["users"] == []


def test_two(onesignal_app, median_device):
    median_device(platform="android")
"""


def test_every_test_app_is_deleted_by_the_end_of_the_session(pytester: pytest.Pytester) -> None:
    """Apps are deleted off the tests' critical path, but none outlives the session."""
    pytester.makepyfile(test_apps=TWO_APPS)
    with serve_in_thread(harness_app()) as server:
        result = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", f"--median-harness-url={server.url}"
        )
        result.assert_outcomes(passed=2)
        client = HarnessClient(server.url)
        try:
            names = [app["name"] for app in client.apps()]
        finally:
            client.close()
    assert names == ["Default app"]


SAME_APP_ID = """
import time

import pytest

import bridge_stub.testkit

deleting = bridge_stub.testkit.AppDeleter._work


def slowly(self):  # the last test's app is still there when the next one starts
    time.sleep(1.0)
    deleting(self)


bridge_stub.testkit.AppDeleter._work = slowly
CONFIG = {"services": {"oneSignalV5": {"active": True,
                                       "applicationId": "5b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"}}}


@pytest.mark.median_app(config=CONFIG)
def test_first(onesignal_app):
    assert onesignal_app.app_id == "5b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"


@pytest.mark.median_app(config=CONFIG)
def test_second(onesignal_app):
    assert onesignal_app.app_id == "5b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
"""


def test_tests_whose_config_names_one_app_id_each_get_it(pytester: pytest.Pytester) -> None:
    """An app is deleted in the background; the next test's app of the same id waits for it."""
    pytester.makepyfile(test_same=SAME_APP_ID)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_lenient_mode_lets_it_pass(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_shop=BROKEN)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--median-harness-lenient")
    result.assert_outcomes(passed=1)


# A page that asks for haptics, on an app whose builds do not include that plugin.
NO_HAPTICS = (
    SITE
    + """

@pytest.mark.median_device(platform="android", app_version="2.1.0")
def test_tap_feedback(median_page):
    serve(median_page, on_ready="median.haptics.trigger({style: 'impactLight'});")
    median_page.evaluate("window.__medianHarness.idle()")


@pytest.mark.median_device(platform="android", app_version="2.1.0")
def test_tap_feedback_with_the_plugin(median_page, onesignal_app, median_device):
    onesignal_app.set_plugins(["onesignal", "haptics"])
    serve(median_page, on_ready="median.haptics.trigger({style: 'impactLight'});")
    median_page.evaluate("window.__medianHarness.idle()")
    assert median_device.default.ui()["last"]["haptics/trigger"] == {"style": "impactLight"}
"""
)


def test_a_command_of_a_missing_plugin_fails_naming_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_shop=NO_HAPTICS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(
        [
            "*median-harness (strict mode): median://haptics/trigger needs the haptics plugin, "
            "which app version 2.1.0 does not include*Give the app that plugin*",
        ]
    )


# A sign-in test on an old build that waits for what login() would have done: a promise, a
# selector, a function. Each must stop at once, not after Playwright's 30 s timeout.
WAITING = (
    SITE
    + """

LOGIN = "median.onesignal.login('alice').then(() => document.body.append('signed in'))"


@pytest.mark.median_device(platform="ios", app_version="1.9.0", sdk="legacy")
def test_waits_on_a_promise(median_page):
    serve(median_page)
    median_page.evaluate(LOGIN.replace(".then(() => document.body.append('signed in'))", ""))


@pytest.mark.median_device(platform="ios", app_version="1.9.0", sdk="legacy")
def test_waits_on_a_selector(median_page):
    serve(median_page, on_ready=LOGIN + ";")
    median_page.wait_for_selector("text=signed in", timeout=30_000)


@pytest.mark.median_device(platform="ios", app_version="1.9.0", sdk="legacy")
def test_waits_on_a_function(median_page):
    serve(median_page, on_ready=LOGIN + ";")
    median_page.wait_for_function("document.body.textContent.includes('signed in')", timeout=30_000)
"""
)


def test_strict_mode_stops_a_waiting_test_at_once_with_its_message_first(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # the short summary is cut at the terminal's width
    pytester.makepyfile(test_shop=WAITING)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-rf", "--durations=0", "--durations-min=0"
    )
    result.assert_outcomes(failed=3)
    first_line = (
        "Failed: median-harness (strict mode): median://onesignal/login is not supported by app "
        "version 1.9.0 (legacy OneSignal SDK, ios)*"
    )
    for name in ("promise", "selector", "function"):
        result.stdout.fnmatch_lines(
            [f"FAILED test_shop.py::test_waits_on_a_{name}* - {first_line}"]
        )
    call_times = [
        float(line.split("s call")[0])
        for line in result.outlines
        if "s call " in line and "test_waits_on" in line
    ]
    assert len(call_times) == 3 and max(call_times) < 5, call_times
    failures = result.stdout.str().split("= FAILURES =")[1]
    sections = failures.split(" test_waits_on_a_")[1:]
    assert len(sections) == 3
    for section in sections:
        first = section.splitlines()[1]
        assert first.startswith("median-harness (strict mode): median://onesignal/login"), section


def test_a_bad_app_config_is_named_with_its_key(pytester: pytest.Pytester) -> None:
    pytester.makefile(".json", appConfig='{"services": {"oneSignalV5": {"active": 1}}}')
    pytester.makepyfile(
        test_shop="""
import pytest

@pytest.mark.median_app(config="appConfig.json")
def test_uses_the_config(onesignal_app):
    pass
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*median_app(config='appConfig.json'): services.oneSignalV5.active: expected true*"]
    )
