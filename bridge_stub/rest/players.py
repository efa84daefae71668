"""The legacy players API: `GET|PUT /players/{id}` (external user id and tags). A v5
subscription answers too, with its owner's external ID and tags, as after OneSignal's
migration."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.bodies import read_body
from bridge_stub.domain.players import KEEP
from bridge_stub.json_response import JSONResponse
from bridge_stub.rest import schemas
from bridge_stub.rest.common import app_session, authorize
from bridge_stub.rest.views import player_view


async def view_player(request: Request) -> Response:
    app = authorize(request, request.query_params.get("app_id"))
    with app_session(request, app.app_id) as session:
        channel = session.players.find_channel(request.path_params["player_id"])
        return JSONResponse(player_view(session.records, app.app_id, channel))


async def edit_player(request: Request) -> Response:
    """Set or remove (`""` or null) the external user id, and merge tags."""
    body = await read_body(request, schemas.PlayerEdit)
    app = authorize(request, body.app_id)
    named = "external_user_id" in body.model_fields_set
    external_user_id = body.external_user_id if named else KEEP
    with app_session(request, app.app_id) as session:
        channel = session.players.find_channel(request.path_params["player_id"])
        session.players.edit(channel, external_user_id, body.tags)
    return JSONResponse({"success": True})
