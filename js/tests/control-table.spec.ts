// Every fixture method the harness's control table names exists in this package too.
import { expect, test } from "../src";
import { OneSignalApp, SimulatedDevice } from "../src";

const CLASSES: Record<string, object> = {
  app: OneSignalApp.prototype,
  device: SimulatedDevice.prototype,
};

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

test("each fixture method of the control table is a method here", async ({ medianHarness }) => {
  const document = await (await fetch(`${medianHarness.url}/openapi.json`)).json();
  const named: string[] = [];
  for (const operations of Object.values(document.paths) as Record<string, any>[]) {
    for (const operation of Object.values(operations)) named.push(...(operation["x-median-fixtures"] ?? []));
  }
  expect(named.length).toBeGreaterThan(20);
  const missing = named.filter((name) => {
    const [kind, method] = name.split(".");
    return typeof (CLASSES[kind] as Record<string, unknown>)[camel(method)] !== "function";
  });
  expect(missing).toEqual([]);
});

test("the default device is made only when a test uses it", async ({ medianDevice, onesignalApp }) => {
  const own = await medianDevice({ platform: "android" });
  expect(medianDevice.default.made).toBe(false);
  expect((await onesignalApp.state()).devices.map((d) => d.id)).toEqual([own.id]);
  expect((await medianDevice.default.state()).id).toBe(medianDevice.default.id);
  expect(medianDevice.default.platform).toBe("ios");
  expect((await onesignalApp.state()).devices).toHaveLength(2);
});
