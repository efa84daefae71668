"""`POST /notifications`: send to one targeting family; deliver to the targeted, subscribed
channels and show it on their devices; keep it in the app's outbox."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bridge_stub.bodies import BadRequest, read_body
from bridge_stub.domain.notifications import Message
from bridge_stub.domain.targeting import Audience, validate_filter
from bridge_stub.rest import schemas
from bridge_stub.rest.common import app_session, authorize
from bridge_stub.rest.views import notification_view

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
    if not (body.contents or {}).get("en") and not body.template_id and not body.content_available:
        raise BadRequest(
            "missing-contents", "Message Notifications must have English language content"
        )
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
    with app_session(request, app.app_id) as session:
        sent = session.notifications.send(message, audience, external_id)
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
        notification = session.records.get_notification(request.path_params["notification_id"])
    if notification is None:
        return JSONResponse({"errors": ["Could not find notification with that id"]}, 404)
    return JSONResponse(notification_view(app.app_id, notification))
