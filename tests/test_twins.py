"""Twins (``Model.sync`` / ``Model.aio``) and the guard that keeps blocking calls out of event loops."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from django.core.exceptions import SynchronousOnlyOperation as DjangoSynchronousOnlyOperation
from pymongo.database import Database

from mongodb_rest import Document, SynchronousOnlyOperation, ValidationError, sync
from mongodb_rest.fields import BooleanField, IntField, StringField

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Member(Document):
    name = StringField(required=True)
    age = IntField(min_value=0)
    meta = {"collection": "members", "ordering": ["name"]}

    def clean(self) -> None:
        if self.name == "forbidden":
            raise ValidationError("That name is not allowed.")


class Legacy(sync.Document):
    name = StringField(required=True)
    meta = {"collection": "legacy"}


class Vehicle(Document):
    wheels = IntField(default=4)
    meta = {"allow_inheritance": True}


class Bike(Vehicle):
    electric = BooleanField(default=False)


def test_sync_twin_of_an_async_model(raw: Raw) -> None:
    twin = Member.sync
    assert twin is Member.sync and twin.aio is Member and Member.aio is Member
    created = twin(name="Ann", age=3).save()
    assert isinstance(created, Member) and created.id is not None
    assert raw.members.count_documents({}) == 1
    loaded = twin.objects.get(name="Ann")
    assert isinstance(loaded, Member)
    assert loaded == created
    assert twin._meta is Member._meta
    with pytest.raises(Member.DoesNotExist):
        twin.objects.get(name="nobody")
    assert [m.name for m in twin.objects.all()] == ["Ann"]


def test_hooks_run_through_a_twin(raw: Raw) -> None:
    with pytest.raises(ValidationError, match="not allowed"):
        Member.sync(name="forbidden").save()
    with pytest.raises(ValidationError):
        Member.sync(name="Bob", age=-1)
    assert raw.members.count_documents({}) == 0


async def test_async_twin_of_a_sync_model(raw: Raw) -> None:
    raw.legacy.insert_one({"name": "old"})
    first = await Legacy.aio.objects.first()
    assert isinstance(first, Legacy) and first.name == "old"
    await Legacy.aio(name="y").save()
    assert raw.legacy.count_documents({}) == 2
    assert Legacy.aio.sync is Legacy


def test_twin_queries_return_subclass_twins(raw: Raw) -> None:
    Bike.sync(electric=True).save()
    found = Vehicle.sync.objects.get()
    assert isinstance(found, Bike) and type(found) is Bike.sync
    found.wheels = 2
    found.save()  # the instance is on the sync face: save() blocks
    assert raw.vehicle.find_one({})["wheels"] == 2  # type: ignore[index]


async def test_sync_face_inside_an_event_loop_raises(raw: Raw) -> None:
    with pytest.raises(SynchronousOnlyOperation, match="await the async face"):
        Legacy(name="blocked").save()
    with pytest.raises(DjangoSynchronousOnlyOperation):
        Member.sync.objects.count()
    with pytest.raises(SynchronousOnlyOperation):
        list(Legacy.objects.all())
    assert raw.legacy.count_documents({}) == 0
    # the same call is fine in a worker thread, as Django's sync_to_async runs it
    await asyncio.to_thread(lambda: Legacy(name="threaded").save())
    assert raw.legacy.count_documents({}) == 1


async def test_async_queryset_refuses_a_plain_for_loop() -> None:
    with pytest.raises(TypeError, match="async for"):
        for _ in Member.objects.all():
            pass


def test_async_methods_return_awaitables_not_results() -> None:
    pending = Member(name="Ann").save()
    assert asyncio.iscoroutine(pending)
    saved = asyncio.run(pending)
    assert saved.id is not None
