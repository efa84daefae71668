/**
 * Playwright Test fixtures for sites inside a Median app: `import { test, expect } from
 * "median-harness"`. A worker's harness (`medianHarness`), a fresh OneSignal app per test
 * (`onesignalApp`), simulated devices (`medianDevice`, set with `test.use({ medianDevice:
 * {...} })`) and a page with the bridge stub installed (`medianPage`). Strict mode (on unless
 * `test.use({ medianStrict: false })`) fails a test whose page sent a command the app build
 * never answers, at once and with that message first.
 */
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type TestInfo,
} from "@playwright/test";
import { randomBytes, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { launchOptions } from "./browser";
import { HarnessClient, HarnessError, REINSTALL_PATH, type Json } from "./client";
import { startHarness } from "./server";
import type {
  AppState,
  CommandRecord,
  DeviceInfo,
  DeviceState,
  HarnessEvent,
  Notification,
  Outcome,
  UiState,
  User,
  WebView,
} from "./types";

export { expect };
export type * from "./types";
export { HarnessClient, HarnessError } from "./client";

export interface DeviceOptions {
  platform?: "ios" | "android";
  appVersion?: string;
  sdk?: "v5" | "legacy";
  pushPermission?: "granted" | "denied" | "not_determined";
  requiresPrivacyConsent?: boolean;
}


export interface MedianHarness {
  url: string;
  client: HarnessClient;
}

/** The test's own OneSignal app: nothing in it is shared with other tests. An app made with
 * `create` is made at the harness on its first use: at once in a test that takes
 * `onesignalApp`, else with its first device, in the same call. */
export class OneSignalApp {
  /** The app's creation at the harness (with a device's view when made with one). */
  private making?: Promise<Json>;

  constructor(
    readonly appId: string,
    readonly apiKey: string,
    readonly client: HarnessClient,
    private readonly create?: (device?: Json, withStub?: boolean) => Promise<Json>,
  ) {}

  /** Whether the harness has this app (a lazily made one: once its creation succeeded or is on its way). */
  get made(): boolean {
    return this.create === undefined || this.making !== undefined;
  }

  /** Makes the app at the harness, if it is not made yet. */
  async ensure(): Promise<void> {
    await (this.making ?? this.start());
  }

  /** A new device of this app (`body`: the device's fields; its view comes back, with the
   * stub when `withStub`): made with the app, in one call, while the app is not made yet. */
  async newDevice(body: Json, withStub = false): Promise<Json> {
    if (this.create && this.making === undefined) return (await this.start(body, withStub)).device;
    await this.ensure();
    const path = withStub ? "/devices?bridge_js=1" : "/devices";
    return this.client.call("POST", path, { ...body, app_id: this.appId });
  }

  private start(device?: Json, withStub = false): Promise<Json> {
    if (!this.create) return Promise.resolve(null);
    const making = this.create(device, withStub);
    this.making = making;
    // A creation that failed (a device the harness refused, say) is tried again on next use.
    making.catch(() => {
      if (this.making === making) this.making = undefined;
    });
    return making;
  }

  get url(): string {
    return this.client.url;
  }

  /** A request to the simulated OneSignal REST API with the app's key. */
  async rest(path: string, init: RequestInit = {}): Promise<Response> {
    await this.ensure();
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Key ${this.apiKey}`);
    if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    return fetch(`${this.url}${path}`, { ...init, headers });
  }

  async state(): Promise<AppState> {
    await this.ensure();
    return this.client.call("GET", `/state.json?app_id=${this.appId}`);
  }

  /** The user whose external_id is this, from the app's state. */
  async user(externalId: string): Promise<User | null> {
    const state = await this.state();
    return state.users.find((u) => u.identity.external_id === externalId) ?? null;
  }

  async events(kind?: string): Promise<HarnessEvent[]> {
    await this.ensure();
    const query = `app_id=${this.appId}${kind ? `&kind=${encodeURIComponent(kind)}` : ""}`;
    return (await this.client.call("GET", `/events?${query}`)).events;
  }

  async sendNotification(fields: Json = {}): Promise<Json> {
    const body = { app_id: this.appId, contents: { en: "Test notification" }, ...fields };
    const response = await this.rest("/notifications", { method: "POST", body: JSON.stringify(body) });
    const reply = await response.json();
    if (!response.ok) throw new Error(`POST /notifications: ${response.status} ${JSON.stringify(reply)}`);
    return reply;
  }

  /** The native plugins this app's builds include (the core bridge is always there). */
  async setPlugins(plugins: string[]): Promise<Json> {
    await this.ensure();
    return this.client.call("PATCH", `/apps/${this.appId}`, { plugins });
  }

  async respond(command: string, result: Json, count?: number): Promise<Json> {
    await this.ensure();
    return this.client.call("POST", "/responses", { app_id: this.appId, command, result, count });
  }
}

/** One install of the app on a simulated phone. A device made with `install` is installed on
 * its first use (the default device costs nothing in a test that never uses it); its
 * `platform` is known from then on. */
export class SimulatedDevice {
  private installed?: Promise<void>;
  /** The view (with the stub) its install answered, until the device's first context. */
  private installView?: WebViewKit;

  constructor(
    readonly id: string,
    public platform: string,
    readonly app: OneSignalApp,
    private readonly install?: () => Promise<Json>,
  ) {}

  /** Whether the harness has this device yet (a lazily made one: after its first use). */
  get made(): boolean {
    return this.install === undefined || this.installed !== undefined;
  }

  private async ensure(): Promise<void> {
    if (!this.install) return;
    this.installed ??= this.install().then((made) => {
      this.platform = made.platform;
      this.installView = made as WebViewKit;
    });
    await this.installed;
  }

  private async call(method: string, path: string, body?: Json): Promise<Json> {
    await this.ensure();
    return this.app.client.call(method, `/devices/${this.id}${path}`, body);
  }

  state(): Promise<DeviceState> {
    return this.call("GET", "");
  }
  /** The device's view and its stub, for a new browser context: one call, or none right
   * after its install (which answered both). */
  async webViewKit(): Promise<WebViewKit> {
    await this.ensure();
    const made = this.installView;
    this.installView = undefined;
    return made ?? this.call("GET", "?bridge_js=1");
  }
  info(): Promise<DeviceInfo> {
    return this.call("GET", "/info");
  }
  /** A new install: a new installation id and subscription, and the web storage of the
   * device's pages (cookies, localStorage, IndexedDB, for every origin) is empty. */
  reinstall(): Promise<DeviceState> {
    return this.call("POST", "/reinstall", {});
  }
  /** The app's web view: user agent, vendor, screen (from the harness). */
  async webView(): Promise<WebView> {
    return (await this.state()).web_view;
  }
  upgrade(appVersion: string, sdk?: "v5" | "legacy"): Promise<DeviceState> {
    return this.call("POST", "/upgrade", { app_version: appVersion, sdk });
  }
  /** `setPermission("denied")` for push, or `setPermission({ permission: "Camera", status: "granted" })`. */
  setPermission(permission: string | { permission: string; status: string }): Promise<DeviceState> {
    const body = typeof permission === "string" ? { push_permission: permission } : permission;
    return this.call("POST", "/permission", body);
  }
  async notifications(): Promise<Notification[]> {
    return (await this.call("GET", "/notifications")).notifications;
  }
  openNotification(notificationId: string): Promise<Notification & { delivered_to_pages: number }> {
    return this.call("POST", `/notifications/${notificationId}/open`, {});
  }
  push(fields: Json = {}): Promise<Notification> {
    return this.call("POST", "/notifications", fields);
  }
  /** What the pages sent through the bridge, newest last: `commands("share/")`. */
  async commands(prefix = ""): Promise<CommandRecord[]> {
    return (await this.call("GET", `/commands?prefix=${encodeURIComponent(prefix)}`)).commands;
  }
  respond(command: string, result: Json, count?: number): Promise<Json> {
    return this.call("POST", "/responses", { command, result, count });
  }
  fire(name: string, data?: Json): Promise<{ name: string; delivered_to_pages: number }> {
    return this.call("POST", "/events", { name, data: data ?? null });
  }
  ui(): Promise<UiState> {
    return this.call("GET", "/ui");
  }
  /** The event log of this device, oldest first: `events("bridge_command")`. */
  async events(kind?: string): Promise<HarnessEvent[]> {
    await this.ensure();
    const query = `app_id=${this.app.appId}&device=${encodeURIComponent(this.id)}` +
      (kind ? `&kind=${encodeURIComponent(kind)}` : "");
    return (await this.app.client.call("GET", `/events?${query}`)).events;
  }
  setConnectivity(connected: boolean, type = "wifi"): Promise<Json> {
    return this.call("POST", "/connectivity", { connected, type });
  }
  async command(message: string | Json): Promise<Outcome> {
    await this.ensure();
    return this.app.client.call("POST", `/devices/${this.id}/commands`, message);
  }
  async bridgeJs(webView = false): Promise<string> {
    await this.ensure();
    return this.app.client.bridgeJs(this.id, webView);
  }
}

export interface DeviceFactory {
  /** Install the app on a new simulated device. */
  (options?: DeviceOptions): Promise<SimulatedDevice>;
  /** The device `medianPage` runs on, made from the `medianDevice` option. */
  readonly default: SimulatedDevice;
  /** Every page of `context` gets the stub for `device` before any page script, as the
   * app's web view (its `navigator.vendor` and `platform`, whatever the user agent). */
  install(context: BrowserContext, device: SimulatedDevice): Promise<void>;
  /** The browser context of the device's install, shared by its pages as an app's web view
   * shares its storage; it has the app's user agent, screen and touch. */
  context(device: SimulatedDevice): Promise<BrowserContext>;
  /** A page of `device`'s app. */
  newPage(device: SimulatedDevice): Promise<Page>;
}

interface MedianFixtures {
  /** The test's app before its first use (`onesignalApp` is the same app, made). */
  _medianApp: OneSignalApp;
  onesignalApp: OneSignalApp;
  medianDevice: DeviceFactory;
  medianPage: Page;
  medianDeviceOptions: DeviceOptions;
  medianStrict: boolean;
  medianLegacyBelow: string | undefined;
  /** App Studio's appConfig.json for the test's app: a path (relative to the test's file or
   * the working directory) or the parsed JSON. */
  medianAppConfig: string | Json | undefined;
}

/** A device's view with the stub the fixtures install in its browser context. */
type WebViewKit = DeviceState & { bridge_js: string };

interface MedianWorkerFixtures {
  medianHarness: MedianHarness;
}

const STRICT_BINDING = "__medianHarnessStrict";

/** The web view of the last default device of each set of options in this worker. */
const lastWebViews = new Map<string, WebView>();

/** The tests' apps being deleted, off the next test's critical path; the worker's harness
 * waits for them before it stops. */
const deletions = new Set<Promise<unknown>>();

function deleteInBackground(app: OneSignalApp): void {
  const deleted = app.client.call("DELETE", `/apps/${app.appId}`).catch(() => undefined); // the harness may be gone
  deletions.add(deleted);
  void deleted.then(() => deletions.delete(deleted));
}

/** Strict mode's message for each test's app (null: none), asked once: as the test's pages
 * close, and awaited by the app's teardown. */
const strictChecks = new WeakMap<OneSignalApp, Promise<string | null>>();

function strictCheck(app: OneSignalApp): Promise<string | null> {
  let checked = strictChecks.get(app);
  if (checked === undefined) {
    checked = app.client.call("GET", `/apps/${app.appId}/strict?package=npm`).then((reply) => reply.message ?? null);
    checked.catch(() => undefined); // its error comes to the app's teardown, which awaits it
    strictChecks.set(app, checked);
  }
  return checked;
}

async function enforceStrictMode(app: OneSignalApp, testInfo: TestInfo): Promise<void> {
  const message = await strictCheck(app);
  if (!message) return;
  // The strict-mode failure comes first, before whatever the stopped test was waiting on.
  testInfo.errors.unshift({ message });
  throw new Error(message);
}

/** Playwright Test's viewport when neither the config nor the test sets one. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

function isDefaultViewport(viewport: BrowserContextOptions["viewport"]): boolean {
  return viewport !== null && viewport !== undefined &&
    viewport.width === DEFAULT_VIEWPORT.width && viewport.height === DEFAULT_VIEWPORT.height;
}

/** Playwright's context options for the app's web view; `own` (the test's) win. */
function contextOptions(webView: WebView, own: BrowserContextOptions): BrowserContextOptions {
  return {
    userAgent: webView.user_agent,
    viewport: webView.viewport,
    deviceScaleFactor: webView.device_scale_factor,
    isMobile: webView.is_mobile,
    hasTouch: webView.has_touch,
    extraHTTPHeaders: webView.extra_http_headers, // appConfig's custom headers
    ...Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined)),
  };
}

/** A request to a URL one of the app's userAgentRegexes matches carries that rule's user agent
 * (the stub gives the page the same one in navigator.userAgent). */
async function routeUserAgents(context: BrowserContext, webView: WebView): Promise<void> {
  for (const rule of webView.user_agent_rules) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^(?:${rule.regex})$`);
    } catch {
      continue; // a regex only the native app can read never matches here
    }
    await context.route(pattern, (route) =>
      route.fallback({ headers: { ...route.request().headers(), "user-agent": rule.user_agent } }),
    );
  }
}

