"""Browser tests: Playwright's own Chromium when installed, else the system one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserType

from bridge_stub.browser import launch_overrides
from bridge_stub.domain import OneSignalBackend
from bridge_stub.server import ServerThread
from bridge_stub.store import MemoryStore
from demo_site.app import create_app


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> dict[str, Any]:
    return {**browser_type_launch_args, **launch_overrides(Path(browser_type.executable_path))}


@pytest.fixture
def served() -> Iterator[tuple[ServerThread, OneSignalBackend]]:
    backend = OneSignalBackend(MemoryStore())
    app = backend.ensure_default_app(legacy_below="2.0.0")
    with ServerThread(create_app(backend, app.app_id)) as server:
        yield server, backend
