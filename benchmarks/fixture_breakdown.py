"""Where the fixtures' per-test cost goes: each step the pytest fixtures take for one test,
timed on its own (median of rounds) against the bare test's own steps, in one process with
an in-process harness, as the plugin runs it. The page's load report and its socket happen
inside `goto` and the `evaluate` after it."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Browser, sync_playwright

from bridge_stub.app_context import InstallStorage, context_options, route_user_agents
from bridge_stub.browser import LOCAL_NETWORK_ARGS, launch_overrides
from bridge_stub.client import HarnessClient
from bridge_stub.server import harness_app, serve_in_thread
from bridge_stub.testkit import AppUnderTest

#: Deleting the test's app, which the fixtures do off the next test's critical path.
OFF_PATH = "app deletion (background)"
ROUNDS = 25
WARM_UP = 5
PAGE = "<!doctype html><html><head></head><body>shop</body></html>"
T = TypeVar("T")


class Steps:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}

    def time(self, name: str, step: Callable[[], T]) -> T:
        started = time.perf_counter()
        result = step()
        self.times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        return result

    def median(self, name: str) -> float:
        return statistics.median(self.times[name][WARM_UP:])


def open_shop(steps: Steps, prefix: str, context: Any) -> None:
    page = steps.time(f"{prefix}new page", context.new_page)
    page.route("http://shop.test/**", lambda r: r.fulfill(body=PAGE, content_type="text/html"))
    steps.time(f"{prefix}goto", lambda: page.goto("http://shop.test/"))
    steps.time(f"{prefix}evaluate", lambda: page.evaluate("1 + 1"))


def one_round(steps: Steps, browser: Browser, client: HarnessClient, n: int) -> int:
    bare = steps.time("bare: new context", browser.new_context)
    open_shop(steps, "bare: ", bare)
    steps.time("bare: close", bare.close)

    created = steps.time(
        "app, device and stub (HTTP)",
        lambda: client.create_app(name=f"bench {n}", device={}, bridge_js=True),
    )
    made = created["device"]
    app = steps.time(
        "the app's REST client",
        lambda: AppUnderTest(created["app_id"], created["api_key"], None, client),
    )
    options = context_options(made["web_view"])
    context = steps.time("new context", lambda: browser.new_context(**options))
    steps.time("add_init_script", lambda: context.add_init_script(script=made["bridge_js"]))
    steps.time("strict binding", lambda: context.expose_binding("__bench", lambda *a: None))
    steps.time("user agent routes", lambda: route_user_agents(context, made["web_view"]))
    steps.time(
        "install storage",
        lambda: InstallStorage(context, client, made["id"], made["installation_id"]),
    )
    open_shop(steps, "", context)
    steps.time("close", context.close)
    steps.time("strict check (HTTP)", lambda: client.strict_message(created["app_id"]))
    steps.time("REST client close", app.rest.close)
    steps.time(OFF_PATH, lambda: client.delete_app(created["app_id"]))
    return len(made["bridge_js"])


def main() -> None:
    steps = Steps()
    with serve_in_thread(harness_app()) as server, sync_playwright() as playwright:
        client = HarnessClient(server.url)
        launch = launch_overrides(Path(playwright.chromium.executable_path))
        args = [*launch.pop("args", []), *LOCAL_NETWORK_ARGS]
        browser = playwright.chromium.launch(args=args, **launch)
        size = 0
        for n in range(ROUNDS):
            size = one_round(steps, browser, client, n)
        browser.close()
    bare = sum(steps.median(name) for name in steps.times if name.startswith("bare: "))
    ours = [name for name in steps.times if not name.startswith("bare: ") and name != OFF_PATH]
    total = sum(steps.median(name) for name in ours)
    print(f"where a test's time goes (median of {ROUNDS - WARM_UP} rounds, in one process)")
    for name in ours:
        paired = f"bare: {name}"
        beside = f"   bare {steps.median(paired):6.1f} ms" if paired in steps.times else ""
        print(f"  {name:26}{steps.median(name):7.1f} ms{beside}")
    print(f"  {OFF_PATH:26}{steps.median(OFF_PATH):7.1f} ms   (not in the sum)")
    print(f"  {'stub size':26}{size / 1024:7.1f} KiB")
    print(f"  {'all steps':26}{total:7.1f} ms   bare {bare:6.1f} ms   ratio {total / bare:.2f}")


if __name__ == "__main__":
    main()
