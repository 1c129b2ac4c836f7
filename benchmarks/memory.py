"""Peak RSS, measured in subprocesses: a process's high-water mark covers everything it ever did.

``peak``: a fresh process imports one library, runs one scenario twice and reports its peak RSS.
``stream``: a fresh process streams a large query on one face, noting its RSS as it goes.
The parent runs them one at a time: ``python -m benchmarks.memory peak|stream ...`` prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any

from .data import QUICK, STREAM, Context, Counts
from .harness import DRF_SCENARIO

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """The process's resident memory now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def peak_mb() -> float:
    """The process's resident memory at its highest so far.

    ``VmHWM`` rather than ``ru_maxrss``: on Linux a child's ``ru_maxrss`` starts from its parent's RSS at
    fork and is kept across exec, so a small child of a large parent would report the parent's size.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(*args: str) -> dict[str, Any]:
    """Run ``python -m benchmarks.memory *args`` and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "no output")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def peak(uri: str, db: str, module: str, scenario: str, quick: bool) -> float:
    """Peak RSS of a process that imports ``module``'s library and runs ``scenario`` twice."""
    return float(worker("peak", uri, db, module, scenario, "--quick" if quick else "--full")["peak_rss_mb"])


def run_peak(uri: str, db: str, module_name: str, scenario: str, counts: Counts) -> dict[str, Any]:
    from . import web
    from .harness import timed
    from .libs import load

    loop = asyncio.new_event_loop()
    context = Context(uri, db, loop, counts)
    context.note_ids()
    module = load(module_name)
    if scenario == DRF_SCENARIO:
        web.configure()
        variant = module.drf(context)
    else:
        variant = module.variants(context)[scenario]
    for _ in range(2):
        timed(variant)
    return {"peak_rss_mb": round(peak_mb(), 1)}


def run_stream(uri: str, db: str, library: str, face: str, count: int) -> dict[str, Any]:
    """Stream ``count`` documents without keeping them; RSS after the first 10% and at the end."""
    checkpoints = {max(count // 10, 1): "rss_at_10_percent_mb"}
    result: dict[str, Any] = {"library": library, "documents": count}

    def note(seen: int) -> None:
        if seen in checkpoints:
            result[checkpoints[seen]] = round(rss_mb(), 1)

    result["rss_start_mb"] = round(rss_mb(), 1)
    seen = 0
    if face == "sync":
        for _ in sync_stream(uri, db, library):
            seen += 1
            note(seen)
    else:

        async def consume() -> int:
            n = 0
            async for _ in async_stream(uri, db, library):
                n += 1
                note(n)
            return n

        seen = asyncio.run(consume())
    if seen != count:
        raise RuntimeError(f"streamed {seen} documents, expected {count}")
    result["rss_end_mb"] = round(rss_mb(), 1)
    result["peak_rss_mb"] = round(peak_mb(), 1)
    return result


def sync_stream(uri: str, db: str, library: str) -> Iterator[Any]:
    if library == "pymongo.sync":
        from pymongo import MongoClient

        yield from MongoClient(uri, tz_aware=True)[db][STREAM].find()
        return
    from mongodb_rest import connect

    from .libs.ours import models

    connect(db, host=uri)
    yield from models()["stream"].sync.objects.iterator()


async def async_stream(uri: str, db: str, library: str) -> AsyncIterator[Any]:
    if library == "pymongo.async":
        from pymongo import AsyncMongoClient

        async for document in AsyncMongoClient(uri, tz_aware=True)[db][STREAM].find():
            yield document
        return
    from mongodb_rest import connect

    from .libs.ours import models

    connect(db, host=uri)
    async for document in models()["stream"].objects.iterator():
        yield document


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory")
    commands = parser.add_subparsers(dest="command", required=True)
    peak_args = commands.add_parser("peak")
    for name in ("uri", "db", "module", "scenario"):
        peak_args.add_argument(name)
    peak_args.add_argument("--quick", action="store_true")
    peak_args.add_argument("--full", action="store_false", dest="quick")
    stream_args = commands.add_parser("stream")
    for name in ("uri", "db", "library", "face"):
        stream_args.add_argument(name)
    stream_args.add_argument("count", type=int)
    args = parser.parse_args()
    if args.command == "peak":
        result = run_peak(args.uri, args.db, args.module, args.scenario, QUICK if args.quick else Counts())
    else:
        result = run_stream(args.uri, args.db, args.library, args.face, args.count)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
