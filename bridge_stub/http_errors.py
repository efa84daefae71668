"""Refusals as HTTP replies, in one place: the status of each kind of refusal and the two
error bodies OneSignal uses."""

from __future__ import annotations

from typing import Any, Literal

from bridge_stub.domain.errors import CodedError
from bridge_stub.json_response import JSONResponse

STATUS_BY_KIND = {
    "invalid": 400,
    "not_found": 404,
    "conflict": 409,
    "consent_required": 409,
    "too_many": 429,
    "storage_busy": 503,
    "storage_full": 507,
}

#: User-model routes (and the control API) answer `{"errors": [{"code", "title"}]}`;
#: notifications and the legacy players API answer `{"errors": ["..."]}`.
ErrorStyle = Literal["user_model", "messages"]


def error_body(style: ErrorStyle, error: CodedError) -> dict[str, Any]:
    if style == "messages":
        return {"errors": [error.title]}
    return {"errors": [error.as_dict()]}


def error_response(style: ErrorStyle, error: CodedError) -> JSONResponse:
    return JSONResponse(error_body(style, error), status_code=STATUS_BY_KIND[error.kind])
