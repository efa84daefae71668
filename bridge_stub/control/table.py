"""The control API (`/_harness`), as one table: each operation's method, path, endpoint, body
model, whether pages of any origin may use it (the bridge stub's routes), and the fixture
methods that call it in both packages (`device.reinstall` is `SimulatedDevice.reinstall` in
Python and in npm; `app.set_plugins` is `AppUnderTest.set_plugins` / `OneSignalApp.setPlugins`).

The routes, `/openapi.json`'s control half, the access rules' list of stub routes and both
packages' coverage tests are built from it: a new control route is one row here.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from starlette.routing import BaseRoute, Route, WebSocketRoute

from bridge_stub.calibration import Recording
from bridge_stub.control import app_shell, apps, calibrations, devices, pages, stub_routes
from bridge_stub.control import schemas as s
from bridge_stub.control.access import StubRoutes

#: Who may call an operation: `control` (loopback or token, same origin or token), `page`
#: (any origin; with the device's key when the path names a device).
Caller = Literal["control", "page"]
#: What the body is when it is not a JSON model.
Content = Literal["json", "text", "csv", "none"]


@dataclass(frozen=True)
class ControlOperation:
    method: str
    path: str
    endpoint: Callable[..., Awaitable[Any]]
    summary: str
    body: type[BaseModel] | None = None
    content: Content = "json"
    caller: Caller = "control"
    fixtures: tuple[str, ...] = ()
    websocket: bool = False

    @property
    def full_path(self) -> str:
        return f"/_harness{self.path}"


DEVICE = "/devices/{device_id}"
Op = ControlOperation

OPERATIONS: list[ControlOperation] = [
    # -- the harness and its apps -----------------------------------------------------------
    Op("GET", "/ping", apps.ping, "Is the harness up", caller="page"),
    Op("POST", "/apps", apps.create_app,
       "Create an app (from its fields or its appConfig.json), and a device with it",
      s.AppCreate),
    Op("GET", "/apps", apps.list_apps, "List the apps"),
    Op("GET", "/apps/{app_id}", apps.get_app, "View an app"),
    Op("PATCH", "/apps/{app_id}", apps.update_app, "Change what App Studio sets for its builds",
      s.AppUpdate, fixtures=("app.set_plugins",)),
    Op("DELETE", "/apps/{app_id}", apps.delete_app, "Delete an app and all it holds"),
    Op("GET", "/apps/{app_id}/app-config", apps.app_config, "Export the app's appConfig.json"),
    Op("POST", "/apps/{app_id}/import", apps.import_users, "Import users from OneSignal's CSV",
      content="csv"),
    Op("POST", "/reset", apps.reset, "Empty one app, or every app", s.Reset),
    Op("GET", "/state.json", apps.state, "An app's whole simulated state",
      fixtures=("app.state", "app.user")),
    Op("GET", "/apps/{app_id}/strict", apps.strict_report,
       "Strict mode's failure message for what the app never answered"),
    Op("GET", "/events", apps.events, "The event log, oldest first",
      fixtures=("app.events", "device.events")),
    Op("POST", "/faults", apps.add_fault, "Make a command fail, hang or answer late",
      s.FaultCreate),
    Op("GET", "/faults", apps.list_faults, "List the faults"),
    Op("DELETE", "/faults", apps.clear_faults, "Clear the faults"),
    Op("GET", "/clock", apps.clock, "The harness's time"),
    Op("POST", "/clock", apps.clock, "Move the harness's time forward", s.ClockChange),
    # -- devices ----------------------------------------------------------------------------
    Op("POST", "/devices/forget-idle", devices.forget_idle, "Remove devices no page has used",
      s.ForgetIdle),
    Op("POST", "/devices", devices.create_device,
       "Install the app on a new simulated device (?bridge_js=1: with its stub)", s.DeviceCreate),
    Op("GET", "/devices", devices.list_devices, "List an app's devices"),
    Op("GET", DEVICE, devices.get_device,
       "View a device, with its app's web view (?bridge_js=1: and its stub)",
      fixtures=("device.state", "device.web_view")),
    Op("DELETE", DEVICE, devices.delete_device, "Uninstall the app from a device"),
    Op("GET", f"{DEVICE}/info", devices.device_infos, "What Device Info and OneSignal info say",
      fixtures=("device.info",)),
    Op("POST", f"{DEVICE}/reinstall", devices.reinstall, "Reinstall the app",
      fixtures=("device.reinstall",)),
    Op("POST", f"{DEVICE}/upgrade", devices.upgrade, "Install a newer build", s.Upgrade,
      fixtures=("device.upgrade",)),
    Op("POST", f"{DEVICE}/permission", devices.permission, "Set push or another permission",
      s.PermissionChange, fixtures=("device.set_permission",)),
    Op("GET", f"{DEVICE}/notifications", devices.list_notifications, "The device's tray",
      fixtures=("device.notifications",)),
    Op("POST", f"{DEVICE}/notifications", devices.push_to_device, "Push to this device",
      s.PushToDevice, fixtures=("device.push",)),
    Op("POST", f"{DEVICE}/notifications/{{notification_id}}/open", devices.open_notification,
      "Open a notification from the tray", fixtures=("device.open_notification",)),
    # -- the app around the page ------------------------------------------------------------
    Op("GET", f"{DEVICE}/commands", app_shell.commands, "What the pages sent, newest last",
      fixtures=("device.commands",)),
    Op("GET", f"{DEVICE}/ui", app_shell.ui, "What the app shows beside the page",
      fixtures=("device.ui",)),
    Op("POST", f"{DEVICE}/events", app_shell.fire_event, "Call the pages' listeners of an event",
      s.NativeEvent, fixtures=("device.fire",)),
    Op("POST", f"{DEVICE}/connectivity", app_shell.set_connectivity, "Go on or off line",
      s.ConnectivityChange, fixtures=("device.set_connectivity",)),
    Op("POST", f"{DEVICE}/responses", app_shell.program_for_device,
      "Program this device's answer to a command", s.ProgrammedAnswerCreate,
      fixtures=("device.respond",)),
    Op("GET", f"{DEVICE}/responses", app_shell.device_answers, "This device's programmed answers"),
    Op("DELETE", f"{DEVICE}/responses", app_shell.clear_device_answers,
      "Forget this device's programmed answers"),
    Op("POST", "/responses", app_shell.program_for_app,
      "Program every device's answer to a command", s.ProgrammedAnswerCreate,
      fixtures=("app.respond",)),
    Op("GET", "/responses", app_shell.app_answers, "An app's programmed answers"),
    Op("DELETE", "/responses", app_shell.clear_app_answers, "Forget an app's programmed answers"),
    # -- calibration ------------------------------------------------------------------------
    Op("POST", "/calibrations", calibrations.create, "Compare a real app's recording", Recording),
    Op("GET", "/calibrations", calibrations.listing, "List the calibrations"),
    Op("GET", "/calibrations/{calibration_id}", calibrations.report, "A calibration's report"),
    Op("GET", "/calibrations/{calibration_id}/recording", calibrations.recording,
      "A calibration's recording"),
    # -- the harness's pages ----------------------------------------------------------------
    Op("GET", f"{DEVICE}/phone", pages.phone, "The device's phone page"),
    Op("GET", "/inspector", pages.inspector, "The inspector"),
    Op("GET", "/bridge", pages.bridge_explorer, "The bridge explorer"),
    Op("GET", "/calibrate", pages.calibrate, "The calibration page"),
    # -- the bridge stub's own routes: any page may use them --------------------------------
    Op("GET", "/bridge.js", stub_routes.bridge_js, "The bridge stub", caller="page"),
    Op("POST", f"{DEVICE}/commands", stub_routes.command, "A message a page posted to the app",
      content="text", caller="page", fixtures=("device.command",)),
    Op("POST", f"{DEVICE}/page-load", stub_routes.page_load, "A page has loaded", s.PageLoad,
      content="text", caller="page"),
    Op("POST", f"{DEVICE}/reports", stub_routes.report, "What became of a callback",
      s.CallbackReport, content="text", caller="page"),
    Op("POST", f"{DEVICE}/links", stub_routes.link_opened,
      "A link the app's rules opened outside the web view", s.LinkOpened, content="text",
      caller="page"),
    Op("GET", f"{DEVICE}/stream", stub_routes.stream, "Calls from the app (event stream)",
      caller="page"),
    Op("GET", f"{DEVICE}/socket", stub_routes.socket, "Calls from the app (WebSocket)",
      caller="page", websocket=True),
]  # fmt: skip


def control_routes() -> list[BaseRoute]:
    """The Starlette routes, in the table's order (one route per path and method)."""
    found: list[BaseRoute] = []
    for op in OPERATIONS:
        if op.websocket:
            found.append(WebSocketRoute(op.path, op.endpoint))
        else:
            found.append(Route(op.path, op.endpoint, methods=[op.method]))
    return found


def page_routes() -> StubRoutes:
    """The access rules' list of what pages of any origin may use: the `page` rows."""
    open_paths: list[str] = []
    of_device: dict[str, list[str]] = {}
    for op in OPERATIONS:
        if op.caller != "page":
            continue
        if op.path.startswith(f"{DEVICE}/"):
            of_device.setdefault(op.method, []).append(re.escape(op.path[len(DEVICE) + 1 :]))
        else:
            open_paths.append(re.escape(op.full_path))
    return StubRoutes(
        open=re.compile(f"(?:{'|'.join(open_paths)})$"),
        of_device={
            method: re.compile(rf"/_harness/devices/([^/]+)/(?:{'|'.join(names)})$")
            for method, names in of_device.items()
        },
    )
