// Calls every function of the official library (`Median`) and the stub's `median` with the
// same arguments and returns the messages that differ.
(async () => {
  const walk = (root) => {
    const found = [];
    (function visit(node, path, depth) {
      for (const key of Object.keys(node)) {
        const value = node[key], at = path ? path + "." + key : key;
        if (typeof value === "function") found.push(at);
        else if (value && typeof value === "object" && depth < 6) visit(value, at, depth + 1);
      }
    })(root, "", 0);
    return found;
  };
  const paths = walk(window.Median);
  const extra = walk(window.median).filter((path) => !paths.includes(path));
  const get = (root, path) => path.split(".").reduce((at, key) => at && at[key], root);
  const handlers = window.webkit && window.webkit.messageHandlers;
  const bridge = window.JSBridge || handlers.JSBridge;
  const original = bridge.postMessage;
  const normal = (value) => {
    if (typeof value === "string") {
      if (/^_median_temp_[a-z0-9]+$/.test(value)) return "<temp>";
      if (/^_median_[a-z_]+[a-z0-9]{6,}$/.test(value) && value.length > 24) return "<listener>";
      try { const parsed = JSON.parse(value); if (parsed && typeof parsed === "object") return normal(parsed); } catch (e) {}
      return value;
    }
    if (Array.isArray(value)) return value.map(normal);
    if (value && typeof value === "object") {
      const out = {};
      for (const key of Object.keys(value).sort()) out[key] = normal(value[key]);
      return out;
    }
    return value;
  };
  const blob = () => new Blob(["median"], { type: "text/plain" });
  // Fresh arguments for each call: some functions change the objects they are given.
  const probes = [() => [], () => [{ a: 1 }], () => [{ a: 1 }, { b: 2 }], () => ["P0"],
                  () => ["P0", "P1", "P2"], () => [7, true], () => [{ callback: () => {} }],
                  () => [() => {}], () => [{ productID: "pro", persist: true, secret: { s: 1 } }],
                  () => [blob(), { text: "t", attachment: blob() }], () => [{ token: "t", time: 3 }]];
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  async function run(root, path, args, wait) {
    const posted = [];
    bridge.postMessage = (message) => posted.push(normal(message));
    let threw = false;
    try {
      const result = get(root, path)(...args);
      if (result && typeof result.catch === "function") result.catch(() => {});
    } catch (error) { threw = true; }
    if (wait) await sleep(30);
    bridge.postMessage = original;
    return JSON.stringify({ posted, threw });
  }
  const differences = [];
  for (const path of paths) {
    if (typeof get(window.median, path) !== "function") { differences.push(path + ": missing"); continue; }
    const wait = /socialShare\.(snapchat\.share|instagram\.share)/.test(path);
    for (const [n, args] of probes.entries()) {
      const official = await run(window.Median, path, args(), wait);
      const stub = await run(window.median, path, args(), wait);
      if (official !== stub) differences.push(`${path} (probe ${n}): ${official} != ${stub}`);
    }
  }
  return { count: paths.length, extra, differences };
})
