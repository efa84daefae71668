"""Legacy players: the device-centric model of older SDKs (an id, tags, an external user id)."""

from __future__ import annotations

from collections.abc import Mapping

import bridge_stub.domain.rules as rules
from bridge_stub.domain.errors import NotFound
from bridge_stub.domain.models import LegacyPlayer, Subscription, evolve
from bridge_stub.domain.repository import AppRecords
from bridge_stub.domain.users import UserRules

#: Leaves a player's external user id as it is (None removes it).
KEEP = object()


class PlayerRules:
    """Legacy players, and the players API's view of v5 subscriptions: after OneSignal's
    migration a subscription answers to its player id with its owner's external ID and tags."""

    def __init__(self, records: AppRecords, users: UserRules) -> None:
        self.records = records
        self.users = users

    def get(self, player_id: str) -> LegacyPlayer:
        player = self.records.get_player(player_id)
        if player is None:
            raise NotFound("player-not-found", f"No player with id {player_id!r}.")
        return player

    def find_channel(self, player_id: str) -> LegacyPlayer | Subscription:
        """The player with this id, or the v5 subscription that has it."""
        found = self.records.get_player(player_id) or self.records.get_subscription(player_id)
        if found is None:
            raise NotFound("player-not-found", "No player with this id found")
        return found

    def edit(
        self,
        channel: LegacyPlayer | Subscription,
        external_user_id: object = KEEP,
        tags: Mapping[str, object] | None = None,
    ) -> None:
        """The players API's edit: set or remove (`""` or None) the external user id, merge
        tags. On a v5 subscription the owner is identified (or forgotten) as a login would."""
        if isinstance(channel, LegacyPlayer):
            if external_user_id is not KEEP:
                channel = self.set_external_user_id(channel, external_user_id)
            if tags is not None:
                self.set_tags(channel, tags)
            return
        if external_user_id is not KEEP:
            if external_user_id:
                self.users.identify(channel, external_user_id)
            else:
                self.users.forget_identity(channel)
        if tags is not None:
            self.users.set_tags(self.users.get_user(channel.onesignal_id), tags)

    def set_external_user_id(self, player: LegacyPlayer, external_id: object) -> LegacyPlayer:
        """Set the external user id; None or "" removes it, as the players API does."""
        wanted = None if external_id in (None, "") else rules.validate_external_id(external_id)
        updated = evolve(player, external_user_id=wanted)
        self.records.put_player(updated)
        return updated

    def set_tags(self, player: LegacyPlayer, tags: Mapping[str, object]) -> LegacyPlayer:
        updated = evolve(player, tags=rules.merge_tags(player.tags, tags))
        self.records.put_player(updated)
        return updated

    def delete_tags(self, player: LegacyPlayer, keys: object) -> LegacyPlayer:
        updated = evolve(player, tags=rules.delete_tag_keys(player.tags, keys))
        self.records.put_player(updated)
        return updated
