"""Run the benchmarks: ``python -m benchmarks [--quick] [--libraries raw,ours] [--scenarios ...]``.

Starts the embedded server (or uses ``MONGODB_URI``), seeds a fresh database, times every scenario with
each library that can do it (interleaved rounds, medians), measures peak RSS in subprocesses, prints a
table and writes ``benchmarks/results.json``; the database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from . import concurrency, memory, profiling, web
from .data import QUICK, STREAM, Context, Counts, people, seed, seed_list
from .harness import (
    DRF_SCENARIO,
    FULL_ONLY,
    HTTP_SCENARIO,
    LARGE_LIST,
    RAW,
    READ_ALL,
    SCENARIOS,
    Variant,
    face_of,
    measure,
    rows_of,
    skipped_row,
    table,
    timed,
)
from .libs import EXTRA, MODULES, load

HERE = Path(__file__).parent
START = time.perf_counter()
FEWER_ROUNDS = {"bulk_create_1000_async"}  # seconds of server time per run: half the rounds
FEWEST_ROUNDS = 3  # the 100,000-document reads: each run takes seconds of wall time


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller counts, 3 rounds, no peak RSS")
    parser.add_argument("--rounds", type=int, help="timed rounds per scenario (default 11, quick 3)")
    parser.add_argument("--libraries", help=f"modules of benchmarks/libs: {','.join(MODULES + EXTRA)}")
    parser.add_argument("--scenarios", help="comma-separated scenario names (default: all)")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    parser.add_argument("--memory", action=argparse.BooleanOptionalAction, help="peak RSS per row")
    parser.add_argument("--stream", type=int, help="documents of the streaming RSS check (0: skip)")
    parser.add_argument(
        "--profile", metavar="SCENARIO", help="print where mongodb_rest's variant of SCENARIO spends its time"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    counts = QUICK if args.quick else Counts()
    rounds = args.rounds or (3 if args.quick else 11)
    modules = args.libraries.split(",") if args.libraries else list(MODULES)
    default = [s for s in SCENARIOS if not (args.quick and s in FULL_ONLY)] + [HTTP_SCENARIO]
    scenarios = args.scenarios.split(",") if args.scenarios else default
    if args.profile:
        scenarios = [args.profile]
    unknown = set(modules) - {*MODULES, *EXTRA} or set(scenarios) - {*SCENARIOS, HTTP_SCENARIO}
    if unknown:
        raise SystemExit(f"unknown: {', '.join(sorted(unknown))}")
    memory_rows = args.memory if args.memory is not None else not args.quick
    stream_count = args.stream if args.stream is not None else (10_000 if args.quick else 100_000)
    stream_count = 0 if args.profile else stream_count
    # the stream collection: streamed by the RSS check, read whole by the 100,000-document scenarios
    stored = max(stream_count, 100_000 if set(scenarios) & set(READ_ALL) else 0)

    db = f"bench_{uuid.uuid4().hex[:10]}"
    loop = asyncio.new_event_loop()
    external = os.environ.get("MONGODB_URI")
    with ExitStack() as stack:
        uri = external or stack.enter_context(seeded_server(db, stored))
        context = Context(uri, db, loop, counts)
        try:
            web.configure()
            seed(context)
            if LARGE_LIST in scenarios:
                seed_list(context, "large")
            if external:
                seed_stream(context, stored)
            if args.profile:
                print(profiled(context, args.profile))
                return 0
            print(f"server {uri}, database {db} seeded, {rounds} rounds", file=sys.stderr)
            timed_here = [scenario for scenario in scenarios if scenario != HTTP_SCENARIO]
            rows = benchmark(context, modules, timed_here, rounds, memory_rows)
            if HTTP_SCENARIO in scenarios:
                plan = concurrency.QUICK if args.quick else concurrency.FULL
                rows += concurrency.http_rows(context, modules, plan)
            streaming = stream_rows(context, modules, stored) if stream_count else []
        finally:
            context.client().drop_database(db)
            loop.run_until_complete(loop.shutdown_asyncgens())  # the loop stays open for finalizers
    args.output.write_text(json.dumps(rows, indent=1) + "\n")
    print(table(rows))
    if streaming:
        print(stream_table(streaming))
        (args.output.parent / "streaming.json").write_text(json.dumps(streaming, indent=1) + "\n")
    return 0


def benchmark(
    context: Context, modules: list[str], scenarios: list[str], rounds: int, memory_rows: bool
) -> list[dict[str, Any]]:
    """Every scenario's rows: measured libraries first (raw PyMongo leading), then skipped ones."""
    offered: dict[str, dict[str, tuple[str, Variant]]] = {scenario: {} for scenario in scenarios}
    skipped: dict[str, list[dict[str, Any]]] = {scenario: [] for scenario in scenarios}
    for name in modules:
        module = load(name)
        wanted = [s for s in scenarios if s in module.LIBRARIES]
        built = build(module, context, wanted)
        for scenario in wanted:
            library = module.LIBRARIES[scenario]
            if isinstance(built[scenario], str):
                skipped[scenario].append(skipped_row(scenario, library, built[scenario]))
            else:
                offered[scenario][library] = (name, built[scenario])
        for scenario, reason in module.CANNOT.items():
            if scenario in scenarios:
                skipped[scenario].append(skipped_row(scenario, module.NAME, reason))
    # Everything built so far (modules, models, clients) is moved out of the collector's reach: each
    # run's gc.collect() and the collections during a run then only scan what the runs themselves made,
    # not the heap of every imported library.
    gc.collect()
    gc.freeze()
    try:
        return measured(context, scenarios, rounds, memory_rows, offered, skipped)
    finally:
        gc.unfreeze()


