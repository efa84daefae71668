"""median-harness's pytest plugin, registered through the `pytest11` entry point.

Fixtures: `median_harness` (a running harness), `onesignal_app` (a fresh app per test),
`median_device` (a factory of simulated installs) and `median_page` (a Playwright page whose
context has the bridge stub installed for a device). Markers: `median_device(...)` with the
factory's arguments, for the device `median_page` uses, and `median_lenient` for a test that
means to send commands a build does not support. It is a thin layer over the public control
API.

Strict mode (the default; `--median-harness-lenient` turns it off) fails a test whose pages
sent a command the build's SDK does not support: the real app would never have answered it.
A failing test's report shows the app's recent bridge calls and their results.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bridge_stub.browser import LOCAL_NETWORK_ARGS, launch_overrides
from bridge_stub.client import HarnessClient, HarnessError, device_fields
from bridge_stub.domain.app_config import read_app_config_text
from bridge_stub.domain.errors import InvalidInput
from bridge_stub.server import harness_app, serve_in_thread
from bridge_stub.testkit import AppUnderTest, DeviceFactory, HarnessServer

if TYPE_CHECKING:
    from playwright.sync_api import Page


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("median-harness", "median-harness (simulated Median app)")
    group.addoption(
        "--median-harness-url",
        default=None,
        help="use the harness already running at this URL instead of starting one",
    )
    group.addoption(
        "--median-harness-lenient",
        action="store_true",
        default=False,
        help="do not fail tests that send commands a build's SDK does not support",
    )
    group.addoption(
        "--median-harness-legacy-below",
        default=None,
        metavar="VERSION",
        help="each test's app: builds older than VERSION carry the legacy OneSignal SDK",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "median_device(**kwargs): the simulated device median_page uses "
        "(platform, app_version, sdk, push_permission, requires_privacy_consent, ...)",
    )
    config.addinivalue_line(
        "markers",
        "median_lenient: this test may send commands a build's SDK does not support",
    )
    config.addinivalue_line(
        "markers",
        "median_app(config=PATH): the test's app is built from App Studio's appConfig.json "
        "(a path, relative to the test's file or the rootdir, or the parsed JSON)",
    )


def marked_app_config(request: pytest.FixtureRequest) -> dict[str, Any] | None:
    """The appConfig.json a `median_app(config=...)` marker names, parsed and checked."""
    marker = request.node.get_closest_marker("median_app")
    given = marker.kwargs.get("config") if marker else None
    if given is None or isinstance(given, dict):
        return given
    path = Path(given)
    if not path.is_absolute():
        beside_test = Path(request.node.path).parent / path
        path = beside_test if beside_test.exists() else request.config.rootpath / path
    try:
        return read_app_config_text(path.read_text(encoding="utf-8")).data
    except OSError as error:
        pytest.fail(f"median_app(config={given!r}): cannot read it: {error}", pytrace=False)
    except InvalidInput as error:
        pytest.fail(f"median_app(config={given!r}): {error.title}", pytrace=False)


RECENT_EVENTS = 25
#: The default device's view, when `onesignal_app` made it with the app.
PREMADE_DEVICE = pytest.StashKey[dict[str, Any] | None]()


def marked_device(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The default device's fields, from the `median_device(...)` marker."""
    marker = request.node.get_closest_marker("median_device")
    return dict(marker.kwargs) if marker else {}


def strict_failure(item: pytest.Item) -> str | None:
    """The strict-mode message for a test whose pages sent unsupported commands, if any."""
    app = getattr(item, "funcargs", {}).get("onesignal_app")
    if not isinstance(app, AppUnderTest) or is_lenient(item):
        return None
    try:
        return app.client.strict_message(app.app_id, "pytest")
    except Exception:  # the harness may be gone; the test's own outcome matters more
        return None


