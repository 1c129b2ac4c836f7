"""The DRF list under uvicorn, by concurrent clients: requests per second, latencies, server CPU.

One uvicorn process (``benchmarks.serve``) serves every library's list endpoint; for 1, 10 and 50
concurrent clients, a load generator of its own process (``benchmarks.load``) asks each library's list
in turn, the order rotating from round to round. The CPU figure is the uvicorn process's own
(``/proc/PID/stat``, every thread of it) per request: the library's process, not the load generator's
nor MongoDB's.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data import Context
from .harness import DRF_SCENARIO, FIELDS, HTTP_SCENARIO, RAW, skipped_row
from .libs import load

ROOT = Path(__file__).parent.parent
CONCURRENCY = (1, 10, 50)
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Load:
    """How much each load run asks: at most ``requests`` or ``seconds``, ``rounds`` times over."""

    requests: int
    seconds: float
    rounds: int


FULL = Load(requests=300, seconds=15, rounds=3)
QUICK = Load(requests=30, seconds=1, rounds=1)


def http_rows(
    context: Context, modules: list[str], plan: Load, concurrencies: tuple[int, ...] = CONCURRENCY
) -> list[dict[str, Any]]:
    """One row per library and concurrency; libraries whose endpoint could not be served are skipped."""
    names = [name for name in modules if DRF_SCENARIO in load(name).LIBRARIES]
    if not names:
        return []
    with served(context, names) as (pid, urls, skipped):
        print(f"{HTTP_SCENARIO}: {', '.join(urls)} under uvicorn", file=sys.stderr)
        rows = [row for concurrency in concurrencies for row in measured(pid, urls, concurrency, plan)]
    return rows + [skipped_row(HTTP_SCENARIO, library, reason) for library, reason in skipped.items()]


def measured(pid: int, urls: dict[str, str], concurrency: int, plan: Load) -> list[dict[str, Any]]:
    """The medians over the rounds of each library's load runs at ``concurrency``."""
    libraries = list(urls)
    samples: dict[str, list[dict[str, Any]]] = {library: [] for library in libraries}
    for round_ in range(plan.rounds):
        shift = round_ % len(libraries)
        for library in libraries[shift:] + libraries[:shift]:
            samples[library].append(load_run(pid, urls[library], concurrency, plan))
    medians = {
        library: {key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "errors"}
        for library, runs in samples.items()
    }
    raw = medians.get(RAW["async"])
    rows = []
    for library, figures in medians.items():
        cpu = figures["cpu_us_per_request"]
        rows.append(
            {
                **dict.fromkeys(FIELDS),
                "scenario": HTTP_SCENARIO,
                "library": library,
                "client_cpu_us_per_op": round(cpu, 3),
                "wall_us_per_op": round(1e6 / figures["requests_per_s"], 3),
                "ratio_vs_raw": round(cpu / raw["cpu_us_per_request"], 3) if raw else None,
                "concurrency": concurrency,
                "requests_per_s": figures["requests_per_s"],
                "p50_ms": figures["p50_ms"],
                "p99_ms": figures["p99_ms"],
            }
        )
    return rows


def load_run(pid: int, url: str, concurrency: int, plan: Load) -> dict[str, Any]:
    """One run of the load generator, with the server's CPU per request it made."""
    args = [url, str(concurrency), str(plan.requests), str(plan.seconds)]
    before = cpu_seconds(pid)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.load", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    spent = cpu_seconds(pid) - before
    if done.returncode:
        raise RuntimeError(f"the load generator failed: {done.stderr.strip()[-500:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["errors"] or not result["requests"]:
        raise RuntimeError(f"{url}: {result['errors']} errors, {result['requests']} answers")
    result["cpu_us_per_request"] = spent / result.pop("requests_in_all") * 1e6
    return result


def cpu_seconds(pid: int) -> float:
    """User and system CPU of process ``pid`` so far, all its threads."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@contextmanager
def served(context: Context, modules: list[str]) -> Iterator[tuple[int, dict[str, str], dict[str, str]]]:
    """The uvicorn process's id, each library's list URL, and why a library could not be served."""
    args = [sys.executable, "-m", "benchmarks.serve", context.uri, context.db, *modules]
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=ROOT) as child:
        assert child.stdout is not None
        try:
            line = child.stdout.readline()
            if not line:
                raise RuntimeError("the uvicorn process stopped before serving")
            served = json.loads(line)
            yield child.pid, served["urls"], served["skipped"]
        finally:
            child.terminate()
