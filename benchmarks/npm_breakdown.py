"""Where the npm package's per-test cost goes: each step its fixtures take for one test,
timed on its own in one Playwright Test worker (median of rounds) against the bare test's
own steps, with the harness the package starts (a process of its own)."""

from __future__ import annotations

import json

from benchmarks.npm_flow_overhead import JS, run_spec

ROUNDS = 25
WARM_UP = 5

SPEC = """import { test } from "%(src)s";
import type { BrowserContext, Page } from "@playwright/test";
const PAGE = "<!doctype html><html><head></head><body>shop</body></html>";
const times = new Map<string, number[]>();
async function time<T>(name: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  times.set(name, [...(times.get(name) ?? []), performance.now() - started]);
  return result;
}
async function openShop(prefix: string, context: BrowserContext): Promise<void> {
  const page: Page = await time(`${prefix}new page`, () => context.newPage());
  await page.route("http://shop.test/**", (r) =>
    r.fulfill({ body: PAGE, contentType: "text/html" }));
  await time(`${prefix}goto`, () => page.goto("http://shop.test/"));
  await time(`${prefix}evaluate`, () => page.evaluate("1 + 1"));
}
test("breakdown", async ({ browser, medianHarness }) => {
  test.setTimeout(600_000);
  const client = medianHarness.client;
  const first = await client.call("POST", "/apps?bridge_js=1", { name: "bench", device: {} });
  const view = first.device.web_view;
  await client.call("DELETE", `/apps/${first.app_id}`);
  for (let n = 0; n < %(rounds)d; n++) {
    const bare = await time("bare: new context + HTTP beside it", () => browser.newContext());
    await openShop("bare: ", bare);
    await time("bare: close + strict check", () => bare.close());
    // The fixtures make the context (with the last test's view) while the app, its device and
    // the stub are made.
    const [app, context] = await time("new context + HTTP beside it", () => Promise.all([
      client.call("POST", "/apps?bridge_js=1", { name: `bench ${n}`, device: {} }),
      browser.newContext({
        userAgent: view.user_agent, viewport: view.viewport,
        deviceScaleFactor: view.device_scale_factor, isMobile: view.is_mobile,
        hasTouch: view.has_touch, extraHTTPHeaders: view.extra_http_headers,
      }),
    ]));
    const made = app.device;
    await time("add_init_script", () => context.addInitScript({ content: made.bridge_js }));
    await time("strict binding", () => context.exposeBinding("__bench", () => undefined));
    await time("install storage", async () => {
      context.on("request", () => undefined);
      context.on("requestfinished", () => undefined);
    });
    await openShop("", context);
    // The fixtures ask for strict mode's report while the test's pages close.
    await time("close + strict check", () => Promise.all([context.close(),
      client.call("GET", `/apps/${app.app_id}/strict?package=npm`)]));
    await time("app deletion (background)", () => client.call("DELETE", `/apps/${app.app_id}`));
  }
  const medians = Object.fromEntries([...times].map(([name, all]) => {
    const kept = all.slice(%(warm_up)d).sort((a, b) => a - b);
    return [name, kept[Math.floor(kept.length / 2)]];
  }));
  console.log("BREAKDOWN " + JSON.stringify(medians));
});
"""


def main() -> None:
    spec = SPEC % {"src": str(JS / "src"), "rounds": ROUNDS, "warm_up": WARM_UP}
    printed = run_spec(spec, reporter="line")
    line = next(x for x in printed.splitlines() if x.startswith("BREAKDOWN "))
    medians: dict[str, float] = json.loads(line.removeprefix("BREAKDOWN "))
    off_path = "app deletion (background)"
    ours = [name for name in medians if not name.startswith("bare: ") and name != off_path]
    bare = sum(value for name, value in medians.items() if name.startswith("bare: "))
    total = sum(medians[name] for name in ours)
    print(f"npm: where a test's time goes (median of {ROUNDS - WARM_UP} rounds, one worker)")
    for name in ours:
        paired = f"bare: {name}"
        beside = f"   bare {medians[paired]:6.1f} ms" if paired in medians else ""
        print(f"  {name:30}{medians[name]:7.1f} ms{beside}")
    print(f"  {off_path:30}{medians[off_path]:7.1f} ms   (not in the sum)")
    print(f"  {'all steps':30}{total:7.1f} ms   bare {bare:6.1f} ms   ratio {total / bare:.2f}")


if __name__ == "__main__":
    main()
