"""The simulated OneSignal REST API, at OneSignal's own paths (also under `/api/v1`).

One table lists every operation with its body and response models: the routes and the
OpenAPI document are both built from it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from bridge_stub.http_errors import ErrorStyle
from bridge_stub.rest import notifications, players, schemas, subscriptions, users
from bridge_stub.rest.common import rest_endpoint

USER = "/apps/{app_id}/users/by/{alias_label}/{alias_id}"
SUBSCRIPTION = "/apps/{app_id}/subscriptions/{subscription_id}"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    endpoint: Callable[[Request], Awaitable[Response]]
    summary: str
    body: type[BaseModel] | None
    responses: dict[int, type[BaseModel]]
    errors: ErrorStyle = "user_model"
    query: tuple[str, ...] = field(default=())


OPERATIONS = [
    Operation("POST", "/apps/{app_id}/users", users.create_user,
              "Create a user, or update the one its aliases name",
              schemas.CreateUser, {200: schemas.UserOut, 201: schemas.UserOut}),
    Operation("GET", USER, users.get_user, "View a user",
              None, {200: schemas.UserOut}),
    Operation("PATCH", USER, users.update_user, "Update a user's properties and tags",
              schemas.UpdateUser, {202: schemas.PropertiesBodyOut}),
    Operation("DELETE", USER, users.delete_user, "Delete a user and its subscriptions",
              None, {200: schemas.Empty}),
    Operation("GET", f"{USER}/identity", users.get_identity, "View a user's aliases",
              None, {200: schemas.IdentityOut}),
    Operation("PATCH", f"{USER}/identity", users.add_aliases, "Add or replace aliases",
              schemas.IdentityBody, {200: schemas.IdentityOut}),
    Operation("DELETE", f"{USER}/identity/{{label_to_delete}}", users.delete_alias,
              "Delete an alias", None, {200: schemas.IdentityOut}),
    Operation("POST", f"{USER}/subscriptions", users.create_subscription,
              "Create a subscription on a user", schemas.SubscriptionBody,
              {201: schemas.SubscriptionBodyOut}),
    Operation("PATCH", SUBSCRIPTION, subscriptions.update_subscription,
              "Update a subscription", schemas.SubscriptionChangeBody, {202: schemas.Empty}),
    Operation("DELETE", SUBSCRIPTION, subscriptions.delete_subscription,
              "Delete a subscription", None, {202: schemas.Empty}),
    Operation("PATCH", f"{SUBSCRIPTION}/owner", subscriptions.transfer_subscription,
              "Transfer a subscription to another user", schemas.IdentityBody,
              {200: schemas.IdentityOut}),
    Operation("GET", f"{SUBSCRIPTION}/user/identity", subscriptions.owner_identity,
              "View the aliases of a subscription's owner", None, {200: schemas.IdentityOut}),
    Operation("PATCH", f"{SUBSCRIPTION}/user/identity", subscriptions.add_owner_aliases,
              "Add aliases to a subscription's owner", schemas.IdentityBody,
              {200: schemas.IdentityOut}),
    Operation("POST", "/notifications", notifications.create_notification,
              "Send a notification", schemas.CreateNotification,
              {200: schemas.NotificationOut}, errors="messages"),
    Operation("PATCH", "/apps/{app_id}/subscriptions_by_token/{token_type}/{token}",
              subscriptions.update_subscription_by_token,
              "Update a subscription found by its type and token", schemas.SubscriptionChangeBody,
              {202: schemas.Empty}),
    Operation("GET", "/notifications", notifications.list_notifications,
              "View an app's notifications, newest first", None, {200: schemas.NotificationSlice},
              errors="messages", query=("app_id", "limit?", "offset?", "kind?")),
    Operation("DELETE", "/notifications/{notification_id}", notifications.cancel_notification,
              "Cancel a scheduled notification", None, {200: schemas.SuccessOut},
              errors="messages", query=("app_id",)),
    Operation("GET", "/notifications/{notification_id}", notifications.view_notification,
              "View a sent notification", None, {200: schemas.NotificationView},
              errors="messages", query=("app_id",)),
    Operation("GET", "/players/{player_id}", players.view_player,
              "View a device (legacy players API)", None, {200: schemas.PlayerOut},
              errors="messages", query=("app_id",)),
    Operation("PUT", "/players/{player_id}", players.edit_player,
              "Edit a device's external user id and tags (legacy players API)",
              schemas.PlayerEdit, {200: schemas.SuccessOut}, errors="messages"),
]  # fmt: skip


def rest_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = [
        Route(op.path, rest_endpoint(op.errors)(op.endpoint), methods=[op.method])
        for op in OPERATIONS
    ]
    return [*routes, Mount("/api/v1", routes=list(routes))]
