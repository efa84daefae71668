"""Control routes for simulated devices: install, reinstall, upgrade, permission, pushes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.bodies import read_body
from bridge_stub.control.common import device_session, handles_errors, selected_app_id
from bridge_stub.control.schemas import (
    DeviceCreate,
    ForgetIdle,
    PermissionChange,
    PushToDevice,
    Upgrade,
)
from bridge_stub.control.state import device_view, notification_state
from bridge_stub.control.stub_js import with_bridge_js
from bridge_stub.domain.devices import DeviceSpec
from bridge_stub.domain.errors import Conflict
from bridge_stub.domain.notifications import Message
from bridge_stub.json_response import JSONResponse
from bridge_stub.native.infos import device_info
from bridge_stub.native.onesignal import info
from bridge_stub.runtime import Runtime, runtime_of


def install(runtime: Runtime, body: DeviceCreate) -> dict[str, Any]:
    """Install the app on a new simulated device; returns its view."""
    if body.id is not None and runtime.backend.locate_device(body.id) is not None:
        raise Conflict("device-exists", f"A device with id {body.id!r} already exists.")
    spec = DeviceSpec(
        id=body.id,
        platform=body.platform,
        app_version=body.app_version,
        sdk=body.sdk,
        push_permission=body.push_permission,
        prompt_response=body.prompt_response,
        requires_privacy_consent=body.requires_privacy_consent,
        language=body.language,
        time_zone=body.time_zone,
        model=body.model,
        os_version=body.os_version,
        distribution=body.distribution,
        build=body.build,
    )
    with runtime.backend.session(body.app_id or runtime.default_app_id) as session:
        return device_view(session, session.devices.install(spec))


@handles_errors
async def create_device(request: Request) -> Response:
    body = await read_body(request, DeviceCreate)
    view = install(runtime_of(request), body)
    return JSONResponse(with_bridge_js(request, view), status_code=201)


@handles_errors
async def list_devices(request: Request) -> Response:
    with runtime_of(request).backend.session(selected_app_id(request)) as session:
        views = [device_view(session, d) for d in session.records.devices()]
    return JSONResponse({"devices": views})


@handles_errors
async def get_device(request: Request) -> Response:
    with device_session(request) as (device_id, session):
        view = device_view(session, session.devices.get(device_id))
    return JSONResponse(with_bridge_js(request, view))


@handles_errors
async def device_infos(request: Request) -> Response:
    """Device Info and the OneSignal info the device's app would give a page right now."""
    with device_session(request) as (device_id, session):
        device = session.devices.get(device_id)
        return JSONResponse(
            {"device_info": device_info(device), "onesignal_info": info(session, device, {}).result}
        )


@handles_errors
async def delete_device(request: Request) -> Response:
    runtime_of(request).delete_device(request.path_params["device_id"])
    return Response(status_code=204)


@handles_errors
async def reinstall(request: Request) -> Response:
    with device_session(request) as (device_id, session):
        return JSONResponse(device_view(session, session.devices.reinstall(device_id)))


@handles_errors
async def upgrade(request: Request) -> Response:
    body = await read_body(request, Upgrade)
    with device_session(request) as (device_id, session):
        device = session.devices.upgrade(device_id, body.app_version, body.sdk)
        return JSONResponse(device_view(session, device))


@handles_errors
async def permission(request: Request) -> Response:
    """The push permission, or another permission `median.permissions.status()` reports."""
    body = await read_body(request, PermissionChange)
    runtime = runtime_of(request)
    with device_session(request) as (device_id, session):
        if body.push_permission is not None:
            device = session.devices.set_permission(device_id, body.push_permission)
        else:
            device = session.devices.get(device_id)
            name, status = body.permission or "", body.status or "undetermined"
            runtime.shells.change(device_id, lambda shell: shell.permissions.update({name: status}))
        return JSONResponse(device_view(session, device))


@handles_errors
async def list_notifications(request: Request) -> Response:
    with device_session(request) as (device_id, session):
        found = session.notifications.for_device(device_id)
        return JSONResponse({"notifications": [notification_state(n, device_id) for n in found]})


@handles_errors
async def push_to_device(request: Request) -> Response:
    """A harness-only shortcut: a push straight to this device, as the dashboard would."""
    body = await read_body(request, PushToDevice)
    message = Message(contents=body.contents, headings=body.headings, data=body.data, url=body.url)
    with device_session(request) as (device_id, session):
        notification = session.notifications.send_to_device(device_id, message)
        return JSONResponse(notification_state(notification, device_id), status_code=201)


@handles_errors
async def open_notification(request: Request) -> Response:
    """The user taps the notification: the page's push-opened listeners get its data."""
    notification_id = request.path_params["notification_id"]
    with device_session(request) as (device_id, session):
        opened = session.notifications.open(device_id, notification_id)
    runtime = runtime_of(request)
    data = dict(opened.data or {})
    pages = runtime.pages.push_opened(device_id, data)
    runtime.events.record(
        runtime.backend.app_of_device(device_id).app_id,
        "push_opened",
        device_id,
        notification_id=notification_id,
        data=data,
        pages=pages,
    )
    return JSONResponse({**notification_state(opened, device_id), "delivered_to_pages": pages})


@handles_errors
async def forget_idle(request: Request) -> Response:
    """`POST /_harness/devices/forget-idle {"idle_seconds"?: 3600, "app_id"?}`: remove devices
    no page has used for that long, with the anonymous users only they made (MAU)."""
    body = await read_body(request, ForgetIdle)
    runtime = runtime_of(request)
    app_id = runtime.backend.get_app(body.app_id or runtime.default_app_id).app_id
    return JSONResponse({"forgotten": runtime.forget_idle(app_id, body.idle_seconds)})
