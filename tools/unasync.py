"""Generate the sync face (src/mongodb_rest/sync/) and its tests (tests/sync/) from the async sources.

Usage: ``python tools/unasync.py`` writes the files; ``--check`` fails when any is out of date.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [
    (ROOT / "src/mongodb_rest/aio", ROOT / "src/mongodb_rest/sync"),
    (ROOT / "tests/aio", ROOT / "tests/sync"),
]
RULES: list[tuple[str, str]] = [
    (r"^([ \t]*)if not _IS_SYNC and [^\n]*:\n(?:[ \t]*\n|\1[ \t]+[^\n]*\n)*", ""),  # async-only branches
    (r"^[ \t]*@must_await\w*\n", ""),  # what keeps async results from being used as values
    (r"^from \.\.query\.iteration import FetchedItems\n", ""),  # the sync face iterates lists as they are
    (r"\bFetchedItems\((self\.\w+)\)", r"iter(\1())"),
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait settled\((.*?)\)(?=[ \t]*(?:#.*)?$)", r"\1"),  # calls a driver may make coroutines
    (r"\bawait to_thread\(([\w.]+), ", r"\1("),  # CPU-bound work runs off the loop, in place on the sync face
    (r"\bawait ", ""),
    (r"\b__aiter__\b", "__iter__"),
    (r"\b__anext__\b", "__next__"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\bAsyncGridFSBucket\b", "GridFSBucket"),
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncIterable\b", "Iterable"),
    (r"\bAsyncGenerator\b", "Generator"),
    (r"\bAwaitable\[(\w+)\]", r"\1"),
    (r"\basync_connection\b", "sync_connection"),
    (r"\brun_clean_async\b", "run_clean"),
    (r"\.asend\(", ".send("),
    (r"_IS_SYNC = False", "_IS_SYNC = True"),
    (r'"aio"', '"sync"'),
    (r"\bmongodb_rest\.aio\b", "mongodb_rest.sync"),
    (r"^from mongodb_rest import\b", "from mongodb_rest.sync import"),
    (r"\bThe async face\b", "The sync face"),
    (r"\bwhose database calls are awaited\b", "whose database calls block"),
    (r"\bThe async (client|database handle)\b", r"The \1"),
    (r"\bawaitable persistence methods\b", "blocking persistence methods"),
    (r"\bevaluated by awaiting its methods or\b", "evaluated by calling its methods or"),
    (r"\bthe running event loop\b", "this process"),
    (r"\bin a worker thread, off the event loop\b", "in the calling thread"),
]
HEADER = "# Generated from {source} by tools/unasync.py: do not edit.\n"


def convert(text: str) -> str:
    """The sync version of an async source file."""
    for pattern, replacement in RULES:
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    if text.count("_IS_SYNC") == 1:  # every branch on it was async-only
        text = re.sub(r"^_IS_SYNC = True\n", "", text, flags=re.MULTILINE)
    return text


def formatted(text: str, path: Path) -> str:
    """``text`` with imports sorted and formatted as ruff would leave ``path``."""
    for command in (["check", "--fix", "--select", "I,F401", "--quiet"], ["format"]):
        text = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(path), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return text


def expected_files() -> dict[Path, str]:
    """Every generated file and the text it must have."""
    files: dict[Path, str] = {}
    for source_dir, target_dir in PAIRS:
        for source in sorted(source_dir.rglob("*.py")):
            target = target_dir / source.relative_to(source_dir)
            header = HEADER.format(source=source.relative_to(ROOT).as_posix())
            files[target] = formatted(header + convert(source.read_text()), target)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when a generated file is out of date")
    args = parser.parse_args()
    expected = expected_files()
    stale = [path for path, text in expected.items() if not path.exists() or path.read_text() != text]
    extra = [
        path
        for _, target_dir in PAIRS
        for path in target_dir.rglob("*.py")
        if path not in expected and path.read_text().startswith("# Generated from ")
    ]
    if args.check:
        for path in stale + extra:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        if stale or extra:
            print("Sync files are out of date: run `make generate`.", file=sys.stderr)
            return 1
        return 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected[path])
        print(f"wrote {path.relative_to(ROOT)}")
    for path in extra:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
