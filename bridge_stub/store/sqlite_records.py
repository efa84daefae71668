"""The SQLite store's tables, and one app's rows inside an open transaction. Records are JSON
documents; the columns beside them exist to be looked up by."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from bridge_stub.domain.models import Device, LegacyPlayer, Notification, Subscription, User
from bridge_stub.store.codec import decode, encode

SCHEMA = """
CREATE TABLE IF NOT EXISTS apps (
    app_id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS app_scopes (
    app_id TEXT PRIMARY KEY,
    scope TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS dead_scopes (scope TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    app_id TEXT NOT NULL,
    onesignal_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (app_id, onesignal_id)
);
CREATE TABLE IF NOT EXISTS aliases (
    app_id TEXT NOT NULL,
    label TEXT NOT NULL,
    alias_id TEXT NOT NULL,
    onesignal_id TEXT NOT NULL,
    PRIMARY KEY (app_id, label, alias_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_by_user ON aliases (app_id, onesignal_id);
-- A deleted user's aliases go with it; an anonymous user (most deleted ones) has none to
-- look for.
CREATE TRIGGER IF NOT EXISTS aliases_leave_with_their_user AFTER DELETE ON users
WHEN json_extract(old.data, '$.identity') != '{}'
BEGIN
    DELETE FROM aliases WHERE app_id = old.app_id AND onesignal_id = old.onesignal_id;
END;
CREATE TABLE IF NOT EXISTS subscriptions (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    onesignal_id TEXT NOT NULL,
    type TEXT NOT NULL,
    token TEXT,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (app_id, id)
);
CREATE INDEX IF NOT EXISTS subscriptions_by_owner ON subscriptions (app_id, onesignal_id, seq);
CREATE INDEX IF NOT EXISTS subscriptions_by_token ON subscriptions (app_id, type, token);
CREATE TABLE IF NOT EXISTS players (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    external_user_id TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (app_id, id)
);
CREATE INDEX IF NOT EXISTS players_by_external_user_id ON players (app_id, external_user_id);
CREATE TABLE IF NOT EXISTS devices (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (app_id, id)
);
CREATE INDEX IF NOT EXISTS devices_by_id ON devices (id);
CREATE TABLE IF NOT EXISTS notifications (
    app_id TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (app_id, id)
);
CREATE TABLE IF NOT EXISTS deliveries (
    app_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    notification_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (app_id, device_id, notification_id)
);
CREATE INDEX IF NOT EXISTS deliveries_by_notification ON deliveries (app_id, notification_id);
"""

#: The tables whose rows belong to an app, each with the columns that name a row: the sweeper
#: deletes by them (a table made WITHOUT ROWID has no rowid).
APP_TABLES = {
    "users": "app_id, onesignal_id",
    "aliases": "app_id, label, alias_id",
    "subscriptions": "app_id, id",
    "players": "app_id, id",
    "devices": "app_id, id",
    "notifications": "app_id, id",
    "deliveries": "app_id, device_id, notification_id",
}


class SqliteAppRecords:
    """One app's rows, read and written inside the store's open transaction. Rows carry the
    app's current scope (its id, or its id and a generation once reset) in `app_id`."""

    def __init__(self, app_id: str, scope: str, db: sqlite3.Connection, seq: Iterator[int]) -> None:
        self.app_id = app_id
        self._scope = scope
        self._db = db
        self._seq = seq

    def _one(self, sql: str, *params: object) -> str | None:
        row = self._db.execute(sql, (self._scope, *params)).fetchone()
        return None if row is None else str(row[0])

    def _all(self, sql: str, *params: object) -> list[str]:
        return [str(row[0]) for row in self._db.execute(sql, (self._scope, *params))]

    # -- users -----------------------------------------------------------------------------

    def get_user(self, onesignal_id: str) -> User | None:
        data = self._one("SELECT data FROM users WHERE app_id=? AND onesignal_id=?", onesignal_id)
        return None if data is None else decode(User, data)

    def find_user_by_alias(self, label: str, alias_id: str) -> User | None:
        data = self._one(
            "SELECT u.data FROM aliases a JOIN users u"
            " ON u.app_id = a.app_id AND u.onesignal_id = a.onesignal_id"
            " WHERE a.app_id=? AND a.label=? AND a.alias_id=?",
            label,
            alias_id,
        )
        return None if data is None else decode(User, data)

    def put_user(self, user: User) -> None:
        self._db.execute(
            "INSERT INTO users (app_id, onesignal_id, data) VALUES (?, ?, ?)"
            " ON CONFLICT (app_id, onesignal_id) DO UPDATE SET data=excluded.data",
            (self._scope, user.onesignal_id, encode(user)),
        )
        self._db.execute(
            "DELETE FROM aliases WHERE app_id=? AND onesignal_id=?",
            (self._scope, user.onesignal_id),
        )
        self._db.executemany(
            "INSERT INTO aliases (app_id, label, alias_id, onesignal_id) VALUES (?, ?, ?, ?)",
            [
                (self._scope, label, alias_id, user.onesignal_id)
                for label, alias_id in user.identity.items()
            ],
        )

    def delete_user(self, onesignal_id: str) -> None:
        """Its aliases are deleted by a trigger."""
        self._db.execute(
            "DELETE FROM users WHERE app_id=? AND onesignal_id=?", (self._scope, onesignal_id)
        )

    def users(self) -> Iterator[User]:
        for data in self._all("SELECT data FROM users WHERE app_id=?"):
            yield decode(User, data)

    # -- subscriptions ---------------------------------------------------------------------

    def get_subscription(self, subscription_id: str) -> Subscription | None:
        data = self._one("SELECT data FROM subscriptions WHERE app_id=? AND id=?", subscription_id)
        return None if data is None else decode(Subscription, data)

    def find_subscription_by_token(self, type_: str, token: str) -> Subscription | None:
        data = self._one(
            "SELECT data FROM subscriptions INDEXED BY subscriptions_by_token"
            " WHERE app_id=? AND type=? AND token=?",
            str(type_),
            token,
        )
        return None if data is None else decode(Subscription, data)

    def put_subscription(self, subscription: Subscription) -> None:
        """Type and token are set apart, and only when they changed: SQLite rewrites the token
        index for every column named in an update, changed or not, and most writes (a login's
        switch, a session) leave them as they are."""
        self._db.execute(
            "INSERT INTO subscriptions (app_id, id, onesignal_id, type, token, seq, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (app_id, id) DO UPDATE SET onesignal_id=excluded.onesignal_id,"
            " data=excluded.data,"
            " seq=CASE WHEN onesignal_id = excluded.onesignal_id THEN seq ELSE excluded.seq END",
            (
                self._scope,
                subscription.id,
                subscription.onesignal_id,
                subscription.type.value,
                subscription.token,
                next(self._seq),
                encode(subscription),
            ),
        )
        self._db.execute(
            "UPDATE subscriptions SET type=?, token=?"
            " WHERE app_id=? AND id=? AND (type IS NOT ? OR token IS NOT ?)",
            (
                subscription.type.value,
                subscription.token,
                self._scope,
                subscription.id,
                subscription.type.value,
                subscription.token,
            ),
        )

    def delete_subscription(self, subscription_id: str) -> None:
        self._db.execute(
            "DELETE FROM subscriptions WHERE app_id=? AND id=?", (self._scope, subscription_id)
        )

    def subscriptions_of(self, onesignal_id: str) -> list[Subscription]:
        rows = self._all(
            "SELECT data FROM subscriptions WHERE app_id=? AND onesignal_id=? ORDER BY seq",
            onesignal_id,
        )
        return [decode(Subscription, data) for data in rows]

    def count_subscriptions_of(self, onesignal_id: str) -> int:
        """Counted in the owner index alone: no record is read or decoded."""
        return int(
            self._one(
                "SELECT count(*) FROM subscriptions WHERE app_id=? AND onesignal_id=?", onesignal_id
            )
            or 0
        )

    def subscriptions(self) -> Iterator[Subscription]:
        for data in self._all("SELECT data FROM subscriptions WHERE app_id=? ORDER BY seq"):
            yield decode(Subscription, data)

    # -- legacy players --------------------------------------------------------------------

    def get_player(self, player_id: str) -> LegacyPlayer | None:
        data = self._one("SELECT data FROM players WHERE app_id=? AND id=?", player_id)
        return None if data is None else decode(LegacyPlayer, data)

    def put_player(self, player: LegacyPlayer) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO players (app_id, id, external_user_id, data)"
            " VALUES (?, ?, ?, ?)",
            (self._scope, player.id, player.external_user_id, encode(player)),
        )

    def delete_player(self, player_id: str) -> None:
        self._db.execute("DELETE FROM players WHERE app_id=? AND id=?", (self._scope, player_id))

    def players_with_external_user_id(self, external_user_id: str) -> list[LegacyPlayer]:
        rows = self._all(
            "SELECT data FROM players INDEXED BY players_by_external_user_id"
            " WHERE app_id=? AND external_user_id=?",
            external_user_id,
        )
        return [decode(LegacyPlayer, data) for data in rows]

    def players(self) -> Iterator[LegacyPlayer]:
        for data in self._all("SELECT data FROM players WHERE app_id=?"):
            yield decode(LegacyPlayer, data)

    # -- devices ---------------------------------------------------------------------------

    def get_device(self, device_id: str) -> Device | None:
        data = self._one("SELECT data FROM devices WHERE app_id=? AND id=?", device_id)
        return None if data is None else decode(Device, data)

    def put_device(self, device: Device) -> None:
        self._db.execute(
            "INSERT INTO devices (app_id, id, seq, data) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (app_id, id) DO UPDATE SET data=excluded.data",
            (self._scope, device.id, next(self._seq), encode(device)),
        )

    def delete_device(self, device_id: str) -> None:
        self._db.execute("DELETE FROM devices WHERE app_id=? AND id=?", (self._scope, device_id))

    def devices(self) -> Iterator[Device]:
        for data in self._all("SELECT data FROM devices WHERE app_id=? ORDER BY seq"):
            yield decode(Device, data)

    # -- notifications ---------------------------------------------------------------------

    def get_notification(self, notification_id: str) -> Notification | None:
        data = self._one("SELECT data FROM notifications WHERE app_id=? AND id=?", notification_id)
        return None if data is None else decode(Notification, data)

    def put_notification(self, notification: Notification) -> None:
        seq = next(self._seq)
        self._db.execute(
            "INSERT INTO notifications (app_id, id, seq, data) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (app_id, id) DO UPDATE SET data=excluded.data",
            (self._scope, notification.id, seq, encode(notification)),
        )
        self._db.execute(
            "DELETE FROM deliveries WHERE app_id=? AND notification_id=?",
            (self._scope, notification.id),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO deliveries (app_id, device_id, notification_id, seq)"
            " VALUES (?, ?, ?, ?)",
            [(self._scope, d, notification.id, seq) for d in notification.device_ids],
        )

    def notifications(self) -> Iterator[Notification]:
        for data in self._all("SELECT data FROM notifications WHERE app_id=? ORDER BY seq"):
            yield decode(Notification, data)

    def notifications_for_device(self, device_id: str) -> list[Notification]:
        rows = self._all(
            "SELECT n.data FROM deliveries d JOIN notifications n"
            " ON n.app_id = d.app_id AND n.id = d.notification_id"
            " WHERE d.app_id=? AND d.device_id=? ORDER BY n.seq",
            device_id,
        )
        return [decode(Notification, data) for data in rows]
