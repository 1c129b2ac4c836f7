"""Every ```python block of README.md runs: each section in a namespace of its own, on a fresh database."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import MongoClient

from mongodb_rest import connection, disconnect_all
from mongodb_rest.document import registry

from .readme_blocks import README, Section, run_block, sections

SECTIONS = sections(README.read_text(encoding="utf-8"))


@pytest.fixture
def isolated_registry() -> Iterator[None]:
    """The README's document classes are forgotten after their section, so later tests never meet them."""
    saved = {name: list(classes) for name, classes in registry._classes.items()}
    yield
    registry._classes.clear()
    registry._classes.update(saved)


def _drop_block_databases(mongo_uri: str, client: MongoClient[dict[str, Any]]) -> None:
    """Drop the databases the blocks registered on the test server themselves."""
    for settings in list(connection._settings.values()):
        if settings.client_options.get("host") == mongo_uri:
            client.drop_database(settings.db)


@pytest.mark.parametrize("section", SECTIONS, ids=[section.title for section in SECTIONS])
def test_section_runs(
    section: Section,
    db_name: str,
    mongo_uri: str,
    raw_client: MongoClient[dict[str, Any]],
    isolated_registry: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MONGODB_URI", mongo_uri)  # blocks that read it use the test server
    runnable = [block for block in section.blocks if block.marker != "skip"]
    if not runnable:
        pytest.skip("; ".join(f"README.md:{block.line}: {block.reason}" for block in section.blocks))
    namespace: dict[str, Any] = {"__name__": f"readme_{section.line}"}
    loop = asyncio.new_event_loop()
    try:
        for block in runnable:
            if block.marker == "connects":
                disconnect_all()
            run_block(block, namespace, loop)
    finally:
        _drop_block_databases(mongo_uri, raw_client)
        disconnect_all()
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        namespace.clear()
        gc.collect()  # receivers connected by the blocks are weak references: let them go
