"""The routes a page's stub talks to: the stub itself, commands, page loads, the event
stream that carries calls from the app to the page, and callback reports."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from bridge_stub.bodies import BadRequest, read_body, read_text
from bridge_stub.bridge.messages import MAX_MESSAGE_CHARS
from bridge_stub.bridge.surface import stub_table_json
from bridge_stub.control.access import without_token
from bridge_stub.control.common import handles_errors
from bridge_stub.control.devices import install
from bridge_stub.control.schemas import CallbackReport, DeviceCreate, LinkOpened, PageLoad
from bridge_stub.domain.errors import TooManyRequests
from bridge_stub.domain.models import Platform
from bridge_stub.domain.web_view import web_view
from bridge_stub.json_response import JSONResponse
from bridge_stub.resources import static_dir
from bridge_stub.runtime import runtime_of

DEVICE_COOKIE = "median_harness_device"
CONFIG_PLACEHOLDER = "/*__MEDIAN_HARNESS_CONFIG__*/ null"
SURFACE_PLACEHOLDER = "/*__MEDIAN_HARNESS_SURFACE__*/ []"
LIBRARY_PLACEHOLDER = "/*__MEDIAN_HARNESS_LIBRARY__*/"
KEEPALIVE_SECONDS = 15.0
TRUE = ("1", "true", "yes")


def page_id(request: Request) -> str:
    return request.query_params.get("page", "")[:64]


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
        SURFACE_PLACEHOLDER, stub_table_json()
    )


def loaded_by_a_page(request: Request) -> bool:
    """A browser loading the stub as a page's script (not HEAD, not curl or a test's fetch)."""
    return request.method == "GET" and request.headers.get("sec-fetch-dest") == "script"


def same_origin_load(request: Request) -> bool:
    """Whether a page of the harness's own origin loads the stub (or no browser does)."""
    return request.headers.get("sec-fetch-site", "same-origin") == "same-origin"


def cookie_device(request: Request) -> str:
    """The device the browser's cookie names, for the harness's own pages only: a page of
    another origin (even another port of the same host, which shares cookies) never gets
    the developer's device by loading the stub."""
    return (request.cookies.get(DEVICE_COOKIE) or "") if same_origin_load(request) else ""


@handles_errors
async def bridge_js(request: Request) -> Response:
    """`/_harness/bridge.js?device=<id>`: with no device, the cookie's; a page loading it in a
    browser for the first time installs a new default device. Anyone else (HEAD, tools) gets
    a stub that stands aside, and no device is made."""
    runtime = runtime_of(request)
    params = request.query_params
    device_id = params.get("device") or cookie_device(request)
    platform = params.get("platform") or ""
    if platform and platform not in {p.value for p in Platform}:
        raise BadRequest("invalid-platform", "platform must be 'ios' or 'android'.")
    created = False
    if device_id and runtime.backend.locate_device(device_id) is None:
        if params.get("device"):
            runtime.backend.app_of_device(device_id)  # raises NotFound for a named device
        device_id = ""
    force = params.get("force", "") in TRUE
    in_web_view = params.get("web_view", "") in TRUE
    endpoint = str(request.base_url).rstrip("/")
    headers = {"Cache-Control": "no-store"}
    if not device_id and not loaded_by_a_page(request):
        script = stub_script(endpoint, None, platform or "ios", force)
        return Response(script, media_type="application/javascript", headers=headers)
    if not device_id:
        if not same_origin_load(request) and not runtime.foreign_installs.take():
            wait = runtime.foreign_installs.seconds_until_next()
            raise TooManyRequests(
                "too-many-installs",
                "Pages of other origins are installing new devices faster than "
                f"{runtime.foreign_installs.rate:g} a second; try again in {wait:.1f} s, or "
                "load the stub with ?device=<id> for a device you made.",
            )
        body = DeviceCreate(platform=Platform(platform or "ios"))
        device_id = str(install(runtime, body)["id"])
        created = True
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
    response = Response(
        stub_script(
            endpoint,
            device.id,
            device.platform.value,
            force,
            runtime.device_keys.key(device.id),
            shown,
            view["links"],
        ),
        media_type="application/javascript",
        headers=headers,
    )
    if created or request.cookies.get(DEVICE_COOKIE) != device_id:
        response.set_cookie(DEVICE_COOKIE, device_id, samesite="lax", httponly=False)
    return response


@handles_errors
async def command(request: Request) -> Response:
    """A message the page posted to the native bridge. The body is the message itself."""
    bridge = runtime_of(request).bridge
    device_id = request.path_params["device_id"]
    try:
        text = await read_text(request, limit=4 * MAX_MESSAGE_CHARS)
    except BadRequest as error:
        bridge.refused(device_id, error.code, error.title, "(not read)")
        raise
    outcome = bridge.handle(device_id, text, page_id(request))
    return JSONResponse(outcome.as_dict())


@handles_errors
async def page_load(request: Request) -> Response:
    body = await read_body(request, PageLoad)
    calls = runtime_of(request).bridge.page_load(
        request.path_params["device_id"], page_id(request), without_token(body.url)
    )
    return JSONResponse({"calls": calls})


@handles_errors
async def report(request: Request) -> Response:
    body = await read_body(request, CallbackReport)
    runtime_of(request).bridge.report(
        request.path_params["device_id"], body.kind, body.callback, body.message
    )
    return Response(status_code=204)


@handles_errors
async def link_opened(request: Request) -> Response:
    body = await read_body(request, LinkOpened)
    runtime_of(request).bridge.opened_outside(
        request.path_params["device_id"], without_token(body.url), body.mode, body.label
    )
    return Response(status_code=204)


@handles_errors
async def stream(request: Request) -> Response:
    """Server-sent events to one page: calls the app makes into it (push opened)."""
    runtime = runtime_of(request)
    device_id = request.path_params["device_id"]
    runtime.backend.app_of_device(device_id)
    page = page_id(request)
    queue = runtime.pages.connect(device_id, page)

    async def events() -> AsyncIterator[str]:
        try:
            yield ": connected\n\n"
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), timeout=KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": keepalive\n\n"
                    continue
                if message is None:
                    return
                yield f"data: {json.dumps(message)}\n\n"
        finally:
            runtime.pages.disconnect(device_id, page)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )


async def socket(websocket: WebSocket) -> None:
    """The same calls as `stream`, over a WebSocket: browsers keep at most six HTTP/1.1
    connections per host, and a stream per open page would use them all up."""
    runtime = runtime_of(websocket)
    device_id = websocket.path_params["device_id"]
    if runtime.backend.locate_device(device_id) is None:
        await websocket.close(code=4404, reason="No such device.")
        return
    await websocket.accept()
    page = websocket.query_params.get("page", "")[:64]
    queue = runtime.pages.connect(device_id, page)
    closed = asyncio.ensure_future(_until_closed(websocket))
    try:
        while True:
            message = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait({message, closed}, return_when=asyncio.FIRST_COMPLETED)
            if closed in done or message.result() is None:
                message.cancel()
                break
            await websocket.send_text(json.dumps(message.result()))
    except WebSocketDisconnect:
        pass
    finally:
        closed.cancel()
        runtime.pages.disconnect(device_id, page)
        if websocket.client_state is WebSocketState.CONNECTED:
            with contextlib.suppress(RuntimeError, WebSocketDisconnect):
                await websocket.close()  # the page may have gone meanwhile


async def _until_closed(websocket: WebSocket) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
