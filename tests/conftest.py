"""Fixtures shared by the whole suite: a backend on each store, with a clock tests can move."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bridge_stub.domain import (
    ManualClock,
    OneSignalBackend,
)
from bridge_stub.domain.models import OneSignalApp
from bridge_stub.domain.repository import Store
from bridge_stub.store import MemoryStore, SqliteStore
from tests.helpers import AppSteps

pytest_plugins = ["pytester"]


def make_store(kind: str, directory: Path) -> Store:
    if kind == "memory":
        return MemoryStore()
    return SqliteStore(directory / "steps.db")


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Each domain test runs once per store: both must behave the same."""
    store = make_store(request.param, tmp_path)
    yield store
    store.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def backend(store: Store, clock: ManualClock) -> OneSignalBackend:
    return OneSignalBackend(store, clock)


@pytest.fixture
def app(backend: OneSignalBackend) -> OneSignalApp:
    return backend.create_app(name="test app", legacy_below="2.0.0")


@pytest.fixture
def steps(backend: OneSignalBackend, app: OneSignalApp) -> Iterator[AppSteps]:
    helper = AppSteps(backend, app)
    yield helper
    assert helper.violations() == []
