"""Aggify 1.x: an ODM on PyMongo with a sync and an async API (``get``/``aget``, ``list``/``alist``...)."""

from __future__ import annotations

from typing import Any

from ..data import AUTHORS, PEOPLE, POSTS, WRITES, Context
from ..harness import DRF_SCENARIO, GATHER, GROWTH, SAVES, SCENARIOS, Variant, assemble

NAME = "aggify"
LIBRARIES = {
    scenario: NAME for scenario in SCENARIOS if scenario not in (DRF_SCENARIO, *GATHER, *GROWTH, *SAVES)
}
CANNOT: dict[str, str] = {}


def variants(context: Context) -> dict[str, Variant]:
    import aggify
    from aggify import Avg, Count, Document, EmbeddedDocument
    from aggify.fields import (
        BooleanField,
        DateTimeField,
        EmbeddedField,
        IntField,
        ListField,
        ReferenceField,
        StringField,
    )

    aggify.connect(context.uri, context.db, tz_aware=True)

    class Address(EmbeddedDocument):
        street = StringField()
        city = StringField()
        country = StringField()

    class PersonBase(Document):
        name = StringField(required=True)
        email = StringField()
        age = IntField()
        tags = ListField(StringField())
        address = EmbeddedField(Address)
        created = DateTimeField()
        active = BooleanField()

        class Meta:
            abstract = True

    class Person(PersonBase):
        class Meta:
            collection = PEOPLE

    class PersonWrite(PersonBase):
        class Meta:
            collection = WRITES

    class Author(Document):
        name = StringField()

        class Meta:
            collection = AUTHORS

    class Post(Document):
        title = StringField()
        author = ReferenceField(Author)

        class Meta:
            collection = POSTS

    counts, ids = context.counts, context.ids

    def build(model: Any, payload: dict[str, Any]) -> Any:
        return model(**{**payload, "address": Address(**payload["address"])})

    def get_sync(_: None) -> int:
        return len([Person.objects.get(pk=oid) for oid in ids])

    async def get_async(_: None) -> int:
        return len([await Person.objects.aget(pk=oid) for oid in ids])

    def insert_sync(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            build(PersonWrite, payload).save()
        return len(payloads)

    async def insert_async(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            await build(PersonWrite, payload).asave()
        return len(payloads)

    async def update_async(_: None) -> int:
        for n, oid in enumerate(ids):
            await Person.objects.filter(pk=oid).aupdate_one(age=n % 90)
        return len(ids)

    def find_sync(_: None) -> int:
        return len(Person.objects.all().list())

    async def find_async(_: None) -> int:
        return len(await Person.objects.all().alist())

    async def projected_async(_: None) -> int:
        return len(await Person.objects.only("name", "email").alist())

    async def bulk_async(payloads: list[dict[str, Any]]) -> int:
        return len(await PersonWrite.objects.abulk_create([build(PersonWrite, p) for p in payloads]))

    async def aggregate_async(_: None) -> int:
        for _ in range(counts.aggregates):
            pipeline = Person.objects.to_pipeline().group(
                "address__country", count=Count(), average_age=Avg("age")
            )
            await pipeline.order_by("_id").aexecute()
        return counts.aggregates

    async def related_async(_: None) -> int:
        posts = await Post.objects.select_related("author").alist()
        assert all(post.author.name for post in posts)
        return len(posts)

    return assemble(
        context,
        {
            "get_by_id_sync": get_sync,
            "get_by_id_async": get_async,
            "insert_one_sync": insert_sync,
            "insert_one_async": insert_async,
            "update_one_async": update_async,
            "find_1000_hydrated_sync": find_sync,
            "find_1000_hydrated_async": find_async,
            "find_1000_projected_async": projected_async,
            "bulk_create_1000_async": bulk_async,
            "aggregate_group_async": aggregate_async,
            "select_related_100_async": related_async,
        },
    )
