import { expect, test } from "/work/main/js/src";
const PAGE = "<!doctype html><html><head></head><body>shop</body></html>";
async function openShop(page: import("@playwright/test").Page) {
  await page.route("http://shop.test/**", (r) =>
    r.fulfill({ body: PAGE, contentType: "text/html" }));
  await page.goto("http://shop.test/");
}
test("a 0", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 0", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 0", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-0')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 1", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 1", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 1", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-1')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 2", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 2", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 2", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-2')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 3", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 3", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 3", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-3')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 4", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 4", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 4", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-4')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 5", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 5", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 5", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-5')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 6", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 6", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 6", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-6')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 7", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 7", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 7", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-7')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 8", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 8", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 8", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-8')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 9", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 9", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 9", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-9')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 10", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 10", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 10", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-10')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 11", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 11", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 11", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-11')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 12", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 12", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 12", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-12')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 13", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 13", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 13", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-13')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 14", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 14", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 14", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-14')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 15", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 15", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 15", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-15')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 16", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 16", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 16", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-16')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 17", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 17", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 17", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-17')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 18", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 18", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 18", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-18')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 19", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 19", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 19", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-19')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 20", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 20", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 20", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-20')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 21", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 21", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 21", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-21')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 22", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 22", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 22", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-22')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 23", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 23", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 23", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-23')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 24", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 24", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 24", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-24')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 25", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 25", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 25", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-25')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 26", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 26", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 26", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-26')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 27", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 27", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 27", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-27')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 28", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 28", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 28", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-28')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
test("a 29", async ({ page }) => {
  await openShop(page);
  expect(await page.evaluate("1 + 1")).toBe(2);
});
test("b 29", async ({ medianPage }) => {
  await openShop(medianPage);
  expect(await medianPage.evaluate("1 + 1")).toBe(2);
});
test("c 29", async ({ medianPage }) => {
  await openShop(medianPage);
  const login = "median.onesignal.login('user-29')";
  expect(await medianPage.evaluate(login)).toEqual({ success: true });
});
