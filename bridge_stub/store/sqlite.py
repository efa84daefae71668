"""The SQLite store: the default for `serve`, so state survives restarts.

One connection in WAL mode, serialized by a lock, so a threaded server is safe; each
transaction is `BEGIN IMMEDIATE` ... `COMMIT`, rolled back whole when a rule refuses.
Records are JSON documents; the columns beside them exist to be looked up by.

Resetting an app gives it a new scope at once; the rows of its old scope are deleted in
small chunks by a background thread, so a reset of a million users takes milliseconds.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bridge_stub.domain.errors import StorageBusy, StorageFull
from bridge_stub.domain.models import (
    OneSignalApp,
)
from bridge_stub.store.codec import decode, encode
from bridge_stub.store.sqlite_records import APP_TABLES, SCHEMA, SqliteAppRecords


@contextmanager
def storage_errors() -> Iterator[None]:
    """SQLite's refusals to write, as the harness's errors (each says why)."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error)
        if "full" in text:
            raise StorageFull(
                "storage-full",
                f"The harness's database cannot be written ({text}): free some disk space. "
                "Nothing of this request was kept.",
            ) from error
        if "locked" in text or "busy" in text:
            raise StorageBusy(
                "storage-busy",
                f"The harness's database is held by another process ({text}); try again.",
            ) from error
        raise


