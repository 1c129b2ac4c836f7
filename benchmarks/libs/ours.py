"""mongodb_rest on both faces: ``mongodb_rest.aio`` (the async face) and ``mongodb_rest.sync``."""

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
    VERSIONED,
    WRITES,
    Context,
    Shape,
    gathered_ids,
    shape_scenario,
)
from ..harness import GATHERED, SCENARIOS, Variant, assemble, face_of

LIBRARIES = {
    scenario: f"mongodb_rest.{'aio' if face_of(scenario) == 'async' else 'sync'}" for scenario in SCENARIOS
}
NAME = "mongodb_rest"
PREFIX = "ours"  # where its DRF list is served: web.list_path(PREFIX)
CANNOT: dict[str, str] = {}


@cache
def models() -> dict[str, Any]:
    from mongodb_rest import Document, EmbeddedDocument
    from mongodb_rest.fields import (
        BooleanField,
        DateTimeField,
        EmailField,
        EmbeddedDocumentField,
        IntField,
        ListField,
        ReferenceField,
        StringField,
    )

    class BenchAddress(EmbeddedDocument):
        street = StringField()
        city = StringField()
        country = StringField()

    class BenchPersonBase(Document):
        name = StringField(required=True)
        email = StringField()
        age = IntField()
        tags = ListField(StringField())
        address = EmbeddedDocumentField(BenchAddress)
        created = DateTimeField()
        active = BooleanField()
        meta = {"abstract": True}

    class BenchPerson(BenchPersonBase):
        meta = {"collection": PEOPLE}

    class BenchPersonWrite(BenchPersonBase):
        meta = {"collection": WRITES}

    class BenchPersonStream(BenchPersonBase):
        meta = {"collection": STREAM}

    class BenchPersonVersioned(BenchPersonBase):
        meta = {"collection": VERSIONED, "versioned": True}

    class BenchPersonUnversioned(BenchPersonBase):
        meta = {"collection": UNVERSIONED}

    class BenchListHolder(Document):
        name = StringField()
        count = IntField()
        items = ListField(StringField())
        meta = {"collection": LISTS}

    class BenchAuthor(Document):
        name = StringField()
        meta = {"collection": AUTHORS}

    class BenchPost(Document):
        title = StringField()
        author = ReferenceField(BenchAuthor)
        meta = {"collection": POSTS}

    class BenchMember(Document):
        name = StringField(required=True, max_length=50)
        email = EmailField(required=True)
        age = IntField(min_value=0)
        is_active = BooleanField(default=True)
        meta = {"collection": MEMBERS}

    return {
        **{shape.name: shape_model(shape) for shape in SHAPES},
        "person": BenchPerson,
        "write": BenchPersonWrite,
        "stream": BenchPersonStream,
        "versioned": BenchPersonVersioned,
        "unversioned": BenchPersonUnversioned,
        "list": BenchListHolder,
        "post": BenchPost,
        "member": BenchMember,
    }


def shape_model(shape: Shape) -> Any:
    """A Document class of ``shape``: StringFields and IntFields, embedded documents for its levels."""
    from mongodb_rest import Document, EmbeddedDocument
    from mongodb_rest.fields import EmbeddedDocumentField, IntField, StringField

    def fields(depth: int) -> dict[str, Any]:
        namespace: dict[str, Any] = {
            f"f{n}": StringField() if n % 2 else IntField() for n in range(shape.fields - (depth > 0))
        }
        if depth:
            level = type(f"BenchShape_{shape.name}_{depth}", (EmbeddedDocument,), fields(depth - 1))
            namespace[f"f{shape.fields - 1}"] = EmbeddedDocumentField(level)
        return namespace

    return type(
        f"BenchShape_{shape.name}",
        (Document,),
        {**fields(shape.depth), "meta": {"collection": shape.collection}},
    )


def connected(context: Context) -> dict[str, Any]:
    from mongodb_rest import connect

    # a per-operation deadline as by default, but long enough for the embedded server's bulk inserts
    connect(context.db, host=context.uri, timeout=DEADLINE)
    return models()


