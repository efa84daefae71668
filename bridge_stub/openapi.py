"""`/openapi.json`: the OneSignal API from its operation table (with request and response
schemas) and the `/_harness` control API from its own table (with request schemas)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from bridge_stub import __version__
from bridge_stub.control.table import OPERATIONS as CONTROL_OPERATIONS
from bridge_stub.control.table import ControlOperation
from bridge_stub.json_response import JSONResponse
from bridge_stub.rest import OPERATIONS, Operation, schemas

REF = "#/components/schemas/{model}"
ERROR_MODEL: dict[str, type[BaseModel]] = {
    "user_model": schemas.UserModelErrors,
    "messages": schemas.MessageErrors,
}


class Schemas:
    """Collects the JSON schemas of the models used, under components/schemas."""

    def __init__(self) -> None:
        self.components: dict[str, Any] = {}

    def ref(self, model: type[BaseModel]) -> dict[str, Any]:
        schema = model.model_json_schema(ref_template=REF)
        self.components.update(schema.pop("$defs", {}))
        self.components[model.__name__] = schema
        return {"$ref": REF.format(model=model.__name__)}


def path_parameters(path: str) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", path)
    ]


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def query_parameter(name: str) -> dict[str, Any]:
    """`app_id` is a required string; `limit?` an optional integer."""
    if name.endswith("?"):
        schema = {"type": "integer", "minimum": 0}
        return {"name": name[:-1], "in": "query", "required": False, "schema": schema}
    return {"name": name, "in": "query", "required": True, "schema": {"type": "string"}}


def rest_operation(op: Operation, found: Schemas) -> dict[str, Any]:
    parameters = path_parameters(op.path) + [query_parameter(name) for name in op.query]
    error = found.ref(ERROR_MODEL[op.errors])
    responses: dict[str, Any] = {
        str(status): {"description": "OK", "content": json_content(found.ref(model))}
        for status, model in op.responses.items()
    }
    responses["400"] = {"description": "Invalid request", "content": json_content(error)}
    responses["401"] = {
        "description": "Missing or wrong API key",
        "content": json_content(found.ref(schemas.MessageErrors)),
    }
    responses["404"] = {"description": "Not found", "content": json_content(error)}
    responses["409"] = {"description": "Conflict", "content": json_content(error)}
    operation: dict[str, Any] = {
        "summary": op.summary,
        "operationId": f"{op.method.lower()}_{op.endpoint.__name__}",
        "tags": ["OneSignal"],
        "parameters": parameters,
        "responses": responses,
        "security": [{"rest_api_key": []}],
    }
    if op.body is not None:
        operation["requestBody"] = {"required": True, "content": json_content(found.ref(op.body))}
    return operation


#: The request body's media type for each kind of body the control table names.
BODY_MEDIA = {"json": "application/json", "text": "text/plain", "csv": "text/csv"}


def control_operation(op: ControlOperation, found: Schemas) -> dict[str, Any]:
    """One control route, from its row: the body's schema, who may call it, and the fixture
    methods that call it (`x-median-fixtures`, which both packages' tests read)."""
    operation: dict[str, Any] = {
        "summary": op.summary,
        "operationId": f"harness_{op.method.lower()}_{op.endpoint.__name__}",
        "tags": ["Harness control"],
        "parameters": path_parameters(op.full_path),
        "responses": {"default": {"description": "JSON (or the stub's JavaScript, or a page)"}},
        "x-median-caller": op.caller,
    }
    if op.fixtures:
        operation["x-median-fixtures"] = list(op.fixtures)
    if op.body is not None:
        # A body of all defaults may be left out; the stub posts its JSON as text/plain.
        schema = found.ref(op.body)
        content = {"application/json": {"schema": schema}}
        operation["requestBody"] = {"required": False, "content": content}
    elif op.content in ("text", "csv"):
        media = {BODY_MEDIA[op.content]: {"schema": {"type": "string"}}}
        operation["requestBody"] = {"required": True, "content": media}
    return operation


def control_paths(found: Schemas) -> dict[str, dict[str, Any]]:
    paths: dict[str, dict[str, Any]] = {}
    for op in CONTROL_OPERATIONS:
        if not op.websocket:
            paths.setdefault(op.full_path, {})[op.method.lower()] = control_operation(op, found)
    return paths


def openapi_document() -> dict[str, Any]:
    found = Schemas()
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = rest_operation(op, found)
    paths.update(control_paths(found))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "median-harness",
            "version": __version__,
            "description": "A simulated OneSignal REST API (also served under /api/v1) and the "
            "harness's control API.",
        },
        "paths": paths,
        "components": {
            "schemas": found.components,
            "securitySchemes": {
                "rest_api_key": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`Key <REST API key>` (also `Basic <key>`).",
                }
            },
        },
    }


async def openapi_json(request: Request) -> Response:
    """This document."""
    return JSONResponse(openapi_document())
