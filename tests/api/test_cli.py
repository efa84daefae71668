"""`median-harness serve` as a real subprocess: flags, printed details, state across restarts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bridge_stub.domain import DeviceSpec, OneSignalBackend, Platform
from bridge_stub.store import SqliteStore

APP_ID = "6f1c0b0e-1d2e-4c3b-9a8f-0123456789ab"


@contextmanager
def serve(*flags: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Start `median-harness serve`, read what it prints, yield its URL and details."""
    command = [sys.executable, "-m", "demo_site.cli", "serve", "--port", "0", *flags]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(4)]
            url_match = re.search(r"http://127\.0\.0\.1:(\d+)", lines[0])
            assert url_match, f"unexpected output: {lines!r}"
            pairs = (line.split(":", 1) for line in lines[1:])
            yield url_match.group(0), {key.strip(): value.strip() for key, value in pairs}
        finally:
            process.terminate()
            process.communicate(timeout=10)


def test_port_0_prints_the_chosen_port_app_id_and_key(tmp_path: Path) -> None:
    with serve("--memory", "--app-id", APP_ID, "--api-key", "secret-key") as (url, details):
        assert not url.endswith(":0")
        assert details == {"app id": APP_ID, "REST API key": "secret-key", "store": "memory"}
        state = httpx.get(f"{url}/_harness/state.json").json()
        assert state["app"]["app_id"] == APP_ID
        assert state["app"]["api_key"] == "secret-key"


def test_restart_on_the_same_sqlite_file_shows_the_same_users(tmp_path: Path) -> None:
    db = tmp_path / "harness.db"
    with serve("--db", str(db), "--legacy-below", "2.0.0") as (url, details):
        app_id = details["app id"]
        first = httpx.get(f"{url}/_harness/state.json").json()
        assert first["users"] == [] and first["app"]["legacy_below"] == "2.0.0"

    # Another process (standing in for later requests) writes users into the same file.
    backend = OneSignalBackend(SqliteStore(db))
    with backend.session(app_id) as s:
        device = s.devices.install(DeviceSpec(Platform.IOS, "2.1.0"))
        s.v5.login(device.id, "alice")
        s.devices.set_tags(device.id, {"plan": "pro"})
    backend.store.close()

    with serve("--db", str(db)) as (url, details):
        assert details["app id"] == app_id
        second = httpx.get(f"{url}/_harness/state.json").json()
    with serve("--db", str(db)) as (url, _):
        third = httpx.get(f"{url}/_harness/state.json").json()
    assert second == third
    (user,) = third["users"]
    assert user["identity"]["external_id"] == "alice"
    assert user["properties"]["tags"] == {"plan": "pro"}
    assert third["app"]["legacy_below"] == "2.0.0"


def test_bad_flags_are_refused_with_a_message() -> None:
    for flags, message in [
        (["--app-id", "not-a-uuid"], "is not a UUID"),
        (["--legacy-below", "soon"], "is not an app version"),
        (["--db", "x.db", "--memory"], "not allowed with"),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "demo_site.cli", "serve", "--port", "0", *flags],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 2, flags
        assert message in result.stderr, result.stderr