def measured(
    context: Context,
    scenarios: list[str],
    rounds: int,
    memory_rows: bool,
    offered: dict[str, dict[str, tuple[str, Variant]]],
    skipped: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """The rows of each scenario, timing the variants ``offered`` (library -> module name, variant)."""
    rows: list[dict[str, Any]] = []
    for scenario in scenarios:
        variants = {library: variant for library, (_, variant) in offered[scenario].items()}
        for library, variant in list(variants.items()):
            try:
                timed(variant)  # the warm-up run, which also checks the variant works
            except Exception as error:
                del variants[library]
                skipped[scenario].append(skipped_row(scenario, library, f"failed: {error!r}"))
        print(f"{scenario}: {', '.join(variants)} ({time.perf_counter() - START:.0f} s)", file=sys.stderr)
        scenario_rounds = rounds_of(scenario, rounds)
        medians = measure(variants, scenario_rounds, warmups=0) if variants else {}
        peaks: dict[str, float | None] = {}
        if memory_rows:
            for library in variants:
                module_name = offered[scenario][library][0]
                peaks[library] = memory.peak(
                    context.uri, context.db, module_name, scenario, context.counts is QUICK
                )
        raw_first = dict(sorted(medians.items(), key=lambda item: item[0] != RAW[face_of(scenario)]))
        rows += rows_of(scenario, raw_first, peaks) + skipped[scenario]
    return rows


def profiled(context: Context, scenario: str) -> str:
    """The profile of mongodb_rest's variant of ``scenario``."""
    if scenario not in SCENARIOS:
        raise SystemExit(f"--profile takes one of: {', '.join(SCENARIOS)}")
    variant = build(load("ours"), context, [scenario])[scenario]
    if isinstance(variant, str):
        raise SystemExit(f"{scenario}: {variant}")
    return profiling.profile(variant, scenario)


def rounds_of(scenario: str, rounds: int) -> int:
    """Timed rounds of ``scenario``: fewer for those whose runs cost the server seconds."""
    if scenario in FULL_ONLY:
        return min(rounds, FEWEST_ROUNDS)
    return max(rounds // 2, 1) if scenario in FEWER_ROUNDS else rounds


def build(module: Any, context: Context, scenarios: list[str]) -> dict[str, Variant | str]:
    """The module's variant for each scenario, or why it has none (not installed, setup failed)."""
    built: dict[str, Variant | str] = {}
    plain = [scenario for scenario in scenarios if scenario != DRF_SCENARIO]
    if plain:
        variants = attempt(lambda: module.variants(context))
        built.update({s: variants if isinstance(variants, str) else variants[s] for s in plain})
    if DRF_SCENARIO in scenarios:
        built[DRF_SCENARIO] = attempt(lambda: module.drf(context))
    return built


def attempt(make: Callable[[], Any]) -> Any:
    """What ``make()`` returns, or why it failed: a library not installed, or its setup failing."""
    try:
        return make()
    except ImportError as error:
        return f"not installed ({error.name})"
    except Exception as error:
        return f"setup failed: {error!r}"


STREAM_LIBRARIES = {
    "raw": ("pymongo.sync", "pymongo.async"),
    "ours": ("mongodb_rest.sync", "mongodb_rest.aio"),
}


def seed_stream(context: Context, count: int) -> None:
    """Fill the stream collection of a server given by ``MONGODB_URI`` (the embedded one starts full)."""
    collection = context.client()[context.db][STREAM]
    for start in range(0, count, 10_000):
        collection.insert_many(people(min(10_000, count - start), start))


def stream_rows(context: Context, modules: list[str], count: int) -> list[dict[str, Any]]:
    """RSS of fresh processes streaming the ``count``-document stream collection, on each face."""
    libraries = [library for name in modules for library in STREAM_LIBRARIES.get(name, ())]
    if not libraries:
        return []
    print(f"streaming {count} documents: {', '.join(libraries)}", file=sys.stderr)
    return [stream_one(context.uri, context.db, library, count) for library in libraries]


def stream_one(uri: str, db: str, library: str, count: int) -> dict[str, Any]:
    face = "sync" if library.endswith("sync") else "async"
    return memory.worker("stream", uri, db, library, face, str(count))


@contextmanager
def seeded_server(db: str, count: int) -> Iterator[str]:
    """The URI of an embedded server whose stream collection holds ``count`` documents from the start."""
    args = [sys.executable, "-m", "benchmarks.seeded_server", db, STREAM, str(count)]
    with subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=HERE.parent
    ) as child:
        assert child.stdout is not None and child.stdin is not None
        try:
            yield child.stdout.readline().strip()
        finally:
            child.stdin.close()  # the server stops when its standard input closes


def stream_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "",
        f"{'streaming (no caching)':32} {'library':18} {'RSS start':>10} {'at 10%':>8} {'at end':>8}"
        f" {'peak MB':>8}",
    ]
    for row in rows:
        lines.append(
            f"{str(row['documents']) + ' documents':32} {row['library']:18} {row['rss_start_mb']:10.1f}"
            f" {row['rss_at_10_percent_mb']:8.1f} {row['rss_end_mb']:8.1f} {row['peak_rss_mb']:8.1f}"
        )
    return "\n".join(lines)
