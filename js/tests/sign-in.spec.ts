// The README's sign-in example: a page that checks the app version through Device Info and
// identifies the customer with login() on new builds, externalUserId.set() on old ones.
import { expect, test } from "../src";

const SIGNED_IN_PAGE = `<!doctype html><html><head><script>
  function median_library_ready() {
    median.deviceInfo().then(function (info) {
      var newBuild = Number(info.appVersion.split(".")[0]) >= 2;
      return newBuild
        ? median.onesignal.login("customer-42")
        : median.onesignal.externalUserId.set({ externalId: "customer-42" });
    }).then(function (answer) { document.title = JSON.stringify(answer); });
  }
</script></head><body>Welcome back</body></html>`;

test.beforeEach(async ({ medianPage }) => {
  await medianPage.route("http://shop.test/**", (route) =>
    route.fulfill({ body: SIGNED_IN_PAGE, contentType: "text/html" }),
  );
});

test.describe("a v5 build", () => {
  test.use({ medianDevice: { platform: "ios", appVersion: "2.3.0" } });

  test("logs the customer in", async ({ medianPage, medianDevice, onesignalApp }) => {
    await medianPage.goto("http://shop.test/account");
    await expect(medianPage).toHaveTitle(/success/);
    const user = await onesignalApp.user("customer-42");
    expect(user).not.toBeNull();
    const state = await medianDevice.default.state();
    expect(user.subscriptions[0].id).toBe(state.subscription_id);
  });
});

test.describe("a legacy build", () => {
  test.use({ medianDevice: { platform: "android", appVersion: "1.9.0", sdk: "legacy" } });

  test("sets the external user id", async ({ medianPage, medianDevice }) => {
    await medianPage.goto("http://shop.test/account");
    await expect(medianPage).toHaveTitle(/success/);
    expect((await medianDevice.default.state()).external_user_id).toBe("customer-42");
  });
});