/** Empties the cookies and the storage of every origin the context's pages have used, as a
 * reinstall empties an app's web view. */
function webStorageCleaner(context: BrowserContext): () => Promise<void> {
  const origins = new Set<string>();
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "http:" || url.protocol === "https:") origins.add(url.origin);
  });
  return async () => {
    await context.clearCookies();
    const temporary = context.pages().length === 0;
    const page = temporary ? await context.newPage() : context.pages()[0];
    const session = await context.newCDPSession(page); // Chromium's, the browser the harness runs
    for (const origin of origins) {
      await session.send("Storage.clearDataForOrigin", { origin, storageTypes: "all" });
    }
    await session.detach();
    if (temporary) await page.close();
  };
}

/** The web storage of one device's browser context, held for one install: `follow` empties it
 * when the device's install is a new one. A reinstall made from one of the context's own pages
 * (the phone page) is followed once its answer arrives; `settled()` waits for that. */
class InstallStorage {
  private readonly forget: () => Promise<void>;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    context: BrowserContext,
    private readonly device: SimulatedDevice,
    private installationId: string,
  ) {
    this.forget = webStorageCleaner(context);
    context.on("requestfinished", (request) => {
      const found = REINSTALL_PATH.exec(new URL(request.url()).pathname);
      if (request.method() !== "POST" || !found || decodeURIComponent(found[1]) !== device.id) return;
      this.pending = this.pending.then(() => this.followCurrent()).catch(() => undefined);
    });
  }

  async follow(installationId: string): Promise<boolean> {
    if (installationId === this.installationId) return false;
    this.installationId = installationId;
    await this.forget();
    return true;
  }

  async settled(): Promise<void> {
    await this.pending;
  }

  private async followCurrent(): Promise<void> {
    try {
      await this.follow((await this.device.state()).installation_id);
    } catch (error) {
      if (!(error instanceof HarnessError)) throw error; // a deleted device has nothing to empty
    }
  }
}

