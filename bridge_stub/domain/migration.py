"""OneSignal's migration of a legacy install to the v5 SDK: the player becomes a subscription
with the same id, owned by the user whose external_id is the player's external user id
(created if needed), or by a new anonymous user."""

from __future__ import annotations

import bridge_stub.domain.rules as rules
from bridge_stub.domain.channels import subscription_from_player
from bridge_stub.domain.ids import Clock
from bridge_stub.domain.models import LegacyPlayer, Platform, UserProperties
from bridge_stub.domain.repository import AppRecords
from bridge_stub.domain.users import UserRules


def migrate_player(
    records: AppRecords, users: UserRules, clock: Clock, player: LegacyPlayer, platform: Platform
) -> None:
    properties = player_properties(player, clock.now())
    owner = None
    if player.external_user_id is not None:
        owner = users.find_by_alias(rules.EXTERNAL_ID, player.external_user_id)
        if owner is None:
            owner = users.new_user({rules.EXTERNAL_ID: player.external_user_id}, properties)
    if owner is None:
        owner = users.new_user(properties=properties)
    records.delete_player(player.id)
    users.add_subscription(subscription_from_player(player, owner.onesignal_id, platform))


def player_properties(player: LegacyPlayer, now: float) -> UserProperties:
    """A migrated player's tags, language and time zone become its new user's properties."""
    return UserProperties.active_since(
        now, tags=dict(player.tags), language=player.language, timezone_id=player.timezone_id
    )