def variants(context: Context) -> dict[str, Variant]:
    m = connected(context)
    Person, Write, Post, Stream = m["person"], m["write"], m["post"], m["stream"]
    SyncPerson, SyncWrite = Person.sync, Write.sync
    counts, ids = context.counts, context.ids
    gathered = gathered_ids(ids, GATHERED)

    def get_sync(_: None) -> int:
        return len([SyncPerson.objects.get(id=oid) for oid in ids])

    async def get_async(_: None) -> int:
        return len([await Person.objects.get(id=oid) for oid in ids])

    async def gather_get_async(_: None) -> int:
        return len(await asyncio.gather(*(Person.objects.get(id=oid) for oid in gathered)))

    async def small_find(age: int) -> list[Any]:
        return [person async for person in Person.objects.filter(age=age)[:10]]

    async def gather_find_async(_: None) -> int:
        found = await asyncio.gather(*(small_find(n % 90) for n in range(GATHERED)))
        return sum(bool(documents) for documents in found)

    def insert_sync(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            SyncWrite(**payload).save()
        return len(payloads)

    async def insert_async(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            await Write(**payload).save()
        return len(payloads)

    async def update_async(_: None) -> int:
        for n, oid in enumerate(ids):
            await Person.objects.filter(id=oid).update_one(age=n % 90)
        return len(ids)

    def find_sync(_: None) -> int:
        return len(list(SyncPerson.objects.all()))

    async def find_async(_: None) -> int:
        return len([person async for person in Person.objects.all()])

    def find_10_sync(_: None) -> int:
        return len(list(SyncPerson.objects.all()[:10]))

    async def find_10_async(_: None) -> int:
        return len([person async for person in Person.objects.all()[:10]])

    def find_all_sync(_: None) -> int:
        return len(list(Stream.sync.objects.all()))

    async def find_all_async(_: None) -> int:
        return len([person async for person in Stream.objects.all()])

    async def projected_async(_: None) -> int:
        return len([person async for person in Person.objects.only("name", "email")])

    async def bulk_async(payloads: list[dict[str, Any]]) -> int:
        return len(await Write.objects.bulk_create([Write(**payload) for payload in payloads]))

    async def aggregate_async(_: None) -> int:
        for _ in range(counts.aggregates):
            await Person.objects.aggregate(GROUP_PIPELINE)
        return counts.aggregates

    async def related_async(_: None) -> int:
        posts = [post async for post in Post.objects.select_related("author")]
        assert all(post.author.name for post in posts)
        return len(posts)

    def find_shape_sync(model: Any) -> Callable[[None], int]:
        return lambda _: len(list(model.sync.objects.all()))

    def find_shape_async(model: Any) -> Callable[[None], Awaitable[int]]:
        async def run(_: None) -> int:
            return len([document async for document in model.objects.all()])

        return run

    def save_sync(model: Any) -> Callable[[None], int]:
        def run(_: None) -> int:
            for oid in ids:
                document = model.sync.objects.get(id=oid)
                document.age = (document.age + 1) % 90
                document.save()
            return len(ids)

        return run

    def save_async(model: Any) -> Callable[[None], Awaitable[int]]:
        async def run(_: None) -> int:
            for oid in ids:
                document = await model.objects.get(id=oid)
                document.age = (document.age + 1) % 90
                await document.save()
            return len(ids)

        return run

    def holder(name: str) -> Callable[[], Any]:
        """The document holding the list ``name``, loaded once (untimed) and kept."""
        return cache(lambda: context.loop.run_until_complete(m["list"].objects.get(name=name)))

    def patch_async(times: int) -> Callable[[Any], Awaitable[int]]:
        async def run(document: Any) -> int:
            for _ in range(times):
                document.count += 1
                await document.save()
            return times

        return run

    shapes = {
        **{shape_scenario(shape, "sync"): find_shape_sync(m[shape.name]) for shape in SHAPES},
        **{shape_scenario(shape, "async"): find_shape_async(m[shape.name]) for shape in SHAPES},
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
            "save_versioned_sync": save_sync(m["versioned"]),
            "save_versioned_async": save_async(m["versioned"]),
            "save_unversioned_sync": save_sync(m["unversioned"]),
            "save_unversioned_async": save_async(m["unversioned"]),
            "patch_one_field_small_list_async": patch_async(counts.patches),
            "patch_one_field_large_list_async": patch_async(counts.large_patches),
        },
        {
            "patch_one_field_small_list_async": holder("small"),
            "patch_one_field_large_list_async": holder("large"),
        },
    )


def drf(context: Context) -> Variant:
    """An AsyncModelViewSet with a DocumentSerializer, routed by adrf's DefaultRouter."""
    from adrf.routers import DefaultRouter

    from mongodb_rest.rest_framework.serializers import DocumentSerializer
    from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

    from .. import web

    member = connected(context)["member"]

    class MemberSerializer(DocumentSerializer):
        class Meta:
            model = member
            fields = ["id", "name", "email", "age", "is_active"]

    class MemberViewSet(AsyncModelViewSet):
        serializer_class = MemberSerializer
        queryset = member.objects.all()

    router = DefaultRouter()
    router.register("members", MemberViewSet, basename="bench-member")
    return web.members_list(context, PREFIX, router.urls)
