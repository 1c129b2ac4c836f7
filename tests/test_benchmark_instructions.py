"""Instructions per operation under callgrind, and the Pydantic floor it sets beside the libraries."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from benchmarks import instructions
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


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind (Debian package valgrind)")
def test_instructions_per_operation_by_callgrind(context: Context) -> None:
    rows = instructions.counted(context, ["floor", "raw"], ["get_by_id_sync"])
    assert [row["library"] for row in rows] == ["pymongo.sync", "pydantic floor"]  # raw PyMongo first
    raw, floor_get = rows
    for row in rows:
        assert set(row) == {"scenario", "library", "instructions_per_op", "vs_raw"}
        assert row["scenario"] == "get_by_id_sync"
        # one find_one costs PyMongo hundreds of thousands of instructions
        assert 100_000 < row["instructions_per_op"] < 2_000_000
    assert raw["vs_raw"] == 1.0
    assert floor_get["vs_raw"] == pytest.approx(
        floor_get["instructions_per_op"] / raw["instructions_per_op"], 1e-3
    )
    # the instance is built on top of raw PyMongo's work: about 2 % more, within a count's noise
    assert 0.95 < floor_get["vs_raw"] < 1.2
    assert "pydantic floor" in instructions.table(rows)


def test_without_valgrind_the_count_is_skipped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    assert instructions.main(["--scenarios", "get_by_id_sync"]) == 0
    assert "valgrind is not installed" in capsys.readouterr().err


def test_unknown_and_uncounted_scenarios_are_refused() -> None:
    with pytest.raises(SystemExit, match="unknown: nothing"):
        instructions.main(["--scenarios", "nothing"])
    with pytest.raises(SystemExit, match="find_100000_hydrated_sync"):
        instructions.main(["--scenarios", "find_100000_hydrated_sync"])
