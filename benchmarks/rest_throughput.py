"""REST create-user throughput against a trivial JSON endpoint of the same server, on the
memory and the SQLite store, with the load from `wrk` (or, where it is missing, a Python
load generator in another process, whose own limit then shows in the figures)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import wrk
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.server import harness_app, serve_in_thread
from bridge_stub.store import open_store

SECONDS = 8.0
CONCURRENCY = 16


def load(url: str, method: str, body: str, headers: dict[str, str]) -> dict[str, Any]:
    if wrk.available():
        return wrk.load(url, method, body, headers, SECONDS, CONCURRENCY)
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.load",
            url,
            method,
            body,
            json.dumps(headers),
            str(SECONDS),
            str(CONCURRENCY),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, Any] = json.loads(output)
    return result


def measure(db: Path | None) -> dict[str, Any]:
    backend = OneSignalBackend(open_store(db))
    app = backend.ensure_default_app()
    with serve_in_thread(harness_app(backend)) as server:
        trivial = load(f"{server.url}/_harness/ping", "GET", "", {})
        body = json.dumps(
            {
                "identity": {"external_id": "user-{n}"},
                "properties": {"tags": {"plan": "pro"}, "language": "en"},
                "subscriptions": [{"type": "Email", "token": "user-{n}@example.com"}],
            }
        )
        headers = {"Authorization": f"Key {app.api_key}", "Content-Type": "application/json"}
        create = load(f"{server.url}/apps/{app.app_id}/users", "POST", body, headers)
    backend.store.close()
    return {"trivial": trivial, "create_user": create}


def main() -> None:
    generator = "wrk" if wrk.available() else "a Python load generator (install wrk)"
    print(
        f"REST create-user vs a trivial endpoint ({generator}, {CONCURRENCY} connections, "
        f"{SECONDS:.0f} s each)"
    )
    print(
        f"{'store':8}{'ping req/s':>12}{'p50/p99 ms':>14}{'create req/s':>14}{'p50/p99 ms':>14}"
        f"{'ratio':>7}{'failed':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, db in (("memory", None), ("sqlite", Path(tmp) / "bench.db")):
            figures = measure(db)
            ping, create = figures["trivial"], figures["create_user"]
            failed = ping["failed"] + create["failed"]
            print(
                f"{name:8}{ping['rps']:12.0f}{latency(ping):>14}{create['rps']:14.0f}"
                f"{latency(create):>14}{create['rps'] / ping['rps']:7.2f}{failed:8d}"
            )


def latency(figures: dict[str, Any]) -> str:
    if "p50_ms" not in figures:
        return "-"
    return f"{figures['p50_ms']:.1f}/{figures['p99_ms']:.1f}"


if __name__ == "__main__":
    main()
