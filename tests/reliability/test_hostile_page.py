"""A hostile page: a site on another origin, open in the developer's browser while the harness
runs, tries every route and the socket with ids it was not given. It may drive the device its
own stub was given, and nothing else; every other attempt is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Route

from bridge_stub.domain import OneSignalBackend
from bridge_stub.server import serve_in_thread
from bridge_stub.store import MemoryStore
from demo_site.app import create_app

EVIL = "http://evil.test"

#: Runs in the hostile page: every attempt and what came of it.
ATTACK = """async ({ harness, victim, ownKey }) => {
  const results = {};
  async function attempt(name, url, init) {
    try {
      const response = await fetch(harness + url, init);
      let body = null;
      try { body = await response.text(); } catch (e) {}
      results[name] = response.type === "opaque" ? "opaque" : response.status;
    } catch (error) {
      results[name] = "blocked";
    }
  }
  const device = "/_harness/devices/" + victim;
  const reads = ["/_harness/state.json", "/_harness/events", "/_harness/devices",
    device, device + "/info", device + "/ui", device + "/commands", device + "/notifications",
    device + "/responses", "/_harness/apps", "/_harness/faults", "/_harness/responses",
    "/_harness/calibrations", "/_harness/clock", "/records", "/inspector",
    "/_harness/inspector", device + "/phone"];
  for (const path of reads) await attempt("read " + path, path, {});
  const json = (body) => ({ method: "POST", mode: "no-cors", body: JSON.stringify(body),
                            headers: { "Content-Type": "text/plain" } });
  const writes = {
    "/_harness/reset": {}, "/_harness/devices": { platform: "ios" }, "/_harness/apps": {},
    "/_harness/faults": { command: "onesignal/info", mode: "drop" },
    "/_harness/clock": { advance_seconds: 86400 },
    "/_harness/devices/forget-idle": { idle_seconds: 0 },
    "/_harness/responses": { command: "iap/info", result: {} },
  };
  writes[device + "/reinstall"] = {};
  writes[device + "/upgrade"] = { app_version: "9.0.0" };
  writes[device + "/permission"] = { push_permission: "denied" };
  writes[device + "/notifications"] = { data: { from: "evil" } };
  writes[device + "/events"] = { name: "_median_app_resumed" };
  for (const [path, body] of Object.entries(writes)) {
    await attempt("write " + path, path, json(body));
  }
  await attempt("delete device", device, { method: "DELETE" });
  const login = "median://onesignal/login?externalId=mallory&callback=cb";
  for (const route of ["/commands", "/page-load", "/reports"]) {
    const post = { method: "POST", body: login, headers: { "Content-Type": "text/plain" } };
    await attempt("drive " + route, device + route + "?page=p", post);
    await attempt("drive with own key " + route, device + route + "?page=p&key=" + ownKey, post);
    const blind = { ...post, mode: "no-cors" };
    await attempt("drive no-cors " + route, device + route + "?page=p", blind);
  }
  const form = (fields) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    return { method: "POST", mode: "no-cors", body: data };
  };
  await attempt("demo login", "/login", form({ username: "mallory" }));
  await attempt("demo notify", "/records/notify", form({ external_id: "victim-user" }));
  const csv = new Blob(["external_id\\nfrom-evil\\n"], { type: "text/csv" });
  const upload = new FormData();
  upload.append("file", csv, "users.csv");
  const send = { method: "POST", mode: "no-cors", body: upload };
  await attempt("demo import", "/records/import", send);
  await attempt("demo ids", "/site/onesignal-ids", json({ yourAppUserId: "mallory" }));

  const socketUrl = harness.replace(/^http/, "ws") + device + "/socket?page=p";
  results["socket"] = await new Promise((resolve) => {
    const socket = new WebSocket(socketUrl);
    socket.onopen = () => resolve("open");
    socket.onmessage = () => resolve("message");
    socket.onclose = () => resolve("closed");
  });
  results["stream"] = await new Promise((resolve) => {
    const source = new EventSource(harness + device + "/stream?page=p");
    source.onopen = () => { source.close(); resolve("open"); };
    source.onerror = () => { source.close(); resolve("refused"); };
  });
  return results;
}"""

#: A classic cross-site form post, the one attack that needs no script at all.
FORM_PAGE = """<iframe name="sink"></iframe>
<form id="f" method="post" action="{harness}/login" target="sink">
  <input name="username" value="mallory"></form>
