"""The ```python blocks of README.md, grouped by section, and a runner that executes them in order.

Each ``##``/``###`` section is one namespace: its blocks run in order, top-level ``await`` included, on
one event loop of the section's own. A marker comment on the line right before a fence changes how its
block runs:

- ``<!-- readme: skip (why) -->``: not run (settings of a Django project layout, placeholders...);
  the reason is required.
- ``<!-- readme: connects -->``: the block registers its own connections, so the connections the runner
  registered are disconnected first.

A ``print(...)`` line ending in ``# -> text`` states what it prints: the block's output must be these
texts, line by line, in order.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import inspect
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent.parent / "README.md"

_HEADING = re.compile(r"^(#{2,3}) +(?P<title>.+?) *$")
_FENCE = re.compile(r"^```(?P<lang>[\w+-]*) *$")
_MARKER = re.compile(r"^<!-- readme: (?P<kind>[\w-]+)(?: \((?P<reason>.+)\))? -->$")
_PRINTS = re.compile(r"^\s*print\(.*# -> (?P<output>.*)$")
MARKERS = {"skip", "connects"}


@dataclass(frozen=True)
class Block:
    """One fenced ```python block: where its code starts, the code, and its marker (if any)."""

    line: int
    code: str
    marker: str | None = None
    reason: str | None = None


@dataclass
class Section:
    """A ``##``/``###`` heading and the python blocks under it (up to the next such heading)."""

    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)


class ReadmeError(Exception):
    """A README block that failed: the exception is chained, the message names the block's line."""


def sections(text: str) -> list[Section]:
    """The sections of ``text`` that hold at least one python block; markers are checked here."""
    found: list[Section] = []
    current = Section("(top)", 1)
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = _HEADING.match(line)
        fence = _FENCE.match(line)
        if heading:
            current = Section(heading["title"], index + 1)
            found.append(current)
        elif fence:
            end = index + 1
            while end < len(lines) and lines[end].rstrip() != "```":
                end += 1
            if end == len(lines):
                raise ValueError(f"README.md:{index + 1}: unclosed code fence")
            if fence["lang"] == "python":
                kind, reason = _marker(lines, index)
                current.blocks.append(
                    Block(index + 2, "\n".join(lines[index + 1 : end]) + "\n", kind, reason)
                )
            index = end
        index += 1
    return [section for section in found if section.blocks]


def _marker(lines: list[str], fence: int) -> tuple[str | None, str | None]:
    previous = lines[fence - 1].strip() if fence else ""
    if not previous.startswith("<!-- readme"):
        return None, None
    marker = _MARKER.match(previous)
    if marker is None or marker["kind"] not in MARKERS:
        raise ValueError(f"README.md:{fence}: unknown marker {previous!r} (known: {sorted(MARKERS)})")
    if marker["kind"] == "skip" and not marker["reason"]:
        raise ValueError(f"README.md:{fence}: a skipped block needs its reason: <!-- readme: skip (why) -->")
    return marker["kind"], marker["reason"]


def compile_block(block: Block) -> Any:
    """The block's code object; its line numbers are README.md's, and top-level ``await`` is allowed."""
    source = "\n" * (block.line - 1) + block.code
    return compile(source, str(README), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def expected_output(block: Block) -> list[str]:
    """What the block's ``print(...)  # -> text`` lines say it prints, in order."""
    return [match["output"].rstrip() for match in map(_PRINTS.match, block.code.splitlines()) if match]


def run_block(block: Block, namespace: dict[str, Any], loop: asyncio.AbstractEventLoop) -> None:
    """Execute ``block`` in ``namespace`` and check what it prints; top-level ``await`` runs on ``loop``."""
    code = compile_block(block)
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output):
            if code.co_flags & inspect.CO_COROUTINE:
                loop.run_until_complete(eval(code, namespace))
            else:
                exec(code, namespace)
    except Exception as exc:
        raise ReadmeError(f"README.md:{block.line}: {type(exc).__name__}: {exc}") from exc
    expected = expected_output(block)
    printed = [line.rstrip() for line in output.getvalue().splitlines()]
    if expected and printed != expected:
        raise ReadmeError(f"README.md:{block.line}: printed {printed}, the comments say {expected}")
