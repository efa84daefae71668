"""The stub's JavaScript: its source, read once, and the script bound to one device."""

from __future__ import annotations

import functools
import json
from typing import Any

from starlette.requests import Request

from bridge_stub.bridge.surface import stub_table_json
from bridge_stub.domain.web_view import web_view
from bridge_stub.resources import static_dir
from bridge_stub.runtime import Runtime, runtime_of

CONFIG_PLACEHOLDER = "/*__MEDIAN_HARNESS_CONFIG__*/ null"
TABLE_PLACEHOLDER = '/*__MEDIAN_HARNESS_TABLE__*/ { names: [], rows: "[]" }'
LIBRARY_PLACEHOLDER = "/*__MEDIAN_HARNESS_LIBRARY__*/"
TRUE = ("1", "true", "yes")


def stub_script(
    endpoint: str,
    device_id: str | None,
    platform: str,
    force: bool,
    key: str | None = None,
    web_view: dict[str, Any] | None = None,
    links: list[dict[str, Any]] | None = None,
) -> str:
    """The stub's JavaScript bound to one device, with the key its routes ask of pages of
    another origin. With `web_view` (the harness runs the page as the app's web view), the
    stub gives the page the web view's `navigator.vendor` and `platform` and never stands
    aside for the app's user agent (and gives pages of the URLs the app's `user_agent_rules`
    name their user agent). `links` are the app's link rules, which the stub applies to the
    page's navigations. Safe to inline in a <script> element."""
    config = json.dumps(
        {
            "endpoint": endpoint,
            "device": device_id,
            "key": key,
            "platform": platform,
            "force": force,
            "webView": web_view,
            "links": links or [],
        }
    ).replace("<", "\\u003c")
    return stub_source().replace(CONFIG_PLACEHOLDER, config)


@functools.cache
def stub_source() -> str:
    """The stub's JavaScript with the command table in it (one request per page: no more)."""
    source = (static_dir() / "bridge_stub.js").read_text(encoding="utf-8")
    library = (static_dir() / "median_library.js").read_text(encoding="utf-8")
    return source.replace(LIBRARY_PLACEHOLDER, library).replace(
        TABLE_PLACEHOLDER, stub_table_json()
    )


def device_stub(
    runtime: Runtime, endpoint: str, device_id: str, force: bool = False, in_web_view: bool = False
) -> str:
    """The stub bound to an installed device, with its key and its app's link rules; with
    `in_web_view`, for a page the harness runs as the app's web view."""
    app = runtime.backend.app_of_device(device_id)
    with runtime.backend.session(app.app_id) as session:
        device = session.devices.get(device_id)
    runtime.bridge.seen(device.id)
    view = web_view(app, device)
    shown = None
    if in_web_view:
        shown = {
            "vendor": view["vendor"],
            "platform": view["navigator_platform"],
            "userAgentRules": view["user_agent_rules"],
        }
    key = runtime.device_keys.key(device.id)
    return stub_script(endpoint, device.id, device.platform.value, force, key, shown, view["links"])


def with_bridge_js(request: Request, view: dict[str, Any]) -> dict[str, Any]:
    """A device's view, and with `?bridge_js=1` the stub the fixtures install in its browser
    context (as the app's web view), so that one call gives them both."""
    if request.query_params.get("bridge_js", "") in TRUE:
        endpoint = str(request.base_url).rstrip("/")
        view["bridge_js"] = device_stub(runtime_of(request), endpoint, view["id"], in_web_view=True)
    return view
