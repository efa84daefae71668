"""What every control route shares: the harness, reading bodies, and turning errors into
replies in one place."""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bridge_stub.bridge.messages import BadMessage
from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.errors import OneSignalError
from bridge_stub.harness import Harness

MAX_BODY_BYTES = 1024 * 1024
STATUS_BY_KIND = {"invalid": 400, "not_found": 404, "conflict": 409, "consent_required": 409}

ModelT = TypeVar("ModelT", bound=BaseModel)
Endpoint = Callable[[Request], Awaitable[Response]]


class BadRequest(Exception):
    def __init__(self, code: str, title: str) -> None:
        super().__init__(title)
        self.code = code
        self.title = title


def harness_of(request: Request) -> Harness:
    harness: Harness = request.app.state.harness
    return harness


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


async def read_text(request: Request, limit: int = MAX_BODY_BYTES) -> str:
    """The body as text, refusing (without reading it all) anything over `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest("body-too-large", f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("invalid-encoding", "The request body is not UTF-8 text.") from None


async def read_body(request: Request, model: type[ModelT]) -> ModelT:
    """A JSON body checked against `model`; an empty body means all defaults."""
    text = await read_text(request)
    try:
        raw = json.loads(text) if text.strip() else {}
    except ValueError:
        raise BadRequest("invalid-json", "The request body is not valid JSON.") from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise BadRequest("invalid-body", describe(error)) from None


def describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors()[:5]:
        where = ".".join(str(p) for p in problem["loc"]) or "body"
        parts.append(f"{where}: {problem['msg']}")
    return "Invalid request body: " + "; ".join(parts)


def selected_app_id(request: Request) -> str:
    """The app named by `?app_id=`, or the server's default app."""
    return request.query_params.get("app_id") or harness_of(request).default_app_id


@contextmanager
def device_session(request: Request) -> Iterator[tuple[str, AppSession]]:
    """The device named in the path, and one session (transaction) on its app."""
    harness = harness_of(request)
    device_id: str = request.path_params["device_id"]
    app = harness.backend.app_of_device(device_id)
    with harness.backend.session(app.app_id) as session:
        yield device_id, session
