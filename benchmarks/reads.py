"""Client CPU of reads: raw PyMongo against mongodb_rest on each face, interleaved, medians.

Run: ``.venv/bin/python benchmarks/reads.py`` (starts the embedded server unless ``MONGODB_URI`` is set).
Prints one row per scenario and library with client CPU per operation and the ratio to raw PyMongo.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient, MongoClient

from mongodb_rest import Document, EmbeddedDocument, connect
from mongodb_rest.fields import (
    BooleanField,
    DateTimeField,
    EmbeddedDocumentField,
    IntField,
    ListField,
    StringField,
)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
DOCUMENTS = 1000
GETS = 200


class Address(EmbeddedDocument):
    street = StringField()
    city = StringField()
    country = StringField()


class Person(Document):
    name = StringField(required=True)
    email = StringField()
    age = IntField()
    tags = ListField(StringField())
    address = EmbeddedDocumentField(Address)
    created = DateTimeField()
    active = BooleanField()


def sample(i: int) -> dict[str, Any]:
    return {
        "name": f"user{i}",
        "email": f"u{i}@example.com",
        "age": i % 90,
        "tags": ["a", "b", "c"],
        "address": {"street": "Main 1", "city": "Oslo", "country": "NO"},
        "created": datetime.now(UTC),
        "active": True,
    }


def cpu_of(run: Callable[[], Any]) -> float:
    gc.collect()  # every run starts from the same garbage-collector state
    start = time.process_time()
    run()
    return time.process_time() - start


def main() -> None:
    uri = os.environ.get("MONGODB_URI")
    server = None
    if not uri:
        from mongodb_rest.embedded import start

        server = start()
        uri = server.uri
    try:
        measure(uri)
    finally:
        if server is not None:
            server.stop()


def measure(uri: str) -> None:
    connect("bench_reads", host=uri)
    raw = MongoClient(uri, tz_aware=True, uuidRepresentation="standard")
    collection = raw.bench_reads.person
    collection.drop()
    collection.insert_many([sample(i) for i in range(DOCUMENTS)])
    ids = [doc["_id"] for doc in collection.find({}, {"_id": 1}).limit(GETS)]
    loop = asyncio.new_event_loop()
    async_raw = AsyncMongoClient(uri, tz_aware=True, uuidRepresentation="standard").bench_reads.person
    sync_person = Person.sync

    async def async_find_raw() -> None:
        await async_raw.find().to_list(None)

    async def async_find_ours() -> None:
        [p async for p in Person.objects.all()]

    async def async_get_raw() -> None:
        for oid in ids:
            await async_raw.find_one({"_id": oid})

    async def async_get_ours() -> None:
        for oid in ids:
            await Person.objects.get(id=oid)

    scenarios: dict[str, dict[str, tuple[Callable[[], Any], int]]] = {
        "find_1000_hydrated_sync": {
            "pymongo.sync": (lambda: list(collection.find()), DOCUMENTS),
            "mongodb_rest.sync": (lambda: list(sync_person.objects.all()), DOCUMENTS),
        },
        "find_1000_hydrated_async": {
            "pymongo.async": (lambda: loop.run_until_complete(async_find_raw()), DOCUMENTS),
            "mongodb_rest.aio": (lambda: loop.run_until_complete(async_find_ours()), DOCUMENTS),
        },
        "get_by_id_sync": {
            "pymongo.sync": (lambda: [collection.find_one({"_id": oid}) for oid in ids], GETS),
            "mongodb_rest.sync": (lambda: [sync_person.objects.get(id=oid) for oid in ids], GETS),
        },
        "get_by_id_async": {
            "pymongo.async": (lambda: loop.run_until_complete(async_get_raw()), GETS),
            "mongodb_rest.aio": (lambda: loop.run_until_complete(async_get_ours()), GETS),
        },
    }
    print(f"{'scenario':28} {'library':20} {'client CPU us/op':>17} {'ratio vs raw':>13}")
    for scenario, libraries in scenarios.items():
        samples: dict[str, list[float]] = {name: [] for name in libraries}
        for _ in range(2):  # warm up
            for run, _count in libraries.values():
                run()
        for _ in range(ROUNDS):
            for name, (run, count) in libraries.items():
                samples[name].append(cpu_of(run) / count * 1e6)
        medians = {name: statistics.median(values) for name, values in samples.items()}
        raw_median = next(value for name, value in medians.items() if name.startswith("pymongo"))
        for name, value in medians.items():
            print(f"{scenario:28} {name:20} {value:17.2f} {value / raw_median:13.2f}")
    loop.run_until_complete(async_raw.database.client.close())
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


if __name__ == "__main__":
    main()
