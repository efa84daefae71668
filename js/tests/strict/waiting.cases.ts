// A sign-in test on an old build that waits for what login() would have done. Run by
// strict-mode.spec.ts in its own Playwright process: each case must fail at once, strict
// message first.
import { test } from "../../src";

const LOGIN = "median.onesignal.login('alice').then(() => document.body.append('signed in'))";
const PAGE = (script: string) =>
  `<!doctype html><html><head><script>function median_library_ready() { ${script} }</script></head><body>shop</body></html>`;

test.use({ medianDevice: { platform: "ios", appVersion: "1.9.0", sdk: "legacy" } });

async function open(page: import("@playwright/test").Page, script = ""): Promise<void> {
  await page.route("http://shop.test/**", (route) => route.fulfill({ body: PAGE(script), contentType: "text/html" }));
  await page.goto("http://shop.test/");
}

test("waits on a promise", async ({ medianPage }) => {
  await open(medianPage);
  await medianPage.evaluate("median.onesignal.login('alice')");
});

test("waits on a selector", async ({ medianPage }) => {
  await open(medianPage, LOGIN);
  await medianPage.waitForSelector("text=signed in", { timeout: 30_000 });
});

test("waits on a function", async ({ medianPage }) => {
  await open(medianPage, LOGIN);
  await medianPage.waitForFunction("document.body.textContent.includes('signed in')", undefined, {
    timeout: 30_000,
  });
});

test.describe("an Android build", () => {
  test.use({ medianDevice: { platform: "android", appVersion: "1.9.0", sdk: "legacy" } });
  test("sends it without waiting", async ({ medianPage }) => {
    await open(medianPage, LOGIN);
    await medianPage.evaluate("window.__medianHarness.idle()");
  });
});

test.describe("lenient", () => {
  test.use({ medianStrict: false });
  test("passes without waiting", async ({ medianPage }) => {
    await open(medianPage, LOGIN);
    await medianPage.evaluate("window.__medianHarness.idle()");
  });
});
