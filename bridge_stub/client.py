"""A small Python client for the `/_harness` control API (used by the pytest plugin)."""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable
from typing import Any

import httpx


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for the process's clients: building one (loading the CA bundle) takes
    longer than a test's whole setup, and every new httpx client would build its own."""
    return httpx.create_ssl_context()


class HarnessError(RuntimeError):
    """The harness refused a control call; `status` and `errors` say why."""

    def __init__(self, status: int, errors: list[Any]) -> None:
        first = errors[0] if errors else {}
        title = first.get("title", str(first)) if isinstance(first, dict) else str(first)
        super().__init__(f"HTTP {status}: {title}")
        self.status = status
        self.errors = errors


class HarnessClient:
    def __init__(self, url: str, token: str | None = None, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        #: Called with the device after each reinstall made through this client.
        self.reinstall_listeners: list[Callable[[dict[str, Any]], None]] = []
        headers = {"X-Harness-Token": token} if token else {}
        self.http = httpx.Client(
            base_url=f"{self.url}/_harness", headers=headers, timeout=timeout, verify=tls_context()
        )

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, path, **kwargs)
        if response.status_code >= 400:
            try:
                errors = response.json().get("errors", [])
            except ValueError:
                errors = [response.text]
            raise HarnessError(response.status_code, errors)
        if response.status_code == 204 or not response.content:
            return None
        if response.headers.get("content-type", "").startswith("application/json"):
            return response.json()
        return response.text

    # -- apps and the harness --------------------------------------------------------------

    def ping(self) -> bool:
        return bool(self._call("GET", "/ping")["ok"])

    def create_app(self, bridge_js: bool = False, **fields: Any) -> dict[str, Any]:
        """A new app; with `device={...}` it is installed on a new device in the same call
        (its view is the answer's `device`, with its stub too if `bridge_js`)."""
        result: dict[str, Any] = self._call(
            "POST", "/apps", json=fields, params=_stub_param(bridge_js)
        )
        return result

    def apps(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._call("GET", "/apps")["apps"]
        return result

    def update_app(self, app_id: str, **fields: Any) -> dict[str, Any]:
        result: dict[str, Any] = self._call("PATCH", f"/apps/{app_id}", json=fields)
        return result

    def delete_app(self, app_id: str) -> None:
        self._call("DELETE", f"/apps/{app_id}")

    def reset(self, app_id: str | None = None) -> None:
        self._call("POST", "/reset", json={"app_id": app_id} if app_id else {})

    def state(self, app_id: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/state.json", params=_params(app_id=app_id))
        return result

    def events(
        self,
        app_id: str | None = None,
        device: str | None = None,
        kind: str | None = None,
        after: int = 0,
    ) -> list[dict[str, Any]]:
        params = _params(app_id=app_id, device=device, kind=kind, after=after or None)
        result: list[dict[str, Any]] = self._call("GET", "/events", params=params)["events"]
        return result

    def strict_message(self, app_id: str, package: str = "pytest") -> str | None:
        """Strict mode's failure for the app, in the package's words (None: nothing failed)."""
        message: str | None = self._call(
            "GET", f"/apps/{app_id}/strict", params={"package": package}
        )["message"]
        return message

    def add_fault(self, command: str, mode: str, **fields: Any) -> dict[str, Any]:
        result: dict[str, Any] = self._call(
            "POST", "/faults", json={"command": command, "mode": mode, **fields}
        )
        return result

    def clear_faults(self, app_id: str | None = None) -> None:
        self._call("DELETE", "/faults", params=_params(app_id=app_id))

    # -- devices ---------------------------------------------------------------------------

    def create_device(self, bridge_js: bool = False, **fields: Any) -> dict[str, Any]:
        """A new device's view; with `bridge_js`, its stub for the app's web view beside it."""
        result: dict[str, Any] = self._call(
            "POST", "/devices", json=fields, params=_stub_param(bridge_js)
        )
        return result

    def device(self, device_id: str, bridge_js: bool = False) -> dict[str, Any]:
        """The device's view; with `bridge_js`, its stub for the app's web view beside it."""
        result: dict[str, Any] = self._call(
            "GET", f"/devices/{device_id}", params=_stub_param(bridge_js)
        )
        return result

    def device_info(self, device_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", f"/devices/{device_id}/info")
        return result

    def reinstall(self, device_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call("POST", f"/devices/{device_id}/reinstall")
        for listener in list(self.reinstall_listeners):
            listener(result)
        return result

    def upgrade(self, device_id: str, app_version: str, sdk: str | None = None) -> dict[str, Any]:
        body = _params(app_version=app_version, sdk=sdk)
        result: dict[str, Any] = self._call("POST", f"/devices/{device_id}/upgrade", json=body)
        return result

    def set_permission(
        self, device_id: str, push_permission: str | None = None, **permission: str
    ) -> dict[str, Any]:
        """The push permission, or `permission=NAME, status=STATE` for another one."""
        body = {"push_permission": push_permission} if push_permission else dict(permission)
        result: dict[str, Any] = self._call("POST", f"/devices/{device_id}/permission", json=body)
        return result

    def commands(self, device_id: str, prefix: str = "") -> list[dict[str, Any]]:
        """The commands the device's pages sent (`prefix` like `share/`), newest last."""
        path = f"/devices/{device_id}/commands"
        result: list[dict[str, Any]] = self._call("GET", path, params={"prefix": prefix})[
            "commands"
        ]
        return result

    def ui(self, device_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", f"/devices/{device_id}/ui")
        return result

    def respond(
        self,
        command: str,
        result: Any,
        *,
        device_id: str | None = None,
        app_id: str | None = None,
        count: int | None = None,
    ) -> dict[str, Any]:
        """Program the answer to `command` on one device, or on every device of an app."""
        body = _params(command=command, result=result, count=count, app_id=app_id)
        body["result"] = result
        path = f"/devices/{device_id}/responses" if device_id else "/responses"
        made: dict[str, Any] = self._call("POST", path, json=body)
        return made

    def fire(self, device_id: str, name: str, data: Any = None) -> dict[str, Any]:
        """A native event into the device's pages (`_median_app_resumed`, ...)."""
        body = {"name": name, "data": data}
        result: dict[str, Any] = self._call("POST", f"/devices/{device_id}/events", json=body)
        return result

    def set_connectivity(
        self, device_id: str, connected: bool, type: str = "wifi"
    ) -> dict[str, Any]:
        body = {"connected": connected, "type": type}
        path = f"/devices/{device_id}/connectivity"
        result: dict[str, Any] = self._call("POST", path, json=body)
        return result

    def command(self, device_id: str, message: str | dict[str, Any]) -> dict[str, Any]:
        """Act as the page: post one bridge message, get what the app answers."""
        if isinstance(message, dict):
            response = self._call("POST", f"/devices/{device_id}/commands", json=message)
        else:
            response = self._call("POST", f"/devices/{device_id}/commands", content=message)
        result: dict[str, Any] = response
        return result

    def notifications(self, device_id: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._call("GET", f"/devices/{device_id}/notifications")[
            "notifications"
        ]
        return result

    def push(self, device_id: str, **fields: Any) -> dict[str, Any]:
        result: dict[str, Any] = self._call(
            "POST", f"/devices/{device_id}/notifications", json=fields
        )
        return result

    def open_notification(self, device_id: str, notification_id: str) -> dict[str, Any]:
        path = f"/devices/{device_id}/notifications/{notification_id}/open"
        result: dict[str, Any] = self._call("POST", path)
        return result

    def bridge_js(self, device_id: str, force: bool = False, web_view: bool = False) -> str:
        """The stub bound to a device; `web_view` for a page the harness runs as the app's."""
        params = _params(
            device=device_id, force="1" if force else None, web_view="1" if web_view else None
        )
        result: str = self._call("GET", "/bridge.js", params=params)
        return result


def device_fields(**fields: Any) -> dict[str, Any]:
    """A device's fields for the harness, those given only: what is not given is the
    harness's default (iOS, 2.0.0, ...), decided in one place."""
    return {key: value for key, value in fields.items() if value is not None}


def _stub_param(bridge_js: bool) -> dict[str, str]:
    return {"bridge_js": "1"} if bridge_js else {}


def _params(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
