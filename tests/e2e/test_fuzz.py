"""Schemathesis against the example's OpenAPI schema with every check: generated requests, valid and
invalid, to every operation (its examples, coverage and fuzzing phases, a bounded number of cases, one
seed; ids seen in responses are reused, so updates and deletes reach stored documents). No answer may
be a server error, and every answer must be one the schema declares: its status, content type and
body; valid requests accepted and invalid ones refused."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import App

MAX_EXAMPLES = 25  # per operation and phase: about two minutes on two cores
OPERATIONS = 19  # in the schema: six for each resource, and adding a comment
HOOKS = Path(__file__).with_name("fuzz_hooks.py")
CONFIG = Path(__file__).with_name("schemathesis.toml")


def test_the_schema_tells_the_truth(app: App, tmp_path: Path) -> None:
    run = subprocess.run(
        [
            *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG)),
            *("run", f"{app.url}/api/schema/?format=openapi-json"),
            *("--checks", "all", "--max-examples", str(MAX_EXAMPLES)),
            *("--phases", "examples,coverage,fuzzing", "--request-timeout", "30", "--seed", "1"),
        ],
        cwd=tmp_path,
        env={
            **os.environ,
            "SCHEMATHESIS_HOOKS": HOOKS.stem,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(HOOKS.parent), os.environ.get("PYTHONPATH")])),
        },
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert tested is not None and int(tested.group(1)) == OPERATIONS, run.stdout
