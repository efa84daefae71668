"""Load from `wrk` (a load generator in C, not Python), with unique bodies per request, and
its requests per second and latency percentiles as a dict."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

SCRIPT = r"""
local counter = 0
local prefix = tostring(math.random(1, 1000000000))
wrk.method = "__METHOD__"
for key, value in pairs(__HEADERS__) do wrk.headers[key] = value end
local template = [==[__BODY__]==]

request = function()
  counter = counter + 1
  local body = nil
  if template ~= "" then body = template:gsub("{n}", prefix .. "-" .. counter) end
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %d, \"seconds\": %f, \"p50_ms\": %f, \"p99_ms\": %f, \"failed\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    errors.connect + errors.read + errors.write + errors.timeout + errors.status))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def lua_table(headers: dict[str, str]) -> str:
    return "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()) + "}"


def load(
    url: str,
    method: str,
    body: str,
    headers: dict[str, str],
    seconds: float,
    connections: int,
    threads: int = 2,
) -> dict[str, Any]:
    script = (
        SCRIPT.replace("__METHOD__", method)
        .replace("__HEADERS__", lua_table(headers))
        .replace("__BODY__", body)
    )
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "load.lua"
        path.write_text(script)
        output = subprocess.run(
            [
                "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:.0f}s",
                "--latency", "-s", str(path), url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    return result
