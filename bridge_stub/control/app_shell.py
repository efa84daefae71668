"""Control routes for what the simulated app does beside OneSignal: the commands the pages
sent, the UI they changed, programmed answers, native events into the page, connectivity."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.bodies import read_body
from bridge_stub.bridge.responses import ProgrammedAnswer
from bridge_stub.bridge.scoped import normalize_command
from bridge_stub.control.common import handles_errors
from bridge_stub.control.schemas import ConnectivityChange, NativeEvent, ProgrammedAnswerCreate
from bridge_stub.json_response import JSONResponse
from bridge_stub.native.core import connectivity_state
from bridge_stub.runtime import Runtime, runtime_of


def device_app(runtime: Runtime, request: Request) -> tuple[str, str]:
    """The device in the path and its app's id (404 for an unknown device)."""
    device_id: str = request.path_params["device_id"]
    return device_id, runtime.backend.app_of_device(device_id).app_id


@handles_errors
async def commands(request: Request) -> Response:
    """`GET /_harness/devices/{id}/commands?prefix=share/`: what the pages sent, newest last."""
    runtime = runtime_of(request)
    device_id, app_id = device_app(runtime, request)
    prefix = normalize_command(request.query_params.get("prefix", ""))
    sent = [
        {"seq": e["seq"], "command": e["command"], "data": e["data"], "answered": e["answered"]}
        for e in runtime.events.query(app_id, device=device_id)
        if e["kind"] in ("bridge_command", "unsupported_command", "link_opened")
        and e["command"].startswith(prefix)
    ]  # fmt: skip
    return JSONResponse({"commands": sent})


@handles_errors
async def ui(request: Request) -> Response:
    """What the simulated app shows: title, status bar, tabs, sidebar, last share..."""
    runtime = runtime_of(request)
    device_id, _ = device_app(runtime, request)
    shell = runtime.shells.read(device_id)
    return JSONResponse(
        {
            **shell.ui,
            "clipboard": shell.clipboard,
            "connectivity": connectivity_state(shell),
            "permissions": shell.permissions,
        }
    )


@handles_errors
async def fire_event(request: Request) -> Response:
    """`POST /_harness/devices/{id}/events {"name", "data"}`: the app calls the page's
    listeners of a native event (`_median_app_resumed`, `_median_url_changed`, ...)."""
    runtime = runtime_of(request)
    body = await read_body(request, NativeEvent)
    device_id, app_id = device_app(runtime, request)
    pages = runtime.pages.fire(device_id, body.name, body.data)
    runtime.events.record(app_id, "native_event", device_id, name=body.name, pages=pages)
    return JSONResponse({"name": body.name, "delivered_to_pages": pages})


@handles_errors
async def set_connectivity(request: Request) -> Response:
    """Change the device's connection; pages subscribed with `connectivity.subscribe` hear."""
    runtime = runtime_of(request)
    body = await read_body(request, ConnectivityChange)
    device_id, app_id = device_app(runtime, request)

    def change(shell: Any) -> tuple[dict[str, Any], list[str]]:
        shell.connected, shell.connection_type = body.connected, body.type
        return connectivity_state(shell), sorted(shell.connectivity_callbacks)

    state, callbacks = runtime.shells.change(device_id, change)
    pages = runtime.pages.call(device_id, [{"function": c, "args": [state]} for c in callbacks])
    runtime.events.record(app_id, "connectivity", device_id, **state, pages=pages)
    return JSONResponse({**state, "subscribers": len(callbacks), "delivered_to_pages": pages})


async def program(request: Request, device_id: str | None) -> Response:
    runtime = runtime_of(request)
    body = await read_body(request, ProgrammedAnswerCreate)
    if device_id is not None:
        app_id = runtime.backend.app_of_device(device_id).app_id
    else:
        app_id = runtime.backend.get_app(body.app_id or runtime.default_app_id).app_id
    made = runtime.responses.program(
        app_id=app_id, command=body.command, result=body.result, device=device_id, count=body.count
    )
    return JSONResponse(asdict(made), status_code=201)


def answers_view(found: list[ProgrammedAnswer]) -> Response:
    return JSONResponse({"responses": [asdict(a) for a in found]})


@handles_errors
async def program_for_device(request: Request) -> Response:
    runtime = runtime_of(request)
    device_id, _ = device_app(runtime, request)
    return await program(request, device_id)


@handles_errors
async def program_for_app(request: Request) -> Response:
    return await program(request, None)


@handles_errors
async def device_answers(request: Request) -> Response:
    runtime = runtime_of(request)
    device_id, app_id = device_app(runtime, request)
    return answers_view(runtime.responses.list(app_id, device_id))


@handles_errors
async def app_answers(request: Request) -> Response:
    runtime = runtime_of(request)
    app_id = runtime.backend.get_app(request.query_params.get("app_id") or runtime.default_app_id)
    return answers_view(runtime.responses.list(app_id.app_id))


@handles_errors
async def clear_device_answers(request: Request) -> Response:
    runtime = runtime_of(request)
    device_id, app_id = device_app(runtime, request)
    runtime.responses.clear(app_id, device_id)
    return Response(status_code=204)


@handles_errors
async def clear_app_answers(request: Request) -> Response:
    runtime = runtime_of(request)
    app_id = runtime.backend.get_app(request.query_params.get("app_id") or runtime.default_app_id)
    runtime.responses.clear(app_id.app_id)
    return Response(status_code=204)
