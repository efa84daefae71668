"""What the app core answers, from the device and its shell: permission status, clipboard,
connectivity, keyboard, sidebar and App Tracking Transparency; and the UI commands that
change what the app shows (kept on the shell, recorded in the event log by the dispatcher).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bridge_stub.domain.models import Device, Platform, PushPermission
from bridge_stub.native.answers import CALLBACK_KEYS, SILENT, Answer, answer, unsupported
from bridge_stub.native.shell import PERMISSIONS, Shell, ShellTable

PUSH_STATE = {
    PushPermission.GRANTED: "granted",
    PushPermission.DENIED: "denied",
    PushPermission.NOT_DETERMINED: "undetermined",
}
SCREEN = {"ios": {"width": 390, "height": 844}, "android": {"width": 412, "height": 915}}

#: UI commands whose data becomes one field of what the app shows.
UI_FIELDS = {
    "share/sharePage": "last_share",
    "statusbar/set": "statusbar",
    "statusbar/matchBodyBackgroundColor": "statusbar_matches_body",
    "sidebar/setItems": "sidebar",
    "tabs/setTabs": "tabs",
    "navigationTitles/set": "navigation_titles",
    "navigationLevels/set": "navigation_levels",
    "navigationMaxWindows/set": "max_windows",
    "config/set": "config",
    "contextMenu/setEnabled": "context_menu_enabled",
    "contextMenu/setLinkActions": "context_menu_link_actions",
    "internalExternal/set": "internal_external",
    "keyboard/showAccessoryView": "keyboard_accessory_view",
    "window/setWindowOpenHideNavbar": "window_open_hide_navbar",
    "ios/contextualNavToolbar/set": "contextual_nav_toolbar",
    "onesignal/enableForegroundNotifications": "foreground_notifications",
}
#: UI commands that add to a list the app keeps (windows opened, files downloaded...).
UI_LISTS = {
    "window/open": "windows_opened",
    "window/close": "windows_closed",
    "share/downloadFile": "downloads",
    "share/downloadImage": "downloads",
    "open/app-settings": "app_settings_opened",
    "webview/clearCache": "webview_actions",
    "webview/clearCookies": "webview_actions",
    "webview/reload": "webview_actions",
}

Handler = Callable[[Device, ShellTable, Mapping[str, Any]], Answer]


def permission_status(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    asked = data.get("permissions")
    names = [n for n in asked if isinstance(n, str)] if isinstance(asked, list) else PERMISSIONS
    shell = shells.read(device.id)
    return answer({name: permission_of(device, shell, name) for name in names})


def permission_of(device: Device, shell: Shell, name: str) -> str:
    if name == "Notifications":
        return PUSH_STATE[device.push_permission]
    return shell.permissions.get(name, "undetermined")


def clipboard_get(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    return answer({"data": shells.read(device.id).clipboard})


def clipboard_set(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    text = data.get("data")
    shells.change(
        device.id, lambda shell: setattr(shell, "clipboard", "" if text is None else str(text))
    )
    return SILENT


def connectivity_state(shell: Shell) -> dict[str, Any]:
    return {"connected": shell.connected, "type": shell.connection_type}


def connectivity_get(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    return answer(connectivity_state(shells.read(device.id)))


def connectivity_subscribe(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    callback = data.get("callback")
    if isinstance(callback, str):
        shells.change(device.id, lambda shell: shell.connectivity_callbacks.add(callback))
    return answer(connectivity_state(shells.read(device.id)))


def connectivity_unsubscribe(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    shells.change(device.id, lambda shell: shell.connectivity_callbacks.clear())
    return SILENT


def keyboard_info(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    screen = SCREEN[device.platform.value]
    return answer(
        {
            "visible": False,
            "keyboardWindowSize": {"width": screen["width"], "height": 0},
            "visibleWindowSize": dict(screen),
        }
    )


def sidebar_items(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    sidebar = shells.read(device.id).ui.get("sidebar") or {}
    items = sidebar.get("items") if isinstance(sidebar, dict) else None
    enabled = (
        bool(sidebar.get("enabled", items is not None)) if isinstance(sidebar, dict) else False
    )
    return answer([{"active": enabled, "items": items, "name": "default"}])


def att_status(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    shell = shells.read(device.id)
    return answer({"granted": permission_of(device, shell, "AppTrackingTransparency") == "granted"})


def att_request(device: Device, shells: ShellTable, data: Mapping[str, Any]) -> Answer:
    """The system prompt shows while the answer is undetermined; the simulated person allows."""

    def ask(shell: Shell) -> None:
        if shell.permissions.get("AppTrackingTransparency", "undetermined") == "undetermined":
            shell.permissions["AppTrackingTransparency"] = "granted"

    shells.change(device.id, ask)
    return att_status(device, shells, data)


HANDLERS: dict[str, Handler] = {
    "permissions/status": permission_status,
    "clipboard/get": clipboard_get,
    "clipboard/set": clipboard_set,
    "connectivity/get": connectivity_get,
    "connectivity/subscribe": connectivity_subscribe,
    "connectivity/unsubscribe": connectivity_unsubscribe,
    "keyboard/info": keyboard_info,
    "sidebar/getItems": sidebar_items,
    "ios/attconsent/status": att_status,
    "ios/attconsent/request": att_request,
}


def run_core_command(
    device: Device, shells: ShellTable, command: str, data: Mapping[str, Any]
) -> Answer | None:
    """The core's reply to `command`, or None when the core has no model of it (the
    dispatcher then uses a programmed answer, or none)."""
    if command.startswith("ios/") and device.platform is not Platform.IOS:
        return unsupported(f"median://{command} is an iOS command; Android builds never answer it")
    handler = HANDLERS.get(command)
    if handler is not None:
        return handler(device, shells, data)
    record_ui(device, shells, command, data)
    return None


def record_ui(device: Device, shells: ShellTable, command: str, data: Mapping[str, Any]) -> None:
    """Keep what a UI command changes on the app's shell."""
    values = {k: v for k, v in data.items() if k not in CALLBACK_KEYS}

    def change(shell: Shell) -> None:
        ui = shell.ui
        if command in UI_FIELDS:
            ui[UI_FIELDS[command]] = values
        elif command in UI_LISTS:
            ui.setdefault(UI_LISTS[command], []).append({"command": command, **values})
        elif command == "navigationTitles/setCurrent":
            ui["title"] = values.get("title")
        elif command.startswith("tabs/select/"):
            ui["selected_tab"] = command.removeprefix("tabs/select/")
        elif command == "tabs/deselect":
            ui["selected_tab"] = None
        elif command.startswith("screen/"):
            ui.setdefault("screen", {})[command.removeprefix("screen/")] = values or True
        else:
            ui.setdefault("last", {})[command] = values

    shells.change(device.id, change)
