// A page under medianPage looks like it runs in the app: the app's user agent in the page and on
// every request, the web view's navigator.vendor, a phone's screen; the install owns its storage.
import { expect, test } from "../src";

const APP_PAGE = `<!doctype html><html><head><script>
  window.path = /MedianIOS|MedianAndroid/.test(navigator.userAgent) ? "app" : "web";
  function median_library_ready() {
    if (window.path === "app") median.onesignal.login("shopper-1").then((r) => { window.loggedIn = r; });
  }
</script></head><body>rendered for the app</body></html>`;

test.describe("an Android build", () => {
  test.use({ medianDevice: { platform: "android" } });

  test("a page that detects the app by user agent takes its app path", async ({ medianPage, medianDevice }) => {
    const agents: string[] = [];
    await medianPage.route("http://shop.test/**", (route) => {
      const agent = route.request().headers()["user-agent"] ?? "";
      agents.push(agent);
      const body = /median/i.test(agent) ? APP_PAGE : "<p>rendered for the web</p>";
      return route.fulfill({ body, contentType: "text/html" });
    });
    await medianPage.goto("http://shop.test/");
    await expect.poll(() => medianPage.evaluate("window.loggedIn")).toEqual({ success: true });
    expect((await medianDevice.default.state()).external_id).toBe("shopper-1");
    const looks = await medianPage.evaluate(() => ({
      agent: navigator.userAgent,
      vendor: navigator.vendor,
      touch: navigator.maxTouchPoints > 0,
      width: screen.width,
    }));
    expect(looks.agent).toMatch(/; wv\).* MedianAndroid\/1\.0 median$/);
    expect(looks).toMatchObject({ vendor: "Google Inc.", touch: true, width: 412 });
    expect(agents).toEqual([looks.agent]);
  });

  test("a reinstall empties the web storage", async ({ medianPage, medianDevice }) => {
    await medianPage.route("http://shop.test/**", (route) => route.fulfill({ body: "<p>x</p>", contentType: "text/html" }));
    await medianPage.goto("http://shop.test/");
    await medianPage.evaluate(() => {
      document.cookie = "session=signed-in; max-age=3600";
      localStorage.setItem("cart", "3 items");
    });
    const read = () => medianPage.evaluate(() => ({ cookie: document.cookie, cart: localStorage.getItem("cart") }));
    await medianDevice.default.upgrade("2.1.0");
    await medianPage.reload();
    expect(await read()).toEqual({ cookie: "session=signed-in", cart: "3 items" });
    await medianDevice.default.reinstall();
    await medianPage.reload();
    expect(await read()).toEqual({ cookie: "", cart: null });
  });

  test("so does a reinstall from the control API or the phone page", async ({ medianPage, medianDevice, medianHarness }) => {
    const device = medianDevice.default;
    await medianPage.context().route("http://shop.test/**", (route) => route.fulfill({ body: "<p>x</p>", contentType: "text/html" }));
    const store = () => medianPage.evaluate(() => localStorage.setItem("cart", "3 items"));
    const cart = () => medianPage.evaluate(() => localStorage.getItem("cart"));
    await medianPage.goto("http://shop.test/");
    await store();
    await medianHarness.client.call("POST", `/devices/${device.id}/reinstall`, {});
    await medianPage.reload();
    expect(await cart()).toBeNull();

    await store();
    const before = (await device.state()).installation_id;
    const phone = await medianDevice.newPage(device);
    await phone.goto(`${medianHarness.url}/_harness/devices/${device.id}/phone`);
    await expect(phone.locator("#state")).toContainText(before);
    await phone.click("#reinstall");
    await expect(phone.locator("#state")).not.toContainText(before);
    await (await medianDevice.newPage(device)).goto("http://shop.test/after");
    await medianPage.reload();
    expect(await cart()).toBeNull();
  });
});

test.describe("an iOS build", () => {
  test("has WKWebView's vendor and no Safari token", async ({ medianPage }) => {
    await medianPage.route("http://shop.test/**", (route) => route.fulfill({ body: "<p>x</p>", contentType: "text/html" }));
    await medianPage.goto("http://shop.test/");
    const agent: string = await medianPage.evaluate("navigator.userAgent");
    expect(agent).toMatch(/iPhone.* MedianIOS\/1\.0 median$/);
    expect(agent).not.toContain("Safari/");
    expect(await medianPage.evaluate("navigator.vendor")).toBe("Apple Computer, Inc.");
  });
});

test.describe("a test with its own median user agent", () => {
  test.use({ userAgent: "Mozilla/5.0 MyShopApp/7 median" });

  test("keeps the stub", async ({ medianPage }) => {
    await medianPage.route("http://shop.test/**", (route) => route.fulfill({ body: "<p>x</p>", contentType: "text/html" }));
    await medianPage.goto("http://shop.test/");
    expect(await medianPage.evaluate("navigator.userAgent")).toBe("Mozilla/5.0 MyShopApp/7 median");
    expect(await medianPage.evaluate("window.__medianHarness.active")).toBe(true);
  });
});

test.describe("a test with its own viewport", () => {
  test.use({ viewport: { width: 600, height: 500 } });

  test("keeps it, and the app's user agent", async ({ medianPage }) => {
    await medianPage.route("http://shop.test/**", (route) => route.fulfill({ body: "<p>x</p>", contentType: "text/html" }));
    await medianPage.goto("http://shop.test/");
    expect(medianPage.viewportSize()).toEqual({ width: 600, height: 500 });
    expect(await medianPage.evaluate("navigator.userAgent")).toMatch(/MedianIOS\/1\.0 median$/);
  });
});
