"""The README runner itself: sections, markers, top-level ``await``, printed output, error lines."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from .readme_blocks import ReadmeError, run_block, sections

TEXT = """# Title

## First
```bash
# a shell comment, not a heading
```
```python
x = 1
```

### Second
<!-- readme: skip (shows settings.py) -->
```python
INSTALLED_APPS = [...]
```
<!-- readme: connects -->
```python
y = 2
```

## Prose only
"""


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def test_sections_hold_their_python_blocks_and_markers() -> None:
    first, second = sections(TEXT)
    assert (first.title, [block.code for block in first.blocks]) == ("First", ["x = 1\n"])
    assert first.blocks[0].line == 8
    assert second.title == "Second"
    assert [(block.marker, block.reason) for block in second.blocks] == [
        ("skip", "shows settings.py"),
        ("connects", None),
    ]


@pytest.mark.parametrize(
    ("marker", "message"),
    [("<!-- readme: skip -->", "needs its reason"), ("<!-- readme: later -->", "unknown marker")],
)
def test_bad_markers_are_refused(marker: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sections(f"## S\n{marker}\n```python\npass\n```\n")


def test_top_level_await_runs_on_the_sections_loop(loop: asyncio.AbstractEventLoop) -> None:
    (section,) = sections("## S\n```python\nimport asyncio\nx = await asyncio.sleep(0, 'done')\n```\n")
    namespace: dict[str, Any] = {}
    run_block(section.blocks[0], namespace, loop)
    assert namespace["x"] == "done"


def test_a_failure_names_the_readme_line(loop: asyncio.AbstractEventLoop) -> None:
    (section,) = sections("## S\n\n```python\nx = 1\nundefined_name\n```\n")
    with pytest.raises(ReadmeError, match=r"README.md:4: NameError") as failure:
        run_block(section.blocks[0], {}, loop)
    cause = failure.value.__cause__
    assert cause is not None and cause.__traceback__ is not None
    traceback = cause.__traceback__
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    assert traceback.tb_lineno == 5  # the README's own line numbers


def test_printed_output_is_compared_with_the_comments(loop: asyncio.AbstractEventLoop) -> None:
    (right,) = sections("## S\n```python\nprint(1 + 2)  # -> 3\nprint('x')  # -> x\n```\n")
    run_block(right.blocks[0], {}, loop)
    (wrong,) = sections("## S\n```python\nprint(1 + 1)  # -> 3\n```\n")
    with pytest.raises(ReadmeError, match=r"printed \['2'\], the comments say \['3'\]"):
        run_block(wrong.blocks[0], {}, loop)
    (more,) = sections("## S\n```python\nfor n in (1, 2):\n    print(n)  # -> 1\n```\n")
    with pytest.raises(ReadmeError, match=r"printed \['1', '2'\]"):
        run_block(more.blocks[0], {}, loop)  # every line printed is compared
    (silent,) = sections("## S\n```python\nprint('anything')\n```\n")
    run_block(silent.blocks[0], {}, loop)  # no stated output: nothing to compare
