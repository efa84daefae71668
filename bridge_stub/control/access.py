"""Who may use `/_harness`.

Only loopback clients, or anyone with the configured token. Pages of any origin may use the
few routes the stub needs on a site's own origin (bridge.js, one device's commands, page
loads, reports and stream): those answer CORS and private-network preflights. Every other
route reads or changes the harness's state, so a browser request from a foreign origin is
refused there unless it carries the token; same-origin pages (the demo, the inspector) and
clients that are not browsers (no `Origin` header) are served as before.
"""

from __future__ import annotations

import ipaddress
import re
import secrets

from starlette.datastructures import Headers, QueryParams
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bridge_stub.json_response import JSONResponse

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "600",
}
#: The routes the stub uses from a page of any origin.
STUB_ROUTE = re.compile(
    r"/_harness/(bridge\.js|ping|devices/[^/]+/(commands|page-load|reports|stream|socket))$"
)
LOOPBACK_REFUSAL = (
    "The harness control API only answers loopback clients unless a token is configured "
    "and sent (X-Harness-Token header)."
)
ORIGIN_REFUSAL = (
    "Pages of another origin may use only the bridge stub's routes; this route answers "
    "same-origin pages, clients that are not browsers, or requests with the token."
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


class HarnessAccess:
    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        for_stub = STUB_ROUTE.search(scope["path"]) is not None
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(for_stub, headers)(scope, receive, send)
            return
        cors = CORS_HEADERS if for_stub else None
        has_token = self._has_token(scope, headers)
        client = scope.get("client")
        if not (is_loopback(client[0] if client else None) or has_token):
            await refusal(LOOPBACK_REFUSAL, cors)(scope, receive, send)
            return
        origin = headers.get("origin")
        if not for_stub and origin and not has_token and not is_same_origin(origin, headers):
            await refusal(ORIGIN_REFUSAL)(scope, receive, send)
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

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Only the stub's socket is a WebSocket; pages of any origin may open it."""
        client = scope.get("client")
        allowed = is_loopback(client[0] if client else None) or self._has_token(
            scope, Headers(scope=scope)
        )
        if not allowed or STUB_ROUTE.search(scope["path"]) is None:
            await send({"type": "websocket.close", "code": 4403})
            return
        await self.app(scope, receive, send)

    def _preflight(self, for_stub: bool, headers: Headers) -> Response:
        if not for_stub:
            return Response(status_code=403)
        preflight = Response(status_code=204, headers=CORS_HEADERS)
        if headers.get("access-control-request-private-network") == "true":
            preflight.headers["Access-Control-Allow-Private-Network"] = "true"
        return preflight

    def _has_token(self, scope: Scope, headers: Headers) -> bool:
        if not self.token:
            return False
        offered = headers.get("x-harness-token") or QueryParams(scope["query_string"]).get("token")
        return offered is not None and secrets.compare_digest(offered, self.token)