/** The appConfig.json a test names, parsed (the harness checks its keys). */
function readAppConfig(given: string | Json | undefined, testFile: string): Json | undefined {
  if (typeof given !== "string") return given;
  const besideTest = path.resolve(path.dirname(testFile), given);
  const file = fs.existsSync(besideTest) ? besideTest : path.resolve(given);
  const text = fs.readFileSync(file, "utf-8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`medianAppConfig ${given}: not JSON (${(error as Error).message})`);
  }
}

function toBody(options: DeviceOptions): Json {
  return {
    // What is not given is the harness's default (iOS, 2.0.0, push as the app's config has
    // it...), decided in one place.
    platform: options.platform,
    app_version: options.appVersion,
    sdk: options.sdk,
    push_permission: options.pushPermission,
    requires_privacy_consent: options.requiresPrivacyConsent,
  };
}

/** A new app of the harness for one test, from `fields`: made on its first use with an id
 * and key chosen here, or (from an appConfig.json, which may name its id) made at once. */
async function testApp(client: HarnessClient, fields: Json): Promise<OneSignalApp> {
  if (fields.app_config === undefined) {
    const [appId, apiKey] = [randomUUID(), `os_v2_app_${randomBytes(24).toString("hex")}`];
    return new OneSignalApp(appId, apiKey, client, (device?: Json, withStub = false) =>
      client.call("POST", withStub ? "/apps?bridge_js=1" : "/apps", { ...fields, app_id: appId, api_key: apiKey, device }),
    );
  }
  const made = await client.call("POST", "/apps", fields).catch(async (error) => {
    if (!(error instanceof HarnessError) || error.status !== 409) throw error;
    // The config names the app's id, and the last test's app with it is still going.
    await Promise.all(deletions);
    return client.call("POST", "/apps", fields);
  });
  return new OneSignalApp(made.app_id, made.api_key, client);
}

