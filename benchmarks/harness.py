"""Timing: variants of one scenario run interleaved, round after round; medians of client CPU and wall."""

from __future__ import annotations

import asyncio
import functools
import gc
import inspect
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .data import SHAPES, shape_scenario

if TYPE_CHECKING:
    from .data import Context

SCENARIOS = (
    "get_by_id_sync",
    "get_by_id_async",
    "gather_get_100_async",
    "gather_find_100_async",
    "insert_one_async",
    "insert_one_sync",
    "update_one_async",
    "find_1000_hydrated_async",
    "find_1000_hydrated_sync",
    "find_10_hydrated_async",
    "find_10_hydrated_sync",
    "find_100000_hydrated_async",
    "find_100000_hydrated_sync",
    *(shape_scenario(shape, face) for shape in SHAPES for face in ("async", "sync")),
    "find_1000_projected_async",
    "bulk_create_1000_async",
    "aggregate_group_async",
    "select_related_100_async",
    "drf_list_100_async",
    "save_versioned_async",
    "save_versioned_sync",
    "save_unversioned_async",
    "save_unversioned_sync",
    "patch_one_field_small_list_async",
    "patch_one_field_large_list_async",
)
DRF_SCENARIO = "drf_list_100_async"
HTTP_SCENARIO = "http_list_100_async"  # the DRF list under uvicorn by concurrent clients: concurrency.py
GATHER = ("gather_get_100_async", "gather_find_100_async")  # raw PyMongo and mongodb_rest only
LARGE_LIST = "patch_one_field_large_list_async"  # seeds and saves a 200,000-item list: slow
READ_ALL = ("find_100000_hydrated_async", "find_100000_hydrated_sync")  # read the stream collection
FULL_ONLY = (*READ_ALL, LARGE_LIST)  # not in bench-quick
SAVES = tuple(scenario for scenario in SCENARIOS if scenario.startswith(("save_", "patch_")))  # ours, raw
GROWTH = (  # client CPU per document as results grow (with find_1000_hydrated_*) and documents widen
    "find_10_hydrated_async",
    "find_10_hydrated_sync",
    *READ_ALL,
    *(shape_scenario(shape, face) for shape in SHAPES for face in ("async", "sync")),
)
GATHERED = 100  # operations of one asyncio.gather in the gather_ scenarios
RAW = {"sync": "pymongo.sync", "async": "pymongo.async"}
FIELDS = (
    "scenario",
    "library",
    "client_cpu_us_per_op",
    "wall_us_per_op",
    "ratio_vs_raw",
    "peak_rss_mb",
    "concurrency",
    "requests_per_s",
    "p50_ms",
    "p99_ms",
)


def face_of(scenario: str) -> str:
    """``'sync'`` or ``'async'``: the face a scenario runs on, from its name."""
    return scenario.rsplit("_", 1)[1]


def nothing() -> None:
    return None


@dataclass(frozen=True)
class Variant:
    """One library's way of doing a scenario.

    ``prepare()`` runs untimed before every timed run (emptying a collection, building the input);
    ``run(prepared)`` is the timed part and does ``ops`` operations, returning how many it did.
    """

    run: Callable[[Any], int]
    ops: int
    prepare: Callable[[], Any] = nothing


def on_loop(loop: asyncio.AbstractEventLoop, body: Callable[[Any], Awaitable[int]]) -> Callable[[Any], int]:
    """A timed run of the coroutine function ``body`` on ``loop``."""
    return lambda prepared: loop.run_until_complete(body(prepared))


def assemble(
    context: Context,
    runs: dict[str, Callable[[Any], Any]],
    prepares: dict[str, Callable[[], Any]] | None = None,
) -> dict[str, Variant]:
    """A library's Variant for each scenario from its run functions (plain or ``async def``).

    How many operations a run does, and what it is given, follow from the scenario: ``get_by_id``,
    ``update_one`` and the saves go through ``context.ids``; the writes get fresh people to insert into
    an emptied collection; a scenario of ``prepares`` is given what its function returns.
    """
    counts = context.counts
    ops = {
        "get_by_id": len(context.ids),
        "gather_": GATHERED,
        "update_one": len(context.ids),
        "insert_one": counts.inserts,
        "find_10_": 10,
        "find_1000_": counts.find,
        "find_100000_": 100_000,
        "find_shape_": counts.shapes,
        "bulk_create_1000": counts.bulk,
        "aggregate_group": counts.aggregates,
        "select_related_100": counts.related,
        "save_": len(context.ids),
        "patch_one_field_small": counts.patches,
        "patch_one_field_large": counts.large_patches,
    }
    variants = {}
    for scenario, run in runs.items():
        kind = next(kind for kind in ops if scenario.startswith(kind))
        count = ops[kind]
        timed_run = on_loop(context.loop, run) if inspect.iscoroutinefunction(run) else run
        if kind in ("insert_one", "bulk_create_1000"):
            variants[scenario] = Variant(timed_run, count, functools.partial(context.write_payloads, count))
        elif prepares and scenario in prepares:
            variants[scenario] = Variant(timed_run, count, prepares[scenario])
        else:
            variants[scenario] = Variant(timed_run, count)
    return variants


