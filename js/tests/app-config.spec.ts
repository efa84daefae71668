// A simulated app built from App Studio's appConfig.json: its OneSignal app id, plugins, user
// agent, sidebar, and the links it opens outside the web view.
import { expect, test } from "../src";

const SHOP_PAGE = `<!doctype html><html><body>
  <a id="terms" href="https://legal.shop.test/terms">Terms</a>
  <a id="orders" href="http://shop.test/orders">Orders</a>
</body></html>`;

test.describe("an app built from its config", () => {
  test.use({
    medianAppConfig: "../../tests/e2e/configs/shop-appConfig.json",
    medianDevice: { platform: "ios" },
  });

  test("has the build's id, plugins, user agent, sidebar and link rules", async ({ medianPage, medianDevice, onesignalApp }) => {
    expect(onesignalApp.appId).toBe("3f2c9a8e-5b1d-4e7a-9c6f-2d8b7e1a4c05");
    const headers: Record<string, string>[] = [];
    await medianPage.context().route("http://shop.test/**", (route) => {
      headers.push(route.request().headers());
      return route.fulfill({ body: SHOP_PAGE, contentType: "text/html" });
    });
    await medianPage.goto("http://shop.test/");
    const agent: string = await medianPage.evaluate("navigator.userAgent");
    expect(agent).toMatch(/MedianIOS\/1\.0 cornershop$/);
    expect(headers[0]["x-shop-app"]).toBe("ios");
    const sidebar: { items: { label: string }[] }[] = await medianPage.evaluate("median.sidebar.getItems()");
    expect(sidebar[0].items.map((item) => item.label)).toEqual(["Home", "Orders"]);
    await medianPage.evaluate("median.haptics.trigger({ style: 'impactLight' })");

    await medianPage.click("#terms");
    await medianPage.evaluate("window.__medianHarness.idle()");
    expect(medianPage.url()).toBe("http://shop.test/");
    expect((await medianDevice.default.ui()).opened_outside).toEqual([
      { mode: "external", url: "https://legal.shop.test/terms", label: "Terms" },
    ]);
    await Promise.all([medianPage.waitForURL("http://shop.test/orders"), medianPage.click("#orders")]);
    expect(await onesignalApp.events("unsupported_command")).toEqual([]);
  });
});
