"""CSV import of 100,000 users on each store, against creating users one by one through the
REST API in the same run."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import httpx

from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.server import harness_app, serve_in_thread
from bridge_stub.store import open_store


def csv_text(rows: int) -> str:
    lines = ["external_id,email,language,plan"]
    lines += [f"user-{n},user-{n}@example.com,en,{'pro' if n % 3 else 'free'}" for n in range(rows)]
    return "\n".join(lines) + "\n"


def import_rate(db: Path | None, text: str, rows: int) -> float:
    backend = OneSignalBackend(open_store(db))
    app = backend.ensure_default_app()
    started = time.perf_counter()
    report = backend.import_users(app.app_id, text)
    elapsed = time.perf_counter() - started
    backend.store.close()
    assert report.created == rows and report.rejected == 0, report.as_dict()
    return rows / elapsed


def rest_rate(requests: int) -> float:
    """Create-user requests per second from one client over keep-alive, in the same run."""
    backend = OneSignalBackend(open_store(None))
    app = backend.ensure_default_app()
    with serve_in_thread(harness_app(backend)) as server:
        headers = {"Authorization": f"Key {app.api_key}"}
        with httpx.Client(base_url=server.url, headers=headers) as client:
            started = time.perf_counter()
            for n in range(requests):
                body = {
                    "identity": {"external_id": f"rest-{n}"},
                    "properties": {"tags": {"plan": "pro"}, "language": "en"},
                    "subscriptions": [{"type": "Email", "token": f"rest-{n}@example.com"}],
                }
                client.post(f"/apps/{app.app_id}/users", json=body).raise_for_status()
            return requests / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2_000)
    args = parser.parse_args()
    text = csv_text(args.rows)
    baseline = rest_rate(args.requests)
    print(f"CSV import of {args.rows:,} users ({len(text) / 1e6:.1f} MB)")
    print(f"{'':28}{'rows/s':>10}{'x REST':>10}")
    print(f"{'REST create-user, 1 client':28}{baseline:10.0f}{1.0:10.2f}")
    with tempfile.TemporaryDirectory() as work:
        for name, db in (
            ("import, memory store", None),
            ("import, SQLite store", Path(work) / "i.db"),
        ):
            rate = import_rate(db, text, args.rows)
            print(f"{name:28}{rate:10.0f}{rate / baseline:10.2f}")


if __name__ == "__main__":
    main()
