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


def site_db_path(db: str) -> str:
    """The demo site's own database sits beside the harness's: x.db -> x-site.db."""
    path = Path(db)
    return str(path.with_name(f"{path.stem}-site{path.suffix or '.db'}"))


def demo_site(
    backend: OneSignalBackend,
    default_app_id: str,
    *,
    token: str | None = None,
    hosts: Sequence[str] | None = None,
    calibrations_dir: Path | None = None,
    db: str | None = None,
) -> Starlette:
    """The demo as a site of the harness (`median_harness.sites`): its records beside the
    harness's database, or in memory."""
    records = SiteRecords(":memory:" if db is None else site_db_path(db))
    return create_app(backend, default_app_id, token, records, hosts, calibrations_dir)
