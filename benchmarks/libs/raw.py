"""Raw PyMongo, the baseline: MongoClient and AsyncMongoClient, results as dicts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any

from ..data import (
    AUTHORS,
    DEADLINE,
    GROUP_PIPELINE,
    LISTS,
    MEMBERS,
    PEOPLE,
    POSTS,
    SHAPES,
    STREAM,
    UNVERSIONED,
    VERSION,
    VERSIONED,
    WRITES,
    Context,
    gathered_ids,
    shape_scenario,
)
from ..harness import GATHERED, SCENARIOS, Variant, assemble, face_of

LIBRARIES = {scenario: f"pymongo.{face_of(scenario)}" for scenario in SCENARIOS}
NAME = "pymongo"
PREFIX = "raw"  # where its DRF list is served: web.list_path(PREFIX)
CANNOT: dict[str, str] = {}


def client_options() -> dict[str, Any]:
    """mongodb_rest's client options: aware datetimes, standard UUIDs and its per-operation deadline."""
    return {"tz_aware": True, "uuidRepresentation": "standard", "timeoutMS": DEADLINE * 1000}


def variants(context: Context) -> dict[str, Variant]:
    from pymongo import AsyncMongoClient, MongoClient

    options = client_options()
    db = MongoClient(context.uri, **options)[context.db]
    adb = AsyncMongoClient(context.uri, **options)[context.db]
    counts, ids = context.counts, context.ids
    people, apeople, awrites = db[PEOPLE], adb[PEOPLE], adb[WRITES]
    gathered = gathered_ids(ids, GATHERED)

    def get_sync(_: None) -> int:
        return sum(people.find_one({"_id": oid}) is not None for oid in ids)

    async def get_async(_: None) -> int:
        return sum([await apeople.find_one({"_id": oid}) is not None for oid in ids])

    def insert_sync(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            db[WRITES].insert_one(payload)
        return len(payloads)

    async def gather_get_async(_: None) -> int:
        found = await asyncio.gather(*(apeople.find_one({"_id": oid}) for oid in gathered))
        return sum(document is not None for document in found)

    async def gather_find_async(_: None) -> int:
        found = await asyncio.gather(
            *(apeople.find({"age": n % 90}).limit(10).to_list(None) for n in range(GATHERED))
        )
        return sum(bool(documents) for documents in found)

    async def insert_async(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            await awrites.insert_one(payload)
        return len(payloads)

    async def update_async(_: None) -> int:
        for n, oid in enumerate(ids):
            await apeople.update_one({"_id": oid}, {"$set": {"age": n % 90}})
        return len(ids)

    def find_sync(_: None) -> int:
        return len(list(people.find()))

    async def find_async(_: None) -> int:
        return len(await apeople.find().to_list(None))

    def find_10_sync(_: None) -> int:
        return len(list(people.find().limit(10)))

    async def find_10_async(_: None) -> int:
        return len(await apeople.find().limit(10).to_list(None))

    def find_all_sync(_: None) -> int:
        return len(list(db[STREAM].find()))

    async def find_all_async(_: None) -> int:
        return len(await adb[STREAM].find().to_list(None))

    async def projected_async(_: None) -> int:
        return len(await apeople.find({}, {"name": 1, "email": 1}).to_list(None))

    async def bulk_async(payloads: list[dict[str, Any]]) -> int:
        return len((await awrites.insert_many(payloads)).inserted_ids)

    async def aggregate_async(_: None) -> int:
        for _ in range(counts.aggregates):
            await (await apeople.aggregate(GROUP_PIPELINE)).to_list(None)
        return counts.aggregates

    async def related_async(_: None) -> int:
        posts = await adb[POSTS].find().to_list(None)
        ids = list({post["author"] for post in posts})
        authors = {doc["_id"]: doc async for doc in adb[AUTHORS].find({"_id": {"$in": ids}})}
        for post in posts:
            post["author"] = authors[post["author"]]
        return len(posts)

    def find_shape_sync(collection: str) -> Callable[[None], int]:
        return lambda _: len(list(db[collection].find()))

    def find_shape_async(collection: str) -> Callable[[None], Awaitable[int]]:
        async def run(_: None) -> int:
            return len(await adb[collection].find().to_list(None))

        return run

    def save_sync(name: str, versioned: bool) -> Callable[[None], int]:
        def run(_: None) -> int:
            saved = 0
            for oid in ids:
                document = db[name].find_one({"_id": oid})
                assert document is not None
                saved += db[name].update_one(*save_write(document, versioned)).matched_count
            return saved

        return run

    def save_async(name: str, versioned: bool) -> Callable[[None], Awaitable[int]]:
        async def run(_: None) -> int:
            saved = 0
            for oid in ids:
                document = await adb[name].find_one({"_id": oid})
                assert document is not None
                saved += (await adb[name].update_one(*save_write(document, versioned))).matched_count
            return saved

        return run

    def holder(name: str) -> Callable[[], dict[str, Any]]:
        """The document holding the list ``name``, loaded once (untimed) and kept."""

        @cache
        def loaded() -> dict[str, Any]:
            document = db[LISTS].find_one({"name": name})
            assert document is not None
            return document

        return loaded

    def patch_async(times: int) -> Callable[[dict[str, Any]], Awaitable[int]]:
        async def run(document: dict[str, Any]) -> int:
            patched = 0
            for _ in range(times):
                document["count"] += 1
                change = {"$set": {"count": document["count"]}}
                patched += (await adb[LISTS].update_one({"_id": document["_id"]}, change)).matched_count
            return patched

        return run

    shapes = {
        **{shape_scenario(shape, "sync"): find_shape_sync(shape.collection) for shape in SHAPES},
        **{shape_scenario(shape, "async"): find_shape_async(shape.collection) for shape in SHAPES},
    }
    return assemble(
        context,
        {
            **shapes,
            "get_by_id_sync": get_sync,
            "get_by_id_async": get_async,
            "gather_get_100_async": gather_get_async,
            "gather_find_100_async": gather_find_async,
            "insert_one_sync": insert_sync,
            "insert_one_async": insert_async,
            "update_one_async": update_async,
            "find_1000_hydrated_sync": find_sync,
            "find_1000_hydrated_async": find_async,
            "find_10_hydrated_sync": find_10_sync,
            "find_10_hydrated_async": find_10_async,
            "find_100000_hydrated_sync": find_all_sync,
            "find_100000_hydrated_async": find_all_async,
            "find_1000_projected_async": projected_async,
            "bulk_create_1000_async": bulk_async,
            "aggregate_group_async": aggregate_async,
            "select_related_100_async": related_async,
            "save_versioned_sync": save_sync(VERSIONED, versioned=True),
            "save_versioned_async": save_async(VERSIONED, versioned=True),
            "save_unversioned_sync": save_sync(UNVERSIONED, versioned=False),
            "save_unversioned_async": save_async(UNVERSIONED, versioned=False),
            "patch_one_field_small_list_async": patch_async(counts.patches),
            "patch_one_field_large_list_async": patch_async(counts.large_patches),
        },
        {
            "patch_one_field_small_list_async": holder("small"),
            "patch_one_field_large_list_async": holder("large"),
        },
    )


def save_write(document: dict[str, Any], versioned: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filter and update of a save changing one field of the loaded ``document``; with a version,
    conditional on the version it was loaded with and incrementing it."""
    update = {"$set": {"age": (document["age"] + 1) % 90}}
    if not versioned:
        return {"_id": document["_id"]}, update
    return {"_id": document["_id"], VERSION: document[VERSION]}, {**update, "$inc": {VERSION: 1}}


def drf(context: Context) -> Variant:
    """A plain async Django view: the 100 members read with AsyncMongoClient, returned as JSON."""
    from django.http import JsonResponse
    from django.urls import path
    from pymongo import AsyncMongoClient

    from .. import web

    members = AsyncMongoClient(context.uri, **client_options())[context.db][MEMBERS]

    async def list_members(request: Any) -> JsonResponse:
        documents = await members.find().to_list(None)
        for document in documents:
            document["id"] = str(document.pop("_id"))
        return JsonResponse(documents, safe=False)

    return web.members_list(context, PREFIX, [path("members/", list_members)])
