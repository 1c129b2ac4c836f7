"""The batch of new ObjectIds ``bulk_create()`` gives its documents: a forked process draws a random
part of its own, as ``ObjectId()`` does, so parent and child never make the same ids."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import mongodb_rest


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork() on this platform")
def test_a_forked_process_draws_its_own_random_part() -> None:
    script = textwrap.dedent(
        """
        import os
        from mongodb_rest.document.keys import new_keys

        before = new_keys(1)[0].binary[4:9]
        read, write = os.pipe()
        child = os.fork()
        if child == 0:
            os.write(write, new_keys(1)[0].binary[4:9])
            os._exit(0)
        os.waitpid(child, 0)
        print(before.hex(), os.read(read, 5).hex(), new_keys(1)[0].binary[4:9].hex())
        """
    )
    source = str(Path(mongodb_rest.__file__).parents[1])  # the package these tests import
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    parent, child, parent_again = ran.stdout.split()
    assert parent == parent_again and child != parent
