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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from bridge_stub.asgi import runtime_of_app
from bridge_stub.browser import LOCAL_NETWORK_ARGS, launch_overrides
from bridge_stub.client import HarnessClient
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.server import in_memory_harness, serve_in_thread

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page


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


RECENT_EVENTS = 25


def unsupported_message(events: list[dict[str, Any]]) -> str:
    lines = [
        "median-harness (strict mode): the page sent commands this build's OneSignal SDK does "
        "not support; inside the real app their promises would never settle:"
    ]
    lines += [f"  - {e['message']}" for e in events]
    lines.append(
        "Check the app version before calling them (Device Info), or mark the test "
        "@pytest.mark.median_lenient / run with --median-harness-lenient."
    )
    return "\n".join(lines)


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
    """Strict mode, and the app's recent bridge calls in a failing test's report."""
    report = yield
    app = getattr(item, "funcargs", {}).get("onesignal_app")
    if call.when != "call" or not isinstance(app, AppUnderTest):
        return report
    try:
        events = app.events()
    except Exception:  # the harness may be gone; the test's own outcome matters more
        return report
    lenient = item.config.getoption("--median-harness-lenient") or item.get_closest_marker(
        "median_lenient"
    )
    unsupported = [e for e in events if e["kind"] == "unsupported_command"]
    if unsupported and not lenient and report.passed:
        report.outcome = "failed"
        report.longrepr = unsupported_message(unsupported)
    if report.failed:
        report.sections.append(("median-harness: recent bridge calls", describe_events(events)))
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


@dataclass
class HarnessServer:
    """A running harness: its URL, a control client, and (when in process) its backend."""

    url: str
    client: HarnessClient
    backend: OneSignalBackend | None = None


@pytest.fixture(scope="session")
def median_harness(pytestconfig: pytest.Config) -> Iterator[HarnessServer]:
    url = pytestconfig.getoption("--median-harness-url")
    if url:
        client = HarnessClient(url)
        yield HarnessServer(url, client)
        client.close()
        return
    asgi_app = in_memory_harness()
    with serve_in_thread(asgi_app) as server:
        client = HarnessClient(server.url)
        yield HarnessServer(server.url, client, runtime_of_app(asgi_app).backend)
        client.close()


@dataclass
class AppUnderTest:
    """The test's own OneSignal app: nothing in it is shared with other tests.

    `rest` is an httpx client for the simulated OneSignal REST API, with the app's key; an
    official client works too, pointed at `url` with `api_key`.
    """

    app_id: str
    api_key: str
    legacy_below: str | None
    client: HarnessClient
    rest: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.rest = httpx.Client(
            base_url=self.url, headers={"Authorization": f"Key {self.api_key}"}, timeout=10.0
        )

    @property
    def url(self) -> str:
        return self.client.url

    def send_notification(self, **fields: Any) -> dict[str, Any]:
        """POST /notifications for this app (contents default to a test message)."""
        body = {"app_id": self.app_id, "contents": {"en": "Test notification"}, **fields}
        response = self.rest.post("/notifications", json=body)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def state(self) -> dict[str, Any]:
        return self.client.state(self.app_id)

    def events(self, kind: str | None = None, device: str | None = None) -> list[dict[str, Any]]:
        return self.client.events(self.app_id, device=device, kind=kind)

    def user(self, external_id: str) -> dict[str, Any] | None:
        """The user whose external_id is this, from the app's state."""
        return next(
            (u for u in self.state()["users"] if u["identity"].get("external_id") == external_id),
            None,
        )


@pytest.fixture
def onesignal_app(
    median_harness: HarnessServer, pytestconfig: pytest.Config, request: pytest.FixtureRequest
) -> Iterator[AppUnderTest]:
    legacy_below = pytestconfig.getoption("--median-harness-legacy-below")
    created = median_harness.client.create_app(
        name=request.node.nodeid[-200:], legacy_below=legacy_below
    )
    app = AppUnderTest(
        created["app_id"], created["api_key"], created["legacy_below"], median_harness.client
    )
    yield app
    app.rest.close()
    median_harness.client.delete_app(created["app_id"])


@dataclass
class SimulatedDevice:
    """One install of the app: its id and the harness calls that act on it."""

    id: str
    platform: str
    app: AppUnderTest

    @property
    def client(self) -> HarnessClient:
        return self.app.client

    def state(self) -> dict[str, Any]:
        return self.client.device(self.id)

    def info(self) -> dict[str, Any]:
        return self.client.device_info(self.id)

    def reinstall(self) -> dict[str, Any]:
        return self.client.reinstall(self.id)

    def upgrade(self, app_version: str, sdk: str | None = None) -> dict[str, Any]:
        return self.client.upgrade(self.id, app_version, sdk)

    def set_permission(self, push_permission: str) -> dict[str, Any]:
        return self.client.set_permission(self.id, push_permission)

    def command(self, message: str | dict[str, Any]) -> dict[str, Any]:
        return self.client.command(self.id, message)

    def notifications(self) -> list[dict[str, Any]]:
        return self.client.notifications(self.id)

    def push(self, **fields: Any) -> dict[str, Any]:
        return self.client.push(self.id, **fields)

    def open_notification(self, notification_id: str) -> dict[str, Any]:
        return self.client.open_notification(self.id, notification_id)

    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        return self.client.events(self.app.app_id, device=self.id, kind=kind)

    def bridge_js(self, force: bool = False) -> str:
        return self.client.bridge_js(self.id, force=force)


@dataclass
class DeviceFactory:
    """`median_device(platform="android", app_version="1.4.0")` installs the app on a new
    simulated device; `median_device.default` is the one `median_page` uses."""

    app: AppUnderTest
    request: pytest.FixtureRequest
    marker_kwargs: dict[str, Any] = field(default_factory=dict)
    created: list[SimulatedDevice] = field(default_factory=list)
    _default: SimulatedDevice | None = None

    def __call__(
        self,
        platform: str = "ios",
        app_version: str = "2.0.0",
        sdk: str | None = None,
        push_permission: str = "granted",
        requires_privacy_consent: bool = False,
        **fields: Any,
    ) -> SimulatedDevice:
        body = {
            "app_id": self.app.app_id,
            "platform": platform,
            "app_version": app_version,
            "sdk": sdk,
            "push_permission": push_permission,
            "requires_privacy_consent": requires_privacy_consent,
            **fields,
        }
        made = self.app.client.create_device(**{k: v for k, v in body.items() if v is not None})
        device = SimulatedDevice(made["id"], made["platform"], self.app)
        self.created.append(device)
        return device

    @property
    def default(self) -> SimulatedDevice:
        if self._default is None:
            self._default = self(**self.marker_kwargs)
        return self._default

    def install_stub(self, context: BrowserContext, device: SimulatedDevice) -> None:
        """Every page of `context` gets the stub for `device`, before any page script."""
        context.add_init_script(script=device.bridge_js())

    def new_page(self, device: SimulatedDevice) -> Page:
        """A page in a new browser context bound to `device` (a second phone, say)."""
        context: BrowserContext = self.request.getfixturevalue("new_context")()
        self.install_stub(context, device)
        return context.new_page()


@pytest.fixture
def median_device(onesignal_app: AppUnderTest, request: pytest.FixtureRequest) -> DeviceFactory:
    marker = request.node.get_closest_marker("median_device")
    return DeviceFactory(onesignal_app, request, dict(marker.kwargs) if marker else {})


@pytest.fixture
def median_page(context: BrowserContext, median_device: DeviceFactory) -> Page:
    median_device.install_stub(context, median_device.default)
    return context.new_page()
