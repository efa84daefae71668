"""The legacy players API: `GET|PUT /players/{id}` (external user id and tags). A v5
subscription answers too, with its owner's external ID and tags, as after OneSignal's
migration."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bridge_stub.bodies import read_body
from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.errors import NotFound
from bridge_stub.domain.models import LegacyPlayer, Subscription
from bridge_stub.rest import schemas
from bridge_stub.rest.common import app_session, authorize
from bridge_stub.rest.views import player_view


def find_channel(session: AppSession, player_id: str) -> LegacyPlayer | Subscription:
    found = session.records.get_player(player_id) or session.records.get_subscription(player_id)
    if found is None:
        raise NotFound("player-not-found", "No player with this id found")
    return found


async def view_player(request: Request) -> Response:
    app = authorize(request, request.query_params.get("app_id"))
    with app_session(request, app.app_id) as session:
        channel = find_channel(session, request.path_params["player_id"])
        return JSONResponse(player_view(session.records, app.app_id, channel))


async def edit_player(request: Request) -> Response:
    """Set or remove (`""` or null) the external user id, and merge tags."""
    body = await read_body(request, schemas.PlayerEdit)
    app = authorize(request, body.app_id)
    changed = body.model_fields_set
    with app_session(request, app.app_id) as session:
        channel = find_channel(session, request.path_params["player_id"])
        if isinstance(channel, LegacyPlayer):
            if "external_user_id" in changed:
                channel = session.players.set_external_user_id(channel, body.external_user_id)
            if body.tags is not None:
                session.players.set_tags(channel, body.tags)
        else:
            if "external_user_id" in changed:
                if body.external_user_id:
                    session.users.identify(channel, body.external_user_id)
                else:
                    session.users.forget_identity(channel)
            if body.tags is not None:
                owner = session.users.get_user(channel.onesignal_id)
                session.users.set_tags(owner, body.tags)
    return JSONResponse({"success": True})
