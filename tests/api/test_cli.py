"""`median-harness serve` as a real subprocess: flags, printed details, state across restarts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import httpx
import pytest

from bridge_stub.cli import build_parser
from bridge_stub.client import HarnessClient
from bridge_stub.domain import DeviceSpec, OneSignalBackend, Platform
from bridge_stub.server import harness_app, serve_in_thread
from bridge_stub.store import SqliteStore
from tests.helpers import socket_extensions

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


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "demo_site.cli", *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=cwd,
        env={**os.environ, "MEDIAN_HARNESS_DEBUG": ""},
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--app-id", "not-a-uuid"], "is not a UUID"),
        (["--legacy-below", "soon"], "is not an app version"),
        (["--db", "x.db", "--memory"], "not allowed with"),
        (["--port", "70000"], "70000 is not a port number (0 to 65535)"),
        (["--port", "-5"], "-5 is not a port number"),
        (["--port", "http"], "'http' is not a port number"),
        (
            ["--db", "/nonexistent/dir/x.db"],
            "the directory of '/nonexistent/dir/x.db' does not exist",
        ),
        (["--db", "{tmp}"], "is a directory, not a database file"),
        (["--api-key", ""], "an API key needs at least 8 characters"),
        (["--plugins", "onesignal,telepathy"], "Unknown plugin 'telepathy'"),
        (["--host", "256.1.1.1", "--port", "0"], "cannot listen on 256.1.1.1"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_each_bad_argument_gets_one_line_and_status_2(
    tmp_path: Path, flags: list[str], message: str
) -> None:
    flags = [flag.replace("{tmp}", str(tmp_path)) for flag in flags]
    result = (
        run_cli("serve", "--db", str(tmp_path / "h.db"), *flags)
        if "--db" not in flags and "--memory" not in flags
        else run_cli("serve", *flags)
    )
    assert result.returncode == 2, (flags, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stdout == "", result.stderr
    assert result.stderr.startswith("median-harness: ") and message in result.stderr


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is not a database " * 100)
    result = run_cli("serve", "--port", "0", "--db", str(not_a_db))
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "cannot open the database" in result.stderr and "Traceback" not in result.stderr


def test_version_and_help_say_the_defaults() -> None:
    """Each serve option's help says its default, and a default with a value says that value."""
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("median-harness ")
    lines = run_cli("serve", "--help").stdout.split("options:", 1)[1].splitlines()
    blocks: dict[str, str] = {}  # each option's help, from its line to the next option's
    for line in lines:
        if re.match(r"^  -", line):
            current = re.findall(r"--[\w-]+", line)[0]
            blocks[current] = line
        elif blocks:
            blocks[current] += " " + line.strip()
    serve = next(
        parser
        for action in build_parser()._subparsers._group_actions  # type: ignore[union-attr]
        for name, parser in action.choices.items()  # type: ignore[union-attr]
        if name == "serve"
    )
    options = [a for a in serve._actions if a.option_strings and a.dest != "help"]
    assert len(options) >= 10
    for action in options:
        option = action.option_strings[-1]
        block = " ".join(blocks[option].split())
        assert "(default: " in block, option
        if action.default not in (None, False, []):
            assert f"default: {action.default}" in block, (option, block)


def test_page_sockets_are_not_compressed_by_either_server() -> None:
    # Small JSON messages: compression would cost each socket a zlib stream at both ends.
    with serve("--memory") as (url, _), closing(HarnessClient(url)) as client:
        assert socket_extensions(url, client.create_device()["id"]) is None
    with serve_in_thread(harness_app()) as server, closing(HarnessClient(server.url)) as client:
        assert socket_extensions(server.url, client.create_device()["id"]) is None
