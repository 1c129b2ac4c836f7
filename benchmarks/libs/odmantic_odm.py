"""ODMantic: AIOEngine (on Motor) for the async scenarios, SyncEngine (on MongoClient) for the sync ones.

No ``from __future__ import annotations`` here: ODMantic resolves the models' annotations at class creation.
"""

from datetime import datetime
from typing import Any

from ..data import AUTHORS, PEOPLE, POSTS, WRITES, Context
from ..harness import Variant, assemble

NAME = "odmantic"
LIBRARIES = {
    scenario: NAME
    for scenario in (
        "get_by_id_sync",
        "get_by_id_async",
        "insert_one_async",
        "insert_one_sync",
        "find_1000_hydrated_async",
        "find_1000_hydrated_sync",
        "select_related_100_async",
    )
}
CANNOT = {
    "update_one_async": "no update by filter: only load, change and save the whole document",
    "find_1000_projected_async": "no projection: engine.find() always builds whole models",
    "bulk_create_1000_async": "no bulk insert: save_all() upserts one document per round trip",
    "aggregate_group_async": "no aggregation API",
    **dict.fromkeys(
        ("save_versioned_async", "save_versioned_sync"),
        "no versioned models: a save is never conditional on a version",
    ),
}


def variants(context: Context) -> dict[str, Variant]:
    from motor.motor_asyncio import AsyncIOMotorClient
    from odmantic import AIOEngine, EmbeddedModel, Model, Reference, SyncEngine
    from pymongo import MongoClient

    class Address(EmbeddedModel):
        street: str | None = None
        city: str | None = None
        country: str | None = None

    class Person(Model):
        name: str
        email: str | None = None
        age: int | None = None
        tags: list[str] = []
        address: Address  # ODMantic refuses an optional embedded model
        created: datetime | None = None
        active: bool | None = None
        model_config = {"collection": PEOPLE}

    class PersonWrite(Model):
        name: str
        email: str | None = None
        age: int | None = None
        tags: list[str] = []
        address: Address  # ODMantic refuses an optional embedded model
        created: datetime | None = None
        active: bool | None = None
        model_config = {"collection": WRITES}

    class Author(Model):
        name: str
        model_config = {"collection": AUTHORS}

    class Post(Model):
        title: str
        author: Author = Reference()
        model_config = {"collection": POSTS}

    engine = AIOEngine(AsyncIOMotorClient(context.uri, io_loop=context.loop), database=context.db)
    sync_engine = SyncEngine(MongoClient(context.uri), database=context.db)
    ids = context.ids

    def get_sync(_: None) -> int:
        return len([sync_engine.find_one(Person, Person.id == oid) for oid in ids])

    async def get_async(_: None) -> int:
        return len([await engine.find_one(Person, Person.id == oid) for oid in ids])

    def insert_sync(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            sync_engine.save(PersonWrite(**payload))
        return len(payloads)

    async def insert_async(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            await engine.save(PersonWrite(**payload))
        return len(payloads)

    def find_sync(_: None) -> int:
        return len(list(sync_engine.find(Person)))

    async def find_async(_: None) -> int:
        return len(await engine.find(Person))

    async def related_async(_: None) -> int:
        posts = await engine.find(Post)  # references are always loaded, with $lookup
        assert all(post.author.name for post in posts)
        return len(posts)

    return assemble(
        context,
        {
            "get_by_id_sync": get_sync,
            "get_by_id_async": get_async,
            "insert_one_sync": insert_sync,
            "insert_one_async": insert_async,
            "find_1000_hydrated_sync": find_sync,
            "find_1000_hydrated_async": find_async,
            "select_related_100_async": related_async,
        },
    )
