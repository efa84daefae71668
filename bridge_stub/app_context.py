"""A browser context as the app's web view: its options (the harness's `web_view` of a
device), and emptying its storage as a reinstall empties an app's web view: the cookies, and
the storage (localStorage, IndexedDB, caches) of every origin its pages used."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext


def context_options(web_view: dict[str, Any]) -> dict[str, Any]:
    """Playwright's context options for the app's web view."""
    return {
        "user_agent": web_view["user_agent"],
        "viewport": web_view["viewport"],
        "device_scale_factor": web_view["device_scale_factor"],
        "is_mobile": web_view["is_mobile"],
        "has_touch": web_view["has_touch"],
    }


def web_storage_cleaner(context: BrowserContext) -> Callable[[], None]:
    """A function that empties the context's web storage; it learns the origins to empty
    from the requests the context's pages make from now on."""
    origins: set[str] = set()

    def seen(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https"):
            origins.add(f"{parts.scheme}://{parts.netloc}")

    context.on("request", seen)

    def forget() -> None:
        context.clear_cookies()
        temporary = not context.pages
        page = context.new_page() if temporary else context.pages[0]
        session = context.new_cdp_session(page)  # Chromium's, the browser the harness runs
        for origin in sorted(origins):
            session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        session.detach()
        if temporary:
            page.close()

    return forget
