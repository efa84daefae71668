"""kill -9 of `median-harness serve --db` under write load: after a restart every write the
server acknowledged is there, and the state is sound."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from bridge_stub.domain import OneSignalBackend, invariant_violations
from bridge_stub.store import SqliteStore

WRITERS = 4


def start(db: Path) -> tuple[subprocess.Popen[str], str, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "demo_site.cli", "serve", "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    first, second = process.stdout.readline(), process.stdout.readline()
    url = re.search(r"http://\S+", first)
    app_id = second.split(":", 1)[1].strip()
    assert url, first
    return process, url.group(0), app_id


def test_acknowledged_writes_survive_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "harness.db"
    process, url, app_id = start(db)
    acknowledged: list[tuple[str, str]] = []
    stop = threading.Event()

    def write(worker: int) -> None:
        with httpx.Client(base_url=url, timeout=5) as client:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    device = client.post("/_harness/devices", json={"platform": "ios"})
                    if device.status_code != 201:
                        continue
                    external_id = f"user-{worker}-{n}"
                    message = {
                        "medianCommand": "median://onesignal/login",
                        "data": {"externalId": external_id, "callback": "cb"},
                    }
                    reply = client.post(
                        f"/_harness/devices/{device.json()['id']}/commands", json=message
                    )
                    if reply.status_code == 200 and reply.json()["result"] == {"success": True}:
                        acknowledged.append((device.json()["id"], external_id))
                except httpx.HTTPError:
                    return

    writers = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in writers:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    stop.set()
    for thread in writers:
        thread.join(timeout=10)
    if process.stdout is not None:
        process.stdout.close()
    assert len(acknowledged) >= 60

    restarted, url, restarted_app = start(db)
    try:
        assert restarted_app == app_id
        state = httpx.get(f"{url}/_harness/state.json", timeout=10).json()
    finally:
        restarted.terminate()
        restarted.communicate(timeout=10)
    devices = {d["id"]: d for d in state["devices"]}
    for device_id, external_id in acknowledged:
        assert devices[device_id]["external_id"] == external_id

    backend = OneSignalBackend(SqliteStore(db))
    with backend.session(app_id) as session:
        assert invariant_violations(session.records) == []
    backend.store.close()
