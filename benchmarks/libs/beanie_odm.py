"""Beanie 2 (async only, on PyMongo's AsyncMongoClient)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..data import AUTHORS, GROUP_PIPELINE, PEOPLE, POSTS_DBREF, WRITES, Context
from ..harness import Variant, on_loop

NAME = "beanie"
LIBRARIES = {
    scenario: NAME
    for scenario in (
        "get_by_id_async",
        "insert_one_async",
        "update_one_async",
        "find_1000_hydrated_async",
        "find_1000_projected_async",
        "bulk_create_1000_async",
        "aggregate_group_async",
        "select_related_100_async",
    )
}
CANNOT: dict[str, str] = {}


def variants(context: Context) -> dict[str, Variant]:
    from beanie import Document, Link, init_beanie
    from pydantic import BaseModel
    from pymongo import AsyncMongoClient

    class Address(BaseModel):
        street: str | None = None
        city: str | None = None
        country: str | None = None

    class PersonFields(BaseModel):
        name: str
        email: str | None = None
        age: int | None = None
        tags: list[str] = []
        address: Address | None = None
        created: datetime | None = None
        active: bool | None = None

    class Person(Document, PersonFields):
        class Settings:
            name = PEOPLE

    class PersonWrite(Document, PersonFields):
        class Settings:
            name = WRITES

    class NameEmail(BaseModel):
        name: str
        email: str | None = None

    class Author(Document):
        name: str

        class Settings:
            name = AUTHORS

    class Post(Document):
        title: str
        author: Link[Author]

        class Settings:
            name = POSTS_DBREF  # Beanie's links are DBRefs

    client: Any = AsyncMongoClient(context.uri, tz_aware=True)
    loop, counts, ids = context.loop, context.counts, context.ids
    loop.run_until_complete(
        init_beanie(database=client[context.db], document_models=[Person, PersonWrite, Author, Post])
    )

    async def get_async(_: None) -> int:
        return len([await Person.get(oid) for oid in ids])

    async def insert_async(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            await PersonWrite(**payload).insert()
        return len(payloads)

    async def update_async(_: None) -> int:
        for n, oid in enumerate(ids):
            await Person.find_one(Person.id == oid).update({"$set": {Person.age: n % 90}})
        return len(ids)

    async def find_async(_: None) -> int:
        return len(await Person.find_all().to_list())

    async def projected_async(_: None) -> int:
        return len(await Person.find_all().project(NameEmail).to_list())

    async def bulk_async(payloads: list[dict[str, Any]]) -> int:
        await PersonWrite.insert_many([PersonWrite(**payload) for payload in payloads])
        return len(payloads)

    async def aggregate_async(_: None) -> int:
        for _ in range(counts.aggregates):
            await Person.find_all().aggregate(GROUP_PIPELINE).to_list()
        return counts.aggregates

    async def related_async(_: None) -> int:
        posts = await Post.find_all(fetch_links=True).to_list()
        assert all(post.author.name for post in posts)  # type: ignore[attr-defined]
        return len(posts)

    return {
        "get_by_id_async": Variant(on_loop(loop, get_async), len(ids)),
        "insert_one_async": Variant(
            on_loop(loop, insert_async), counts.inserts, lambda: context.write_payloads(counts.inserts)
        ),
        "update_one_async": Variant(on_loop(loop, update_async), len(ids)),
        "find_1000_hydrated_async": Variant(on_loop(loop, find_async), counts.find),
        "find_1000_projected_async": Variant(on_loop(loop, projected_async), counts.find),
        "bulk_create_1000_async": Variant(
            on_loop(loop, bulk_async), counts.bulk, lambda: context.write_payloads(counts.bulk)
        ),
        "aggregate_group_async": Variant(on_loop(loop, aggregate_async), counts.aggregates),
        "select_related_100_async": Variant(on_loop(loop, related_async), counts.related),
    }
