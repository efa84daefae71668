/**
 * Which Chromium to launch: MEDIAN_HARNESS_BROWSER when set, else Playwright's own when it is
 * installed, else the system's (Debian's chromium) - the same search as the Python side.
 */
import { existsSync } from "node:fs";
import { chromium, type LaunchOptions } from "@playwright/test";

const SYSTEM_BROWSERS = [
  "/usr/lib/chromium/chromium",
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

/** Pages on a public origin may reach the harness on loopback (Local Network Access). */
export const LOCAL_NETWORK_ARGS = ["--disable-features=LocalNetworkAccessChecks"];
const SYSTEM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchOptions(): LaunchOptions {
  const chosen = process.env.MEDIAN_HARNESS_BROWSER;
  if (chosen) return { executablePath: chosen, args: [...SYSTEM_ARGS, ...LOCAL_NETWORK_ARGS] };
  let own = "";
  try {
    own = chromium.executablePath();
  } catch {
    own = "";
  }
  if (own && existsSync(own)) return { args: [...LOCAL_NETWORK_ARGS] };
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: [...SYSTEM_ARGS, ...LOCAL_NETWORK_ARGS] };
  return { args: [...LOCAL_NETWORK_ARGS] }; // Playwright says how to install its browser
}
