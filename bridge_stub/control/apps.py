"""Control routes for apps and the harness as a whole: apps, reset, state, events, faults."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.app_builds import app_fields, exported_config
from bridge_stub.bodies import BadRequest, read_body, read_text
from bridge_stub.bridge.surface import check_plugins
from bridge_stub.control.common import handles_errors, selected_app_id
from bridge_stub.control.devices import install
from bridge_stub.control.schemas import (
    AppCreate,
    AppUpdate,
    ClockChange,
    DeviceCreate,
    FaultCreate,
    Reset,
    UserAgentBody,
)
from bridge_stub.control.state import app_state, app_view, fault_view
from bridge_stub.control.stub_js import with_bridge_js
from bridge_stub.domain.app_config import read_app_config
from bridge_stub.domain.models import UserAgentSettings
from bridge_stub.json_response import JSONResponse
from bridge_stub.runtime import runtime_of
from bridge_stub.strict import WORDS, strict_message


async def ping(request: Request) -> Response:
    return JSONResponse({"ok": True})


@handles_errors
async def create_app(request: Request) -> Response:
    """`POST /_harness/apps`: a new app, from its fields or its `app_config` (or both: the
    fields win); with `device`, the app installed on a new device too (the app is not made
    if the device cannot be), whose view comes back as `device`."""
    body = await read_body(request, AppCreate)
    fields = {**from_config(body.app_config), **given_fields(body)}
    runtime = runtime_of(request)
    app = runtime.backend.create_app(
        app_id=body.app_id, api_key=body.api_key, legacy_below=body.legacy_below, **fields
    )
    view = app_view(app)
    if body.device is not None:
        try:
            made = DeviceCreate.model_validate({**body.device.model_dump(), "app_id": app.app_id})
            device = install(runtime, made)
        except BaseException:
            runtime.delete_app(app.app_id)
            raise
        view["device"] = with_bridge_js(request, device)
    return JSONResponse(view, status_code=201)


@handles_errors
async def update_app(request: Request) -> Response:
    """`PATCH /_harness/apps/{app_id}`: what App Studio sets for the app's builds."""
    body = await read_body(request, AppUpdate)
    fields = {**from_config(body.app_config), **given_fields(body)}
    app = runtime_of(request).backend.update_app(
        request.path_params["app_id"], legacy_below=body.legacy_below, **fields
    )
    return JSONResponse(app_view(app))


@handles_errors
async def app_config(request: Request) -> Response:
    """`GET /_harness/apps/{app_id}/app-config`: the app's appConfig.json, to take back to
    App Studio."""
    app = runtime_of(request).backend.get_app(request.path_params["app_id"])
    return JSONResponse(exported_config(app))


def from_config(data: dict[str, Any] | None) -> dict[str, Any]:
    return {} if data is None else app_fields(read_app_config(data))


def given_fields(body: AppCreate | AppUpdate) -> dict[str, Any]:
    """The fields the body sets itself (an empty name on create is the default, not a choice)."""
    given = {
        "name": body.name or None,
        "plugins": plugin_names(body.plugins),
        "user_agent": user_agent_settings(body.user_agent),
    }
    return {key: value for key, value in given.items() if value is not None}


def user_agent_settings(body: UserAgentBody | None) -> UserAgentSettings | None:
    return None if body is None else UserAgentSettings(**body.model_dump())


def plugin_names(names: list[str] | None) -> tuple[str, ...] | None:
    if names is None:
        return None
    try:
        return check_plugins(names)
    except ValueError as error:
        raise BadRequest("unknown-plugin", str(error)) from None


@handles_errors
async def list_apps(request: Request) -> Response:
    return JSONResponse({"apps": [app_view(app) for app in runtime_of(request).backend.apps()]})


@handles_errors
async def get_app(request: Request) -> Response:
    app = runtime_of(request).backend.get_app(request.path_params["app_id"])
    return JSONResponse(app_view(app))


@handles_errors
async def delete_app(request: Request) -> Response:
    runtime_of(request).delete_app(request.path_params["app_id"])
    return Response(status_code=204)


@handles_errors
async def reset(request: Request) -> Response:
    body = await read_body(request, Reset)
    return JSONResponse({"reset": runtime_of(request).reset(body.app_id)})


