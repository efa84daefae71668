"""Build the Starlette application: the simulated OneSignal API, the harness's control API,
static files (and, later, the demo pages)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bridge_stub.control import harness_mount
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.harness import Harness
from bridge_stub.openapi import openapi_json
from bridge_stub.resources import static_dir
from bridge_stub.rest import rest_routes


def create_app(
    backend: OneSignalBackend, default_app_id: str, token: str | None = None
) -> Starlette:
    harness = Harness(backend, default_app_id, token)
    app = Starlette(
        routes=[
            harness_mount(token),
            *rest_routes(),
            Route("/openapi.json", openapi_json, methods=["GET"]),
            Mount("/static", app=StaticFiles(directory=static_dir()), name="static"),
        ]
    )
    app.state.harness = harness
    return app
