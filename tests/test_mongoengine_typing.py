"""MongoEngine-style calls are typed: mypy infers QuerySet[User] for ``User.objects(...)`` on both faces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SNIPPET = """
from mongodb_rest import Document, Q
from mongodb_rest import sync
from mongodb_rest.fields import StringField


class User(Document):
    name = StringField()


class Legacy(sync.Document):
    name = StringField()


async def async_face() -> None:
    reveal_type(User.objects(name="x", age__gte=3))
    reveal_type(User.objects(Q(name="x"), __raw__={"age": 3}).order_by("name"))
    reveal_type(await User.objects(name="x").first())


def sync_face() -> None:
    reveal_type(Legacy.objects(name="x"))
    reveal_type(Legacy.objects(__raw__={"name": "x"}).get())
"""

EXPECTED = [
    "mongodb_rest.aio.queryset.QuerySet[snippet.User]",
    "mongodb_rest.aio.queryset.QuerySet[snippet.User]",
    "snippet.User | None",
    "mongodb_rest.sync.queryset.QuerySet[snippet.Legacy]",
    "snippet.Legacy",
]


def test_mypy_infers_called_managers(tmp_path: Path) -> None:
    (tmp_path / "snippet.py").write_text(SNIPPET)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", "snippet.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    revealed = [
        line.split('Revealed type is "')[1].rstrip('"')
        for line in result.stdout.splitlines()
        if "Revealed" in line
    ]
    assert revealed == EXPECTED, result.stdout
