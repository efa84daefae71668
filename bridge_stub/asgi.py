"""The harness as one ASGI app: the control API, the simulated OneSignal REST API, its OpenAPI
document and the static files. Sites built on the harness (the demo) add their own routes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bridge_stub.control import harness_mount
from bridge_stub.control.access import SiteAccess
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.openapi import openapi_json
from bridge_stub.resources import static_dir
from bridge_stub.rest import rest_routes
from bridge_stub.runtime import Runtime

#: Names a browser on this machine uses for a loopback server. `testserver` is what
#: Starlette's in-process TestClient sends; it cannot be registered as a public domain.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "*.localhost", "[::1]", "::1", "testserver")


def allowed_hosts(bound_host: str | None = None, extra: Iterable[str] = ()) -> list[str]:
    """The `Host` headers served: loopback names, the address the server is bound to (unless
    it is a wildcard), and whatever `--allow-host` adds (`*` allows any, as before)."""
    hosts = list(LOOPBACK_HOSTS)
    if bound_host and bound_host not in ("0.0.0.0", "::", ""):
        hosts.append(bound_host)
    hosts += [host.strip() for host in extra if host.strip()]
    return hosts


def create_harness_app(
    backend: OneSignalBackend,
    default_app_id: str,
    *,
    token: str | None = None,
    hosts: Sequence[str] | None = None,
    routes: Sequence[BaseRoute] = (),
    calibrations_dir: Path | None = None,
) -> Starlette:
    """The harness's ASGI app; `routes` are served beside it (a site under test, the demo).

    Requests whose `Host` header names none of `hosts` get 400, so a page that rebinds its
    own domain to this machine's address cannot reach the harness.
    """
    asgi_app = Starlette(
        routes=[
            harness_mount(token),
            *rest_routes(),
            Route("/openapi.json", openapi_json, methods=["GET"]),
            Mount("/static", app=StaticFiles(directory=static_dir()), name="static"),
            Mount("", routes=list(routes), middleware=[Middleware(SiteAccess, token=token)]),
        ],
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts or allowed_hosts()))
        ],
    )
    asgi_app.state.runtime = Runtime(backend, default_app_id, token, calibrations_dir)
    return asgi_app


def runtime_of_app(asgi_app: Starlette) -> Runtime:
    runtime: Runtime = asgi_app.state.runtime
    return runtime
