"""What the test fixtures hand to tests, as plain objects over the control-API client: the
running harness, the test's own OneSignal app, simulated devices and their factory."""

from __future__ import annotations

import contextlib
import queue
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from bridge_stub.app_context import InstallStorage, context_options, route_user_agents
from bridge_stub.client import HarnessClient, device_fields, tls_context

#: The page global the stub calls with the reason when the app would never answer.
STRICT_BINDING = "__medianHarnessStrict"


def close_page(source: dict[str, Any], reason: str) -> None:
    source["page"].close()


if TYPE_CHECKING:
    import pytest
    from playwright.sync_api import BrowserContext, Page


class AppDeleter:
    """Deletes the tests' apps off their critical path: one thread, with a control client of
    its own, works through the apps it is given; `close()` waits until all are gone."""

    def __init__(self, client: HarnessClient) -> None:
        self._client = HarnessClient(client.url, client.token)
        self._apps: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="median-harness apps", daemon=True)
        self._thread.start()

    def delete(self, app_id: str) -> None:
        self._apps.put(app_id)

    def settle(self) -> None:
        """Wait until every app given so far is deleted (a new app may reuse an id)."""
        self._apps.join()

    def close(self) -> None:
        self._apps.put(None)
        self._thread.join()
        self._client.close()

    def _work(self) -> None:
        while (app_id := self._apps.get()) is not None:
            # The harness may be gone; nothing is left to clean then.
            with contextlib.suppress(Exception):
                self._client.delete_app(app_id)
            self._apps.task_done()


@dataclass
class HarnessServer:
    """A running harness: its URL, a control client, and what deletes the tests' apps."""

    url: str
    client: HarnessClient
    deleter: AppDeleter = field(init=False)

    def __post_init__(self) -> None:
        self.deleter = AppDeleter(self.client)

    def close(self) -> None:
        """Wait for the apps' deletion, then close the client."""
        self.deleter.close()
        self.client.close()


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
            base_url=self.url,
            headers={"Authorization": f"Key {self.api_key}"},
            timeout=10.0,
            verify=tls_context(),
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

    def set_plugins(self, plugins: list[str]) -> dict[str, Any]:
        """The native plugins this app's builds include (the core bridge is always there)."""
        return self.client.update_app(self.app_id, plugins=plugins)

    def respond(self, command: str, result: Any, count: int | None = None) -> dict[str, Any]:
        """Program every device of this app to answer `command` with `result`."""
        return self.client.respond(command, result, app_id=self.app_id, count=count)

    def user(self, external_id: str) -> dict[str, Any] | None:
        """The user whose external_id is this, from the app's state."""
        return next(
            (u for u in self.state()["users"] if u["identity"].get("external_id") == external_id),
            None,
        )


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
        """A new install: a new installation id and subscription, and the web storage of the
        device's pages (cookies, localStorage, IndexedDB, for every origin) is empty."""
        return self.client.reinstall(self.id)

    def web_view(self) -> dict[str, Any]:
        """The app's web view: user agent, vendor, screen (from the harness)."""
        view: dict[str, Any] = self.state()["web_view"]
        return view

    def upgrade(self, app_version: str, sdk: str | None = None) -> dict[str, Any]:
        return self.client.upgrade(self.id, app_version, sdk)

    def set_permission(
        self, push_permission: str | None = None, **permission: str
    ) -> dict[str, Any]:
        """`set_permission("denied")` for push; `set_permission(permission="Camera",
        status="granted")` for another permission."""
        return self.client.set_permission(self.id, push_permission, **permission)

    def commands(self, prefix: str = "") -> list[dict[str, Any]]:
        """What the pages sent through the bridge, newest last: `commands("share/")`."""
        return self.client.commands(self.id, prefix)

    def respond(self, command: str, result: Any, count: int | None = None) -> dict[str, Any]:
        """Program this device's app to answer `command` with `result`."""
        return self.client.respond(command, result, device_id=self.id, count=count)

    def fire(self, name: str, data: Any = None) -> dict[str, Any]:
        """The app calls the pages' listeners of a native event."""
        return self.client.fire(self.id, name, data)

    def ui(self) -> dict[str, Any]:
        """What the simulated app shows: title, status bar, tabs, sidebar, last share..."""
        return self.client.ui(self.id)

    def set_connectivity(self, connected: bool, type: str = "wifi") -> dict[str, Any]:
        return self.client.set_connectivity(self.id, connected, type)

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

    def bridge_js(self, force: bool = False, web_view: bool = False) -> str:
        return self.client.bridge_js(self.id, force=force, web_view=web_view)


