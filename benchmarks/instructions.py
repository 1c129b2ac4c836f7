"""Instructions per operation: ``python -m benchmarks.instructions [--scenarios a,b] [--libraries ...]``.

Each library runs its variants of the scenarios (the ones ``python -m benchmarks`` times) in a child
process under valgrind's callgrind, which counts the user-space instructions the process executes:
unlike CPU time, the count does not move with the load of the machine. The child calls
``os.getppid()`` just before and just after each run, and callgrind dumps its count at each such call
(``--dump-before=getppid``), so a run's count is its own: not the start-up, the imports, the untimed
preparation nor the ``gc.collect()`` before it. The figure is the median run after a warm-up, divided
by the run's operations (those of the scenario's ``CPU us/op``). The server and the seeding run outside
callgrind, in the parent and its server process.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from .data import Context, Counts, seed
from .harness import DRF_SCENARIO, FULL_ONLY, RAW, SCENARIOS, face_of, marked, timed
from .libs import EXTRA, MODULES, floor, load

ROOT = Path(__file__).parent.parent
DEFAULT_SCENARIOS = tuple(floor.LIBRARIES)  # the rows with a target, which the floor covers
DEFAULT_LIBRARIES = ("raw", "floor", "ours")
UNCOUNTED = {*FULL_ONLY, DRF_SCENARIO}  # minutes under callgrind, or a Django test client
RUNS = 3  # counted runs per scenario, after the warm-up
CHILD_TIMEOUT = 1800  # seconds: a library's child takes 1 to 3 minutes; a stuck one must not hang the run
CHILD = "--child"
CALLGRIND = ("valgrind", "--tool=callgrind", "--dump-before=getppid", "--dump-line=no")
SUMMARY = re.compile(r"^summary: (\d+)$", re.MULTILINE)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__)
    parser.add_argument("--scenarios", help=f"comma-separated (default: {','.join(DEFAULT_SCENARIOS)})")
    parser.add_argument(
        "--libraries", help=f"modules of benchmarks/libs (default: {','.join(DEFAULT_LIBRARIES)})"
    )
    parser.add_argument("--output", type=Path, help="write the rows as JSON to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    modules = args.libraries.split(",") if args.libraries else list(DEFAULT_LIBRARIES)
    scenarios = args.scenarios.split(",") if args.scenarios else list(DEFAULT_SCENARIOS)
    unknown = set(modules) - {*MODULES, *EXTRA} or set(scenarios) - set(SCENARIOS)
    if unknown:
        raise SystemExit(f"unknown: {', '.join(sorted(unknown))}")
    if uncounted := set(scenarios) & UNCOUNTED:
        raise SystemExit(
            f"not counted under callgrind (too slow, or served over HTTP): {', '.join(uncounted)}"
        )
    if shutil.which("valgrind") is None:
        print("skipped: valgrind is not installed (Debian package valgrind)", file=sys.stderr)
        return 0
    from .run import seeded_server

    db = f"bench_{uuid.uuid4().hex[:10]}"
    with ExitStack() as stack:
        uri = os.environ.get("MONGODB_URI") or stack.enter_context(seeded_server(db, 0))
        context = Context(uri, db, asyncio.new_event_loop(), Counts())
        try:
            seed(context)
            rows = counted(context, modules, scenarios)
        finally:
            context.client().drop_database(db)
    if args.output:
        args.output.write_text(json.dumps(rows, indent=1) + "\n")
    print(table(rows))
    return 0


def counted(context: Context, modules: list[str], scenarios: list[str]) -> list[dict[str, Any]]:
    """The rows of each scenario, raw PyMongo first, from one child process per library."""
    by_scenario: dict[str, list[dict[str, Any]]] = {scenario: [] for scenario in scenarios}
    for name in modules:
        wanted = [scenario for scenario in scenarios if scenario in load(name).LIBRARIES]
        if wanted:
            for row in child_rows(context, name, wanted):
                by_scenario[row["scenario"]].append(row)
    rows = []
    for scenario, found in by_scenario.items():
        baseline = RAW[face_of(scenario)]
        found.sort(key=lambda row: row["library"] != baseline)
        raw = found[0]["instructions_per_op"] if found and found[0]["library"] == baseline else None
        for row in found:
            if raw and row["instructions_per_op"] is not None:
                row["vs_raw"] = round(row["instructions_per_op"] / raw, 3)
        rows += found
    return rows


def child_rows(context: Context, module: str, scenarios: list[str]) -> list[dict[str, Any]]:
    """Run ``module``'s variants of ``scenarios`` in a child under callgrind; a row for each."""
    print(f"{module}: {', '.join(scenarios)} under callgrind", file=sys.stderr)
    counts = json.dumps(dataclasses.asdict(context.counts))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(
            [
                *CALLGRIND,
                f"--callgrind-out-file={out}",
                *(sys.executable, "-m", "benchmarks.instructions", CHILD),
                *(context.uri, context.db, module, ",".join(scenarios), counts),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0"},  # the same dict and set layouts every time
            timeout=CHILD_TIMEOUT,
        )
        if done.returncode:
            reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return [skipped(s, load(module).LIBRARIES[s], f"failed: {reason}") for s in scenarios]
        report = json.loads(done.stdout.strip().splitlines()[-1])
        dumps = sorted(out.parent.glob(f"{out.name}.*"), key=lambda path: int(path.suffix[1:]))
        if len(dumps) != report["marks"]:
            raise RuntimeError(
                f"{len(dumps)} callgrind dumps for {report['marks']} marks: something else calls getppid()"
            )
        return [row(result, dumps) for result in report["scenarios"]]


def skipped(scenario: str, library: str, reason: str) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "library": library,
        "instructions_per_op": None,
        "vs_raw": None,
        "skipped": reason,
    }


