"""Per-test cost of the npm package's fixtures in Playwright Test, against the same test on
Playwright's bare `page`, worker and browser start excluded: each suite runs with 1 and with
N+1 tests, and the difference divided by N is the cost of one test (as for pytest)."""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.flow_overhead import per_test_ms, report

JS = Path(__file__).resolve().parents[1] / "js"

COMMON = """import { expect, test } from "%(src)s";
const PAGE = "<!doctype html><html><head></head><body>shop</body></html>";
async function openShop(page: import("@playwright/test").Page) {
  await page.route("http://shop.test/**", (r) =>
    r.fulfill({ body: PAGE, contentType: "text/html" }));
  await page.goto("http://shop.test/");
}
"""

BARE = """test("flow %(n)d", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
"""

FIXTURES = """test("flow %(n)d", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
"""

LOGIN = """test("flow %(n)d", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-%(n)d')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
"""

CONFIG = """import base from "%(config)s";
export default { ...base, testDir: ".", workers: 1, fullyParallel: false, reporter: [["dot"]] };
"""


def run_suite(template: str, tests: int) -> float:
    with tempfile.TemporaryDirectory(dir=JS) as tmp:
        folder = Path(tmp)
        body = COMMON % {"src": str(JS / "src")}
        body += "\n".join(template % {"n": n} for n in range(tests))
        (folder / "flows.spec.ts").write_text(body)
        (folder / "bench.config.ts").write_text(CONFIG % {"config": str(JS / "playwright.config")})
        started = time.perf_counter()
        subprocess.run(
            ["npx", "playwright", "test", "--config", str(folder / "bench.config.ts")],
            cwd=JS,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def main() -> None:
    costs = (per_test_ms(template, run_suite) for template in (BARE, FIXTURES, LOGIN))
    report("npm", *costs)


if __name__ == "__main__":
    main()