@dataclass
class DeviceFactory:
    """`median_device(platform="android", app_version="1.4.0")` installs the app on a new
    simulated device; `median_device.default` is the one `median_page` uses."""

    app: AppUnderTest
    request: pytest.FixtureRequest
    marker_kwargs: dict[str, Any] = field(default_factory=dict)
    strict: bool = False
    #: The default device's view (with its stub) when it was made with the app.
    premade: dict[str, Any] | None = None
    _default: SimulatedDevice | None = None
    _views: dict[str, dict[str, Any]] = field(default_factory=dict)
    _contexts: dict[str, BrowserContext] = field(default_factory=dict)
    _storage: dict[str, InstallStorage] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A reinstall through the control client (the device's own, or any other call on
        # it) empties the install's storage before the call returns.
        listeners = self.app.client.reinstall_listeners
        listeners.append(self._reinstalled)
        self.request.addfinalizer(lambda: listeners.remove(self._reinstalled))

    def _reinstalled(self, device: dict[str, Any]) -> None:
        storage = self._storage.get(device["id"])
        if storage is not None:
            storage.follow(device["installation_id"])

    def __call__(
        self,
        platform: str | None = None,
        app_version: str | None = None,
        sdk: str | None = None,
        push_permission: str | None = None,
        requires_privacy_consent: bool | None = None,
        **fields: Any,
    ) -> SimulatedDevice:
        body = device_fields(
            platform=platform,
            app_version=app_version,
            sdk=sdk,
            push_permission=push_permission,
            requires_privacy_consent=requires_privacy_consent,
            **fields,
        )
        made = self.app.client.create_device(app_id=self.app.app_id, **body)
        return SimulatedDevice(made["id"], made["platform"], self.app)

    @property
    def default(self) -> SimulatedDevice:
        if self._default is None and self.premade is not None:
            self._default = SimulatedDevice(self.premade["id"], self.premade["platform"], self.app)
            self._views[self._default.id] = self.premade
        if self._default is None:
            self._default = self(**self.marker_kwargs)
        return self._default

    def install_stub(
        self,
        context: BrowserContext,
        device: SimulatedDevice,
        web_view: dict[str, Any] | None = None,
        script: str | None = None,
    ) -> None:
        """Every page of `context` gets the stub for `device`, before any page script, as
        the app's web view (its `navigator.vendor` and `platform`; never standing aside for
        the app's user agent). In strict mode a page that sends an unsupported command is
        closed at once, so a test waiting on it stops within moments instead of timing out.
        `web_view` and `script` (the stub) are the harness's, if the caller has them."""
        if self.strict and not getattr(context, "_median_strict", False):
            context.expose_binding(STRICT_BINDING, close_page)
            context._median_strict = True  # type: ignore[attr-defined]
        context.add_init_script(script=script or device.bridge_js(web_view=True))
        route_user_agents(context, web_view or device.web_view())

    def context(self, device: SimulatedDevice) -> BrowserContext:
        """The browser context of the device's install: its pages share it, as the pages of
        an app share its web view's storage, and a reinstall (from the fixtures, the control
        API or the phone page) empties it. It looks like the app's web view (user agent,
        screen, touch) except where the test's `browser_context_args` say otherwise."""
        known = self._contexts.get(device.id)
        if known is not None:
            self._storage[device.id].follow(device.state()["installation_id"])
            return known
        # One call for the device's web view and its stub (none if it was made with the app).
        view = self._views.pop(device.id, None) or device.client.device(device.id, bridge_js=True)
        own = self.request.getfixturevalue("browser_context_args")  # the test's own win
        options = {k: v for k, v in context_options(view["web_view"]).items() if k not in own}
        context: BrowserContext = self.request.getfixturevalue("new_context")(**options)
        self.install_stub(context, device, view["web_view"], view["bridge_js"])
        self._storage[device.id] = InstallStorage(
            context, self.app.client, device.id, view["installation_id"]
        )
        self._contexts[device.id] = context
        return context

    def new_page(self, device: SimulatedDevice) -> Page:
        """A page of `device`'s app (a second phone, say): pages of one device share its
        install's storage."""
        return self.context(device).new_page()