@dataclass
class Samples:
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)


def marked[T](variant: Variant, mark: Callable[[], T]) -> tuple[T, T]:
    """What ``mark()`` gives just before and just after one run (after the untimed preparation)."""
    prepared = variant.prepare()
    gc.collect()  # every run starts from a collected heap
    start = mark()
    done = variant.run(prepared)
    end = mark()
    if done != variant.ops:
        raise AssertionError(f"a run did {done} operations instead of {variant.ops}")
    return start, end


def clocks() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def timed(variant: Variant) -> tuple[float, float]:
    """Client CPU and wall time of one run, in microseconds per operation."""
    (cpu, wall), (cpu_end, wall_end) = marked(variant, clocks)
    return (cpu_end - cpu) / variant.ops * 1e6, (wall_end - wall) / variant.ops * 1e6


def measure(variants: dict[str, Variant], rounds: int, warmups: int = 1) -> dict[str, tuple[float, float]]:
    """Median client CPU and wall time per operation of each variant, by library.

    Each round runs every variant once; the order rotates from round to round so that no library
    always runs first (or right after the same neighbour).
    """
    names = list(variants)
    for _ in range(warmups):
        for name in names:
            timed(variants[name])
    samples = {name: Samples() for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            cpu, wall = timed(variants[name])
            samples[name].cpu.append(cpu)
            samples[name].wall.append(wall)
    return {name: (statistics.median(s.cpu), statistics.median(s.wall)) for name, s in samples.items()}


def rows_of(
    scenario: str, medians: dict[str, tuple[float, float]], peaks: dict[str, float | None]
) -> list[dict[str, Any]]:
    """results.json rows of one scenario: ``ratio_vs_raw`` is client CPU over raw PyMongo's (same face)."""
    raw = medians.get(RAW[face_of(scenario)])
    return [
        {
            "scenario": scenario,
            "library": library,
            "client_cpu_us_per_op": round(cpu, 3),
            "wall_us_per_op": round(wall, 3),
            "ratio_vs_raw": round(cpu / raw[0], 3) if raw else None,
            "peak_rss_mb": peaks.get(library),
            **dict.fromkeys(FIELDS[6:]),
        }
        for library, (cpu, wall) in medians.items()
    ]


def skipped_row(scenario: str, library: str, reason: str) -> dict[str, Any]:
    """A row for a library that could not take part: no figures, and why."""
    reason = " ".join(reason.split())[:200]
    return {**dict.fromkeys(FIELDS), "scenario": scenario, "library": library, "skipped": reason}


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a text table, skipped ones with their reason."""
    lines = [
        f"{'scenario':32} {'library':18} {'CPU us/op':>11} {'wall us/op':>11} {'vs raw':>7} {'peak MB':>8}"
    ]
    for row in rows:
        if row.get("skipped"):
            lines.append(f"{row['scenario']:32} {row['library']:18} skipped: {row['skipped']}")
            continue
        ratio = "" if row["ratio_vs_raw"] is None else f"{row['ratio_vs_raw']:.2f}"
        peak = "" if row["peak_rss_mb"] is None else f"{row['peak_rss_mb']:.1f}"
        line = (
            f"{row['scenario']:32} {row['library']:18} {row['client_cpu_us_per_op']:11.2f}"
            f" {row['wall_us_per_op']:11.1f} {ratio:>7} {peak:>8}"
        )
        if row["concurrency"] is not None:
            line += (
                f"  {row['concurrency']:>2} clients: {row['requests_per_s']:.0f} req/s,"
                f" p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms"
            )
        lines.append(line)
    return "\n".join(lines)
