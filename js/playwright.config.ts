import { defineConfig } from "@playwright/test";

// The package's own tests. `median-harness` comes from the Python checkout's virtualenv
// unless MEDIAN_HARNESS_COMMAND or MEDIAN_HARNESS_URL says otherwise.
process.env.MEDIAN_HARNESS_COMMAND ??= `${__dirname}/../.venv/bin/median-harness`;

export default defineConfig({
  testDir: "tests",
  fullyParallel: true,
  workers: 2,
  reporter: [["list"]],
  timeout: 30_000,
});
