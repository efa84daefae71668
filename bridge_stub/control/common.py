"""What every control route shares: the harness, reading bodies, and turning errors into
replies in one place."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bridge_stub.bodies import BadRequest
from bridge_stub.bridge.messages import BadMessage
from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.errors import OneSignalError
from bridge_stub.runtime import runtime_of

STATUS_BY_KIND = {"invalid": 400, "not_found": 404, "conflict": 409, "consent_required": 409}

Endpoint = Callable[[Request], Awaitable[Response]]


def errors(code: str, title: str, status: int, meta: dict[str, Any] | None = None) -> JSONResponse:
    error: dict[str, Any] = {"code": code, "title": title}
    if meta:
        error["meta"] = meta
    return JSONResponse({"errors": [error]}, status_code=status)


def handles_errors(endpoint: Endpoint) -> Endpoint:
    """Domain errors, bad bodies and bad bridge messages become JSON errors, never a 500."""

    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        try:
            return await endpoint(request)
        except OneSignalError as error:
            return errors(error.code, error.title, STATUS_BY_KIND[error.kind], error.meta)
        except (BadRequest, BadMessage) as error:
            return errors(error.code, error.title, 400)

    return wrapper


def selected_app_id(request: Request) -> str:
    """The app named by `?app_id=`, or the server's default app."""
    return request.query_params.get("app_id") or runtime_of(request).default_app_id


@contextmanager
def device_session(request: Request) -> Iterator[tuple[str, AppSession]]:
    """The device named in the path, and one session (transaction) on its app."""
    harness = runtime_of(request)
    device_id: str = request.path_params["device_id"]
    app = harness.backend.app_of_device(device_id)
    with harness.backend.session(app.app_id) as session:
        yield device_id, session
