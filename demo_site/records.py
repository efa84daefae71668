"""The demo site's own database: the OneSignal IDs its pages report after a sign-in, the way
Median documents a site keeping them (SQLite)."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS onesignal_ids (
    your_app_user_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    platform TEXT NOT NULL,
    app_version TEXT NOT NULL,
    sdk TEXT NOT NULL,
    onesignal_id TEXT,
    onesignal_user_id TEXT,
    external_id TEXT,
    subscription_id TEXT,
    signed_in INTEGER NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (your_app_user_id, channel_id)
)
"""


@dataclass(frozen=True, slots=True)
class SignInRecord:
    """One site user on one install: the IDs the page read from the app after signing in."""

    your_app_user_id: str
    channel_id: str
    platform: str
    app_version: str
    sdk: str
    onesignal_id: str | None
    onesignal_user_id: str | None
    external_id: str | None
    subscription_id: str | None
    signed_in: bool
    updated_at: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class SiteRecords:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)

    def save(self, record: SignInRecord) -> SignInRecord:
        """Insert or update the row of this user on this install."""
        stamped = SignInRecord(**{**record.as_dict(), "updated_at": time.time()})
        values = stamped.as_dict()
        columns = ", ".join(values)
        placeholders = ", ".join("?" for _ in values)
        with self._lock:
            self._db.execute(
                f"INSERT OR REPLACE INTO onesignal_ids ({columns}) VALUES ({placeholders})",
                [int(v) if isinstance(v, bool) else v for v in values.values()],
            )
        return stamped

    def sign_out(self, your_app_user_id: str, channel_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "UPDATE onesignal_ids SET signed_in = 0, updated_at = ?"
                " WHERE your_app_user_id = ? AND channel_id = ?",
                (time.time(), your_app_user_id, channel_id),
            )
        return cursor.rowcount > 0

    def all(self) -> list[SignInRecord]:
        with self._lock:
            cursor = self._db.execute(
                "SELECT * FROM onesignal_ids ORDER BY updated_at DESC, your_app_user_id"
            )
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        records = []
        for row in rows:
            values = dict(zip(names, row, strict=True))
            records.append(SignInRecord(**{**values, "signed_in": bool(values["signed_in"])}))
        return records

    def close(self) -> None:
        with self._lock:
            self._db.close()
