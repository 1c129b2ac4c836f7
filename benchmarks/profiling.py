"""``python -m benchmarks --profile SCENARIO``: where one scenario of mongodb_rest spends its time.

cProfile, counting the process's CPU time, over a few runs (after a warm-up): the top functions by own
time, per operation, so that each function's share of one operation reads directly. Only the
benchmarking thread is profiled: the CPU of other threads (asgiref's ``sync_to_async``) is counted
against whatever that thread runs meanwhile, mostly the event loop's wait (``epoll.poll``).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time

from .harness import Variant, timed

RUNS = 5
TOP = 30


def profile(variant: Variant, scenario: str) -> str:
    """The report: total per operation, then the top functions by own time, per operation."""
    timed(variant)  # warm-up: imports, compiled readers, connection pools
    profiler = cProfile.Profile(time.process_time)  # client CPU, as the benchmark counts it
    for _ in range(RUNS):
        prepared = variant.prepare()
        profiler.enable()
        variant.run(prepared)
        profiler.disable()
    stats = pstats.Stats(profiler)
    ops = RUNS * variant.ops
    entries = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)
    total = sum(own for _, (_, _, own, _, _) in entries)
    out = io.StringIO()
    out.write(
        f"{scenario}: {RUNS} runs of {variant.ops} operations, {total / ops * 1e6:.1f} us per operation"
        " of client CPU under the profiler (which slows every call: compare shares, not totals)\n\n"
    )
    out.write(f"{'own us/op':>10} {'cum us/op':>10} {'calls/op':>9}  function\n")
    for (filename, line, name), (_, calls, own, cumulative, _) in entries[:TOP]:
        where = f" ({shorten(filename)}:{line})" if line else ""
        figures = f"{own / ops * 1e6:10.2f} {cumulative / ops * 1e6:10.2f} {calls / ops:9.2f}"
        out.write(f"{figures}  {name}{where}\n")
    return out.getvalue()


def shorten(filename: str) -> str:
    """A source path from its package on (``site-packages/`` and ``src/`` cut off)."""
    for marker in ("site-packages/", "/src/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename
