"""`median-harness open`, run as a user runs it, against a site served by the test on its own
origin: the stub answers there, the user agent is the app's, the phone page loads, a
notification opened on the device reaches the site's listener, the browser profile follows
the install, and bad options get one line and exit status 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bridge_stub.domain import OneSignalBackend
from bridge_stub.server import ServerThread, serve_in_thread
from bridge_stub.store import MemoryStore
from demo_site.app import create_app

COMMAND = [sys.executable, "-m", "demo_site.cli", "open"]

PAGE = """<!doctype html><html><head><script>
  function report(what) {
    return fetch("/report", { method: "POST", body: JSON.stringify(what) });
  }
  function median_library_ready() {
    median.onesignal.pushOpened.addListener(function (data) { report({ opened: data }); });
    median.deviceInfo().then(function (info) {
      var visits = Number(localStorage.getItem("visits") || 0) + 1;
      localStorage.setItem("visits", String(visits));
      return report({ agent: navigator.userAgent, platform: info.platform, visits: visits });
    });
  }
</script></head><body><h1>The shop</h1></body></html>"""


class Site:
    """The user's own site: its page, and what the page reported."""

    def __init__(self) -> None:
        self.reports: list[dict[str, Any]] = []
        self.agents: list[str] = []
        self.asgi = Starlette(
            routes=[
                Route("/", self.page, methods=["GET"]),
                Route("/report", self.report, methods=["POST"]),
            ]
        )

    async def page(self, request: Request) -> Response:
        self.agents.append(request.headers.get("user-agent", ""))
        return HTMLResponse(PAGE)

    async def report(self, request: Request) -> Response:
        self.reports.append(json.loads(await request.body()))
        return Response(status_code=204)

    def wait_for(self, key: str, count: int = 1) -> list[dict[str, Any]]:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = [r for r in self.reports if key in r]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"the site never reported {key!r}: {self.reports}")


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    shop = Site()
    with ServerThread(shop.asgi) as server:
        yield shop, server.url.replace("127.0.0.1", "localhost")  # another origin


@pytest.fixture
def harness() -> Iterator[tuple[str, httpx.Client]]:
    backend = OneSignalBackend(MemoryStore())
    with (
        serve_in_thread(create_app(backend, backend.ensure_default_app().app_id)) as server,
        httpx.Client(base_url=f"{server.url}/_harness") as control,
    ):
        yield server.url, control


def run_open(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [*COMMAND, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )


def device_of(output: str) -> str:
    return output.split("device ", 1)[1].split(" ", 1)[0]


def test_open_shows_the_site_as_the_app_with_its_phone_page(
    site: tuple[Site, str], harness: tuple[str, httpx.Client], tmp_path: Path
) -> None:
    shop, url = site
    harness_url, control = harness
    shot = tmp_path / "site.png"
    opened = run_open(
        tmp_path, url, "--platform", "android", "--app-version", "1.9.0", "--sdk", "legacy",
        "--harness-url", harness_url, "--headless", "--screenshot", str(shot),
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    (first,) = shop.wait_for("agent")
    assert first["platform"] == "android" and first["visits"] == 1
    assert first["agent"].endswith("MedianAndroid/1.0 median") and "; wv)" in first["agent"]
    assert shop.agents == [first["agent"]]  # the server saw the app's user agent too
    assert shot.stat().st_size > 10_000 and (tmp_path / "site-phone.png").stat().st_size > 10_000
    device = device_of(opened.stdout)
    assert control.get(f"/devices/{device}").json()["sdk"] == "legacy"

    again = run_open(
        tmp_path, url, "--device", device, "--harness-url", harness_url,
        "--headless", "--screenshot", str(shot),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert shop.wait_for("agent", 2)[1]["visits"] == 2  # the profile kept the site's storage

    assert control.post(f"/devices/{device}/reinstall").status_code == 200
    fresh = run_open(
        tmp_path, url, "--device", device, "--harness-url", harness_url,
        "--headless", "--screenshot", str(shot),
    )  # fmt: skip
    assert fresh.returncode == 0, fresh.stderr
    assert shop.wait_for("agent", 3)[2]["visits"] == 1  # a reinstall starts empty


def test_a_notification_opened_on_the_device_reaches_the_site(
    site: tuple[Site, str], harness: tuple[str, httpx.Client], tmp_path: Path
) -> None:
    shop, url = site
    harness_url, control = harness
    window = subprocess.Popen(
        [*COMMAND, url, "--harness-url", harness_url, "--headless"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        shop.wait_for("agent")
        devices = control.get("/devices").json()["devices"]
        (device,) = [d["id"] for d in devices]
        phone = httpx.get(f"{harness_url}/_harness/devices/{device}/phone")
        assert phone.status_code == 200 and "Notifications" in phone.text
        sent = control.post(f"/devices/{device}/notifications", json={"data": {"screen": "orders"}})
        notification = sent.json()["id"]
        control.post(f"/devices/{device}/notifications/{notification}/open")
        (opened,) = shop.wait_for("opened")
        assert opened["opened"] == {"screen": "orders"}
    finally:
        window.send_signal(signal.SIGINT)
        _, err = window.communicate(timeout=30)
    assert window.returncode == 0, err
    assert "Traceback" not in err


def test_open_builds_the_app_from_its_config_and_opens_its_initial_url(
    site: tuple[Site, str], harness: tuple[str, httpx.Client], tmp_path: Path
) -> None:
    shop, url = site
    harness_url, control = harness
    config_file = tmp_path / "appConfig.json"
    app_id = "0b7d3c52-9e41-4f6a-8d2c-7a1e5f3b9c60"
    config = {
        "general": {"initialUrl": f"{url}/", "androidUserAgentAdd": "shopapp"},
        "services": {"oneSignalV5": {"active": True, "applicationId": app_id}},
    }
    config_file.write_text(json.dumps(config))
    opened = run_open(
        tmp_path, "--app-config", str(config_file), "--platform", "android",
        "--harness-url", harness_url, "--headless", "--screenshot", str(tmp_path / "s.png"),
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    (first,) = shop.wait_for("agent")
    assert first["agent"].endswith("MedianAndroid/1.0 shopapp")
    device = control.get(f"/devices/{device_of(opened.stdout)}").json()
    assert device["app_id"] == app_id


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["http://localhost:3000/"], {"DISPLAY": "", "WAYLAND_DISPLAY": ""}, "no display"),
        (["ftp://example.test/", "--headless"], {}, "not an http:// or https:// URL"),
        (["--screenshot", "x.png"], {}, "needs --headless"),
        (["--platform", "windows"], {}, "invalid choice"),
        (["--browser", "/no/such/chrome", "--headless"], {}, "is not a file"),
    ],
)
def test_bad_options_get_one_line_and_exit_2(
    tmp_path: Path, args: list[str], env: dict[str, str], says: str
) -> None:
    refused = run_open(tmp_path, *args, **env)
    assert refused.returncode == 2
    assert says in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "median-harness.db").exists()  # nothing was started


def test_an_unknown_device_is_refused(harness: tuple[str, httpx.Client], tmp_path: Path) -> None:
    harness_url, _ = harness
    refused = run_open(
        tmp_path, "--device", "nope", "--harness-url", harness_url, "--headless", "--screenshot",
        str(tmp_path / "x.png"),
    )  # fmt: skip
    assert refused.returncode == 2 and "no device 'nope'" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


@pytest.fixture
def display() -> Iterator[str]:
    """A virtual X display (Debian's Xvfb, which `make test` installs), for a real window."""
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert xvfb.stdout is not None
    number = xvfb.stdout.readline().strip()
    yield f":{number}"
    xvfb.terminate()
    xvfb.communicate(timeout=10)


def test_open_shows_a_real_window_on_a_display(
    site: tuple[Site, str], harness: tuple[str, httpx.Client], tmp_path: Path, display: str
) -> None:
    shop, url = site
    harness_url, _ = harness
    window = subprocess.Popen(
        [*COMMAND, url, "--platform", "ios", "--harness-url", harness_url],
        cwd=tmp_path,
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        (shown,) = shop.wait_for("agent")
        assert shown["platform"] == "ios" and shown["agent"].endswith("MedianIOS/1.0 median")
    finally:
        window.send_signal(signal.SIGINT)
        _, err = window.communicate(timeout=30)
    assert window.returncode == 0, err
