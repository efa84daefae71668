"""The demo site: the harness app with the demo's pages and the site's own records."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from starlette.applications import Starlette

from bridge_stub.asgi import create_harness_app
from bridge_stub.domain.backend import OneSignalBackend
from demo_site import site
from demo_site.records import SiteRecords


def create_app(
    backend: OneSignalBackend,
    default_app_id: str,
    token: str | None = None,
    site_records: SiteRecords | None = None,
    hosts: Sequence[str] | None = None,
    calibrations_dir: Path | None = None,
) -> Starlette:
    asgi_app = create_harness_app(
        backend,
        default_app_id,
        token=token,
        hosts=hosts,
        routes=site.routes,
        calibrations_dir=calibrations_dir,
    )
    asgi_app.state.site_records = site_records or SiteRecords()
    return asgi_app
