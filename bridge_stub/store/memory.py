"""The in-memory store: dicts with indexes, and an undo log that makes a transaction atomic."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bridge_stub.domain.models import (
    Device,
    LegacyPlayer,
    Notification,
    OneSignalApp,
    Subscription,
    User,
)

#: The ids an owner holds, in the order they joined it: one id bare (most users own one
#: subscription, and a tuple would cost 56 bytes each), several as a tuple.
Owned = str | tuple[str, ...]


@dataclass
class _AppTables:
    """One app's records and their indexes. Indexes on a pair are nested by the pair's first
    part (alias label, subscription type): a tuple key would cost 56 bytes a record."""

    users: dict[str, User] = field(default_factory=dict)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    subscriptions_by_owner: dict[str, Owned] = field(default_factory=dict)
    subscriptions_by_token: dict[str, dict[str, str]] = field(default_factory=dict)
    players: dict[str, LegacyPlayer] = field(default_factory=dict)
    players_by_external_user_id: dict[str, dict[str, None]] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)
    notifications: dict[str, Notification] = field(default_factory=dict)
    notifications_by_device: dict[str, dict[str, None]] = field(default_factory=dict)


class MemoryAppRecords:
    """One app's tables inside a transaction; every write logs how to undo itself."""

    def __init__(self, app_id: str, tables: _AppTables) -> None:
        self.app_id = app_id
        self._t = tables
        self._undo: list[Callable[[], None]] = []

    def rollback(self) -> None:
        while self._undo:
            self._undo.pop()()

    # -- users -----------------------------------------------------------------------------

    def get_user(self, onesignal_id: str) -> User | None:
        return self._t.users.get(onesignal_id)

    def find_user_by_alias(self, label: str, alias_id: str) -> User | None:
        owner = self._t.aliases.get(label, {}).get(alias_id)
        return None if owner is None else self._t.users.get(owner)

    def put_user(self, user: User) -> None:
        previous = self._t.users.get(user.onesignal_id)
        self._write_user(user.onesignal_id, user)
        self._undo.append(lambda: self._write_user(user.onesignal_id, previous))

    def delete_user(self, onesignal_id: str) -> None:
        previous = self._t.users.get(onesignal_id)
        self._write_user(onesignal_id, None)
        self._undo.append(lambda: self._write_user(onesignal_id, previous))

    def users(self) -> Iterator[User]:
        return iter(list(self._t.users.values()))

    def _write_user(self, onesignal_id: str, user: User | None) -> None:
        old = self._t.users.pop(onesignal_id, None)
        aliases = self._t.aliases
        if old is not None:
            for label, alias_id in old.identity.items():
                if aliases[label].get(alias_id) == onesignal_id:
                    del aliases[label][alias_id]
        if user is not None:
            self._t.users[onesignal_id] = user
            for label, alias_id in user.identity.items():
                aliases.setdefault(label, {})[alias_id] = onesignal_id

    # -- subscriptions ---------------------------------------------------------------------

    def get_subscription(self, subscription_id: str) -> Subscription | None:
        return self._t.subscriptions.get(subscription_id)

    def find_subscription_by_token(self, type_: str, token: str) -> Subscription | None:
        found = self._t.subscriptions_by_token.get(type_, {}).get(token)
        return None if found is None else self._t.subscriptions.get(found)

    def put_subscription(self, subscription: Subscription) -> None:
        self._change_subscription(subscription.id, subscription)

    def delete_subscription(self, subscription_id: str) -> None:
        self._change_subscription(subscription_id, None)

    def _change_subscription(self, subscription_id: str, subscription: Subscription | None) -> None:
        """Write (or delete, for None) and log the undo, which puts the owners' lists back
        exactly: rewriting the old record alone would move it to the end of its owner's."""
        previous = self._t.subscriptions.get(subscription_id)
        owners = {s.onesignal_id for s in (previous, subscription) if s is not None}
        by_owner = self._t.subscriptions_by_owner
        owned_before = {owner: by_owner.get(owner) for owner in owners}
        self._write_subscription(subscription_id, subscription)

        def undo() -> None:
            self._write_subscription(subscription_id, previous)
            for owner, owned in owned_before.items():
                if owned is None:
                    by_owner.pop(owner, None)
                else:
                    by_owner[owner] = owned

        self._undo.append(undo)

    def subscriptions_of(self, onesignal_id: str) -> list[Subscription]:
        return [self._t.subscriptions[i] for i in self._owned_by(onesignal_id)]

    def count_subscriptions_of(self, onesignal_id: str) -> int:
        return len(self._owned_by(onesignal_id))

    def subscriptions(self) -> Iterator[Subscription]:
        return iter(list(self._t.subscriptions.values()))

    def _write_subscription(self, subscription_id: str, subscription: Subscription | None) -> None:
        """Write or delete one subscription, keeping the owner and token indexes in step.

        An owner's subscriptions stay in the order they joined that owner."""
        old = self._t.subscriptions.pop(subscription_id, None)
        by_token = self._t.subscriptions_by_token
        new_owner = None if subscription is None else subscription.onesignal_id
        if old is not None:
            if old.onesignal_id != new_owner:
                owned = self._owned_by(old.onesignal_id)
                self._set_owned(old.onesignal_id, tuple(i for i in owned if i != subscription_id))
            if old.token:
                by_token.get(old.type.value, {}).pop(old.token, None)
        if subscription is not None:
            self._t.subscriptions[subscription_id] = subscription
            owned = self._owned_by(subscription.onesignal_id)
            if subscription_id not in owned:
                self._set_owned(subscription.onesignal_id, (*owned, subscription_id))
            if subscription.token:
                by_token.setdefault(subscription.type.value, {})[subscription.token] = (
                    subscription_id
                )

    def _owned_by(self, onesignal_id: str) -> tuple[str, ...]:
        owned = self._t.subscriptions_by_owner.get(onesignal_id, ())
        return (owned,) if isinstance(owned, str) else owned

    def _set_owned(self, onesignal_id: str, owned: tuple[str, ...]) -> None:
        by_owner = self._t.subscriptions_by_owner
        if not owned:
            by_owner.pop(onesignal_id, None)
        else:
            by_owner[onesignal_id] = owned[0] if len(owned) == 1 else owned

    # -- legacy players --------------------------------------------------------------------

    def get_player(self, player_id: str) -> LegacyPlayer | None:
        return self._t.players.get(player_id)

    def put_player(self, player: LegacyPlayer) -> None:
        previous = self._t.players.get(player.id)
        self._write_player(player.id, player)
        self._undo.append(lambda: self._write_player(player.id, previous))

    def delete_player(self, player_id: str) -> None:
        previous = self._t.players.get(player_id)
        self._write_player(player_id, None)
        self._undo.append(lambda: self._write_player(player_id, previous))

    def players_with_external_user_id(self, external_user_id: str) -> list[LegacyPlayer]:
        ids = self._t.players_by_external_user_id.get(external_user_id, {})
        return [self._t.players[i] for i in ids]

    def players(self) -> Iterator[LegacyPlayer]:
        return iter(list(self._t.players.values()))

    def _write_player(self, player_id: str, player: LegacyPlayer | None) -> None:
        old = self._t.players.pop(player_id, None)
        index = self._t.players_by_external_user_id
        if old is not None and old.external_user_id is not None:
            same = index.get(old.external_user_id, {})
            same.pop(player_id, None)
            if not same:
                index.pop(old.external_user_id, None)
        if player is not None:
            self._t.players[player_id] = player
            if player.external_user_id is not None:
                index.setdefault(player.external_user_id, {})[player_id] = None

    # -- devices ---------------------------------------------------------------------------

    def get_device(self, device_id: str) -> Device | None:
        return self._t.devices.get(device_id)

    def put_device(self, device: Device) -> None:
        previous = self._t.devices.get(device.id)
        self._write_device(device.id, device)
        self._undo.append(lambda: self._write_device(device.id, previous))

    def delete_device(self, device_id: str) -> None:
        previous = self._t.devices.get(device_id)
        self._write_device(device_id, None)
        self._undo.append(lambda: self._write_device(device_id, previous))

    def devices(self) -> Iterator[Device]:
        return iter(list(self._t.devices.values()))

    def _write_device(self, device_id: str, device: Device | None) -> None:
        if device is None:
            self._t.devices.pop(device_id, None)
        else:
            self._t.devices[device_id] = device

    # -- notifications ---------------------------------------------------------------------

    def get_notification(self, notification_id: str) -> Notification | None:
        return self._t.notifications.get(notification_id)

    def put_notification(self, notification: Notification) -> None:
        previous = self._t.notifications.get(notification.id)
        self._write_notification(notification.id, notification)
        self._undo.append(lambda: self._write_notification(notification.id, previous))

    def notifications(self) -> Iterator[Notification]:
        return iter(list(self._t.notifications.values()))

    def notifications_for_device(self, device_id: str) -> list[Notification]:
        ids = self._t.notifications_by_device.get(device_id, {})
        return [self._t.notifications[i] for i in ids]

    def _write_notification(self, notification_id: str, notification: Notification | None) -> None:
        by_device = self._t.notifications_by_device
        old = self._t.notifications.pop(notification_id, None)
        if old is not None:
            for device_id in old.device_ids:
                by_device.get(device_id, {}).pop(notification_id, None)
        if notification is not None:
            self._t.notifications[notification_id] = notification
            for device_id in notification.device_ids:
                by_device.setdefault(device_id, {})[notification_id] = None