@handles_errors
async def state(request: Request) -> Response:
    backend = runtime_of(request).backend
    with backend.session(selected_app_id(request)) as session:
        return JSONResponse(app_state(session, backend.clock.now()))


@handles_errors
async def events(request: Request) -> Response:
    runtime = runtime_of(request)
    params = request.query_params
    device = params.get("device") or None
    if params.get("app_id"):
        app_id = runtime.backend.get_app(params["app_id"]).app_id
    elif device:
        app_id = runtime.backend.app_of_device(device).app_id
    else:
        app_id = runtime.default_app_id
    try:
        after = int(params.get("after", "0"))
    except ValueError:
        raise BadRequest("invalid-after", "'after' must be an event sequence number.") from None
    found = runtime.events.query(
        app_id, device=device, kind=params.get("kind") or None, after=after
    )
    return JSONResponse({"events": found})


@handles_errors
async def add_fault(request: Request) -> Response:
    runtime = runtime_of(request)
    body = await read_body(request, FaultCreate)
    if body.device:
        app_id = runtime.backend.app_of_device(body.device).app_id
    else:
        app_id = runtime.backend.get_app(body.app_id or runtime.default_app_id).app_id
    fault = runtime.faults.add_fault(
        app_id=app_id,
        command=body.command,
        mode=body.mode,
        device=body.device,
        message=body.message,
        ms=body.ms,
        count=body.count,
    )
    return JSONResponse(fault_view(fault), status_code=201)


@handles_errors
async def list_faults(request: Request) -> Response:
    runtime = runtime_of(request)  # one app's faults: the default app unless named
    faults = runtime.faults.list(runtime.backend.get_app(selected_app_id(request)).app_id)
    return JSONResponse({"faults": [fault_view(f) for f in faults]})


@handles_errors
async def clear_faults(request: Request) -> Response:
    """`DELETE /_harness/faults?app_id=`: the faults of one app (the default app unless
    named), never another test's on a shared server."""
    runtime = runtime_of(request)
    runtime.faults.clear(runtime.backend.get_app(selected_app_id(request)).app_id)
    return Response(status_code=204)


@handles_errors
async def strict_report(request: Request) -> Response:
    """`GET /_harness/apps/{app_id}/strict?package=pytest|npm`: strict mode's failure message
    for what the app's pages sent that it never answers (`message` is null when nothing)."""
    runtime = runtime_of(request)
    app = runtime.backend.get_app(request.path_params["app_id"])
    package = request.query_params.get("package", "pytest")
    if package not in WORDS:
        raise BadRequest("invalid-package", "package must be 'pytest' or 'npm'.")
    unsupported = runtime.events.query(app.app_id, kind="unsupported_command")
    message = strict_message(unsupported, "npm" if package == "npm" else "pytest")
    return JSONResponse({"message": message, "unsupported": len(unsupported)})


@handles_errors
async def clock(request: Request) -> Response:
    """`GET|POST /_harness/clock {"advance_seconds"} | {"now"}`: the harness's time; moving
    it forward delivers the scheduled notifications that fall due."""
    runtime = runtime_of(request)
    if request.method == "POST":
        body = await read_body(request, ClockChange)
        now = runtime.backend.clock.now()
        step = body.advance_seconds if body.now is None else body.now - now
        if step is None:
            raise BadRequest("clock-change-missing", "Give advance_seconds or now.")
        runtime.backend.advance_clock(step)
        runtime.scheduler.clock_moved()
        await run_in_threadpool(runtime.scheduler.tick)  # delivered when the answer comes
    return JSONResponse({"now": runtime.backend.clock.now()})


#: A CSV file of 100,000 users is a few megabytes.
MAX_IMPORT_BYTES = 64 * 1024 * 1024


@handles_errors
async def import_users(request: Request) -> Response:
    """`POST /_harness/apps/{app_id}/import` (body: a CSV file in OneSignal's format)."""
    runtime = runtime_of(request)
    app = runtime.backend.get_app(request.path_params["app_id"])
    text = await read_text(request, limit=MAX_IMPORT_BYTES)
    report = await run_in_threadpool(runtime.backend.import_users, app.app_id, text)
    return JSONResponse(report.as_dict())
