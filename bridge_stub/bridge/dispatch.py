"""From a page's message to the simulated app's answer: parse, apply faults, route the
command to the OneSignal SDK or the app core, and log what happened."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bridge_stub.bridge.faults import FaultMode, FaultTable
from bridge_stub.bridge.live_pages import PageHub
from bridge_stub.bridge.messages import BadMessage, BridgeMessage, parse_message
from bridge_stub.bridge.responses import ResponseTable
from bridge_stub.bridge.surface import CORE, CommandSpec, command_spec
from bridge_stub.domain.app_config import config_of
from bridge_stub.domain.backend import AppSession, OneSignalBackend
from bridge_stub.domain.errors import OneSignalError
from bridge_stub.domain.models import Device, OneSignalApp
from bridge_stub.events import EventLog
from bridge_stub.native.answers import SILENT, UNSUPPORTED, Answer, answer, unsupported
from bridge_stub.native.core import UI_FIELDS, record_ui, run_core_command
from bridge_stub.native.infos import device_info
from bridge_stub.native.onesignal import info, run_onesignal_command
from bridge_stub.native.shell import Shell, ShellTable

#: `median://run/<name>` commands the app core answers, by the page global they reply to.
RUN_DEVICE_INFO = ("median_device_info", "gonative_device_info")
RUN_ONESIGNAL_INFO = ("median_onesignal_info", "gonative_onesignal_info")
MAX_LOGGED_DATA_CHARS = 4096
#: The links a device keeps of those it sent out of the app (the newest).
MAX_OPENED_OUTSIDE = 100
MAX_EVENT_NAME_CHARS = 128


#: An answerer's reply and the page callback it goes to (None: the message's own).
Routed = tuple[Answer, str | None]


@dataclass(frozen=True, slots=True)
class Call:
    """One message being answered: the app's session, the device, the message, its page."""

    session: AppSession
    device: Device
    message: BridgeMessage
    page: str

    @property
    def spec(self) -> CommandSpec | None:
        return command_spec(self.message.command)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the app does with one message: call `callback` with `result`, after `delay_ms`,
    or nothing at all (`answered` False)."""

    answered: bool
    callback: str | None = None
    result: Any = None
    delay_ms: int = 0
    unsupported: str | None = None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "answered": self.answered,
            "callback": self.callback,
            "result": self.result,
        }
        if self.delay_ms:
            body["delay_ms"] = self.delay_ms
        if self.unsupported:
            body["unsupported"] = self.unsupported
        return body


class Bridge:
    def __init__(
        self,
        backend: OneSignalBackend,
        events: EventLog,
        faults: FaultTable,
        pages: PageHub,
        shells: ShellTable,
        responses: ResponseTable,
    ) -> None:
        self.backend = backend
        self.events = events
        self.faults = faults
        self.pages = pages
        self.shells = shells
        self.responses = responses
        self.last_seen: dict[str, float] = {}

    def seen(self, device_id: str) -> None:
        """The device's app was used just now (a page loaded the stub or sent a message)."""
        self.last_seen[device_id] = self.backend.clock.now()

    def devices_seen(self) -> set[str]:
        return set(self.last_seen)

    def forget(self, device_id: str) -> None:
        self.last_seen.pop(device_id, None)

    def handle(self, device_id: str, raw: object, page: str = "") -> Outcome:
        """Run one message from a page of `device_id`. Raises BadMessage (logged) when the
        message cannot be read, and NotFound for an unknown device."""
        app = self.backend.app_of_device(device_id)
        self.seen(device_id)
        try:
            message = parse_message(raw)
        except BadMessage as error:
            self.refused(device_id, error.code, error.title, raw)
            raise
        fault = self.faults.take(app.app_id, device_id, message.command)
        if fault is not None and fault.mode is not FaultMode.DELAY:
            outcome = Outcome(answered=False)
            if fault.mode is FaultMode.ERROR and message.callback:
                result = {"success": False, "error": fault.message}
                outcome = Outcome(answered=True, callback=message.callback, result=result)
            self._log(app, device_id, message, outcome, fault=fault.mode.value)
            return outcome

        with self.backend.session(app.app_id) as session:
            device = session.devices.get(device_id)
            reply, default_callback = self._route(session, device, message, page)
            if not reply.supported:
                why = self._log_unsupported(app, device, message, reply.why)
                return Outcome(answered=False, unsupported=why)
        callback = message.callback or default_callback
        outcome = Outcome(answered=False)
        if reply.answered and callback:
            outcome = Outcome(
                answered=True,
                callback=callback,
                result=reply.result,
                delay_ms=fault.ms if fault else 0,
            )
        self._log(app, device_id, message, outcome, fault=fault.mode.value if fault else None)
        return outcome

    def refused(self, device_id: str, code: str, title: str, raw: object) -> None:
        """Log a message that could not be read (malformed, or too large to read at all)."""
        app = self.backend.app_of_device(device_id)
        self.events.record(
            app.app_id, "bad_message", device_id, code=code, error=title, message=_excerpt(raw)
        )

    def page_load(self, device_id: str, page: str, url: str) -> list[dict[str, Any]]:
        """What the app calls on a page once it has loaded, in order: Device Info, OneSignal
        info, library ready (each under its Median and its GoNative name)."""
        app = self.backend.app_of_device(device_id)
        with self.backend.session(app.app_id) as session:
            device = session.devices.get(device_id)
            onesignal = info(session, device, {}).result
            calls: list[dict[str, Any]] = [
                *({"function": name, "args": [device_info(device)]} for name in RUN_DEVICE_INFO),
                *({"function": name, "args": [onesignal]} for name in RUN_ONESIGNAL_INFO),
                {"function": "median_library_ready", "args": []},
                {"function": "gonative_library_ready", "args": []},
            ]
            session.devices.launched(device_id)
        self.events.record(app.app_id, "page_load", device_id, page=page, url=url[:2048])
        self._show_config_ui(app, device_id, url)
        return calls

    def _show_config_ui(self, app: OneSignalApp, device_id: str, url: str) -> None:
        """The app's own menus from its config, as it shows them around a page at `url`:
        the sidebar (until the page sets its own) and the tab menu the URL selects; and
        whether it shows notifications that arrive while it is open (until the page says)."""
        config = config_of(app)
        if config is None:
            return
        tab_menu = config.tab_menu_for(url)
        tabs = {
            "id": tab_menu,
            "items": [item.as_dict() for item in config.tab_menus.get(tab_menu or "", ())],
        }

        def show(shell: Shell) -> None:
            ui = shell.ui
            if config.sidebar and "sidebar" not in ui:
                ui["sidebar"] = {"items": [item.as_dict() for item in config.sidebar]}
            ui.setdefault(
                "foreground_notifications", {"enabled": config.show_foreground_notifications}
            )
            ui["url"] = url[:2048]
            ui["tab_menu"] = tabs if tab_menu is not None else None

        self.shells.change(device_id, show)

    def opened_outside(self, device_id: str, url: str, mode: str, label: str | None) -> None:
        """The page went to a URL the app's link rules send out of the web view: to the
        system browser (`external`) or the in-app browser (`appbrowser`). The page stays
        where it was; the app shows (and the device keeps) where the link went."""
        app = self.backend.app_of_device(device_id)
        opened = {"mode": mode, "url": url, "label": label}

        def keep(shell: Shell) -> None:
            kept = shell.ui.setdefault("opened_outside", [])
            kept.append(opened)
            del kept[:-MAX_OPENED_OUTSIDE]

        self.shells.change(device_id, keep)
        self.events.record(
            app.app_id,
            "link_opened",
            device_id,
            command=f"navigation/{mode}",
            url=url,
            data={"url": url, "label": label},
            answered=False,
        )

    def report(self, device_id: str, kind: str, callback: str, message: str) -> None:
        """A page tells what happened to a callback: missing global, or it threw."""
        app = self.backend.app_of_device(device_id)
        self.events.record(app.app_id, kind, device_id, callback=callback, message=message)

    # -- internals -------------------------------------------------------------------------

    def _route(
        self, session: AppSession, device: Device, message: BridgeMessage, page: str
    ) -> Routed:
        """The app's reply and the callback it calls: the first answerer's that has one, in
        the order a real build decides. A build without the command's plugin never answers,
        whatever is programmed; a programmed answer wins over every modelled one."""
        call = Call(session, device, message, page)
        answerers = (
            self._missing_plugin,
            self._programmed,
            self._onesignal,
            self._infos,
            self._listeners,
            self._unknown,
            self._core,
        )
        for answerer in answerers:
            routed = answerer(call)
            if routed is not None:
                return routed
        raise AssertionError("the core answers every command the table knows")

    def _missing_plugin(self, call: Call) -> Routed | None:
        message, spec = call.message, call.spec
        plugin = "onesignal" if message.host == "onesignal" else (spec.plugin if spec else None)
        if plugin in (None, CORE) or plugin in call.session.app.plugins:
            return None
        return unsupported(
            f"{message.scheme}://{message.command} needs the {plugin} plugin, which app version "
            f"{call.device.app_version} does not include"
        ), None

    def _programmed(self, call: Call) -> Routed | None:
        found = self.responses.take(call.session.app.app_id, call.device.id, call.message.command)
        return None if found is None else (answer(found.result), None)

    def _onesignal(self, call: Call) -> Routed | None:
        message = call.message
        if message.host != "onesignal":
            return None
        path = message.command.removeprefix("onesignal/")
        if message.command in UI_FIELDS:  # what the app shows, such as foreground notifications
            record_ui(call.device, self.shells, message.command, message.data)
        try:
            reply = run_onesignal_command(call.session, call.device, path, message.data)
        except OneSignalError as error:
            reply = answer({"success": False, "error": error.title})
        return reply, "median_onesignal_info" if path == "info" else None

    def _infos(self, call: Call) -> Routed | None:
        """`median://run/median_device_info` and the OneSignal info, called back by name."""
        if call.message.host != "run":
            return None
        name = call.message.command.removeprefix("run/")
        if name in RUN_DEVICE_INFO:
            return answer(device_info(call.device)), name
        if name in RUN_ONESIGNAL_INFO:
            return info(call.session, call.device, {}), name
        return None

    def _listeners(self, call: Call) -> Routed | None:
        if call.message.command not in ("events/subscribe", "events/unsubscribe"):
            return None
        return self._listener(call.device, call.page, call.message.command, call.message.data), None

    def _unknown(self, call: Call) -> Routed | None:
        return (UNSUPPORTED, None) if call.spec is None else None

    def _core(self, call: Call) -> Routed | None:
        """The app core's answer; a command that waits for one the harness has no model of
        gets none, and an event says how to program it."""
        message, device, spec = call.message, call.device, call.spec
        core = run_core_command(device, self.shells, message.command, message.data)
        if core is None and spec is not None and spec.reply.answers:
            self.events.record(
                call.session.app.app_id,
                "unanswered_command",
                device.id,
                command=message.command,
                message=(
                    f"{message.scheme}://{message.command} waits for an answer the harness has "
                    f"no model of: program one with POST /_harness/devices/{device.id}/responses "
                    f'{{"command": "{message.command}", "result": {{...}}}}'
                ),
            )
        return core or SILENT, None

    def _listener(self, device: Device, page: str, command: str, data: dict[str, Any]) -> Answer:
        event_name = data.get("eventName")
        if not isinstance(event_name, str) or not 1 <= len(event_name) <= MAX_EVENT_NAME_CHARS:
            error = f"eventName must be a string of 1 to {MAX_EVENT_NAME_CHARS} characters"
            return answer({"success": False, "error": error})
        if command == "events/subscribe":
            self.pages.subscribe(device.id, page, event_name)
        else:
            self.pages.unsubscribe(device.id, page, event_name)
        return SILENT

    def _log(
        self,
        app: OneSignalApp,
        device_id: str,
        message: BridgeMessage,
        outcome: Outcome,
        fault: str | None = None,
    ) -> None:
        self.events.record(
            app.app_id,
            "bridge_command",
            device_id,
            command=message.command,
            url=message.url[:2048],
            data=_loggable(message.data),
            answered=outcome.answered,
            callback=outcome.callback,
            result=_loggable(outcome.result),
            fault=fault,
        )

    def _log_unsupported(
        self, app: OneSignalApp, device: Device, message: BridgeMessage, why: str | None
    ) -> str:
        default = (
            f"{message.scheme}://{message.command} is not supported by app version "
            f"{device.app_version} ({device.sdk.value} OneSignal SDK, {device.platform.value})"
        )
        self.events.record(
            app.app_id,
            "unsupported_command",
            device.id,
            command=message.command,
            url=message.url[:2048],
            data=_loggable(message.data),
            answered=False,
            app_version=device.app_version,
            sdk=device.sdk.value,
            platform=device.platform.value,
            message=f"{why or default}: the app never answers it, so its promise never settles.",
        )
        return f"{why or default}: the app never answers it."


def _loggable(data: Any) -> Any:
    """`data` as the event log keeps it: whole when small, else only its size."""
    text = json.dumps(data, default=str)
    if len(text) <= MAX_LOGGED_DATA_CHARS:
        return data
    return f"({len(text)} characters, not kept)"


def _excerpt(raw: object) -> str:
    text = raw if isinstance(raw, str) else repr(raw)
    return text if len(text) <= 200 else f"{text[:200]}... ({len(text)} characters)"
