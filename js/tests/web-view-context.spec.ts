// The default device's browser context is made while the device installs, with the web view the
// last such device of the worker had; a device whose view turns out otherwise gets its own.
import type { Page } from "@playwright/test";
import { expect, test as base } from "../src";

const test = base.extend<{ shopAgent: void }>({
  // The app's builds add to their user agent, set before the page's device installs.
  shopAgent: async ({ onesignalApp }, use) => {
    await onesignalApp.client.call("PATCH", `/apps/${onesignalApp.appId}`, { user_agent: { user_agent_add: "Shop/7" } });
    await use();
  },
});

test.describe.configure({ mode: "serial" }); // one worker, in order: the first test's view is the guess

const agentOf = (page: Page): Promise<string> => page.evaluate(() => navigator.userAgent);

test("a device's page has its app's user agent", async ({ medianPage }) => {
  expect(await agentOf(medianPage)).not.toContain("Shop/7");
});

test("so does the next one, whose app's user agent differs", async ({ shopAgent, medianPage, medianDevice }) => {
  const agent = await agentOf(medianPage);
  expect(agent).toContain("Shop/7");
  expect(agent).toBe((await medianDevice.default.webView()).user_agent);
});

test("and the one after, like the first", async ({ medianPage }) => {
  expect(await agentOf(medianPage)).not.toContain("Shop/7");
});
