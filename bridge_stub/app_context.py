"""A browser context as the app's web view: its options (the harness's `web_view` of a
device), and its storage following the install: a reinstall empties it as it empties an
app's web view (the cookies, and localStorage, IndexedDB and caches of every origin its
pages used); restarts and upgrades keep it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bridge_stub.client import HarnessClient, HarnessError

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
        "extra_http_headers": web_view["extra_http_headers"],  # appConfig's custom headers
    }


def route_user_agents(context: BrowserContext, web_view: dict[str, Any]) -> None:
    """A request to a URL one of the app's `userAgentRegexes` matches carries that rule's
    user agent (the stub gives the page the same one in `navigator.userAgent`)."""
    for rule in web_view["user_agent_rules"]:
        try:
            pattern = re.compile(f"^(?:{rule['regex']})$")
        except re.error:
            continue  # a regex only the native app can read never matches here

        context.route(pattern, _with_user_agent(rule["user_agent"]))


def _with_user_agent(agent: str) -> Callable[[Any], None]:
    def handle(route: Any) -> None:  # one parameter: Playwright passes the route alone
        route.fallback(headers={**route.request.headers, "user-agent": agent})

    return handle


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


#: The control route a reinstall goes through (the phone page's button, a client's call).
REINSTALL_PATH = re.compile(r"/_harness/devices/([^/]+)/reinstall$")


class InstallStorage:
    """The web storage of one device's browser context, held for one install of the app.

    `follow(installation_id)` empties it when the device's install is no longer the one it
    holds storage for. A reinstall made from one of the context's own pages (the phone page)
    is followed as soon as its answer arrives.
    """

    def __init__(
        self, context: BrowserContext, client: HarnessClient, device_id: str, installation_id: str
    ) -> None:
        self.device_id = device_id
        self.installation_id = installation_id
        self._client = client
        self._forget = web_storage_cleaner(context)
        context.on("requestfinished", self._seen)

    def follow(self, installation_id: str) -> bool:
        """Empty the storage if `installation_id` is a new install; True if it was."""
        if installation_id == self.installation_id:
            return False
        self.installation_id = installation_id
        self._forget()
        return True

    def _seen(self, request: Any) -> None:
        if request.method != "POST":
            return
        found = REINSTALL_PATH.search(urlsplit(request.url).path)
        if found and found.group(1) == self.device_id:
            installation_id = self.current()
            if installation_id is not None:
                self.follow(installation_id)

    def current(self) -> str | None:
        """The device's install now, from the harness (None once the device is gone)."""
        try:
            installation_id: str = self._client.device(self.device_id)["installation_id"]
        except HarnessError:
            return None
        return installation_id
