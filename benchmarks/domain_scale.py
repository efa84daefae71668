"""The user model at scale: time per login, logout and create-user, bytes per user (growth
of the resident set while filling; for SQLite, the size of the database files), and the time
to reset one app, with `--users` users (1,000,000 by default) on each store."""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bridge_stub.domain import DeviceSpec, NewSubscription, OneSignalBackend, Platform
from bridge_stub.domain.models import SubscriptionType
from bridge_stub.domain.repository import Store
from bridge_stub.store import MemoryStore, SqliteStore

BATCH = 1000
SAMPLES = 2000


def populate(backend: OneSignalBackend, app_id: str, users: int) -> None:
    """`users` users, each with an external ID and an email subscription."""
    for start in range(0, users, BATCH):
        with backend.session(app_id) as session:
            for n in range(start, min(start + BATCH, users)):
                session.users.create_user(
                    {"external_id": f"user-{n}"},
                    subscriptions=[
                        NewSubscription(type=SubscriptionType.EMAIL, token=f"u{n}@example.com")
                    ],
                )


def resident_bytes() -> int:
    """The process's resident memory (Linux), so filling costs no tracing overhead."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def per_call_us(action: Callable[[int], object], samples: int = SAMPLES) -> float:
    times = []
    for n in range(samples):
        start = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def measure(store: Store, users: int) -> dict[str, float]:
    backend = OneSignalBackend(store)
    app = backend.create_app(name="scale")
    gc.collect()
    rss_before = resident_bytes()
    started = time.perf_counter()
    populate(backend, app.app_id, users)
    populate_s = time.perf_counter() - started
    gc.collect()
    memory = resident_bytes() - rss_before
    if isinstance(store, SqliteStore):  # the records live in the file, not in memory
        memory = sum(f.stat().st_size for f in Path(store.path).parent.glob("*.db*"))

    with backend.session(app.app_id) as session:
        devices = [
            session.devices.install(DeviceSpec(Platform.ANDROID, "2.0.0")).id
            for _ in range(SAMPLES)
        ]

    def login(n: int) -> None:
        with backend.session(app.app_id) as session:
            session.v5.login(devices[n], f"user-{n * 7 % users}")

    def logout(n: int) -> None:
        with backend.session(app.app_id) as session:
            session.v5.logout(devices[n])

    def create_user(n: int) -> None:
        with backend.session(app.app_id) as session:
            session.users.create_user({"external_id": f"new-{n}"})

    figures = {
        "populate_s": populate_s,
        "bytes_per_user": memory / users,
        "login_us": per_call_us(login),
        "logout_us": per_call_us(logout),
        "create_user_us": per_call_us(create_user),
    }
    other = backend.create_app(name="other")  # reset one app among several
    started = time.perf_counter()
    backend.reset(app.app_id)
    figures["reset_ms"] = (time.perf_counter() - started) * 1e3
    backend.delete_app(other.app_id)
    store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--stores", default="memory,sqlite", help="comma-separated")
    args = parser.parse_args()
    wanted = set(args.stores.split(","))
    print(f"user model with {args.users:,} users (median of {SAMPLES} calls each)")
    print(
        f"{'store':8}{'fill s':>9}{'B/user':>9}{'login µs':>10}{'logout µs':>11}"
        f"{'create µs':>11}{'reset ms':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        stores: dict[str, Callable[[], Store]] = {
            "memory": MemoryStore,
            "sqlite": lambda: SqliteStore(Path(tmp) / "scale.db"),
        }
        for name, make in stores.items():
            if name not in wanted:
                continue
            f = measure(make(), args.users)
            print(
                f"{name:8}{f['populate_s']:9.1f}{f['bytes_per_user']:9.0f}{f['login_us']:10.1f}"
                f"{f['logout_us']:11.1f}{f['create_user_us']:11.1f}{f['reset_ms']:10.1f}"
            )


if __name__ == "__main__":
    main()
