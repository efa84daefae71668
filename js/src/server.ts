/**
 * The harness server for a worker: the one at MEDIAN_HARNESS_URL, or `median-harness serve
 * --memory --port 0` started from the Python install (on PATH, or MEDIAN_HARNESS_COMMAND).
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface RunningHarness {
  url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "median-harness: no harness to test against. Install the Python package " +
  "(pip install median-harness, or pip install -e <checkout>) so that `median-harness` is on " +
  "PATH, or set MEDIAN_HARNESS_COMMAND to the command, or MEDIAN_HARNESS_URL to a running " +
  "harness (median-harness serve).";

/** `MEDIAN_HARNESS_COMMAND` is split on spaces: `python -m demo_site.cli`, say. */
function command(): string[] {
  const configured = process.env.MEDIAN_HARNESS_COMMAND?.trim();
  return configured ? configured.split(/\s+/) : ["median-harness"];
}

export async function startHarness(): Promise<RunningHarness> {
  const given = process.env.MEDIAN_HARNESS_URL;
  if (given) return { url: given.replace(/\/$/, ""), stop: async () => {} };
  const [program, ...args] = command();
  const child = spawn(program, [...args, "serve", "--memory", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`median-harness did not start:\n${output}`)), 30_000);
    function fail(error: Error): void {
      clearTimeout(timer);
      child.kill();
      reject(error);
    }
    child.on("error", (error: NodeJS.ErrnoException) => {
      fail(error.code === "ENOENT" ? new Error(INSTALL_HINT) : error);
    });
    child.on("exit", (code) => fail(new Error(`median-harness exited (${code}) before serving:\n${output}`)));
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /serving at (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(found[1]);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  });
  return { url, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}
