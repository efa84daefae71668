"""Browser-test fixtures: the official median-js-bridge bundle (fetched with npm into a cache
outside the repository), the page-side API under test, and the demo site's server."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bridge_stub.client import HarnessClient
from bridge_stub.domain import OneSignalBackend
from bridge_stub.server import serve_in_thread
from bridge_stub.store import MemoryStore
from bridge_stub.testkit import HarnessServer
from demo_site.app import create_app
from tests.e2e.site import MEDIAN_JS_BRIDGE_VERSION, Api, cache_dir


@pytest.fixture(scope="session")
def median_js_bridge() -> Path:
    """`dist/median.min.js` of the pinned median-js-bridge release, fetched once with npm."""
    target = cache_dir() / f"median-js-bridge-{MEDIAN_JS_BRIDGE_VERSION}"
    bundle = target / "package" / "dist" / "median.min.js"
    if bundle.exists():
        return bundle
    npm = shutil.which("npm")
    if npm is None:
        reason = "npm is not installed: cannot fetch the official median-js-bridge bundle"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run every test)", pytrace=False)
        pytest.skip(reason)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        subprocess.run(
            [npm, "pack", f"median-js-bridge@{MEDIAN_JS_BRIDGE_VERSION}", "--silent"],
            cwd=work,
            check=True,
            timeout=180,
            capture_output=True,
        )
        (tarball,) = Path(work).glob("median-js-bridge-*.tgz")
        unpacked = Path(work) / "unpacked"
        with tarfile.open(tarball) as archive:
            archive.extractall(unpacked, filter="data")
        try:
            os.replace(unpacked, target)  # atomic: parallel workers may race here
        except OSError:
            if not bundle.exists():
                raise
    return bundle


@pytest.fixture(params=["median", "Median"], ids=["stub-global", "official-library"])
def api(request: pytest.FixtureRequest) -> Api:
    """The page-side API under test: the stub's injected `median` global, or the official
    median-js-bridge bundle's `Median` (then the bundle's path, to serve it)."""
    if request.param == "Median":
        return "Median", request.getfixturevalue("median_js_bridge")
    return "median", None


@pytest.fixture(scope="session")
def demo_server() -> Iterator[HarnessServer]:
    """The demo site, served on its own (the plugin's harness serves no demo pages)."""
    backend = OneSignalBackend(MemoryStore())
    with serve_in_thread(create_app(backend, backend.ensure_default_app().app_id)) as server:
        running = HarnessServer(server.url, HarnessClient(server.url))
        yield running
        running.close()
