"""Per-test cost of the npm package's fixtures in Playwright Test, against the same test on
Playwright's bare `page`, measured as for pytest (`benchmarks.flow_overhead`): one worker
runs the three kinds interleaved, and a test's cost is its duration in Playwright's JSON
report, which includes its fixtures' setup and teardown."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from benchmarks.flow_overhead import KINDS, TESTS, Durations, per_test_ms, report

JS = Path(__file__).resolve().parents[1] / "js"

COMMON = """import { expect, test } from "%(src)s";
const PAGE = "<!doctype html><html><head></head><body>shop</body></html>";
async function openShop(page: import("@playwright/test").Page) {
  await page.route("http://shop.test/**", (r) =>
    r.fulfill({ body: PAGE, contentType: "text/html" }));
  await page.goto("http://shop.test/");
}
"""

TESTS_BY_KIND = {
    "a": """test("a %(n)d", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
""",
    "b": """test("b %(n)d", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
""",
    "c": """test("c %(n)d", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-%(n)d')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
""",
}

CONFIG = """import base from "%(config)s";
export default {
  ...base, testDir: ".", workers: 1, fullyParallel: false, reporter: [["%(reporter)s"]],
};
"""


def run_spec(spec: str, reporter: str = "json") -> str:
    """Run one spec file in one Playwright Test worker; what the reporter printed."""
    with tempfile.TemporaryDirectory(dir=JS) as tmp:
        folder = Path(tmp)
        (folder / "bench.spec.ts").write_text(spec)
        config = CONFIG % {"config": str(JS / "playwright.config"), "reporter": reporter}
        (folder / "bench.config.ts").write_text(config)
        finished = subprocess.run(
            ["npx", "playwright", "test", "--config", str(folder / "bench.config.ts")],
            cwd=JS,
            check=True,
            capture_output=True,
            text=True,
        )
        return finished.stdout


def run_npm_round() -> Durations:
    """One interleaved suite in one Playwright Test worker; each test's duration."""
    body = COMMON % {"src": str(JS / "src")}
    body += "".join(TESTS_BY_KIND[kind] % {"n": n} for n in range(TESTS) for kind in KINDS)
    durations: Durations = {kind: [] for kind in KINDS}
    results = []
    for suite in json.loads(run_spec(body))["suites"]:
        for spec in suite["specs"]:
            for test in spec["tests"]:
                for result in test["results"]:
                    results.append((result["startTime"], spec["title"], result["duration"]))
    for _, title, duration in sorted(results):
        durations[title.split()[0]].append(float(duration))
    return durations


def main() -> None:
    report("npm", per_test_ms(run_npm_round))


if __name__ == "__main__":
    main()
