"""Who may use `/_harness`: loopback clients, or anyone with the configured token. Pages of
any origin may call it (the stub runs on the user's own site), so replies allow CORS."""

from __future__ import annotations

import ipaddress
import secrets

from starlette.datastructures import Headers, QueryParams
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "600",
}


def is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class HarnessAccess:
    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            preflight = Response(status_code=204, headers=CORS_HEADERS)
            if headers.get("access-control-request-private-network") == "true":
                preflight.headers["Access-Control-Allow-Private-Network"] = "true"
            await preflight(scope, receive, send)
            return
        if not self._allowed(scope, headers):
            refusal = JSONResponse(
                {
                    "errors": [
                        {
                            "code": "forbidden",
                            "title": "The harness control API only answers loopback clients "
                            "unless a token is configured and sent (X-Harness-Token header).",
                        }
                    ]
                },
                status_code=403,
                headers=CORS_HEADERS,
            )
            await refusal(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw += [(k.lower().encode(), v.encode()) for k, v in CORS_HEADERS.items()]
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _allowed(self, scope: Scope, headers: Headers) -> bool:
        client = scope.get("client")
        if is_loopback(client[0] if client else None):
            return True
        if not self.token:
            return False
        offered = headers.get("x-harness-token") or QueryParams(scope["query_string"]).get("token")
        return offered is not None and secrets.compare_digest(offered, self.token)
