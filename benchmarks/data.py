"""The data every library reads, seeded once per run with raw PyMongo, and what a library is given."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import DBRef, ObjectId
from pymongo import MongoClient

PEOPLE = "person"  # 1,000 people (Counts.find): reads, gets, updates, aggregation
WRITES = "person_writes"  # emptied before every timed write run
AUTHORS = "author"
POSTS = "post"  # 100 posts, each referencing one of 20 authors by id
POSTS_DBREF = "post_dbref"  # the same posts referencing their authors by DBRef (for Beanie's Link)
MEMBERS = "member"  # 100 members listed by the DRF scenario
STREAM = "stream"  # the large collection of the streaming measurement
VERSIONED = "person_versioned"  # copies of the gotten people with a version: the versioned saves
UNVERSIONED = "person_unversioned"  # the same copies without one: the unversioned saves
LISTS = "list_holder"  # one document per size of LIST_SIZES: a scalar field beside a list of strings
LIST_SIZES = {"large": 200_000, "small": 2_000}  # items of each list, by the document's name
DEADLINE = 60.0  # seconds per operation (timeoutMS) for raw PyMongo and mongodb_rest: a 1,000-document
# insert_many takes the embedded server seconds, beyond mongodb_rest's default of 5
VERSION = "_version"  # the stored key of mongodb_rest's version (meta version_field's default)
COUNTRIES = ("NO", "SE", "DK", "FI", "IS")
GROUP_PIPELINE: list[dict[str, Any]] = [
    {"$group": {"_id": "$address.country", "count": {"$sum": 1}, "average_age": {"$avg": "$age"}}},
    {"$sort": {"_id": 1}},
]
START = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Shape:
    """A document shape of the growth scenarios (the ODM benchmark spec's flat and nested models).

    ``fields`` strings and ints alternating; with ``depth``, the last field is an embedded document of
    the same fields, ``depth`` levels down.
    """

    name: str
    fields: int
    depth: int = 0

    @property
    def collection(self) -> str:
        return f"shape_{self.name}"

    def document(self, i: int, depth: int | None = None) -> dict[str, Any]:
        depth = self.depth if depth is None else depth
        document: dict[str, Any] = {
            f"f{n}": (f"value {i}-{n}" if n % 2 else i + n) for n in range(self.fields - (depth > 0))
        }
        if depth:
            document[f"f{self.fields - 1}"] = self.document(i, depth - 1)
        return document


SHAPES = (
    Shape("flat_8", 8),
    Shape("flat_50", 50),
    Shape("flat_200", 200),
    Shape("nested_1", 8, 1),
    Shape("nested_3", 8, 3),
)


def shape_scenario(shape: Shape, face: str) -> str:
    return f"find_shape_{shape.name}_{face}"


def person(i: int) -> dict[str, Any]:
    """A person of 8 fields: strings, an int, a list, an embedded document, a datetime, a bool."""
    return {
        "name": f"user{i}",
        "email": f"u{i}@example.com",
        "age": i % 90,
        "tags": ["a", "b", "c"],
        "address": {"street": f"Main {i}", "city": "Oslo", "country": COUNTRIES[i % len(COUNTRIES)]},
        "created": START + timedelta(seconds=i),
        "active": i % 7 != 0,
    }


def member(i: int) -> dict[str, Any]:
    """One of the 100 members the DRF list answers."""
    return {"name": f"member{i}", "email": f"m{i}@example.com", "age": 20 + i % 50, "is_active": True}


def gathered_ids(ids: list[ObjectId], count: int) -> list[ObjectId]:
    """``count`` ids to get at once, going round ``ids`` (bench-quick notes fewer ids than it gathers)."""
    return [ids[i % len(ids)] for i in range(count)]


def people(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [person(i) for i in range(start, start + count)]


@dataclass(frozen=True)
class Counts:
    """How many operations one timed run does, per kind of scenario."""

    by_id: int = 200  # get_by_id and update_one
    inserts: int = 200
    find: int = 1000
    bulk: int = 1000
    aggregates: int = 10
    related: int = 100
    requests: int = 20
    shapes: int = 200  # documents of each shape
    patches: int = 50  # saves of one field of the document holding the small list
    large_patches: int = 5  # the same of the large list: each costs the embedded server seconds


QUICK = Counts(by_id=50, inserts=50, bulk=100, aggregates=3, requests=5, patches=20)


@dataclass
class Context:
    """What a library's variants are built from: the server, the run's database, the ids to get."""

    uri: str
    db: str
    loop: asyncio.AbstractEventLoop
    counts: Counts
    ids: list[ObjectId] = field(default_factory=list)
    raw: MongoClient[dict[str, Any]] | None = None

    def client(self) -> MongoClient[dict[str, Any]]:
        """The run's raw sync client (seeding, untimed clean-up)."""
        if self.raw is None:
            self.raw = MongoClient(self.uri, tz_aware=True, uuidRepresentation="standard")
        return self.raw

    def empty_writes(self) -> None:
        """Untimed: start a write run from an empty collection."""
        self.client()[self.db].drop_collection(WRITES)

    def write_payloads(self, count: int) -> list[dict[str, Any]]:
        """Untimed: empty the write collection and return ``count`` fresh people to insert."""
        self.empty_writes()
        return people(count)

    def note_ids(self) -> None:
        """Note the ids that get_by_id reads: the first of the seeded people."""
        people = self.client()[self.db][PEOPLE]
        self.ids = [doc["_id"] for doc in people.find({}, {"_id": 1}).limit(self.counts.by_id)]


def seed(context: Context) -> None:
    """Fill the run's database (raw PyMongo) and note the ids that get_by_id reads."""
    db = context.client()[context.db]
    db[PEOPLE].insert_many(people(max(context.counts.find, context.counts.by_id)))
    context.note_ids()
    saved = list(db[PEOPLE].find({"_id": {"$in": context.ids}}))
    db[UNVERSIONED].insert_many([dict(document) for document in saved])
    db[VERSIONED].insert_many([{**document, VERSION: 1} for document in saved])
    seed_list(context, "small")
    authors = [ObjectId() for _ in range(20)]
    db[AUTHORS].insert_many([{"_id": oid, "name": f"author{i}"} for i, oid in enumerate(authors)])
    posts = [
        {"title": f"post {i}", "author": authors[i % len(authors)]} for i in range(context.counts.related)
    ]
    db[POSTS].insert_many([dict(post) for post in posts])
    db[POSTS_DBREF].insert_many([{**post, "author": DBRef(AUTHORS, post["author"])} for post in posts])
    db[MEMBERS].insert_many([member(i) for i in range(100)])
    for shape in SHAPES:
        db[shape.collection].insert_many([shape.document(i) for i in range(context.counts.shapes)])


def seed_list(context: Context, name: str) -> None:
    """Store the document ``name`` of LIST_SIZES: a count and that many strings.

    ``seed`` stores the small one; the large one costs the embedded server seconds, so the run stores it
    only when its scenario runs.
    """
    items = [f"item {i}" for i in range(LIST_SIZES[name])]
    context.client()[context.db][LISTS].insert_one({"name": name, "count": 0, "items": items})
