"""Legacy players: the device-centric model of older SDKs (an id, tags, an external user id)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bridge_stub.domain import rules
from bridge_stub.domain.errors import NotFound
from bridge_stub.domain.models import LegacyPlayer
from bridge_stub.domain.repository import AppRecords


class PlayerRules:
    def __init__(self, records: AppRecords) -> None:
        self.records = records

    def get(self, player_id: str) -> LegacyPlayer:
        player = self.records.get_player(player_id)
        if player is None:
            raise NotFound("player-not-found", f"No player with id {player_id!r}.")
        return player

    def set_external_user_id(self, player: LegacyPlayer, external_id: object) -> LegacyPlayer:
        """Set the external user id; None or "" removes it, as the players API does."""
        wanted = None if external_id in (None, "") else rules.validate_external_id(external_id)
        updated = replace(player, external_user_id=wanted)
        self.records.put_player(updated)
        return updated

    def set_tags(self, player: LegacyPlayer, tags: Mapping[str, object]) -> LegacyPlayer:
        updated = replace(player, tags=rules.merge_tags(player.tags, tags))
        self.records.put_player(updated)
        return updated

    def delete_tags(self, player: LegacyPlayer, keys: object) -> LegacyPlayer:
        updated = replace(player, tags=rules.delete_tag_keys(player.tags, keys))
        self.records.put_player(updated)
        return updated
