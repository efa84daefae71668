"""What long work and floods cost everyone else: ping latency during a large CSV import and
during the delivery of 10,000 due notifications (against an idle server), CPU while 10,000
notifications wait (against none waiting), and memory after floods of page messages and of
reset cycles (against as many harmless messages)."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bridge_stub.asgi import runtime_of_app
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.domain.notifications import Message
from bridge_stub.domain.targeting import Audience
from bridge_stub.runtime import Runtime
from bridge_stub.server import ServerThread, serve_in_thread
from bridge_stub.store import open_store
from demo_site.app import create_app

EVERYONE = Audience(included_segments=["Total Subscriptions"])


@contextmanager
def harness(db: Path | None) -> Iterator[tuple[ServerThread, OneSignalBackend, Runtime]]:
    backend = OneSignalBackend(open_store(db))
    asgi = create_app(backend, backend.ensure_default_app().app_id)
    with serve_in_thread(asgi) as server:
        yield server, backend, runtime_of_app(asgi)
    backend.store.close()


def schedule(
    client: httpx.Client, backend: OneSignalBackend, app_id: str, devices: int, count: int
) -> None:
    """Install `devices` subscribed devices, and send `count` notifications for in an hour."""
    for _ in range(devices):
        body = {"platform": "ios", "push_permission": "granted"}
        client.post("/_harness/devices", json=body).raise_for_status()
    later = backend.clock.now() + 3600
    with backend.session(app_id) as session:
        for _ in range(count):
            session.notifications.send(Message(), EVERYONE, send_after=later)


def pings_during(url: str, work: Callable[[], object]) -> tuple[list[float], float]:
    """Ping every 10 ms while `work` runs; the latencies (ms) and how long the work took."""
    latencies: list[float] = []
    done = threading.Event()

    def ping() -> None:
        with httpx.Client(base_url=url, timeout=300) as client:
            while True:  # at least one ping, however short the work
                started = time.perf_counter()
                client.get("/_harness/ping").raise_for_status()
                latencies.append((time.perf_counter() - started) * 1000)
                if done.is_set():
                    return
                time.sleep(0.01)

    pinger = threading.Thread(target=ping)
    pinger.start()
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    done.set()
    pinger.join()
    return latencies, elapsed


def idle_pings(url: str, seconds: float = 2.0) -> list[float]:
    return pings_during(url, lambda: time.sleep(seconds))[0]


def describe(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered):6.1f}  p99 {p99:7.1f}  max {ordered[-1]:7.1f} ms"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def import_figures(rows: int, work: Path) -> None:
    text = "external_id,plan\n" + "".join(f"user-{n},pro\n" for n in range(rows))
    with harness(work / "import.db") as (server, backend, _):
        baseline = idle_pings(server.url)
        app_id = backend.ensure_default_app().app_id
        with httpx.Client(base_url=server.url, timeout=3600) as client:

            def run() -> None:
                report = client.post(f"/_harness/apps/{app_id}/import", content=text).json()
                assert report["created"] == rows, report

            during, elapsed = pings_during(server.url, run)
    print(f"ping, idle server               {describe(baseline)}")
    print(f"ping during a {rows:,}-row import {describe(during)}  ({elapsed:.0f} s, SQLite)")
    ratio = statistics.median(during) / statistics.median(baseline)
    print(f"  p50 during / idle: {ratio:.2f}")


def delivery_figures(count: int, work: Path) -> None:
    for name, db in (("memory", None), ("SQLite", work / "deliver.db")):
        with harness(db) as (server, backend, _):
            app_id = backend.ensure_default_app().app_id
            with httpx.Client(base_url=server.url, timeout=3600) as client:
                schedule(client, backend, app_id, devices=10, count=count)

                def deliver() -> None:
                    client.post("/_harness/clock", json={"advance_seconds": 7200})

                during, elapsed = pings_during(server.url, deliver)
        print(
            f"deliver {count:,} due notifications, {name:6} {elapsed:6.2f} s"
            f"  ({elapsed / count * 1e6:.0f} us each, 10 devices); ping {describe(during)}"
        )


def idle_figures(waiting: int, seconds: float) -> None:
    def cpu_while_waiting(count: int) -> float:
        with harness(None) as (server, backend, runtime):
            app_id = backend.ensure_default_app().app_id
            with httpx.Client(base_url=server.url) as client:
                schedule(client, backend, app_id, devices=1, count=count)
            runtime.scheduler.watch(app_id)
            time.sleep(0.5)  # the first round has looked
            started = time.process_time()
            time.sleep(seconds)
            return (time.process_time() - started) / seconds * 100

    none = cpu_while_waiting(0)
    many = cpu_while_waiting(waiting)
    print(f"CPU of an idle server, nothing waiting          {none:5.2f}% of a core")
    print(f"CPU of an idle server, {waiting:,} notifications wait {many:5.2f}% of a core")


def flood_figures(messages: int) -> None:
    def grown(make_message: Callable[[int], tuple[str, str]]) -> float:
        with harness(None) as (server, _, _runtime), httpx.Client(base_url=server.url) as client:
            device = client.post("/_harness/devices", json={"platform": "ios"}).json()["id"]
            before = rss_mb()
            for n in range(messages):
                page, message = make_message(n)
                client.post(
                    f"/_harness/devices/{device}/commands", params={"page": page}, content=message
                )
            return rss_mb() - before

    subscribe = json.dumps(
        {"medianCommand": "median://events/subscribe", "data": {"eventName": "e" * 100}}
    )
    info = "median://onesignal/info?callback=cb"
    baseline = grown(lambda n: ("p", info))
    flood = grown(lambda n: (f"page-{n}", subscribe))
    print(f"RSS growth, {messages:,} info messages (baseline)   {baseline:7.1f} MB")
    print(f"RSS growth, {messages:,} subscribes, fresh page ids {flood:7.1f} MB")


def reset_figures(cycles: int, devices: int) -> None:
    with harness(None) as (server, _, _runtime), httpx.Client(base_url=server.url) as client:
        sizes = []
        for _ in range(cycles):
            for _ in range(devices):
                device = client.post("/_harness/devices", json={"platform": "ios"}).json()["id"]
                client.post(
                    f"/_harness/devices/{device}/commands",
                    content=f"median://clipboard/set?data={'x' * 1000}",
                )
            client.post("/_harness/reset", json={})
            sizes.append(rss_mb())
    print(
        f"RSS after {cycles} cycles of {devices:,} devices and a reset: "
        + " -> ".join(f"{size:.0f}" for size in sizes)
        + " MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--idle-seconds", type=float, default=5.0)
    parser.add_argument("--messages", type=int, default=20_000)
    args = parser.parse_args()
    print("Long work and floods, against an idle server in the same run")
    with tempfile.TemporaryDirectory() as work:
        import_figures(args.rows, Path(work))
        delivery_figures(args.notifications, Path(work))
    idle_figures(args.notifications, args.idle_seconds)
    flood_figures(args.messages)
    reset_figures(4, 1000)


if __name__ == "__main__":
    main()
