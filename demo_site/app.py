"""Build the Starlette application that serves the harness (and, later, the demo pages)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from bridge_stub.control import harness_mount
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.harness import Harness
from bridge_stub.resources import static_dir


def create_app(
    backend: OneSignalBackend, default_app_id: str, token: str | None = None
) -> Starlette:
    harness = Harness(backend, default_app_id, token)
    app = Starlette(
        routes=[
            harness_mount(token),
            Mount("/static", app=StaticFiles(directory=static_dir()), name="static"),
        ]
    )
    app.state.harness = harness
    return app
