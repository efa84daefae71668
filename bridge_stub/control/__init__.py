"""The harness's own control surface under `/_harness`, kept apart from the OneSignal routes."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import Mount

from bridge_stub.control import app_shell, apps, calibrations, devices, pages, stub_routes
from bridge_stub.control.access import HarnessAccess


def harness_mount(token: str | None = None) -> Mount:
    return Mount(
        "/_harness",
        routes=[
            *apps.routes,
            *devices.routes,
            *app_shell.routes,
            *calibrations.routes,
            *pages.routes,
            *stub_routes.routes,
        ],
        middleware=[Middleware(HarnessAccess, token=token)],
    )
