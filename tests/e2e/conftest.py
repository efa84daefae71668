"""Browser-test helpers: the official median-js-bridge bundle (fetched with npm into a cache
outside the repository) and a user's own site routed at http://site.test/."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route

from bridge_stub.client import HarnessClient
from bridge_stub.domain import OneSignalBackend
from bridge_stub.pytest_plugin import HarnessServer
from bridge_stub.server import serve_in_thread
from bridge_stub.store import MemoryStore
from demo_site.app import create_app

MEDIAN_JS_BRIDGE_VERSION = "2.21.0"
SITE = "http://site.test"

BLANK_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">{head}<script>
  window.loadCalls = [];
  function median_device_info(info) {{ loadCalls.push(["median_device_info", info]); }}
  function median_onesignal_info(info) {{ loadCalls.push(["median_onesignal_info", info]); }}
  function median_library_ready() {{ loadCalls.push(["median_library_ready"]); }}
</script></head><body><h1>A user's own site</h1>{body}</body></html>"""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "median-harness" / "npm"


@pytest.fixture(scope="session")
def median_js_bridge() -> Path:
    """`dist/median.min.js` of the pinned median-js-bridge release, fetched once with npm."""
    target = cache_dir() / f"median-js-bridge-{MEDIAN_JS_BRIDGE_VERSION}"
    bundle = target / "package" / "dist" / "median.min.js"
    if bundle.exists():
        return bundle
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: cannot fetch the official median-js-bridge bundle")
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


SiteServer = Callable[..., None]
Api = tuple[str, Path | None]


@pytest.fixture(params=["median", "Median"], ids=["stub-global", "official-library"])
def api(request: pytest.FixtureRequest) -> Api:
    """The page-side API under test: the stub's injected `median` global, or the official
    median-js-bridge bundle's `Median` (then the bundle's path, to serve it)."""
    if request.param == "Median":
        return "Median", request.getfixturevalue("median_js_bridge")
    return "median", None


def serve_site(page: Page, head: str = "", body: str = "", library: Path | None = None) -> None:
    """Route http://site.test/ on the page's context to a page of the user's own site."""
    html = BLANK_PAGE.format(head=head, body=body)

    def handle(route: Route) -> None:
        path = route.request.url.removeprefix(SITE)
        if path == "/median.min.js" and library is not None:
            route.fulfill(body=library.read_text(), content_type="application/javascript")
        elif path.startswith("/favicon"):
            route.fulfill(status=404, body="")
        else:
            route.fulfill(body=html, content_type="text/html")

    page.context.route(f"{SITE}/**", handle)


def open_site(page: Page, head: str = "", body: str = "", library: Path | None = None) -> None:
    """Open the site and wait for the app's page-load calls to finish."""
    if library is not None:
        head = '<script src="/median.min.js"></script>' + head
    serve_site(page, head, body, library)
    page.goto(f"{SITE}/")
    page.wait_for_function(
        "window.loadCalls.some(call => call[0] === 'median_library_ready')", timeout=10_000
    )


@pytest.fixture(scope="session")
def demo_server() -> Iterator[HarnessServer]:
    """The demo site, served on its own (the plugin's harness serves no demo pages)."""
    backend = OneSignalBackend(MemoryStore())
    with serve_in_thread(create_app(backend, backend.ensure_default_app().app_id)) as server:
        client = HarnessClient(server.url)
        yield HarnessServer(server.url, client, backend)
        client.close()