const extended = base.extend<MedianFixtures, MedianWorkerFixtures>({
  medianHarness: [
    async ({}, use) => {
      const running = await startHarness();
      await use({ url: running.url, client: new HarnessClient(running.url) });
      await Promise.all(deletions);
      await running.stop();
    },
    { scope: "worker", timeout: 60_000 },
  ],
  launchOptions: [launchOptions(), { scope: "worker" }],
  medianDeviceOptions: [{}, { option: true }],
  medianStrict: [true, { option: true }],
  medianLegacyBelow: [undefined, { option: true }],
  medianAppConfig: [undefined, { option: true }],

  _medianApp: async ({ medianHarness, medianStrict, medianLegacyBelow, medianAppConfig }, use, testInfo) => {
    const app = await testApp(medianHarness.client, {
      name: testInfo.titlePath.join(" > ").slice(-200),
      legacy_below: medianLegacyBelow,
      app_config: readAppConfig(medianAppConfig, testInfo.file),
    });
    await use(app);
    if (!app.made) return; // never used: nothing to check or delete
    try {
      if (medianStrict) await enforceStrictMode(app, testInfo);
    } finally {
      deleteInBackground(app);
    }
  },

  onesignalApp: async ({ _medianApp }, use) => {
    await _medianApp.ensure(); // official clients given its id and key find it from the test's first line
    await use(_medianApp);
  },

  medianDevice: async (
    {
      _medianApp: app, medianDeviceOptions, medianStrict, medianAppConfig, medianLegacyBelow,
      browser, baseURL, userAgent, locale, timezoneId, viewport,
    },
    use,
  ) => {
    const strictContexts = new WeakSet<BrowserContext>();
    const contexts = new Map<string, BrowserContext>();
    const storages = new Map<string, InstallStorage>();
    // A reinstall through the control client empties the install's storage before it returns.
    const reinstalled = async (device: Json): Promise<void> => {
      await storages.get(device.id)?.follow(device.installation_id);
    };
    app.client.reinstallListeners.push(reinstalled);
    // Playwright's default viewport means the test set none: the phone's screen then.
    const ownViewport = isDefaultViewport(viewport) ? undefined : viewport;
    const own: BrowserContextOptions = { baseURL, userAgent, locale, timezoneId, viewport: ownViewport };
    const make = async (options: DeviceOptions = {}): Promise<SimulatedDevice> => {
      const made = await app.newDevice(toBody(options));
      return new SimulatedDevice(made.id, made.platform, app);
    };
    const install = async (context: BrowserContext, device: SimulatedDevice, kit?: WebViewKit): Promise<void> => {
      if (medianStrict && !strictContexts.has(context)) {
        strictContexts.add(context);
        // The stub calls this when the app would never answer: stop the page at once.
        await context.exposeBinding(STRICT_BINDING, ({ page }) => page.close());
      }
      await context.addInitScript({ content: kit?.bridge_js ?? (await device.bridgeJs(true)) });
      await routeUserAgents(context, kit?.web_view ?? (await device.webView()));
    };
    // The default device's view is as the last test's with the same options, most likely: its
    // context is made while the device installs, and kept when the view is indeed the same.
    const viewKey = JSON.stringify([medianDeviceOptions, medianAppConfig, medianLegacyBelow, own]);
    const newContext = async (device: SimulatedDevice): Promise<[BrowserContext, WebViewKit]> => {
      const guess = device === defaultDevice && !device.made ? lastWebViews.get(viewKey) : undefined;
      const early = guess && (browser as Browser).newContext(contextOptions(guess, own));
      const kit = await device.webViewKit().catch(async (error) => {
        await (await early)?.close();
        throw error;
      });
      if (device === defaultDevice) lastWebViews.set(viewKey, kit.web_view);
      if (early && JSON.stringify(guess) === JSON.stringify(kit.web_view)) return [await early, kit];
      await (await early)?.close();
      return [await (browser as Browser).newContext(contextOptions(kit.web_view, own)), kit];
    };
    const context = async (device: SimulatedDevice): Promise<BrowserContext> => {
      const found = contexts.get(device.id);
      const storage = storages.get(device.id);
      if (found && storage) {
        await storage.settled();
        await storage.follow((await device.state()).installation_id);
        return found;
      }
      const [made, kit] = await newContext(device);
      await install(made, device, kit);
      storages.set(device.id, new InstallStorage(made, device, kit.installation_id));
      contexts.set(device.id, made);
      return made;
    };
    const newPage = async (device: SimulatedDevice): Promise<Page> => (await context(device)).newPage();
    // Named now, installed on first use: a test that never touches it makes no device.
    const defaultId = randomUUID();
    const defaultDevice = new SimulatedDevice(defaultId, medianDeviceOptions.platform ?? "", app, () =>
      app.newDevice({ ...toBody(medianDeviceOptions), id: defaultId }, true),
    );
    await use(Object.assign(make, { default: defaultDevice, install, context, newPage }));
    const listeners = app.client.reinstallListeners;
    listeners.splice(listeners.indexOf(reinstalled), 1);
    // The test is over: strict mode's check (as the Python plugin's, before its pages close)
    // goes while they close.
    if (medianStrict && app.made) void strictCheck(app);
    for (const opened of contexts.values()) await opened.close();
  },

  medianPage: async ({ medianDevice }, use) => {
    await use(await medianDevice.newPage(medianDevice.default));
  },
});

type UseFixtures = Parameters<typeof extended.use>[0];
const playwrightUse = extended.use.bind(extended);

/** `test.use({ medianDevice: { platform: "ios", appVersion: "2.3.0" } })` sets the device
 * `medianPage` runs on (the fixture itself stays the factory). */
export type MedianUse = Omit<UseFixtures, "medianDevice"> & { medianDevice?: DeviceOptions };

function use(fixtures: MedianUse): void {
  const { medianDevice, ...rest } = fixtures as MedianUse & Record<string, unknown>;
  const translated = medianDevice === undefined ? rest : { ...rest, medianDeviceOptions: medianDevice };
  playwrightUse(translated as UseFixtures);
}

export const test = Object.assign(extended, { use }) as Omit<typeof extended, "use"> &
  typeof extended & { use: typeof use };
