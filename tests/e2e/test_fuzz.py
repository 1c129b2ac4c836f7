"""Schemathesis against the example's OpenAPI schema: generated requests, valid and invalid, to every
operation (its examples, coverage and fuzzing phases, a bounded number of cases; ids seen in responses
are reused, so updates and deletes reach stored documents); no answer may be a server error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import App

MAX_EXAMPLES = 25  # per operation and phase
OPERATIONS = 19  # in the schema: six for each resource, and adding a comment


def test_no_server_errors(app: App, tmp_path: Path) -> None:
    run = subprocess.run(
        [
            *(sys.executable, "-m", "schemathesis.cli", "run", f"{app.url}/api/schema/?format=openapi-json"),
            *("--checks", "not_a_server_error", "--max-examples", str(MAX_EXAMPLES)),
            *("--phases", "examples,coverage,fuzzing", "--request-timeout", "30", "--seed", "1"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert tested is not None and int(tested.group(1)) == OPERATIONS, run.stdout
