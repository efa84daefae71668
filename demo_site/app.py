"""Build the Starlette application that serves the harness (and, later, the demo pages)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from bridge_stub.control.routes import routes as control_routes
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.resources import static_dir


def create_app(backend: OneSignalBackend, default_app_id: str) -> Starlette:
    app = Starlette(
        routes=[
            *control_routes,
            Mount("/static", app=StaticFiles(directory=static_dir()), name="static"),
        ]
    )
    app.state.backend = backend
    app.state.default_app_id = default_app_id
    return app
