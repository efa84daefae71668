// Each test has its own OneSignal app, also across parallel workers; the REST API and the
// whole bridge from a test.
import { expect, test } from "../src";

test.describe.configure({ mode: "parallel" });

for (const n of [1, 2, 3, 4]) {
  test(`parallel test ${n} sees only its own users`, async ({ onesignalApp }) => {
    const created = await onesignalApp.rest(`/apps/${onesignalApp.appId}/users`, {
      method: "POST",
      body: JSON.stringify({ identity: { external_id: "same-id" }, properties: { tags: { n: String(n) } } }),
    });
    expect(created.status).toBe(201);
    const state = await onesignalApp.state();
    expect(state.users).toHaveLength(1);
    expect(state.users[0].properties.tags).toEqual({ n: String(n) });
  });
}

test("a backend call reaches the device the page logged in", async ({ medianPage, medianDevice, onesignalApp }) => {
  await medianPage.route("http://shop.test/**", (route) => route.fulfill({ body: "<p>shop</p>", contentType: "text/html" }));
  await medianPage.goto("http://shop.test/");
  expect(await medianPage.evaluate("median.onesignal.login('ana')")).toEqual({ success: true });
  const sent = await onesignalApp.sendNotification({
    include_aliases: { external_id: ["ana"] },
    target_channel: "push",
    data: { screen: "orders" },
  });
  expect(sent.id).toBeTruthy();
  const [shown] = await medianDevice.default.notifications();
  expect(shown.data).toEqual({ screen: "orders" });
  await medianPage.evaluate(() => {
    (window as any).opened = [];
    (window as any).median.onesignal.pushOpened.addListener((data: unknown) => (window as any).opened.push(data));
    return (window as any).__medianHarness.idle();
  });
  await medianDevice.default.openNotification(shown.id);
  await expect.poll(() => medianPage.evaluate("window.opened")).toEqual([{ screen: "orders" }]);
});

test("the whole bridge: commands, programmed answers, native events", async ({
  medianPage,
  medianDevice,
  onesignalApp,
}) => {
  await onesignalApp.setPlugins(["onesignal", "iap"]);
  await medianDevice.default.respond("iap/info", { inAppPurchases: { products: ["pro"] } });
  await medianPage.route("http://shop.test/**", (route) => route.fulfill({ body: "<p>shop</p>", contentType: "text/html" }));
  await medianPage.goto("http://shop.test/");
  expect(await medianPage.evaluate("median.iap.info()")).toEqual({ inAppPurchases: { products: ["pro"] } });
  await medianPage.evaluate("median.share.sharePage({url: 'https://shop.test/p/1'})");
  await medianPage.evaluate("window.__medianHarness.idle()");
  const [share] = await medianDevice.default.commands("share/");
  expect(share.data).toEqual({ url: "https://shop.test/p/1" });
  expect((await medianDevice.default.ui()).last_share).toEqual({ url: "https://shop.test/p/1" });
  await medianPage.evaluate("window.resumed = 0; median.appResumed.addListener(() => window.resumed++)");
  await medianPage.evaluate("window.__medianHarness.idle()");
  await medianDevice.default.fire("_median_app_resumed");
  await expect.poll(() => medianPage.evaluate("window.resumed")).toBe(1);
});
