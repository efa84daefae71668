"""What every OneSignal route shares: the API key check, OneSignal's error bodies, and
turning domain errors into them in one place."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.credentials import same_secret
from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.errors import CodedError
from bridge_stub.domain.models import OneSignalApp, Subscription, User
from bridge_stub.http_errors import ErrorStyle, error_response
from bridge_stub.json_response import JSONResponse
from bridge_stub.runtime import runtime_of

ACCESS_DENIED = (
    "Access denied.  Please include an 'Authorization: ...' header with a valid API key "
    "(https://documentation.onesignal.com/docs/accounts-and-keys)."
)
Endpoint = Callable[[Request], Awaitable[Response]]


class AccessDenied(Exception):
    pass


def api_key_of(request: Request) -> str | None:
    """The key from `Authorization: Key <key>`, `Basic <key>` or `Bearer token="<key>"`."""
    header = request.headers.get("authorization", "").strip()
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() in ("key", "basic") and value:
        return value
    if scheme.lower() == "bearer" and value:
        return value.removeprefix("token=").strip('"')
    return None


def authorize(request: Request, app_id: str | None) -> OneSignalApp:
    """The app named by the request, if its key came with it; else access is denied."""
    key = api_key_of(request)
    app = runtime_of(request).backend.find_app(app_id) if app_id else None
    if app is None or not same_secret(key, app.api_key):
        raise AccessDenied
    request.state.app_id = app.app_id
    return app


def rest_endpoint(style: ErrorStyle) -> Callable[[Endpoint], Endpoint]:
    """Turn refusals into OneSignal's error bodies (never a 500) and log the call."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def wrapper(request: Request) -> Response:
            try:
                response = await endpoint(request)
            except AccessDenied:
                response = JSONResponse({"errors": [ACCESS_DENIED]}, status_code=401)
            except CodedError as error:
                response = error_response(style, error)
            app_id = getattr(request.state, "app_id", None)
            if app_id is not None:
                runtime_of(request).events.record(
                    app_id,
                    "rest_call",
                    method=request.method,
                    path=request.scope["path"],
                    status=response.status_code,
                )
            return response

        return wrapper

    return decorate


@contextmanager
def app_session(request: Request, app_id: str | None = None) -> Iterator[AppSession]:
    """A session on the app the request names (path `app_id` unless given), once its key
    is checked. Read the body before: nothing may be awaited inside a session."""
    app = authorize(request, app_id or request.path_params["app_id"])
    with runtime_of(request).backend.session(app.app_id) as session:
        yield session


@contextmanager
def user_session(request: Request) -> Iterator[tuple[AppSession, User]]:
    """A session and the user a `/apps/{app_id}/users/by/{alias_label}/{alias_id}` path names."""
    with app_session(request) as session:
        params = request.path_params
        yield session, session.users.user_by_alias(params["alias_label"], params["alias_id"])


@contextmanager
def subscription_session(request: Request) -> Iterator[tuple[AppSession, Subscription]]:
    """A session and the subscription a `/apps/{app_id}/subscriptions/{id}` path names."""
    with app_session(request) as session:
        yield session, session.users.get_subscription(request.path_params["subscription_id"])
