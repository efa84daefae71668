import { defineConfig } from "@playwright/test";

export default defineConfig({ testDir: ".", testMatch: "*.cases.ts", workers: 2, timeout: 40_000 });