class MemoryStore:
    """Every app's records in process memory; gone when the process ends."""

    def __init__(self) -> None:
        self._apps: dict[str, OneSignalApp] = {}
        self._tables: dict[str, _AppTables] = {}
        self._settings: dict[str, str] = {}
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self, app_id: str) -> Iterator[MemoryAppRecords]:
        with self._lock:
            records = MemoryAppRecords(app_id, self._tables.setdefault(app_id, _AppTables()))
            try:
                yield records
            except BaseException:
                records.rollback()
                raise

    def get_app(self, app_id: str) -> OneSignalApp | None:
        return self._apps.get(app_id)

    def put_app(self, app: OneSignalApp) -> None:
        with self._lock:
            self._apps[app.app_id] = app

    def delete_app(self, app_id: str) -> None:
        with self._lock:
            self._apps.pop(app_id, None)
            self._tables.pop(app_id, None)

    def apps(self) -> list[OneSignalApp]:
        with self._lock:
            return sorted(self._apps.values(), key=lambda app: app.created_at)

    def reset_app(self, app_id: str) -> None:
        with self._lock:
            self._tables[app_id] = _AppTables()

    def locate_device(self, device_id: str) -> str | None:
        with self._lock:
            return next((a for a, t in self._tables.items() if device_id in t.devices), None)

    def get_setting(self, name: str) -> str | None:
        return self._settings.get(name)

    def put_setting(self, name: str, value: str) -> None:
        with self._lock:
            self._settings[name] = value

    def close(self) -> None:
        """Nothing to release."""
