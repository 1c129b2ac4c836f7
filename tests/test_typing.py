"""The public API is typed: mypy infers QuerySet[User], User and User | None on both faces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SNIPPET = """
from mongodb_rest import Document
from mongodb_rest import sync
from mongodb_rest.fields import StringField


class User(Document):
    name = StringField()


class Legacy(sync.Document):
    name = StringField()


async def async_face() -> None:
    reveal_type(User.objects)
    reveal_type(User.objects.filter(name="x").order_by("name")[:10])
    reveal_type(await User.objects.get(name="x"))
    reveal_type(await User.objects.first())
    reveal_type(await User.objects.all()[0])
    reveal_type(await User(name="x").save())
    reveal_type(User(name="x").name)
    async for user in User.objects.all():
        reveal_type(user)


def sync_face() -> None:
    reveal_type(Legacy.objects)
    reveal_type(Legacy.objects.get(name="x"))
    reveal_type(Legacy.objects.first())
    reveal_type(Legacy.objects.all()[0])
    for legacy in Legacy.objects.all():
        reveal_type(legacy)
"""

EXPECTED = [
    "mongodb_rest.aio.queryset.QuerySet[snippet.User]",
    "mongodb_rest.aio.queryset.QuerySet[snippet.User]",
    "snippet.User",
    "snippet.User | None",
    "snippet.User",
    "snippet.User",
    "str | None",
    "snippet.User",
    "mongodb_rest.sync.queryset.QuerySet[snippet.Legacy]",
    "snippet.Legacy",
    "snippet.Legacy | None",
    "snippet.Legacy",
    "snippet.Legacy",
]


def test_mypy_infers_document_types(tmp_path: Path) -> None:
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