<script>document.getElementById("f").submit();</script>"""


@pytest.fixture(scope="module")
def harness() -> Iterator[tuple[str, OneSignalBackend]]:
    backend = OneSignalBackend(MemoryStore())
    with serve_in_thread(create_app(backend, backend.ensure_default_app().app_id)) as server:
        yield server.url, backend


@pytest.fixture
def victim(harness: tuple[str, OneSignalBackend]) -> Iterator[str]:
    """The developer's own device, signed in as their test user."""
    url, _ = harness
    with httpx.Client(base_url=url) as control:
        control.post("/_harness/reset", json={})
        made = control.post("/_harness/devices", json={"platform": "ios", "app_version": "2.0.0"})
        device = str(made.json()["id"])
        login = "median://onesignal/login?externalId=victim-user&callback=cb"
        assert (
            control.post(f"/_harness/devices/{device}/commands", content=login).status_code == 200
        )
    yield device


def state_of(url: str, backend: OneSignalBackend) -> dict[str, Any]:
    with httpx.Client(base_url=url) as control:
        state = control.get("/_harness/state.json").json()
        return {
            "users": state["users"],
            "devices": state["devices"],
            "outbox": state["outbox"],
            "apps": control.get("/_harness/apps").json(),
            "faults": control.get("/_harness/faults").json(),
            "responses": control.get("/_harness/responses").json(),
            "records": control.get("/records").text.count("<tr"),
            "clock_offset": backend.clock.offset,
        }


def open_hostile_page(page: Page, body: str = "") -> None:
    html = f"<!doctype html><html><head></head><body>{body}</body></html>"

    def handle(route: Route) -> None:
        route.fulfill(body=html, content_type="text/html")

    page.context.route(f"{EVIL}/**", handle)
    page.goto(f"{EVIL}/")


def own_stub(page: Page, url: str) -> dict[str, Any]:
    """The hostile page loads the stub itself, as any site may: it gets a device of its own."""
    page.add_script_tag(url=f"{url}/_harness/bridge.js")
    page.wait_for_function("window.__medianHarness && window.__medianHarness.active")
    info: dict[str, Any] = page.evaluate(
        "() => new Promise(r => median.onesignal.info().then(r))", None
    )
    return info


def test_a_foreign_page_drives_its_own_device_and_nothing_else(
    page: Page, harness: tuple[str, OneSignalBackend], victim: str
) -> None:
    url, backend = harness
    open_hostile_page(page)
    own = own_stub(page, url)
    own_device = page.evaluate("window.__medianHarness.device")
    assert own_device != victim and own["oneSignalId"]
    before = state_of(url, backend)
    results = page.evaluate(ATTACK, {"harness": url, "victim": victim, "ownKey": "x" * 32})
    allowed = {
        name: outcome for name, outcome in results.items() if outcome not in (403, "blocked")
    }
    # No-cors writes give the page nothing to read; what they did is checked below.
    assert {name for name, outcome in allowed.items() if outcome != "opaque"} == {
        "socket",
        "stream",
    }
    assert results["socket"] == "closed" and results["stream"] == "refused"
    assert state_of(url, backend) == before

    signed_in = page.evaluate(
        "() => new Promise(r => median.onesignal.login('its-own-user').then(r))", None
    )
    assert signed_in == {"success": True}  # its own device answers it, as an app would


def test_a_cross_site_form_post_changes_nothing(
    page: Page, harness: tuple[str, OneSignalBackend], victim: str
) -> None:
    url, backend = harness
    before = state_of(url, backend)
    with page.expect_response(f"{url}/login") as posted:
        open_hostile_page(page, FORM_PAGE.format(harness=url))
    assert posted.value.request.method == "POST" and posted.value.status == 403
    assert state_of(url, backend) == before