def is_lenient(item: pytest.Item) -> bool:
    return bool(
        item.config.getoption("--median-harness-lenient")
        or item.get_closest_marker("median_lenient")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Strict mode: a test whose pages sent an unsupported command fails with that message
    first, whether it passed, or was stopped waiting (its page is closed at once)."""
    try:
        result = yield
    except BaseException as error:
        message = strict_failure(item)
        if message is None or isinstance(error, KeyboardInterrupt):
            raise
        stopped = str(error).splitlines()[0] if str(error) else ""
        raise pytest.fail.Exception(
            f"{message}\n(the test was stopped: {type(error).__name__}: {stopped})",
            pytrace=False,
        ) from None
    message = strict_failure(item)
    if message is not None:
        pytest.fail(message, pytrace=False)
    return result


def describe_events(events: list[dict[str, Any]]) -> str:
    lines = []
    for event in events[-RECENT_EVENTS:]:
        what = event.get("command") or event.get("path") or event.get("url") or ""
        if event["kind"] == "bridge_command":
            outcome = json.dumps(event["result"]) if event["answered"] else "(no answer)"
            what = f"{what} -> {outcome}"
        elif event["kind"] == "rest_call":
            what = f"{event['method']} {what} -> {event['status']}"
        elif "message" in event or "error" in event:
            what = f"{what} {event.get('message') or event.get('error')}".strip()
        device = (event.get("device") or "-")[:8]
        line = f"#{event['seq']} {event['kind']} device {device}: {what}"
        lines.append(line if len(line) <= 200 else line[:199] + "…")
    return "\n".join(lines) or "(no bridge calls)"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """The app's recent bridge calls, and where its inspector is, in a failing test's report."""
    report = yield
    app = getattr(item, "funcargs", {}).get("onesignal_app")
    if call.when != "call" or not isinstance(app, AppUnderTest) or not report.failed:
        return report
    try:
        events = app.events()
    except Exception:  # the harness may be gone; the test's own outcome matters more
        return report
    if report.failed:
        inspector = f"{app.url}/_harness/inspector?app_id={app.app_id}"
        calls = f"inspector (while the harness runs): {inspector}\n{describe_events(events)}"
        report.sections.append(("median-harness: recent bridge calls", calls))
    return report


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> Generator[None, Any, Any]:
    """Let pytest-playwright's Chromium reach the harness from any page, and use the
    system's Chromium when Playwright's own is not installed."""
    result = yield
    if fixturedef.argname == "browser_type_launch_args" and isinstance(result, dict):
        browser_type = request.getfixturevalue("browser_type")
        if browser_type.name == "chromium":
            own = Path(browser_type.executable_path)
            extra = {} if "channel" in result else launch_overrides(own)
            args = [*result.get("args", []), *extra.pop("args", []), *LOCAL_NETWORK_ARGS]
            result.update({**extra, **result, "args": args})
    return result


@pytest.fixture(scope="session")
def median_harness(pytestconfig: pytest.Config) -> Iterator[HarnessServer]:
    url = pytestconfig.getoption("--median-harness-url")
    if url:
        running = HarnessServer(url, HarnessClient(url))
        yield running
        running.close()
        return
    asgi_app = harness_app()
    with serve_in_thread(asgi_app) as server:
        running = HarnessServer(server.url, HarnessClient(server.url))
        yield running
        running.close()


@pytest.fixture
def onesignal_app(
    median_harness: HarnessServer, pytestconfig: pytest.Config, request: pytest.FixtureRequest
) -> Iterator[AppUnderTest]:
    legacy_below = pytestconfig.getoption("--median-harness-legacy-below")
    # A test on `median_page` gets its app and the default device (with its stub) in one call.
    on_a_page = "median_page" in request.fixturenames
    device = device_fields(**marked_device(request)) if on_a_page else None
    fields = {
        "name": request.node.nodeid[-200:],
        "legacy_below": legacy_below,
        "app_config": marked_app_config(request),
        "device": device,
    }
    try:
        created = median_harness.client.create_app(bridge_js=device is not None, **fields)
    except HarnessError as error:
        if error.status != 409:
            raise
        # The config names the app's id, and the last test's app with it is still going.
        median_harness.deleter.settle()
        created = median_harness.client.create_app(bridge_js=device is not None, **fields)
    app = AppUnderTest(
        created["app_id"], created["api_key"], created["legacy_below"], median_harness.client
    )
    request.node.stash[PREMADE_DEVICE] = created.get("device")
    yield app
    app.rest.close()
    median_harness.deleter.delete(created["app_id"])  # off the next test's critical path


@pytest.fixture
def median_device(onesignal_app: AppUnderTest, request: pytest.FixtureRequest) -> DeviceFactory:
    return DeviceFactory(
        onesignal_app,
        request,
        marked_device(request),
        strict=not is_lenient(request.node),
        premade=request.node.stash.get(PREMADE_DEVICE, None),
    )


@pytest.fixture
def median_page(median_device: DeviceFactory) -> Page:
    """A page of the default device's app: its web view's user agent, screen and storage."""
    return median_device.new_page(median_device.default)
