"""`/openapi.json`: every route served, the OneSignal API from its operation table (with
request and response schemas) and the `/_harness` control API from its routes."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from bridge_stub import __version__
from bridge_stub.json_response import JSONResponse
from bridge_stub.rest import OPERATIONS, Operation, schemas

REF = "#/components/schemas/{model}"
ERROR_MODEL: dict[str, type[BaseModel]] = {
    "user_model": schemas.UserModelErrors,
    "messages": schemas.MessageErrors,
}
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


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


def control_operations(routes: list[BaseRoute], prefix: str = "") -> dict[str, dict[str, Any]]:
    """The control API's routes, described from the routes themselves."""
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        if isinstance(route, Mount):
            paths.update(control_operations(list(route.routes), prefix + route.path))
            continue
        if not isinstance(route, Route) or not route.path.startswith("/"):
            continue
        path = prefix + route.path
        if not path.startswith("/_harness"):
            continue
        doc = (route.endpoint.__doc__ or route.name).strip().splitlines()[0]
        for method in sorted((route.methods or set()) - SKIPPED_METHODS):
            operation: dict[str, Any] = {
                "summary": doc,
                "operationId": f"harness_{method.lower()}_{route.name}",
                "tags": ["Harness control"],
                "parameters": path_parameters(path),
                "responses": {"default": {"description": "JSON (or the stub's JavaScript)"}},
            }
            if method in ("POST", "PUT", "PATCH"):
                operation["requestBody"] = {
                    "required": False,
                    "content": {
                        "application/json": {"schema": {}},
                        "text/plain": {"schema": {"type": "string"}},
                    },
                }
            paths.setdefault(path, {})[method.lower()] = operation
    return paths


def openapi_document(routes: list[BaseRoute]) -> dict[str, Any]:
    found = Schemas()
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = rest_operation(op, found)
    paths.update(control_operations(routes))
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
    return JSONResponse(openapi_document(list(request.app.routes)))
