"""Reading request bodies: a size limit, JSON, and pydantic validation with plain messages."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.types import Message

from bridge_stub.domain.errors import CodedError

MAX_BODY_BYTES = 1024 * 1024

ModelT = TypeVar("ModelT", bound=BaseModel)


class BadRequest(CodedError):
    """A request body that cannot be read or does not fit its schema."""


async def read_bytes(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, refusing (without reading it all) anything over `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest("body-too-large", f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_text(request: Request, limit: int = MAX_BODY_BYTES) -> str:
    """The body as UTF-8 text, at most `limit` bytes of it."""
    try:
        return (await read_bytes(request, limit)).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("invalid-encoding", "The request body is not UTF-8 text.") from None


async def read_form(request: Request, limit: int = MAX_BODY_BYTES) -> FormData:
    """A form (urlencoded or multipart, uploads included) of at most `limit` bytes in all:
    Starlette limits a form's fields, not its files."""
    raw = await read_bytes(request, limit)

    async def replay() -> Message:
        return {"type": "http.request", "body": raw, "more_body": False}

    return await Request(request.scope, replay).form(max_part_size=limit)


async def read_body(request: Request, model: type[ModelT]) -> ModelT:
    """A JSON body checked against `model` (strictly: no `false` for a number, no `"1"` for
    a boolean); an empty body (no bytes at all) means all defaults."""
    text = await read_text(request)
    try:
        return model.model_validate_json(text or "{}")
    except ValidationError as error:
        if any(problem["type"] == "json_invalid" for problem in error.errors()):
            raise BadRequest("invalid-json", "The request body is not valid JSON.") from None
        raise BadRequest("invalid-body", describe(error)) from None


def describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors()[:5]:
        where = ".".join(str(p) for p in problem["loc"]) or "body"
        parts.append(f"{where}: {problem['msg']}")
    return "Invalid request body: " + "; ".join(parts)
