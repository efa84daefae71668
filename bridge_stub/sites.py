"""Sites built on the harness, which `median-harness serve` and `open` serve beside it (the
demo is one). A site registers a factory under the `median_harness.sites` entry point group,
so the harness finds it without importing it; with none installed, the harness serves itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from starlette.applications import Starlette

from bridge_stub.asgi import create_harness_app
from bridge_stub.domain.backend import OneSignalBackend

GROUP = "median_harness.sites"


class SiteFactory(Protocol):
    """Makes the ASGI app of the harness with the site's pages beside it; `db` is the
    harness's SQLite file (None in memory), beside which a site may keep its own."""

    def __call__(
        self,
        backend: OneSignalBackend,
        default_app_id: str,
        *,
        token: str | None = None,
        hosts: Sequence[str] | None = None,
        calibrations_dir: Path | None = None,
        db: str | None = None,
    ) -> Starlette: ...


def installed_site() -> SiteFactory | None:
    """The site registered by an installed package (the first by name), if any."""
    found = sorted(entry_points(group=GROUP), key=lambda entry: entry.name)
    if not found:
        return None
    factory: SiteFactory = found[0].load()
    return factory


def served_app(
    backend: OneSignalBackend,
    default_app_id: str,
    *,
    token: str | None = None,
    hosts: Sequence[str] | None = None,
    calibrations_dir: Path | None = None,
    db: str | None = None,
) -> Starlette:
    """What the command serves: the installed site on the harness, or the harness alone."""
    site = installed_site()
    if site is None:
        return create_harness_app(
            backend, default_app_id, token=token, hosts=hosts, calibrations_dir=calibrations_dir
        )
    return site(
        backend,
        default_app_id,
        token=token,
        hosts=hosts,
        calibrations_dir=calibrations_dir,
        db=db,
    )
