"""Helpers of the browser tests: a user's own site routed at http://site.test/ (with the
official median-js-bridge bundle when a test wants it), and where that bundle is cached."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, Route

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


Api = tuple[str, Path | None]


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
