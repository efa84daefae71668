"""Fixtures shared by the whole suite: a backend on each store, with a clock tests can move."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from bridge_stub.domain import (
    AppSession,
    DeviceSpec,
    ManualClock,
    OneSignalBackend,
    Platform,
    PushPermission,
    SdkGeneration,
    invariant_violations,
)
from bridge_stub.domain.models import Device, OneSignalApp
from bridge_stub.domain.repository import Store
from bridge_stub.store import MemoryStore, SqliteStore

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


class AppSteps:
    """Terse helpers over one app: run a step in its own transaction, install devices."""

    def __init__(self, backend: OneSignalBackend, app: OneSignalApp) -> None:
        self.backend = backend
        self.app = app

    def session(self) -> AbstractContextManager[AppSession]:
        return self.backend.session(self.app.app_id)

    def run(self, step: Callable[[AppSession], object]) -> object:
        with self.backend.session(self.app.app_id) as session:
            return step(session)

    def install(
        self,
        platform: Platform = Platform.IOS,
        app_version: str = "2.0.0",
        *,
        sdk: SdkGeneration | None = None,
        permission: PushPermission = PushPermission.GRANTED,
        consent: bool = False,
    ) -> Device:
        spec = DeviceSpec(
            platform=platform,
            app_version=app_version,
            sdk=sdk,
            push_permission=permission,
            requires_privacy_consent=consent,
        )
        with self.backend.session(self.app.app_id) as session:
            return session.devices.install(spec)

    def violations(self) -> list[str]:
        with self.backend.session(self.app.app_id) as session:
            return invariant_violations(session.records)


@pytest.fixture
def steps(backend: OneSignalBackend, app: OneSignalApp) -> Iterator[AppSteps]:
    helper = AppSteps(backend, app)
    yield helper
    assert helper.violations() == []
