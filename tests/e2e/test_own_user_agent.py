"""A test that sets its own user agent, one that says `median`, keeps the stub: the harness
installed it, so it never stands aside because of the user agent."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

OWN_AGENT = "Mozilla/5.0 (Linux; Android 13) MyShopApp/7 median"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "user_agent": OWN_AGENT}


def test_its_own_median_user_agent_keeps_the_stub(median_page: Page) -> None:
    median_page.route(
        "http://shop.test/**",
        lambda route: route.fulfill(body="<!doctype html><p>shop</p>", content_type="text/html"),
    )
    median_page.goto("http://shop.test/")
    assert median_page.evaluate("navigator.userAgent") == OWN_AGENT
    assert median_page.evaluate("window.__medianHarness.active") is True
    info = median_page.evaluate("median.deviceInfo()")
    assert info["platform"] == "ios"
