"""Build the Starlette application: the demo site, the simulated OneSignal API, the
harness's control API and the static files."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bridge_stub.control import harness_mount
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.openapi import openapi_json
from bridge_stub.resources import static_dir
from bridge_stub.rest import rest_routes
from bridge_stub.runtime import Runtime
from demo_site import site
from demo_site.records import SiteRecords


def create_app(
    backend: OneSignalBackend,
    default_app_id: str,
    token: str | None = None,
    site_records: SiteRecords | None = None,
) -> Starlette:
    harness = Runtime(backend, default_app_id, token)
    app = Starlette(
        routes=[
            harness_mount(token),
            *rest_routes(),
            Route("/openapi.json", openapi_json, methods=["GET"]),
            Mount("/static", app=StaticFiles(directory=static_dir()), name="static"),
            *site.routes,
        ]
    )
    app.state.harness = harness
    app.state.site_records = site_records or SiteRecords()
    return app
