"""Where the simulated backend keeps its records: in memory or in SQLite, one interface."""

from __future__ import annotations

from pathlib import Path

from bridge_stub.domain.repository import Store
from bridge_stub.store.memory import MemoryStore
from bridge_stub.store.sqlite import SqliteStore


def open_store(db_path: str | Path | None) -> Store:
    """A SQLite store at `db_path`, or a memory store when it is None."""
    if db_path is None:
        return MemoryStore()
    return SqliteStore(db_path)


__all__ = ["MemoryStore", "SqliteStore", "Store", "open_store"]
