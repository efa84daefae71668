// A test's app is made on its first use: with the default device, in one control call, for a
// test on `medianPage`; at once for a test that takes `onesignalApp`; never for one that
// uses neither.
import { expect, test as base } from "../src";

/** The control calls a test's fixtures and body make, in order (set up before the app). */
const test = base.extend<{ controlCalls: string[] }>({
  controlCalls: async ({ medianHarness }, use) => {
    const client = medianHarness.client;
    const calls: string[] = [];
    const call = client.call;
    client.call = (method, path, body) => {
      calls.push(`${method} ${path}`);
      return call.call(client, method, path, body);
    };
    await use(calls);
    client.call = call;
  },
});

test("a test on medianPage makes its app, device and stub in one call", async ({ controlCalls, medianPage, medianDevice }) => {
  expect(controlCalls).toEqual(["POST /apps?bridge_js=1"]);
  await medianPage.route("http://shop.test/**", (route) => route.fulfill({ body: "<p>shop</p>", contentType: "text/html" }));
  await medianPage.goto("http://shop.test/");
  const state = await medianDevice.default.app.state();
  expect(state.devices.map((d) => d.id)).toEqual([medianDevice.default.id]);
  expect(await medianPage.evaluate("window.__medianHarness.active")).toBe(true);
});

test("a test that takes onesignalApp first has it before its first line", async ({ controlCalls, onesignalApp, medianPage }) => {
  expect(controlCalls).toEqual(["POST /apps", "POST /devices?bridge_js=1"]);
  const listed = await (await onesignalApp.rest(`/apps/${onesignalApp.appId}/users`, {
    method: "POST",
    body: JSON.stringify({ identity: { external_id: "first-line" } }),
  })).json();
  expect(listed.identity.external_id).toBe("first-line");
  expect(medianPage.url()).toBe("about:blank");
});

test("a test that never uses its app makes none", async ({ controlCalls, medianDevice }) => {
  expect(medianDevice.default.app.made).toBe(false);
  expect(controlCalls).toEqual([]);
});

test("a factory device of an app not yet made comes with it, in one call", async ({ controlCalls, medianDevice }) => {
  const android = await medianDevice({ platform: "android" });
  expect(controlCalls).toEqual(["POST /apps"]);
  expect((await android.state()).platform).toBe("android");
  expect((await android.app.state()).devices.map((d) => d.id)).toEqual([android.id]);
});

test.describe("a default device the harness refuses", () => {
  test.use({ medianDeviceOptions: { appVersion: "not a version" } });

  test("makes no app, and the app is made on its next use", async ({ controlCalls, medianDevice }) => {
    await expect(medianDevice.default.state()).rejects.toThrow("not an app version");
    expect(medianDevice.default.app.made).toBe(false);
    const state = await medianDevice.default.app.state();
    expect(state.devices).toEqual([]);
    expect(controlCalls).toEqual([
      "POST /apps?bridge_js=1",
      "POST /apps",
      `GET /state.json?app_id=${medianDevice.default.app.appId}`,
    ]);
  });
});
