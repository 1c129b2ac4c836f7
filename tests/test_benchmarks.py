"""The benchmark harness, run in a very small way: raw PyMongo and mongodb_rest, one round, tiny counts."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.data import Context, Counts, seed
from benchmarks.harness import FIELDS, table
from benchmarks.run import benchmark
from mongodb_rest import disconnect_all

SCENARIOS = ["get_by_id_sync", "get_by_id_async", "insert_one_sync", "find_1000_hydrated_async"]


@pytest.fixture
def context(mongo_uri: str) -> Iterator[Context]:
    loop = asyncio.new_event_loop()
    context = Context(mongo_uri, f"bench_{uuid.uuid4().hex[:10]}", loop, Counts(by_id=3, inserts=3, find=20))
    try:
        yield context
    finally:
        disconnect_all()
        context.client().drop_database(context.db)
        context.client().close()
        loop.run_until_complete(loop.shutdown_asyncgens())


def test_rows_have_the_fixed_schema(context: Context) -> None:
    seed(context)
    rows: list[dict[str, Any]] = json.loads(
        json.dumps(benchmark(context, ["raw", "ours"], SCENARIOS, rounds=1, memory_rows=False))
    )
    assert [(row["scenario"], row["library"]) for row in rows] == [
        ("get_by_id_sync", "pymongo.sync"),
        ("get_by_id_sync", "mongodb_rest.sync"),
        ("get_by_id_async", "pymongo.async"),
        ("get_by_id_async", "mongodb_rest.aio"),
        ("insert_one_sync", "pymongo.sync"),
        ("insert_one_sync", "mongodb_rest.sync"),
        ("find_1000_hydrated_async", "pymongo.async"),
        ("find_1000_hydrated_async", "mongodb_rest.aio"),
    ]
    for row in rows:
        assert tuple(row) == FIELDS
        assert row["client_cpu_us_per_op"] > 0 and row["wall_us_per_op"] > 0
        assert row["peak_rss_mb"] is None  # measured in subprocesses only when asked
    raw = {
        row["scenario"]: row["client_cpu_us_per_op"] for row in rows if row["library"].startswith("pymongo")
    }
    for row in rows:
        assert row["ratio_vs_raw"] == pytest.approx(
            row["client_cpu_us_per_op"] / raw[row["scenario"]], rel=0.01
        )
    assert "mongodb_rest.aio" in table(rows)
