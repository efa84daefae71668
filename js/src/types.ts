/** What the harness's control API returns, as the fixtures hand it to tests. Fields the
 * harness may add later are allowed (`[key: string]: unknown`). */

/** What the harness says the app's web view is to a page. */
export interface WebView {
  user_agent: string;
  vendor: string;
  navigator_platform: string;
  viewport: { width: number; height: number };
  device_scale_factor: number;
  is_mobile: boolean;
  has_touch: boolean;
  /** The app's link rules (appConfig.json's regexInternalExternal). */
  links: { regex: string; mode: "internal" | "external" | "appbrowser"; label: string | null }[];
  /** appConfig.json's userAgentRegexes. */
  user_agent_rules: { regex: string; user_agent: string }[];
  /** appConfig.json's custom headers for the device's platform. */
  extra_http_headers: Record<string, string>;
}

/** One install of the app (`GET /_harness/devices/{id}`). */
export interface DeviceState {
  id: string;
  app_id: string;
  platform: "ios" | "android";
  app_version: string;
  build: string;
  sdk: "v5" | "legacy";
  installation_id: string;
  push_permission: "granted" | "denied" | "not_determined";
  requires_privacy_consent: boolean;
  consent_given: boolean;
  first_launch: boolean;
  /** The push subscription (v5) or player id (legacy); null until consent allows one. */
  subscription_id: string | null;
  web_view: WebView;
  /** v5 builds: the current user. */
  onesignal_id?: string | null;
  external_id?: string | null;
  /** Legacy builds: the player's external user id. */
  player_id?: string | null;
  external_user_id?: string | null;
  [key: string]: unknown;
}

/** A push notification as a device's tray or the outbox shows it. */
export interface Notification {
  id: string;
  contents: Record<string, string>;
  headings: Record<string, string>;
  data: Record<string, unknown> | null;
  url: string | null;
  device_ids: string[];
  source: string;
  external_id: string | null;
  created_at: number;
  send_after: number | null;
  canceled: boolean;
  completed_at: number | null;
  opened_on_device?: boolean;
  [key: string]: unknown;
}

export interface Subscription {
  id: string;
  onesignal_id: string;
  type: string;
  token: string | null;
  enabled: boolean;
  notification_types: number;
  [key: string]: unknown;
}

/** A user as OneSignal's API shows one. */
export interface User {
  identity: { onesignal_id: string; external_id?: string; [label: string]: string | undefined };
  properties: { tags: Record<string, string>; language: string | null; [key: string]: unknown };
  subscriptions: Subscription[];
}

/** `GET /_harness/state.json`: one app's whole simulated state. */
export interface AppState {
  app: { app_id: string; name: string; plugins: string[]; [key: string]: unknown };
  users: User[];
  players: Record<string, unknown>[];
  devices: DeviceState[];
  outbox: Notification[];
  mau: number;
}

/** What the app did with one message a page posted. */
export interface Outcome {
  answered: boolean;
  callback: string | null;
  result: unknown;
  delay_ms?: number;
  /** Why the build never answers it, when it does not. */
  unsupported?: string;
}

/** One command a page sent, from `device.commands()`. */
export interface CommandRecord {
  seq: number;
  command: string;
  data: Record<string, unknown>;
  answered: boolean;
}

/** One entry of the event log. */
export interface HarnessEvent {
  seq: number;
  time: number;
  app_id: string;
  device: string | null;
  kind: string;
  [key: string]: unknown;
}

/** What the simulated app shows beside the page (`device.ui()`). */
export interface UiState {
  clipboard: string;
  connectivity: { connected: boolean; type: string };
  permissions: Record<string, string>;
  opened_outside?: { mode: "external" | "appbrowser"; url: string; label: string | null }[];
  sidebar?: { items: unknown[] };
  [key: string]: unknown;
}

/** `device.info()`: what Device Info and OneSignal info say to a page. */
export interface DeviceInfo {
  device_info: Record<string, unknown>;
  onesignal_info: Record<string, unknown>;
}
