"""The harness's own pages, served by every harness under `/_harness/`: the phone page of a
device, the inspector, the bridge explorer and the calibration page. Their scripts call the
control API and hold no rule; a site built on the harness (the demo) may show the same pages
in its own frame (`harness/<page>.html` templates)."""

from __future__ import annotations

import re

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from bridge_stub.bridge import surface
from bridge_stub.control.common import handles_errors
from bridge_stub.resources import TEMPLATES_DIR, static_dir
from bridge_stub.runtime import runtime_of

#: The harness's pages run only their own scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
MEDIAN_APP_AGENT = re.compile(r"median|gonative", re.IGNORECASE)
templates = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True)
)


def protected(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Cache-Control"] = "no-store"
    return response


def in_median_app(request: Request) -> bool:
    """Whether a real Median app shows the page (its user agent says so): then its own bridge
    answers, and no stub is loaded."""
    return bool(MEDIAN_APP_AGENT.search(request.headers.get("user-agent", "")))


def harness_page(request: Request, page: str, title: str, script: str, with_stub: bool) -> Response:
    """A page in the harness's own frame. Pages of the app (the explorer, the calibration)
    load the stub, unless a real Median app shows them (then its bridge answers)."""
    runtime = runtime_of(request)
    app_id = request.query_params.get("app_id") or runtime.default_app_id
    html = templates.get_template("harness/page.html").render(
        page=page,
        title=title,
        script=script,
        app_id=runtime.backend.get_app(app_id).app_id,
        with_stub=with_stub and not in_median_app(request),
        namespaces=list(surface.namespaces().items()),
    )
    return protected(HTMLResponse(html))


@handles_errors
async def phone(request: Request) -> Response:
    """`/_harness/devices/{id}/phone`: what the device's app shows, and a phone's controls."""
    runtime_of(request).backend.app_of_device(request.path_params["device_id"])  # 404 if none
    return protected(FileResponse(static_dir() / "phone.html", media_type="text/html"))


@handles_errors
async def inspector(request: Request) -> Response:
    """`/_harness/inspector?app_id=`: users, subscriptions, outbox, events of an app, live."""
    return harness_page(request, "inspector", "Inspector", "inspector.js", with_stub=False)


@handles_errors
async def bridge_explorer(request: Request) -> Response:
    return harness_page(request, "bridge", "Bridge explorer", "bridge_explorer.js", True)


@handles_errors
async def calibrate(request: Request) -> Response:
    return harness_page(request, "calibrate", "Calibrate", "calibrate.js", with_stub=True)
