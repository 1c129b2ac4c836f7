"""Beanie 2 (async only, on PyMongo's AsyncMongoClient)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from ..data import (
    AUTHORS,
    GROUP_PIPELINE,
    PEOPLE,
    POSTS_DBREF,
    SHAPES,
    STREAM,
    WRITES,
    Context,
    Shape,
    shape_scenario,
)
from ..harness import DRF_SCENARIO, GATHER, SAVES, SCENARIOS, Variant, assemble, face_of

NAME = "beanie"
LIBRARIES = {
    scenario: NAME
    for scenario in SCENARIOS
    if face_of(scenario) == "async" and scenario not in (DRF_SCENARIO, *GATHER, *SAVES)
}
CANNOT: dict[str, str] = {}


def shape_model(shape: Shape) -> Any:
    """A Document class of ``shape``: str and int fields, embedded models for its levels."""
    from beanie import Document
    from pydantic import BaseModel, create_model

    def fields(depth: int) -> dict[str, Any]:
        namespace: dict[str, Any] = {
            f"f{n}": (str | None if n % 2 else int | None, None) for n in range(shape.fields - (depth > 0))
        }
        if depth:
            level = create_model(f"Shape_{shape.name}_{depth}", __base__=BaseModel, **fields(depth - 1))
            namespace[f"f{shape.fields - 1}"] = (level | None, None)
        return namespace

    model: Any = create_model(f"Shape_{shape.name}", __base__=Document, **fields(shape.depth))
    model.Settings = type("Settings", (), {"name": shape.collection})
    return model


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

    class PersonStream(Document, PersonFields):
        class Settings:
            name = STREAM

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

    shapes = {shape_scenario(shape, "async"): shape_model(shape) for shape in SHAPES}
    client: Any = AsyncMongoClient(context.uri, tz_aware=True)
    loop, counts, ids = context.loop, context.counts, context.ids
    loop.run_until_complete(
        init_beanie(
            database=client[context.db],
            document_models=[Person, PersonWrite, PersonStream, Author, Post, *shapes.values()],
        )
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

    async def find_10_async(_: None) -> int:
        return len(await Person.find_all().limit(10).to_list())

    async def find_all_async(_: None) -> int:
        return len(await PersonStream.find_all().to_list())

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

    def find_shape_async(model: Any) -> Callable[[None], Awaitable[int]]:
        async def run(_: None) -> int:
            return len(await model.find_all().to_list())

        return run

    return assemble(
        context,
        {
            **{scenario: find_shape_async(model) for scenario, model in shapes.items()},
            "get_by_id_async": get_async,
            "insert_one_async": insert_async,
            "update_one_async": update_async,
            "find_1000_hydrated_async": find_async,
            "find_10_hydrated_async": find_10_async,
            "find_100000_hydrated_async": find_all_async,
            "find_1000_projected_async": projected_async,
            "bulk_create_1000_async": bulk_async,
            "aggregate_group_async": aggregate_async,
            "select_related_100_async": related_async,
        },
    )
