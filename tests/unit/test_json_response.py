"""The project's JSON response renders what Starlette's would, byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.responses import JSONResponse as StarletteJSONResponse

from bridge_stub.domain.models import NotificationTypes, SubscriptionType
from bridge_stub.json_response import JSONResponse


@pytest.mark.parametrize(
    "content",
    [
        {"identity": {"external_id": "Zoë ✓"}, "tags": {}, "n": [1, 2.5, None, True]},
        {"type": SubscriptionType.EMAIL, "notification_types": NotificationTypes.SUBSCRIBED},
        ['quote " and \\ and \n newline', {"nested": {"deep": [{}]}}],
        {},
    ],
)
def test_renders_the_same_bytes_as_starlette(content: Any) -> None:
    assert JSONResponse(content).body == StarletteJSONResponse(content).body


def test_numbers_json_cannot_carry_are_written_as_null() -> None:
    body = JSONResponse({"data": {"v": float("nan"), "w": float("-inf")}}).body
    assert json.loads(bytes(body)) == {"data": {"v": None, "w": None}}
