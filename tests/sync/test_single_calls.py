# Generated from tests/aio/test_single_calls.py by tools/unasync.py: do not edit.
"""``Model.objects.get(**lookups)`` compiled straight from the lookups, and what each single-document
call asks the server: two documents, to tell MultipleObjectsReturned, even by id."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bson import ObjectId
from pymongo.database import Database

from mongodb_rest.context_managers import atomic, switch_collection
from mongodb_rest.fields import DynamicField, IntField, StringField
from mongodb_rest.sync import Document, ValidationError

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Part(Document):
    name = StringField(db_field="n")
    size = IntField()


class Ordered(Document):
    name = StringField()
    meta = {"ordering": ["-name"]}


class Shape(Document):
    name = StringField()
    meta = {"allow_inheritance": True}


class Circle(Shape):
    radius = IntField()


class Keyed(Document):
    key = DynamicField(primary_key=True)


class Coded(Document):
    code = StringField(primary_key=True)
    name = StringField()


def last_find(commands: CommandRecorder) -> dict[str, Any]:
    return commands.named("find")[-1]


def test_a_get_by_id_asks_two_documents(commands: CommandRecorder) -> None:
    part = Part(name="a", size=1).save()
    for lookups in ({"id": part.id}, {"pk": part.id}, {"id__exact": part.id}):
        assert (Part.objects.get(**lookups)).name == "a"
        find = last_find(commands)
        assert find["filter"] == {"_id": part.id}
        assert find["limit"] == 2


def test_a_custom_primary_key_asks_two_documents(commands: CommandRecorder) -> None:
    Coded(code="x1", name="a").save()
    assert (Coded.objects.get(code="x1")).name == "a"
    assert last_find(commands)["filter"] == {"_id": "x1"}
    assert last_find(commands)["limit"] == 2


def test_a_get_by_a_pattern_of_the_key_tells_several() -> None:
    Keyed(key="a1").save()
    Keyed(key="a2").save()
    with pytest.raises(Keyed.MultipleObjectsReturned):
        Keyed.objects.get(key=re.compile("^a"))
    assert (Keyed.objects.get(key=re.compile("1$"))).key == "a1"


def test_other_gets_ask_two_to_tell_several(commands: CommandRecorder) -> None:
    first = Part(name="a", size=1).save()
    Part(name="a", size=2).save()
    with pytest.raises(Part.MultipleObjectsReturned):
        Part.objects.get(name="a")
    assert last_find(commands)["filter"] == {"n": "a"}
    assert last_find(commands)["limit"] == 2
    assert (Part.objects.get(name="a", size=1)).id == first.id
    assert last_find(commands)["filter"] == {"n": "a", "size": 1}
    for lookups in ({"id__ne": first.id}, {"id__not": first.id}, {"id__in": [first.id]}):
        Part.objects.get(**lookups)
        assert last_find(commands)["limit"] == 2
    Part.objects.get(id=first.id, size=1)
    assert last_find(commands)["limit"] == 2


def test_a_filtered_queryset_keeps_its_filter(commands: CommandRecorder) -> None:
    part = Part(name="a", size=1).save()
    with pytest.raises(Part.DoesNotExist):
        Part.objects.filter(size=2).get(id=part.id)
    assert last_find(commands)["filter"] == {"size": 2, "_id": part.id}
    assert last_find(commands)["limit"] == 2
    assert (Part.objects.all().get(id=part.id)).id == part.id
    assert last_find(commands)["limit"] == 2
    with pytest.raises(Part.DoesNotExist):
        Part.objects.none().get(id=part.id)
    with pytest.raises(Part.DoesNotExist):
        Part.objects.raw({"size": 2}).get(id=part.id)


def test_a_missing_id_does_not_exist() -> None:
    Part(name="a").save()
    for _ in range(2):
        with pytest.raises(Part.DoesNotExist, match="Part matching query does not exist"):
            Part.objects.get(id=ObjectId())


def test_each_value_is_converted_and_names_checked_every_time(commands: CommandRecorder) -> None:
    part = Part(name="a", size=1).save()
    assert (Part.objects.get(id=str(part.id))).id == part.id
    assert last_find(commands)["filter"] == {"_id": part.id}
    for _ in range(2):
        with pytest.raises(ValidationError):
            Part.objects.get(id="not an id")
        with pytest.raises(ValidationError, match="did you mean 'name'"):
            Part.objects.get(nmae="a")
    assert (Part.objects.get(size="1")).id == part.id


def test_the_meta_ordering_and_raw_filters(commands: CommandRecorder) -> None:
    Ordered(name="a").save()
    assert (Ordered.objects.get(name="a")).name == "a"
    assert last_find(commands)["sort"] == {"name": -1}
    part = Part(name="a", size=1).save()
    assert (Part.objects.get(id=part.id, __raw__={"size": 1})).id == part.id
    assert last_find(commands)["filter"] == {"_id": part.id, "size": 1}


def test_a_subclass_get_keeps_its_class_restriction(commands: CommandRecorder) -> None:
    shape = Shape(name="a").save()
    circle = Circle(name="c", radius=2).save()
    assert isinstance(Shape.objects.get(id=circle.id), Circle)
    with pytest.raises(Circle.DoesNotExist):
        Circle.objects.get(id=shape.id)
    assert last_find(commands)["filter"] == {"_cls": {"$in": ["Shape.Circle"]}, "_id": shape.id}
    assert last_find(commands)["limit"] == 2
    assert (Circle.objects.get(radius=2)).id == circle.id


def test_a_get_follows_switches_and_transactions(raw: Raw, commands: CommandRecorder) -> None:
    part = Part(name="home").save()
    assert (Part.objects.get(id=part.id)).name == "home"
    raw.archived.insert_one({"_id": part.id, "n": "archived"})
    with switch_collection(Part, "archived"):
        assert (Part.objects.get(id=part.id)).name == "archived"
    assert last_find(commands)["find"] == "archived"
    assert (Part.objects.get(id=part.id)).name == "home"
    with atomic():
        Part.objects.get(id=part.id)
        assert "txnNumber" in last_find(commands)
    Part.objects.get(id=part.id)
    assert "txnNumber" not in last_find(commands)


def last_update(commands: CommandRecorder) -> dict[str, Any]:
    update: dict[str, Any] = commands.named("update")[-1]["updates"][0]
    return update


def test_an_update_by_id_sends_its_filter_and_update(commands: CommandRecorder) -> None:
    part = Part(name="a", size=1).save()
    for size in (2, 3):
        assert Part.objects.filter(id=part.id).update_one(size=size, name="b") == 1
        assert last_update(commands)["q"] == {"_id": part.id}
        assert last_update(commands)["u"] == {"$set": {"size": size, "n": "b"}}
    assert Part.objects.filter(size=3).filter(id=part.id).update_one(inc__size=1) == 1
    assert last_update(commands)["q"] == {"size": 3, "_id": part.id}
    assert Part.objects.filter(size=3).filter(id=part.id).update_one(inc__size=1) == 0
    assert (Part.objects.get(id=part.id)).size == 4


def test_a_subclass_update_keeps_its_class_restriction(commands: CommandRecorder) -> None:
    shape = Shape(name="a").save()
    assert Circle.objects.filter(id=shape.id).update_one(name="b") == 0
    assert last_update(commands)["q"] == {"_cls": {"$in": ["Shape.Circle"]}, "_id": shape.id}
    assert Shape.objects.filter(id=shape.id).update_one(name="b") == 1
    assert (Shape.objects.get(id=shape.id)).name == "b"


def test_a_save_runs_the_steps_its_class_needs(raw: Raw) -> None:
    part = Part(name="a", size=1).save()  # no sequences, references, files or cached copies
    assert raw.part.find_one({"_id": part.id}) == {"_id": part.id, "n": "a", "size": 1}
    part.size = 2
    part.save()
    assert raw.part.find_one({"_id": part.id}) == {"_id": part.id, "n": "a", "size": 2}
