"""The routes a page's stub talks to: the stub itself, commands, page loads, the event
stream that carries calls from the app to the page, and callback reports."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from bridge_stub.bodies import BadRequest, read_body, read_text
from bridge_stub.bridge.messages import MAX_MESSAGE_CHARS
from bridge_stub.control.access import without_token
from bridge_stub.control.common import handles_errors
from bridge_stub.control.devices import install
from bridge_stub.control.schemas import CallbackReport, DeviceCreate, LinkOpened, PageLoad
from bridge_stub.control.stub_js import TRUE, device_stub, stub_script
from bridge_stub.domain.errors import CodedError, TooManyRequests
from bridge_stub.domain.models import Platform
from bridge_stub.json_response import JSONResponse
from bridge_stub.runtime import runtime_of

DEVICE_COOKIE = "median_harness_device"
KEEPALIVE_SECONDS = 15.0


def page_id(request: Request) -> str:
    return request.query_params.get("page", "")[:64]


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
    script = device_stub(runtime, endpoint, device_id, force=force, in_web_view=in_web_view)
    response = Response(script, media_type="application/javascript", headers=headers)
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
    connections per host, and a stream per open page would use them all up. The page's
    first message reports its load (as `page-load` does, without a request of its own);
    the first answer is what the app calls on the loaded page, and only then does the page
    join the device's live pages."""
    runtime = runtime_of(websocket)
    device_id = websocket.path_params["device_id"]
    if runtime.backend.locate_device(device_id) is None:
        await websocket.close(code=4404, reason="No such device.")
        return
    await websocket.accept()
    page = websocket.query_params.get("page", "")[:64]
    try:
        loaded = PageLoad.model_validate_json(await websocket.receive_text())
        calls = runtime.bridge.page_load(device_id, page, without_token(loaded.url))
    except WebSocketDisconnect:
        return
    except (ValidationError, KeyError, CodedError):
        # Not a page load (or the device is gone meanwhile): nothing for this socket.
        await websocket.close(code=4400, reason="The first message reports the page's load.")
        return
    try:
        await websocket.send_text(json.dumps({"calls": calls}))
    except WebSocketDisconnect:
        return  # the page went before its answer
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
