"""The harness's own control surface under `/_harness`, kept apart from the OneSignal routes."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import Mount

from bridge_stub.control.access import HarnessAccess
from bridge_stub.control.table import control_routes, page_routes


def harness_mount(token: str | None = None) -> Mount:
    """`/_harness`: the control table's routes, behind the access rules."""
    return Mount(
        "/_harness",
        routes=control_routes(),
        middleware=[Middleware(HarnessAccess, stub_routes=page_routes(), token=token)],
    )
