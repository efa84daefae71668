"""Every function of the official median-js-bridge library exists on the stub's `median`
global and posts the same messages for the same arguments (generated names aside)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from bridge_stub.bridge.surface import functions
from bridge_stub.testkit import DeviceFactory
from tests.e2e.site import open_site

COMPARE = (Path(__file__).parent / "parity.js").read_text()


@pytest.mark.parametrize("platform", ["android", "ios"])
def test_every_official_function_posts_the_same_messages(
    median_js_bridge: Path, page: Page, median_device: DeviceFactory, platform: str
) -> None:
    device = median_device(platform=platform)
    median_device.install_stub(page.context, device)
    open_site(page, library=median_js_bridge)
    outcome: dict[str, Any] = page.evaluate(COMPARE)
    assert outcome["differences"] == [], "\n".join(outcome["differences"][:80])
    assert outcome["extra"] == []
    unique = {f.path for f in functions() if f.kind != "alias"}
    assert outcome["count"] >= len(unique) >= 409
