"""The Pydantic floor: raw PyMongo plus one plain Pydantic instance per document."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from benchmarks.data import PEOPLE, WRITES, Context, Counts, seed
from benchmarks.libs import MODULES, floor
from benchmarks.run import benchmark


@pytest.fixture
def context(mongo_uri: str) -> Iterator[Context]:
    loop = asyncio.new_event_loop()
    context = Context(
        mongo_uri,
        f"bench_{uuid.uuid4().hex[:10]}",
        loop,
        Counts(by_id=20, inserts=3, find=20, bulk=5, related=4),
    )
    try:
        seed(context)
        yield context
    finally:
        context.client().drop_database(context.db)
        context.client().close()
        loop.run_until_complete(loop.shutdown_asyncgens())


def test_the_floor_is_measured_only_when_named(context: Context) -> None:
    assert "floor" not in MODULES
    scenarios = list(floor.LIBRARIES)
    rows = benchmark(context, ["raw", "floor"], scenarios, rounds=1, memory_rows=False)
    measured = [(row["scenario"], row["library"]) for row in rows if not row.get("skipped")]
    assert measured == [
        (scenario, library)
        for scenario in scenarios
        for library in (f"pymongo.{scenario.rsplit('_', 1)[1]}", "pydantic floor")
    ]
    # the floor's writes store the validated model's dump: the same 7 fields as raw PyMongo's
    stored = context.client()[context.db][WRITES].find_one()
    assert stored is not None and set(stored) == {
        "_id",
        "name",
        "email",
        "age",
        "tags",
        "address",
        "created",
        "active",
    }


def test_the_floor_reads_a_plain_model_without_validating(context: Context) -> None:
    models = floor.models()
    stored = context.client()[context.db][PEOPLE].find_one()
    assert stored is not None
    person, other = models["person"](stored), models["person"](stored)
    assert isinstance(person, BaseModel)
    assert dict(person) == {"id": stored.pop("_id"), **stored}
    assert person.address == stored["address"]  # the stored dict, not validated into PlainAddress
    assert person.model_fields_set == set(type(person).model_fields)
    person.name = "changed"
    assert other.name == stored["name"] and other.model_fields_set is not person.model_fields_set
    projected = models["projected"]({"_id": 1, "name": "a", "email": "b"})
    assert projected.model_fields_set == {"id", "name", "email"}
