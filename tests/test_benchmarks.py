"""The benchmark harness, run in a very small way: raw PyMongo and mongodb_rest, one round, tiny counts."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks import web
from benchmarks.concurrency import Load, http_rows
from benchmarks.data import LISTS, PEOPLE, UNVERSIONED, VERSION, VERSIONED, Context, Counts, seed
from benchmarks.harness import FIELDS, HTTP_SCENARIO, Variant, table
from benchmarks.libs import load
from benchmarks.load import percentile
from benchmarks.profiling import profile
from benchmarks.run import benchmark, build
from mongodb_rest import disconnect_all

SCENARIOS = [
    "get_by_id_sync",
    "get_by_id_async",
    "gather_get_100_async",
    "insert_one_sync",
    "find_1000_hydrated_async",
    "find_shape_nested_3_sync",
]


@pytest.fixture
def context(mongo_uri: str) -> Iterator[Context]:
    loop = asyncio.new_event_loop()
    context = Context(
        mongo_uri,
        f"bench_{uuid.uuid4().hex[:10]}",
        loop,
        Counts(by_id=3, inserts=3, find=20, shapes=3, patches=3),
    )
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
        ("gather_get_100_async", "pymongo.async"),
        ("gather_get_100_async", "mongodb_rest.aio"),
        ("insert_one_sync", "pymongo.sync"),
        ("insert_one_sync", "mongodb_rest.sync"),
        ("find_1000_hydrated_async", "pymongo.async"),
        ("find_1000_hydrated_async", "mongodb_rest.aio"),
        ("find_shape_nested_3_sync", "pymongo.sync"),
        ("find_shape_nested_3_sync", "mongodb_rest.sync"),
    ]
    for row in rows:
        assert tuple(row) == FIELDS
        assert row["client_cpu_us_per_op"] > 0 and row["wall_us_per_op"] > 0
        assert row["peak_rss_mb"] is None  # measured in subprocesses only when asked
        assert row["concurrency"] is row["requests_per_s"] is row["p50_ms"] is row["p99_ms"] is None
    raw = {
        row["scenario"]: row["client_cpu_us_per_op"] for row in rows if row["library"].startswith("pymongo")
    }
    for row in rows:
        assert row["ratio_vs_raw"] == pytest.approx(
            row["client_cpu_us_per_op"] / raw[row["scenario"]], rel=0.01
        )
    assert "mongodb_rest.aio" in table(rows)


def test_saves_change_one_field_and_a_versioned_one_its_version(context: Context) -> None:
    seed(context)
    scenarios = [
        "save_versioned_sync",
        "save_versioned_async",
        "save_unversioned_async",
        "patch_one_field_small_list_async",
    ]
    rows = benchmark(context, ["raw", "ours"], scenarios, rounds=1, memory_rows=False)
    assert [(row["scenario"], row["library"]) for row in rows] == [
        ("save_versioned_sync", "pymongo.sync"),
        ("save_versioned_sync", "mongodb_rest.sync"),
        ("save_versioned_async", "pymongo.async"),
        ("save_versioned_async", "mongodb_rest.aio"),
        ("save_unversioned_async", "pymongo.async"),
        ("save_unversioned_async", "mongodb_rest.aio"),
        ("patch_one_field_small_list_async", "pymongo.async"),
        ("patch_one_field_small_list_async", "mongodb_rest.aio"),
    ]
    db = context.client()[context.db]
    ages = {doc["_id"]: doc["age"] for doc in db[PEOPLE].find({"_id": {"$in": context.ids}})}
    # every variant ran twice (the warm-up and one round), each run saving every document once
    versioned = list(db[VERSIONED].find())
    assert [doc[VERSION] for doc in versioned] == [1 + 2 * 2 * 2] * 3
    assert all(doc["age"] == (ages[doc["_id"]] + 8) % 90 for doc in versioned)
    unversioned = list(db[UNVERSIONED].find())
    assert all(VERSION not in doc and doc["age"] == (ages[doc["_id"]] + 4) % 90 for doc in unversioned)
    # each library loads the list's holder before its first run and counts on from there: mongodb_rest,
    # loading it after raw PyMongo's warm-up, runs last and leaves 3 + 2 runs of 3 saves
    small = db[LISTS].find_one({"name": "small"})
    assert small is not None and small["count"] == 9 and len(small["items"]) == 2_000


def test_rows_of_the_uvicorn_runs_add_concurrency_and_latencies(context: Context) -> None:
    seed(context)
    web.configure()
    plan = Load(requests=4, seconds=2, rounds=1)
    rows = http_rows(context, ["raw", "ours"], plan, concurrencies=(2,))
    assert [(row["library"], row["concurrency"]) for row in rows] == [
        ("pymongo.async", 2),
        ("mongodb_rest.aio", 2),
    ]
    for row in rows:
        assert tuple(row) == FIELDS
        assert row["scenario"] == HTTP_SCENARIO
        assert row["requests_per_s"] > 0 and row["client_cpu_us_per_op"] > 0
        assert 0 < row["p50_ms"] <= row["p99_ms"]
        assert row["wall_us_per_op"] == pytest.approx(1e6 / row["requests_per_s"], rel=0.01)
    assert rows[0]["ratio_vs_raw"] == 1.0
    assert "2 clients" in table(rows)


def test_percentiles_are_by_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([7.0], 99) == 7.0


def test_profile_reports_per_operation(context: Context) -> None:
    seed(context)
    variant = build(load("ours"), context, ["get_by_id_async"])["get_by_id_async"]
    assert isinstance(variant, Variant)
    report = profile(variant, "get_by_id_async")
    assert "get_by_id_async: 5 runs of 3 operations" in report
    assert "mongodb_rest/" in report
