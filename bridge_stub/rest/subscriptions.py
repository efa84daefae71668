"""`/apps/{app_id}/subscriptions/{subscription_id}...`: update, delete, transfer a
subscription, and read or extend the identity of the user who owns it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.bodies import read_body
from bridge_stub.domain.changes import SubscriptionChanges
from bridge_stub.json_response import JSONResponse
from bridge_stub.rest import schemas
from bridge_stub.rest.common import app_session, subscription_session
from bridge_stub.rest.views import identity_view


async def update_subscription(request: Request) -> Response:
    body = await read_body(request, schemas.SubscriptionChangeBody)
    changes = SubscriptionChanges.of(body.subscription.model_dump(exclude_none=True))
    with subscription_session(request) as (session, subscription):
        session.users.update_subscription(subscription, changes)
    return JSONResponse({}, status_code=202)


async def update_subscription_by_token(request: Request) -> Response:
    """`PATCH /apps/{app_id}/subscriptions_by_token/{token_type}/{token}`."""
    body = await read_body(request, schemas.SubscriptionChangeBody)
    changes = SubscriptionChanges.of(body.subscription.model_dump(exclude_none=True))
    params = request.path_params
    with app_session(request) as session:
        subscription = session.users.subscription_by_token(params["token_type"], params["token"])
        session.users.update_subscription(subscription, changes)
    return JSONResponse({}, status_code=202)


async def delete_subscription(request: Request) -> Response:
    with subscription_session(request) as (session, subscription):
        session.users.delete_subscription(subscription)
    return JSONResponse({}, status_code=202)


async def transfer_subscription(request: Request) -> Response:
    """Move the subscription to the user named by `identity` (evicting that user's oldest
    subscription if it already has 20)."""
    body = await read_body(request, schemas.IdentityBody)
    with subscription_session(request) as (session, subscription):
        owner = session.users.user_by_identity(body.identity)
        session.users.transfer_subscription(subscription, owner)
        return JSONResponse({"identity": identity_view(session.users.get_user(owner.onesignal_id))})


async def owner_identity(request: Request) -> Response:
    with subscription_session(request) as (session, subscription):
        owner = session.users.get_user(subscription.onesignal_id)
        return JSONResponse({"identity": identity_view(owner)})


async def add_owner_aliases(request: Request) -> Response:
    body = await read_body(request, schemas.IdentityBody)
    with subscription_session(request) as (session, subscription):
        owner = session.users.get_user(subscription.onesignal_id)
        return JSONResponse(
            {"identity": identity_view(session.users.add_aliases(owner, body.identity))}
        )
