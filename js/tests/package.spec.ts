// The package as a user installs it: `npm pack` builds it, a TypeScript project outside the
// repository installs the tarball, writes the guide's example and runs `npx playwright test`.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "../src";

const run = promisify(execFile);
const ROOT = join(__dirname, "..");

test("a project outside the repository installs the tarball and runs the example", async ({ medianHarness }) => {
  test.setTimeout(240_000);
  const packed = await run("npm", ["pack", "--silent", "--pack-destination", tmpdir()], { cwd: ROOT });
  const tarball = join(tmpdir(), packed.stdout.trim().split("\n").pop()!);
  const project = mkdtempSync(join(tmpdir(), "median-site-"));
  const playwrightVersion = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies[
    "@playwright/test"
  ];
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "shop", private: true }));
  await run("npm", ["install", "--no-audit", "--no-fund", tarball, `@playwright/test@${playwrightVersion}`], {
    cwd: project,
  });
  const guide = readFileSync(join(ROOT, "..", "docs", "guides", "playwright.md"), "utf8");
  const example = /```ts\n(\/\/ tests\/sign-in\.spec\.ts[\s\S]*?)```/.exec(guide);
  expect(example, "the Playwright Test guide has the example").not.toBeNull();
  writeFileSync(join(project, "sign-in.spec.ts"), example![1]);
  const env = { ...process.env, MEDIAN_HARNESS_URL: medianHarness.url };
  const outcome = await run("npx", ["playwright", "test", "--reporter=line"], { cwd: project, env });
  expect(outcome.stdout).toMatch(/2 passed/);
});
