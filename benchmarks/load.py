"""The load generator: ``python -m benchmarks.load URL CONCURRENCY REQUESTS SECONDS``.

``CONCURRENCY`` clients (one httpx connection each) GET ``URL`` one request after another until
``REQUESTS`` have been answered or ``SECONDS`` have passed; each first makes one untimed request (the
connection). Prints one JSON line: requests (timed, and in all), errors, requests per second, the 50th and
99th percentile latencies (nearest rank). Loopback only: it refuses any other host.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank, as MongoDB's ODM benchmarking specification takes its percentiles."""
    return sorted_values[max(int(len(sorted_values) * p / 100) - 1, 0)]


async def load(url: str, concurrency: int, requests: int, seconds: float) -> dict[str, Any]:
    import httpx

    if urlsplit(url).hostname not in LOOPBACK:
        raise SystemExit(f"{url}: the load generator only talks to the loopback interface")
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def get() -> bool:
            return (await client.get(url)).status_code == 200

        warm = await asyncio.gather(*(get() for _ in range(concurrency)))
        errors += warm.count(False)
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()

        async def worker() -> None:
            nonlocal errors
            while len(latencies) + errors < requests and time.perf_counter() < deadline:
                sent = time.perf_counter()
                ok = await get()
                if ok:
                    latencies.append(time.perf_counter() - sent)
                else:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "requests_in_all": len(latencies) + errors + concurrency,
        "errors": errors,
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50) * 1e3, 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 99) * 1e3, 2) if latencies else None,
    }


if __name__ == "__main__":
    url, concurrency, requests, seconds = sys.argv[1:5]
    print(json.dumps(asyncio.run(load(url, int(concurrency), int(requests), float(seconds)))))
