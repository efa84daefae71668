"""`/apps/{app_id}/users...`: create (upsert), view, update and delete users, their aliases,
and subscriptions created on them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.bodies import read_body
from bridge_stub.domain.changes import NewSubscription, PropertyChanges
from bridge_stub.json_response import JSONResponse
from bridge_stub.rest import schemas
from bridge_stub.rest.common import app_session, user_session
from bridge_stub.rest.views import identity_view, properties_view, subscription_view, user_view


def property_changes(properties: schemas.Properties | None) -> PropertyChanges | None:
    if properties is None:
        return None
    return PropertyChanges(**properties.model_dump(exclude_unset=True))


def new_subscription(subscription: schemas.Subscription) -> NewSubscription:
    fields = subscription.model_dump(exclude_unset=True, exclude_none=True)
    fields["type"] = subscription.type
    fields.setdefault("session_count", 1)
    return NewSubscription(**fields)


async def create_user(request: Request) -> Response:
    body = await read_body(request, schemas.CreateUser)
    with app_session(request) as session:
        user, created = session.users.create_user(
            body.identity,
            property_changes(body.properties),
            [new_subscription(s) for s in body.subscriptions],
        )
        view = user_view(session.records, user)
    return JSONResponse(view, status_code=201 if created else 200)


async def get_user(request: Request) -> Response:
    with user_session(request) as (session, user):
        return JSONResponse(user_view(session.records, user))


async def update_user(request: Request) -> Response:
    """Merge properties (tags: "" or null deletes one). Identity and subscriptions have their
    own routes."""
    body = await read_body(request, schemas.UpdateUser)
    changes = property_changes(body.properties)
    with user_session(request) as (session, user):
        if changes is not None:
            user = session.users.update_properties(user, changes)
        return JSONResponse({"properties": properties_view(user.properties)}, status_code=202)


async def delete_user(request: Request) -> Response:
    with user_session(request) as (session, user):
        session.users.delete_user(user)
    return JSONResponse({}, status_code=200)


async def get_identity(request: Request) -> Response:
    with user_session(request) as (_, user):
        return JSONResponse({"identity": identity_view(user)})


async def add_aliases(request: Request) -> Response:
    body = await read_body(request, schemas.IdentityBody)
    with user_session(request) as (session, user):
        user = session.users.add_aliases(user, body.identity)
        return JSONResponse({"identity": identity_view(user)})


async def delete_alias(request: Request) -> Response:
    with user_session(request) as (session, user):
        user = session.users.delete_alias(user, request.path_params["label_to_delete"])
        return JSONResponse({"identity": identity_view(user)})


async def create_subscription(request: Request) -> Response:
    """Add a subscription to a user; a user already at 20 is refused with 409."""
    body = await read_body(request, schemas.SubscriptionBody)
    with user_session(request) as (session, user):
        subscription = session.users.create_subscription(user, new_subscription(body.subscription))
        return JSONResponse({"subscription": subscription_view(subscription)}, status_code=201)
