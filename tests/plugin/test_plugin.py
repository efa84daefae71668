"""The pytest plugin as a user meets it: a generated test suite run by pytest, in its own
process, against a tiny site of its own."""

from __future__ import annotations

import pytest

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
            "*median-harness (strict mode)*",
            "*median://onesignal/login is not supported by app version 1.4.0 (legacy*",
            "*recent bridge calls*",
        ]
    )


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
            "*median-harness (strict mode)*",
            "*median://haptics/trigger needs the haptics plugin, which app version 2.1.0 does "
            "not include*",
        ]
    )
