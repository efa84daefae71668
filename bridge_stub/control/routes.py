"""Routes of the `/_harness` control API."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bridge_stub.control.state import app_state
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.domain.errors import OneSignalError

STATUS_BY_KIND = {"invalid": 400, "not_found": 404, "conflict": 409, "consent_required": 409}


def backend_of(request: Request) -> OneSignalBackend:
    backend: OneSignalBackend = request.app.state.backend
    return backend


def error_response(error: OneSignalError) -> JSONResponse:
    """The one place a domain error becomes a control-API reply."""
    return JSONResponse({"errors": [error.as_dict()]}, status_code=STATUS_BY_KIND[error.kind])


def selected_app_id(request: Request) -> str:
    """The app a request names with `?app_id=`, or the server's default app."""
    app_id = request.query_params.get("app_id")
    if app_id:
        return app_id
    default_app_id: str = request.app.state.default_app_id
    return default_app_id


async def ping(request: Request) -> Response:
    return JSONResponse({"ok": True})


def state(request: Request) -> Response:
    backend = backend_of(request)
    try:
        with backend.session(selected_app_id(request)) as session:
            return JSONResponse(app_state(session, backend.clock.now()))
    except OneSignalError as error:
        return error_response(error)


routes = [
    Route("/_harness/ping", ping, methods=["GET"]),
    Route("/_harness/state.json", state, methods=["GET"]),
]
