"""Bridge round trip from a real page vs a bare fetch to the same server.

One page in headless Chromium alternates `median.onesignal.info()` (page -> stub -> HTTP ->
dispatcher -> SDK -> reply -> callback -> promise) with `fetch('/_harness/ping')`, so both
are measured under the same load. Prints p50/p95 of each and their ratio.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
from typing import Any

from playwright.sync_api import sync_playwright

from bridge_stub.browser import LOCAL_NETWORK_ARGS, launch_overrides, playwright_chromium
from bridge_stub.client import HarnessClient
from bridge_stub.server import harness_app, serve_in_thread

MEASURE = """async (calls) => {
  const bridge = [], bare = [];
  for (let i = 0; i < calls; i++) {
    let start = performance.now();
    await median.onesignal.info();
    bridge.push(performance.now() - start);
    start = performance.now();
    await (await fetch("/_harness/ping")).json();
    bare.push(performance.now() - start);
  }
  return { bridge, bare };
}"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(calls: int, warmup: int) -> dict[str, Any]:
    with serve_in_thread(harness_app()) as server:
        client = HarnessClient(server.url)
        device = client.create_device(platform="android")
        script = client.bridge_js(device["id"])
        overrides = launch_overrides(playwright_chromium())
        overrides["args"] = [*overrides.get("args", []), *LOCAL_NETWORK_ARGS]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**overrides)
            page = browser.new_page()
            page.add_init_script(script=script)
            page.goto(f"{server.url}/_harness/ping")
            page.wait_for_function("window.__medianHarness && window.__medianHarness.active")
            page.evaluate(MEASURE, warmup)
            timings: dict[str, Any] = page.evaluate(MEASURE, calls)
            browser.close()
        client.close()
    timings["script_bytes"] = len(script.encode())
    timings["gzip_bytes"] = len(gzip.compress(script.encode()))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()
    timings = measure(args.calls, args.warmup)
    bridge, bare = timings["bridge"], timings["bare"]
    print(f"bridge round trip vs bare fetch, {args.calls} alternating calls from one page")
    print(f"{'':24}{'p50 ms':>10}{'p95 ms':>10}")
    for name, values in (("median.onesignal.info()", bridge), ("fetch /_harness/ping", bare)):
        print(f"{name:24}{statistics.median(values):10.2f}{percentile(values, 0.95):10.2f}")
    ratio50 = statistics.median(bridge) / statistics.median(bare)
    ratio95 = percentile(bridge, 0.95) / percentile(bare, 0.95)
    print(f"{'ratio bridge / bare':24}{ratio50:10.2f}{ratio95:10.2f}   (goal p50 <= 1.10)")
    print(
        f"bridge.js: {timings['script_bytes'] / 1024:.1f} KiB "
        f"({timings['gzip_bytes'] / 1024:.1f} KiB gzipped), the command table inside it, "
        "one request per page"
    )


if __name__ == "__main__":
    main()
