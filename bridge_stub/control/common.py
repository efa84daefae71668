"""What every control route shares: the harness, reading bodies, and turning errors into
replies in one place."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.errors import CodedError
from bridge_stub.http_errors import error_response
from bridge_stub.runtime import runtime_of

Endpoint = Callable[[Request], Awaitable[Response]]


def handles_errors(endpoint: Endpoint) -> Endpoint:
    """Domain errors, bad bodies and bad bridge messages become JSON errors, never a 500."""

    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        try:
            return await endpoint(request)
        except CodedError as error:
            return error_response("user_model", error)

    return wrapper


def selected_app_id(request: Request) -> str:
    """The app named by `?app_id=`, or the server's default app."""
    return request.query_params.get("app_id") or runtime_of(request).default_app_id


@contextmanager
def device_session(request: Request) -> Iterator[tuple[str, AppSession]]:
    """The device named in the path, and one session (transaction) on its app."""
    runtime = runtime_of(request)
    device_id: str = request.path_params["device_id"]
    app = runtime.backend.app_of_device(device_id)
    with runtime.backend.session(app.app_id) as session:
        yield device_id, session
