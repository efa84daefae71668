"""The harness's own pages, served by every harness under `/_harness/`: the phone page of a
device. Static files; their scripts call the control API and hold no rule."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from bridge_stub.control.common import handles_errors
from bridge_stub.resources import static_dir
from bridge_stub.runtime import runtime_of

#: The harness's pages run only their own scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def page(name: str) -> Response:
    response = FileResponse(static_dir() / name, media_type="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Cache-Control"] = "no-store"
    return response


@handles_errors
async def phone(request: Request) -> Response:
    """`/_harness/devices/{id}/phone`: what the device's app shows, and a phone's controls."""
    runtime_of(request).backend.app_of_device(request.path_params["device_id"])  # 404 if none
    return page("phone.html")


routes = [Route("/devices/{device_id}/phone", phone, methods=["GET"])]