class SqliteStore:
    """Every app's records in one SQLite file (WAL), safe to share between threads."""

    SWEEP_CHUNK = 2000

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        # Apps stored before scopes existed keep their rows: their scope is their id.
        self._db.execute(
            "INSERT OR IGNORE INTO app_scopes (app_id, scope) SELECT app_id, app_id FROM apps"
        )
        self._scopes: dict[str, str] = {
            str(app_id): str(scope)
            for app_id, scope in self._db.execute("SELECT app_id, scope FROM app_scopes")
        }
        self._seq = self._sequence()
        self._apps: dict[str, OneSignalApp] = {}
        self._depth = 0
        self._closed = threading.Event()
        self._garbage = threading.Event()
        self._garbage.set()  # scopes left dead by a reset before a restart are swept now
        self._sweeper = threading.Thread(target=self._sweep, name="sqlite-sweeper", daemon=True)
        self._sweeper.start()

    def _sequence(self) -> Iterator[int]:
        """One counter orders every table that keeps creation order; it resumes after the
        largest value stored in any of them."""
        row = self._db.execute(
            "SELECT max(m) FROM (SELECT max(seq) AS m FROM subscriptions"
            " UNION ALL SELECT max(seq) FROM devices"
            " UNION ALL SELECT max(seq) FROM notifications"
            " UNION ALL SELECT max(seq) FROM deliveries)"
        ).fetchone()
        start = int(row[0] or 0) + 1
        while True:
            yield start
            start += 1

    def _scope(self, app_id: str) -> str:
        return self._scopes.get(app_id, app_id)

    @contextmanager
    def transaction(self, app_id: str) -> Iterator[SqliteAppRecords]:
        with self._lock, self._atomic():
            yield SqliteAppRecords(app_id, self._scope(app_id), self._db, self._seq)

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        """A transaction, or a savepoint inside one when already open on this thread. A write
        the database refuses (full disk, held by another process) is a StorageFull or
        StorageBusy error, and the whole transaction is rolled back."""
        name = f"sp{self._depth}"
        with storage_errors():
            self._db.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
        self._depth += 1
        try:
            with storage_errors():
                yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._rollback()
            else:
                self._db.execute(f"ROLLBACK TO {name}")
                self._db.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        if self._depth > 0:
            self._db.execute(f"RELEASE {name}")
            return
        try:
            with storage_errors():
                self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def get_app(self, app_id: str) -> OneSignalApp | None:
        """Apps are few and read by every operation: kept in memory once read or written."""
        with self._lock:
            cached = self._apps.get(app_id)
            if cached is not None:
                return cached
            row = self._db.execute("SELECT data FROM apps WHERE app_id=?", (app_id,)).fetchone()
            if row is None:
                return None
            app = decode(OneSignalApp, row[0])
            self._apps[app_id] = app
            return app

    def put_app(self, app: OneSignalApp) -> None:
        with self._lock:
            with self._atomic():
                self._db.execute(
                    "INSERT OR REPLACE INTO apps (app_id, created_at, data) VALUES (?, ?, ?)",
                    (app.app_id, app.created_at, encode(app)),
                )
                if app.app_id not in self._scopes:
                    self._set_scope(app.app_id, self._new_scope())
            self._apps[app.app_id] = app

    def delete_app(self, app_id: str) -> None:
        with self._lock:
            with self._atomic():
                self._db.execute("DELETE FROM apps WHERE app_id=?", (app_id,))
                self._db.execute("DELETE FROM app_scopes WHERE app_id=?", (app_id,))
                self._bury(self._scopes.pop(app_id, app_id))
            self._apps.pop(app_id, None)
        self._garbage.set()

    def apps(self) -> list[OneSignalApp]:
        with self._lock:
            rows = self._db.execute("SELECT data FROM apps ORDER BY created_at").fetchall()
        return [decode(OneSignalApp, row[0]) for row in rows]

    def reset_app(self, app_id: str) -> None:
        """Give the app a new, empty scope; the old one's rows are swept in the background."""
        with self._lock, self._atomic():
            self._bury(self._scope(app_id))
            self._set_scope(app_id, self._new_scope())
        self._garbage.set()

    def locate_device(self, device_id: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT s.app_id FROM devices d JOIN app_scopes s ON s.scope = d.app_id"
                " WHERE d.id=?",
                (device_id,),
            ).fetchone()
        return None if row is None else str(row[0])

    def get_setting(self, name: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM settings WHERE name=?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def put_setting(self, name: str, value: str) -> None:
        with self._lock, self._atomic():
            self._db.execute(
                "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)", (name, value)
            )

    def _new_scope(self) -> str:
        """A short scope no live or dead scope has: it leads every key of every row and index,
        so its length sets how many keys fit in a page (a million users' indexes are half
        the size with six characters than with an app id and a generation)."""
        while True:
            scope = secrets.token_hex(3)
            taken = self._db.execute(
                "SELECT 1 FROM app_scopes WHERE scope=? UNION ALL"
                " SELECT 1 FROM dead_scopes WHERE scope=?",
                (scope, scope),
            ).fetchone()
            if taken is None:
                return scope

    def _set_scope(self, app_id: str, scope: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO app_scopes (app_id, scope) VALUES (?, ?)", (app_id, scope)
        )
        self._scopes[app_id] = scope

    def _bury(self, scope: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO dead_scopes (scope) VALUES (?)", (scope,))

    def _sweep(self) -> None:
        """Delete rows of scopes no app uses any more, a chunk per short transaction."""
        while not self._closed.is_set():
            self._garbage.wait(timeout=1.0)
            if self._closed.is_set():
                return
            self._garbage.clear()
            try:
                while self._sweep_chunk() and not self._closed.is_set():
                    time.sleep(0.001)  # let requests in between chunks
            except sqlite3.ProgrammingError:
                return  # closed while sweeping

    def _sweep_chunk(self) -> bool:
        """Delete up to a chunk of one dead scope's rows; False when nothing is left."""
        with self._lock:
            if self._closed.is_set():
                return False
            row = self._db.execute("SELECT scope FROM dead_scopes LIMIT 1").fetchone()
            if row is None:
                return False
            deleted = 0
            with self._atomic():
                for table, key in APP_TABLES.items():
                    deleted += self._db.execute(
                        f"DELETE FROM {table} WHERE ({key}) IN"
                        f" (SELECT {key} FROM {table} WHERE app_id = ? LIMIT ?)",
                        (row[0], self.SWEEP_CHUNK),
                    ).rowcount
                if deleted == 0:
                    self._db.execute("DELETE FROM dead_scopes WHERE scope = ?", (row[0],))
            return True

    def close(self) -> None:
        with self._lock:
            self._closed.set()
            self._garbage.set()
            self._db.close()
