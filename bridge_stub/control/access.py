"""Who may use the harness: the rules of the threat model, in one place.

- Loopback clients, or anyone with the token (`X-Harness-Token`, `?token=`, or the cookie a
  page opened with `?token=` receives), reach `/_harness` and the site's write routes.
- Pages of any origin may use the stub's routes: `bridge.js` and `ping` freely, and one
  device's `commands`, `page-load`, `reports`, `links`, `stream` and `socket` with that
  device's key, which only the stub bound to the device carries. Those routes answer CORS and
  private-network preflights.
- Every other `/_harness` route, and every request to the site's own routes that is not a
  GET or HEAD, reads or changes state: a browser request from another origin is refused there
  unless it carries the token in a header or the query (a cookie rides along with a foreign
  page's request, so it is never enough for that). Same-origin pages (the demo, the
  inspector) and clients that are not browsers (no `Origin` header) are served.
- The OneSignal REST API has its own rule, the app's REST API key.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import URL, Headers, QueryParams
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bridge_stub.credentials import same_secret
from bridge_stub.json_response import JSONResponse

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "600",
}
TOKEN_COOKIE = "median_harness_token"
TOKEN_PARAM = "token"
DEVICE_KEY_PARAM = "key"


@dataclass(frozen=True)
class StubRoutes:
    """The routes pages of any origin may use (the control table's `page` rows): `open`
    needs no device; `of_device`, by method, names one (its first group) and needs its key."""

    open: re.Pattern[str]
    of_device: dict[str, re.Pattern[str]]

    def device(self, path: str, method: str) -> str | None:
        """The device a stub route of one device names, or None for any other route."""
        pattern = self.of_device.get(method)
        found = pattern.search(path) if pattern else None
        return found.group(1) if found else None

    def any(self, path: str) -> bool:
        patterns = [self.open, *self.of_device.values()]
        return any(pattern.search(path) for pattern in patterns)


LOOPBACK_REFUSAL = (
    "The harness control API only answers loopback clients unless a token is configured "
    "and sent (X-Harness-Token header)."
)
ORIGIN_REFUSAL = (
    "Pages of another origin may use only the bridge stub's routes; this route answers "
    "same-origin pages, clients that are not browsers, or requests with the token."
)
DEVICE_KEY_REFUSAL = (
    "A page of another origin may drive only the device whose stub it was given: this "
    "request does not carry that device's key."
)


def is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def is_same_origin(origin: str, headers: Headers) -> bool:
    """Whether a browser's `Origin` names the host the request was sent to."""
    host = headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def refusal(title: str, headers: dict[str, str] | None = None) -> Response:
    body = {"errors": [{"code": "forbidden", "title": title}]}
    return JSONResponse(body, status_code=403, headers=headers)


def without_token(url: str) -> str:
    """`url` with the harness token taken out of its query, for logs and redirects."""
    parsed = URL(url)
    if TOKEN_PARAM not in parsed.query:
        return url
    kept = [(k, v) for k, v in QueryParams(parsed.query).multi_items() if k != TOKEN_PARAM]
    return str(parsed.replace(query=urlencode(kept)))


@dataclass(frozen=True, slots=True)
class Caller:
    """What a request proves about who sent it."""

    loopback: bool
    #: The token in a header or the query: a foreign page cannot add it by accident.
    token_sent: bool
    #: The token's cookie: proves the client, not the page that made the request.
    token_cookie: bool
    origin: str | None
    same_origin: bool

    @property
    def trusted_client(self) -> bool:
        return self.loopback or self.token_sent or self.token_cookie

    @property
    def trusted_page(self) -> bool:
        """Not a browser, a page of the harness's own origin, or a holder of the token."""
        return self.origin is None or self.same_origin or self.token_sent


class Access:
    """Checks each request against the rules above; `token` None means loopback only."""

    def __init__(self, token: str | None) -> None:
        self.token = token

    def caller(self, scope: Scope, headers: Headers) -> Caller:
        client = scope.get("client")
        origin = headers.get("origin")
        offered = headers.get("x-harness-token") or QueryParams(scope["query_string"]).get(
            TOKEN_PARAM
        )
        return Caller(
            loopback=is_loopback(client[0] if client else None),
            token_sent=self.is_token(offered),
            token_cookie=self.is_token(_cookie(headers, TOKEN_COOKIE)),
            origin=origin,
            same_origin=origin is not None and is_same_origin(origin, headers),
        )

    def is_token(self, offered: str | None) -> bool:
        return same_secret(offered, self.token)

    def keep_token(self, scope: Scope) -> Response:
        """The same page without `?token=`, and the token as a cookie for what it opens."""
        parsed = URL(without_token(str(URL(scope=scope))))
        response = RedirectResponse(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
        response.set_cookie(
            TOKEN_COOKIE, self.token or "", httponly=True, samesite="strict", path="/"
        )
        return response


def opens_with_token(scope: Scope, headers: Headers, caller: Caller) -> bool:
    """A browser opening a page (not an API call) with a valid `?token=` in its address."""
    navigating = scope["method"] == "GET" and headers.get("sec-fetch-dest") == "document"
    return navigating and caller.token_sent and TOKEN_PARAM in QueryParams(scope["query_string"])


class HarnessAccess:
    """The rules for `/_harness`: the stub's routes, and the control API."""

    def __init__(self, app: ASGIApp, stub_routes: StubRoutes, token: str | None = None) -> None:
        self.app = app
        self.stub_routes = stub_routes
        self.access = Access(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path, method = scope["path"], scope.get("method", "GET")
        preflight = method == "OPTIONS" and "access-control-request-method" in headers
        if scope["type"] == "http" and preflight:
            await self._preflight(path, headers)(scope, receive, send)
            return
        caller = self.access.caller(scope, headers)
        if scope["type"] == "http" and opens_with_token(scope, headers, caller):
            await self.access.keep_token(scope)(scope, receive, send)
            return
        device = self.stub_routes.device(path, method)
        for_stub = device is not None or self.stub_routes.open.search(path) is not None
        problem = self._problem(scope, caller, device, for_stub)
        if scope["type"] == "websocket":
            if problem is not None or device is None:
                await send({"type": "websocket.close", "code": 4403})
                return
            await self.app(scope, receive, send)
            return
        cors = CORS_HEADERS if for_stub else None
        if problem is not None:
            await refusal(problem, cors)(scope, receive, send)
            return
        if not for_stub:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw += [(k.lower().encode(), v.encode()) for k, v in CORS_HEADERS.items()]
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _problem(
        self, scope: Scope, caller: Caller, device: str | None, for_stub: bool
    ) -> str | None:
        """Why the request is refused, or None."""
        if not caller.trusted_client:
            return LOOPBACK_REFUSAL
        if caller.trusted_page:
            return None
        if device is not None:
            offered = QueryParams(scope["query_string"]).get(DEVICE_KEY_PARAM)
            keys = scope["app"].state.runtime.device_keys
            return None if keys.check(device, offered) else DEVICE_KEY_REFUSAL
        return None if for_stub else ORIGIN_REFUSAL

    def _preflight(self, path: str, headers: Headers) -> Response:
        if not self.stub_routes.any(path):
            return Response(status_code=403)
        preflight = Response(status_code=204, headers=CORS_HEADERS)
        if headers.get("access-control-request-private-network") == "true":
            preflight.headers["Access-Control-Allow-Private-Network"] = "true"
        return preflight


class SiteAccess:
    """The rules for the site's own routes (the demo's pages): anyone reads them, but a write
    follows the control API's rules. A page opened with a valid `?token=` (here or under
    `/_harness/`) gets the token as a cookie and is sent to the same URL without it, so the
    requests it makes carry it."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.access = Access(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        caller = self.access.caller(scope, headers)
        if scope["method"] in ("GET", "HEAD"):
            if opens_with_token(scope, headers, caller):
                await self.access.keep_token(scope)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        if not caller.trusted_client:
            await refusal(LOOPBACK_REFUSAL)(scope, receive, send)
            return
        if not caller.trusted_page:
            await refusal(ORIGIN_REFUSAL)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
