"""What the legacy OneSignal SDK (iOS v3, Android v4: the player model) does on an install:
the install is a player with its own tags and an optional external user id."""

from __future__ import annotations

from collections.abc import Mapping

import bridge_stub.domain.rules as rules
from bridge_stub.domain.channels import new_player
from bridge_stub.domain.errors import NotFound
from bridge_stub.domain.ids import Clock
from bridge_stub.domain.installs import ready_device
from bridge_stub.domain.models import Device, LegacyPlayer, SdkGeneration
from bridge_stub.domain.players import PlayerRules
from bridge_stub.domain.repository import AppRecords

LEGACY = SdkGeneration.LEGACY


class LegacySdk:
    def __init__(self, records: AppRecords, players: PlayerRules, clock: Clock) -> None:
        self.records = records
        self.players = players
        self.clock = clock

    def channel(self, device: Device) -> LegacyPlayer | None:
        """The install's player."""
        if device.sdk is not LEGACY or device.subscription_id is None:
            return None
        return self.records.get_player(device.subscription_id)

    def register(self, device: Device, player_id: str) -> None:
        self.records.put_player(new_player(device, player_id, self.clock.now()))

    def set_external_user_id(self, device_id: str, external_id: object) -> LegacyPlayer:
        device = ready_device(self.records, device_id, LEGACY)
        wanted = rules.validate_external_id(external_id)  # the SDK refuses "" and null
        return self.players.set_external_user_id(self._player(device), wanted)

    def remove_external_user_id(self, device_id: str) -> LegacyPlayer:
        device = ready_device(self.records, device_id, LEGACY)
        return self.players.set_external_user_id(self._player(device), None)

    def tags(self, device: Device) -> dict[str, str]:
        return dict(self._player(device).tags)

    def set_tags(self, device: Device, tags: Mapping[str, object]) -> dict[str, str]:
        return dict(self.players.set_tags(self._player(device), tags).tags)

    def delete_tags(self, device: Device, keys: object) -> dict[str, str]:
        return dict(self.players.delete_tags(self._player(device), keys).tags)

    def _player(self, device: Device) -> LegacyPlayer:
        player = self.channel(device)
        if player is None:
            raise NotFound(
                "player-not-found", f"The install's player {device.subscription_id!r} is gone."
            )
        return player
