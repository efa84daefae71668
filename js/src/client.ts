/** A small client of the harness's control API (`/_harness`), over Node's fetch. */

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export class HarnessError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Json[],
  ) {
    const first = errors[0];
    super(`HTTP ${status}: ${typeof first === "object" && first ? first.title : String(first)}`);
  }
}

/** The control route a reinstall goes through. */
export const REINSTALL_PATH = /\/devices\/([^/?]+)\/reinstall$/;

export class HarnessClient {
  /** Called with the device after each reinstall made through this client, before the call returns. */
  readonly reinstallListeners: Array<(device: Json) => Promise<void>> = [];

  constructor(readonly url: string) {
    this.url = url.replace(/\/$/, "");
  }

  async call(method: string, path: string, body?: Json): Promise<Json> {
    const response = await fetch(`${this.url}/_harness${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const reply = text ? JSON.parse(text) : null;
    if (!response.ok) throw new HarnessError(response.status, reply?.errors ?? [text]);
    if (method === "POST" && REINSTALL_PATH.test(path)) {
      for (const listener of [...this.reinstallListeners]) await listener(reply);
    }
    return reply;
  }

  /** The stub bound to a device; `webView` for a page the harness runs as the app's. */
  async bridgeJs(deviceId: string, webView = false): Promise<string> {
    const query = `device=${encodeURIComponent(deviceId)}${webView ? "&web_view=1" : ""}`;
    const response = await fetch(`${this.url}/_harness/bridge.js?${query}`);
    if (!response.ok) throw new HarnessError(response.status, [await response.text()]);
    return response.text();
  }
}
