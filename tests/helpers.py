"""Helpers shared by test modules (fixtures live in the conftest files)."""

from __future__ import annotations

#: A loopback peer address for Starlette's TestClient.
LOOPBACK_CLIENT = ("127.0.0.1", 50000)
