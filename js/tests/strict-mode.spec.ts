// Strict mode as a user meets it: tests that wait on an unsupported command fail within
// moments, with the strict-mode message as the first error.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "../src";

const run = promisify(execFile);

test("strict mode stops waiting tests at once, its message first", async ({ medianHarness }) => {
  test.setTimeout(120_000);
  const config = join(__dirname, "strict", "cases.config.ts");
  const cli = require.resolve("@playwright/test/cli");
  const outcome = await run(process.execPath, [cli, "test", "--config", config, "--reporter=json"], {
    env: { ...process.env, MEDIAN_HARNESS_URL: medianHarness.url },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error) => error as { stdout: string });
  const report = JSON.parse(outcome.stdout);
  const results = new Map<string, { status: string; duration: number; errors: { message?: string }[] }>();
  for (const suite of report.suites) {
    const specs = [...suite.specs, ...(suite.suites ?? []).flatMap((inner: { specs: unknown[] }) => inner.specs)];
    for (const spec of specs) results.set(spec.title, spec.tests[0].results[0]);
  }
  for (const name of ["waits on a promise", "waits on a selector", "waits on a function"]) {
    const result = results.get(name)!;
    expect(result.status, name).toBe("failed");
    expect(result.duration, name).toBeLessThan(5_000);
    expect(result.errors[0].message, name).toMatch(
      /^median-harness \(strict mode\): median:\/\/onesignal\/login is not supported by app version 1\.9\.0 \(legacy OneSignal SDK, ios\).*Check the app version/,
    );
  }
  // A test that never waits still fails, after its body, with the same message.
  const unwaited = results.get("sends it without waiting")!;
  expect(unwaited.status).toBe("failed");
  expect(unwaited.errors[0].message).toMatch(
    /^median-harness \(strict mode\): median:\/\/onesignal\/login is not supported by app version 1\.9\.0 \(legacy OneSignal SDK, android\).*test\.use\(\{ medianStrict: false \}\)/,
  );
  expect(results.get("passes without waiting")!.status).toBe("passed");
  // The cases' apps are deleted off their critical path, and none outlives the run.
  const { apps } = await medianHarness.client.call("GET", "/apps");
  expect(apps.map((app: { name: string }) => app.name).filter((name: string) => name.includes("waiting"))).toEqual([]);
});
