"""A load generator for another process: POSTs or GETs as fast as `concurrency` clients can
for `seconds`, then prints the completed requests per second (and failures) as JSON."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time

import httpx


async def run(
    url: str, method: str, body: str, headers: dict[str, str], seconds: float, concurrency: int
) -> dict[str, float]:
    counter = itertools.count()
    done = failed = 0
    deadline = time.perf_counter() + seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal done, failed
        while time.perf_counter() < deadline:
            payload = body.replace("{n}", str(next(counter)))
            response = await client.request(method, url, content=payload, headers=headers)
            if response.status_code < 300:
                done += 1
            else:
                failed += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        start = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return {"rps": done / elapsed, "failed": failed, "done": done}


def main() -> None:
    url, method, body, headers, seconds, concurrency = sys.argv[1:7]
    result = asyncio.run(
        run(url, method, body, json.loads(headers), float(seconds), int(concurrency))
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