def row(result: dict[str, Any], dumps: list[Path]) -> dict[str, Any]:
    """The row of one scenario from the child's report and callgrind's dumps (one file per mark)."""
    if "skipped" in result:
        return skipped(result["scenario"], result["library"], result["skipped"])
    runs = [instructions(dumps[mark - 1]) for mark in result["runs"]]
    per_op = statistics.median(runs) / result["ops"]
    spread = (max(runs) - min(runs)) / statistics.median(runs)
    print(
        f"  {result['scenario']} {result['library']}: {per_op:,.0f} per op, runs within {spread:.2%}",
        file=sys.stderr,
    )
    return {
        "scenario": result["scenario"],
        "library": result["library"],
        "instructions_per_op": round(per_op),
        "vs_raw": None,
    }


def instructions(dump: Path) -> int:
    """The instructions counted since the dump before this one."""
    found = SUMMARY.search(dump.read_text())
    if found is None:
        raise RuntimeError(f"no summary line in {dump}")
    return int(found.group(1))


def table(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'scenario':32} {'library':18} {'instr/op':>12} {'vs raw':>7}"]
    for r in rows:
        if "skipped" in r:
            lines.append(f"{r['scenario']:32} {r['library']:18} skipped: {r['skipped']}")
            continue
        ratio = "" if r["vs_raw"] is None else f"{r['vs_raw']:.2f}"
        lines.append(f"{r['scenario']:32} {r['library']:18} {r['instructions_per_op']:12,} {ratio:>7}")
    return "\n".join(lines)


class Marks:
    """The child's marks: each call is one ``getppid()``, one callgrind dump; it returns the dump's number."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        os.getppid()
        self.count += 1
        return self.count


def child(uri: str, db: str, module_name: str, scenarios: str, counts: str) -> dict[str, Any]:
    """In the child: build the library's variants, then a warm-up and RUNS marked runs of each scenario."""
    context = Context(uri, db, asyncio.new_event_loop(), Counts(**json.loads(counts)))
    context.note_ids()
    module = load(module_name)
    variants = module.variants(context)
    gc.collect()
    gc.freeze()  # as in the timed runs: the collections scan what the runs make
    mark = Marks()
    results: list[dict[str, Any]] = []
    for scenario in scenarios.split(","):
        variant = variants[scenario]
        library = module.LIBRARIES[scenario]
        try:
            timed(variant)
            runs = [marked(variant, mark)[1] for _ in range(RUNS)]
        except Exception as error:
            results.append(skipped(scenario, library, f"failed: {error!r}"))
            continue
        results.append({"scenario": scenario, "library": library, "ops": variant.ops, "runs": runs})
    return {"marks": mark.count, "scenarios": results}


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD]:
        print(json.dumps(child(*sys.argv[2:])))
    else:
        raise SystemExit(main())
