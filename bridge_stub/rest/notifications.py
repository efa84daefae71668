"""`POST /notifications`: send to one targeting family; deliver to the targeted, subscribed
channels and show it on their devices; keep it in the app's outbox."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.bodies import BadRequest, read_body
from bridge_stub.domain.notifications import MAX_PAGE, Message, check_content
from bridge_stub.domain.targeting import Audience, validate_filter
from bridge_stub.json_response import JSONResponse
from bridge_stub.rest import schemas
from bridge_stub.rest.common import app_session, authorize
from bridge_stub.rest.views import notification_view
from bridge_stub.runtime import runtime_of

NOBODY_SUBSCRIBED = "All included players are not subscribed"


def audience_of(body: schemas.CreateNotification) -> Audience:
    return Audience(
        include_aliases=body.include_aliases,
        target_channel=body.target_channel,
        include_subscription_ids=body.include_subscription_ids,
        include_external_user_ids=body.include_external_user_ids,
        include_player_ids=body.include_player_ids,
        filters=None if body.filters is None else [validate_filter(f) for f in body.filters],
        included_segments=body.included_segments,
        excluded_segments=body.excluded_segments or [],
    )


def message_of(body: schemas.CreateNotification) -> Message:
    check_content(body.contents or {}, bool(body.template_id), bool(body.content_available))
    return Message(
        contents=body.contents or {},
        headings=body.headings or {},
        data=body.data,
        url=body.url,
    )


async def create_notification(request: Request) -> Response:
    body = await read_body(request, schemas.CreateNotification)
    if not body.app_id:
        raise BadRequest(
            "missing-app-id",
            "app_id not found. You may be missing a Content-Type: application/json header.",
        )
    app = authorize(request, body.app_id)
    message, audience = message_of(body), audience_of(body)
    external_id = body.external_id or body.idempotency_key
    send_after = parse_send_after(body.send_after)
    with app_session(request, app.app_id) as session:
        sent = session.notifications.send(message, audience, external_id, send_after)
    if sent.notification is not None and sent.notification.waiting:
        runtime_of(request).scheduler.watch(app.app_id)
    reply: dict[str, Any] = {
        "id": sent.notification.id if sent.notification else "",
        "external_id": external_id,
    }
    if sent.invalid:
        reply["errors"] = sent.invalid
    elif sent.notification is None:
        reply["errors"] = [NOBODY_SUBSCRIBED]
    return JSONResponse(reply)


async def view_notification(request: Request) -> Response:
    app = authorize(request, request.query_params.get("app_id"))
    with app_session(request, app.app_id) as session:
        notification = session.notifications.get(request.path_params["notification_id"])
    return JSONResponse(notification_view(app.app_id, notification))


async def list_notifications(request: Request) -> Response:
    """`GET /notifications?app_id=&limit=&offset=&kind=`: the app's notifications, newest
    first, `limit` (at most 50) at a time."""
    app = authorize(request, request.query_params.get("app_id"))
    limit = query_int(request, "limit", MAX_PAGE, 1, MAX_PAGE)
    offset = query_int(request, "offset", 0, 0, 10**9)
    kind = query_int(request, "kind", -1, 0, 3) if "kind" in request.query_params else None
    with app_session(request, app.app_id) as session:
        total, found = session.notifications.newest_first(kind, offset, limit)
    page = [notification_view(app.app_id, n) for n in found]
    return JSONResponse(
        {"total_count": total, "offset": offset, "limit": limit, "notifications": page}
    )


async def cancel_notification(request: Request) -> Response:
    """`DELETE /notifications/{id}?app_id=`: a notification still waiting is never sent."""
    app = authorize(request, request.query_params.get("app_id"))
    with app_session(request, app.app_id) as session:
        session.notifications.cancel(request.path_params["notification_id"])
    return JSONResponse({"success": True})


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadRequest("invalid-query", f"{name} must be an integer.") from None
    if not low <= value <= high:
        raise BadRequest("invalid-query", f"{name} must be between {low} and {high}.")
    return value


#: 9999-12-31T23:59:59Z: a time any date format can name.
LATEST_SEND_AFTER = 253_402_300_799.0


def parse_send_after(text: str | None) -> float | None:
    """OneSignal takes a date in most formats; the harness takes ISO 8601 or a Unix time."""
    if text is None or not text.strip():
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if not 0 <= seconds <= LATEST_SEND_AFTER:  # also refuses inf and nan
            raise BadRequest(
                "invalid-send-after", "send_after must be a Unix time between 1970 and 9999."
            )
        return seconds
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise BadRequest(
                "invalid-send-after", "send_after must be a date, e.g. 2026-11-26T10:00:00Z."
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
