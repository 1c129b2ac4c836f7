"""The Pydantic floor: raw PyMongo plus the least any ODM of Pydantic models must do per document.

Reads turn each document raw PyMongo returns into a plain ``pydantic.BaseModel`` instance without
validation, by the cheapest path (``__new__`` and its four slots, the values read by subscript, an
embedded document kept as the stored dict); writes validate a plain model from the payload and insert
its ``model_dump()``. The update changes no model, so it is raw PyMongo's. Not run by default:
``--libraries floor`` (``python -m benchmarks``, ``python -m benchmarks.instructions``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..data import AUTHORS, PEOPLE, POSTS, WRITES, Context
from ..harness import Variant, assemble
from . import raw

LABEL = "pydantic floor"
LIBRARIES = {
    scenario: LABEL
    for scenario in (
        "get_by_id_sync",
        "get_by_id_async",
        "insert_one_sync",
        "insert_one_async",
        "update_one_async",
        "find_1000_hydrated_sync",
        "find_1000_hydrated_async",
        "find_1000_projected_async",
        "bulk_create_1000_async",
        "select_related_100_async",
    )
}
NAME = LABEL
CANNOT: dict[str, str] = {}

Reader = Callable[[dict[str, Any]], Any]


def reader(cls: type[Any], keys: dict[str, str]) -> Reader:
    """A function building an instance of the model ``cls`` from a stored document, unvalidated.

    ``keys`` maps each field to its stored key. The instance is made by ``cls.__new__(cls)`` and its four
    slots set through BaseModel's descriptors: the values (one dict display of subscripts, compiled
    once), the fields set (a set of its own), no extra fields and no private state.
    """
    from pydantic import BaseModel

    slots = {name: BaseModel.__dict__[name].__set__ for name in BaseModel.__slots__}
    values = ", ".join(f"{field!r}: document[{key!r}]" for field, key in keys.items())
    source = (
        "def read(document):\n"
        "    instance = new(cls)\n"
        f"    set_values(instance, {{{values}}})\n"
        "    set_fields(instance, set(names))\n"
        "    set_extra(instance, None)\n"
        "    set_private(instance, None)\n"
        "    return instance\n"
    )
    namespace: dict[str, Any] = {
        "new": cls.__new__,
        "cls": cls,
        "names": frozenset(keys),
        "set_values": slots["__dict__"],
        "set_fields": slots["__pydantic_fields_set__"],
        "set_extra": slots["__pydantic_extra__"],
        "set_private": slots["__pydantic_private__"],
    }
    exec(source, namespace)
    return namespace["read"]  # type: ignore[no-any-return]


def models() -> dict[str, Any]:
    """The plain models: a person to validate (7 fields, all optional but the name) and to read (with
    its id), a post and its author."""
    from bson import ObjectId
    from pydantic import BaseModel, ConfigDict

    class PlainAddress(BaseModel):
        street: str | None = None
        city: str | None = None
        country: str | None = None

    class PlainPerson(BaseModel):
        name: str
        email: str | None = None
        age: int | None = None
        tags: list[str] | None = None
        address: PlainAddress | None = None
        created: datetime | None = None
        active: bool | None = None

    class StoredPerson(PlainPerson):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        id: ObjectId | None = None

    class PlainAuthor(BaseModel):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        id: ObjectId | None = None
        name: str | None = None

    class PlainPost(BaseModel):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        id: ObjectId | None = None
        title: str | None = None
        author: PlainAuthor | None = None

    person = {"id": "_id", **{name: name for name in PlainPerson.model_fields}}
    return {
        "write": PlainPerson,
        "person": reader(StoredPerson, person),
        "projected": reader(StoredPerson, {"id": "_id", "name": "name", "email": "email"}),
        "author": reader(PlainAuthor, {"id": "_id", "name": "name"}),
        "post": reader(PlainPost, {"id": "_id", "title": "title", "author": "author"}),
    }


def variants(context: Context) -> dict[str, Variant]:
    from pymongo import AsyncMongoClient, MongoClient

    m = models()
    Person, read, read_projected, read_author, read_post = (
        m["write"],
        m["person"],
        m["projected"],
        m["author"],
        m["post"],
    )
    options = raw.client_options()
    db = MongoClient(context.uri, **options)[context.db]
    adb = AsyncMongoClient(context.uri, **options)[context.db]
    ids = context.ids
    people, apeople, awrites = db[PEOPLE], adb[PEOPLE], adb[WRITES]

    def get_sync(_: None) -> int:
        return len([read(people.find_one({"_id": oid})) for oid in ids])

    async def get_async(_: None) -> int:
        return len([read(await apeople.find_one({"_id": oid})) for oid in ids])

    def insert_sync(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            db[WRITES].insert_one(Person(**payload).model_dump())
        return len(payloads)

    async def insert_async(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            await awrites.insert_one(Person(**payload).model_dump())
        return len(payloads)

    def find_sync(_: None) -> int:
        return len([read(document) for document in people.find()])

    async def find_async(_: None) -> int:
        return len([read(document) for document in await apeople.find().to_list(None)])

    async def projected_async(_: None) -> int:
        found = await apeople.find({}, {"name": 1, "email": 1}).to_list(None)
        return len([read_projected(document) for document in found])

    async def bulk_async(payloads: list[dict[str, Any]]) -> int:
        documents = [Person(**payload).model_dump() for payload in payloads]
        return len((await awrites.insert_many(documents)).inserted_ids)

    async def related_async(_: None) -> int:
        posts = await adb[POSTS].find().to_list(None)
        ids = list({post["author"] for post in posts})
        authors = {doc["_id"]: read_author(doc) async for doc in adb[AUTHORS].find({"_id": {"$in": ids}})}
        for post in posts:
            post["author"] = authors[post["author"]]
        return len([read_post(post) for post in posts])

    return {
        **assemble(
            context,
            {
                "get_by_id_sync": get_sync,
                "get_by_id_async": get_async,
                "insert_one_sync": insert_sync,
                "insert_one_async": insert_async,
                "find_1000_hydrated_sync": find_sync,
                "find_1000_hydrated_async": find_async,
                "find_1000_projected_async": projected_async,
                "bulk_create_1000_async": bulk_async,
                "select_related_100_async": related_async,
            },
        ),
        "update_one_async": raw.variants(context)["update_one_async"],
    }
