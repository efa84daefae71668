"""Driving the demo site like a user, on simulated devices of a fresh app (shared by the
demo-site tests and the flow suite)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from bridge_stub.testkit import HarnessServer

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
THRESHOLD = "2.9.0"
PAGES = [
    "/",
    "/onesignal",
    "/onesignal-legacy",
    "/login",
    "/records",
    "/inspector",
    "/bridge",
    "/calibrate",
]


class DemoApp:
    """A fresh app whose builds older than `threshold` carry the legacy SDK, and pages on its
    devices, each recording console errors."""

    def __init__(
        self, harness: HarnessServer, browser: Browser, threshold: str = THRESHOLD
    ) -> None:
        self.harness = harness
        self.browser = browser
        self.app = harness.client.create_app(legacy_below=threshold, name="demo site test")
        self.contexts: list[Any] = []
        self.console_errors: dict[Page, list[str]] = {}

    def device(
        self, platform: str = "ios", app_version: str = "2.10.0", **fields: Any
    ) -> dict[str, Any]:
        return self.harness.client.create_device(
            app_id=self.app["app_id"], platform=platform, app_version=app_version, **fields
        )

    def send(self, external_id: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """What a site's backend does: POST /notifications with the app's key."""
        response = httpx.post(
            f"{self.harness.url}/notifications",
            headers={"Authorization": f"Key {self.app['api_key']}"},
            json={
                "app_id": self.app["app_id"],
                "contents": {"en": f"Hello {external_id}"},
                "include_aliases": {"external_id": [external_id]},
                "target_channel": "push",
                "data": data or {},
            },
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def user(self, external_id: str) -> dict[str, Any] | None:
        users = self.state()["users"]
        return next((u for u in users if u["identity"].get("external_id") == external_id), None)

    def page(self, device: dict[str, Any], user_agent: str | None = None) -> Page:
        context = self.browser.new_context(user_agent=user_agent)
        self.contexts.append(context)
        context.add_cookies(
            [{"name": "median_harness_device", "value": device["id"], "url": self.harness.url}]
        )
        page = context.new_page()
        errors = self.console_errors.setdefault(page, [])
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    def state(self) -> dict[str, Any]:
        return self.harness.client.state(self.app["app_id"])

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.harness.client.delete_app(self.app["app_id"])


def demo_fixture(threshold: str = THRESHOLD, name: str = "demo") -> Any:
    """A fixture (called `name`) giving a DemoApp whose app has this first v5 version."""

    @pytest.fixture(name=name)
    def demo(demo_server: HarnessServer, browser: Browser) -> Iterator[DemoApp]:
        made = DemoApp(demo_server, browser, threshold)
        yield made
        made.close()

    return demo


def sign_in(page: Page, url: str, user: str) -> str:
    page.goto(f"{url}/login")
    page.fill("#username", user)
    page.click("main button[type=submit]")
    page.wait_for_selector("#outcome[data-done]")
    return page.locator("#outcome").text_content() or ""


def sign_out(page: Page, url: str) -> None:
    page.goto(f"{url}/signout")
    page.wait_for_selector("#outcome[data-done='ok']")


def record_rows(page: Page, url: str, user: str) -> list[dict[str, str]]:
    """The rows /records shows for a site user, by column title."""
    page.goto(f"{url}/records")
    headers = page.locator("#records thead th").all_text_contents()
    rows = []
    for row in page.locator("#records tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        values = dict(zip(headers, cells, strict=True))
        if values["Site user"] == user:
            rows.append(values)
    return rows


def device_view(demo: DemoApp, device: dict[str, Any]) -> dict[str, Any]:
    return demo.harness.client.device(device["id"])


def wait_for_app(page: Page) -> None:
    """Until the page's bridge status is known and every message it sent is answered."""
    page.wait_for_function("() => document.getElementById('bridge-status').dataset.bridge")
    page.evaluate("window.__medianHarness && window.__medianHarness.idle()")


def onesignal_action(page: Page, url: str, action: str, **fields: str) -> str:
    """Press a button of /onesignal (or /onesignal-legacy) and return the raw answer shown."""
    if not page.url.startswith(f"{url}/onesignal"):
        page.goto(f"{url}/onesignal")
        wait_for_app(page)
    for field, value in fields.items():
        page.fill(f"#{field}", value)
    page.evaluate("document.getElementById('result').textContent = ''")
    page.click(f"[data-action='{action}']")
    page.wait_for_function(
        "() => { const t = document.getElementById('result').textContent;"
        " return t && !t.startsWith('Waiting'); }"
    )
    return page.locator("#result").text_content() or ""
