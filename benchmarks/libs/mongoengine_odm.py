"""MongoEngine (sync only), and django-rest-framework-mongoengine's viewset for the DRF scenario."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..data import MEMBERS, PEOPLE, SHAPES, STREAM, WRITES, Context, Shape, shape_scenario
from ..harness import Variant, assemble

NAME = "mongoengine"
PREFIX = "mongoengine"  # where its DRF list is served: web.list_path(PREFIX)
LIBRARIES = {
    "get_by_id_sync": NAME,
    "insert_one_sync": NAME,
    "find_1000_hydrated_sync": NAME,
    "find_10_hydrated_sync": NAME,
    "find_100000_hydrated_sync": NAME,
    **{shape_scenario(shape, "sync"): NAME for shape in SHAPES},
    "drf_list_100_async": "drf_mongoengine",
}
CANNOT = {"save_versioned_sync": "no versioned documents: a save is never conditional on a version"}


def connected(context: Context) -> Any:
    import mongoengine

    mongoengine.connect(context.db, host=context.uri, tz_aware=True)
    return mongoengine


def shape_model(me: Any, shape: Shape) -> Any:
    """A Document class of ``shape``: StringFields and IntFields, embedded documents for its levels."""

    def fields(depth: int) -> dict[str, Any]:
        namespace: dict[str, Any] = {
            f"f{n}": me.StringField() if n % 2 else me.IntField() for n in range(shape.fields - (depth > 0))
        }
        if depth:
            level = type(f"Shape_{shape.name}_{depth}", (me.EmbeddedDocument,), fields(depth - 1))
            namespace[f"f{shape.fields - 1}"] = me.EmbeddedDocumentField(level)
        return namespace

    return type(
        f"Shape_{shape.name}",
        (me.Document,),
        {**fields(shape.depth), "meta": {"collection": shape.collection}},
    )


def variants(context: Context) -> dict[str, Variant]:
    me = connected(context)

    class Address(me.EmbeddedDocument):
        street = me.StringField()
        city = me.StringField()
        country = me.StringField()

    class PersonBase(me.Document):
        name = me.StringField(required=True)
        email = me.StringField()
        age = me.IntField()
        tags = me.ListField(me.StringField())
        address = me.EmbeddedDocumentField(Address)
        created = me.DateTimeField()
        active = me.BooleanField()
        meta = {"abstract": True}

    class Person(PersonBase):
        meta = {"collection": PEOPLE}

    class PersonWrite(PersonBase):
        meta = {"collection": WRITES}

    class PersonStream(PersonBase):
        meta = {"collection": STREAM}

    ids = context.ids

    def get_sync(_: None) -> int:
        return len([Person.objects.get(id=oid) for oid in ids])

    def insert_sync(payloads: list[dict[str, Any]]) -> int:
        for payload in payloads:
            PersonWrite(**{**payload, "address": Address(**payload["address"])}).save()
        return len(payloads)

    def find_sync(_: None) -> int:
        return len(list(Person.objects.all()))

    def find_10_sync(_: None) -> int:
        return len(list(Person.objects.all()[:10]))

    def find_all_sync(_: None) -> int:
        return len(list(PersonStream.objects.all()))

    def find_shape_sync(model: Any) -> Callable[[None], int]:
        return lambda _: len(list(model.objects.all()))

    shapes = {shape_scenario(shape, "sync"): find_shape_sync(shape_model(me, shape)) for shape in SHAPES}
    return assemble(
        context,
        {
            **shapes,
            "get_by_id_sync": get_sync,
            "insert_one_sync": insert_sync,
            "find_1000_hydrated_sync": find_sync,
            "find_10_hydrated_sync": find_10_sync,
            "find_100000_hydrated_sync": find_all_sync,
        },
    )


def drf(context: Context) -> Variant:
    """django-rest-framework-mongoengine's ModelViewSet and DocumentSerializer, routed by DRF's router.

    Its viewset is sync: Django's async handler runs it in a worker thread.
    """
    from rest_framework import routers
    from rest_framework_mongoengine import serializers, viewsets

    from .. import web

    me = connected(context)

    class Member(me.Document):
        name = me.StringField(required=True, max_length=50)
        email = me.EmailField(required=True)
        age = me.IntField(min_value=0)
        is_active = me.BooleanField(default=True)
        meta = {"collection": MEMBERS}

    class MemberSerializer(serializers.DocumentSerializer):  # type: ignore[misc]
        class Meta:
            model = Member
            fields = ["id", "name", "email", "age", "is_active"]

    class MemberViewSet(viewsets.ModelViewSet):  # type: ignore[misc]
        serializer_class = MemberSerializer

        def get_queryset(self) -> Any:
            return Member.objects.all()

    router = routers.DefaultRouter()
    router.register("members", MemberViewSet, basename="me-member")
    return web.members_list(context, PREFIX, router.urls)
