# Generated from tests/aio/test_lean_reads.py by tools/unasync.py: do not edit.
"""What reading documents leaves out, and what stays the same: the documents of a partial load share
one set of loaded names and one empty list for each list left out until they change, cached results
are iterated as they are, a projection is compiled once."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.document.twins import on_face
from mongodb_rest.faces import FACES
from mongodb_rest.fields import IntField, ListField, StringField
from mongodb_rest.query import projection
from mongodb_rest.sync import Document

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Card(Document):
    name = StringField(required=True)
    email = StringField()
    age = IntField()
    tags = ListField(StringField())
    meta = {"collection": "lean_cards"}


def _two_partial(raw: Raw) -> list[Card]:
    raw["lean_cards"].insert_many(
        [{"name": "ann", "email": "a@x", "age": 30, "tags": ["x"]}, {"name": "bob", "age": 40, "tags": ["y"]}]
    )
    return [card for card in Card.objects.only("name", "email").order_by("name")]


def test_partial_documents_share_their_loaded_names_until_one_is_assigned(raw: Raw) -> None:
    ann, bob = _two_partial(raw)
    assert ann.__pydantic_fields_set__ is bob.__pydantic_fields_set__  # one per query, not per document
    assert ann.model_fields_set == bob.model_fields_set == {"id", "name", "email"}  # each one's own now
    assert ann.__pydantic_fields_set__ is not bob.__pydantic_fields_set__
    ann.age = 31
    assert ann.model_fields_set == {"id", "name", "email", "age"}
    assert bob.model_fields_set == {"id", "name", "email"}
    del bob.email
    assert bob.model_fields_set == {"id", "name", "email"}
    ann.save()
    bob.save()
    assert raw["lean_cards"].find_one({"name": "ann"}, {"_id": 0}) == {
        "name": "ann",
        "email": "a@x",
        "age": 31,
        "tags": ["x"],
    }
    assert raw["lean_cards"].find_one({"name": "bob"}, {"_id": 0}) == {
        "name": "bob",
        "age": 40,
        "tags": ["y"],
    }


def test_validating_copying_and_twins_of_partial_documents_keep_their_names(raw: Raw) -> None:
    ann, bob = _two_partial(raw)
    ann.validate_fields()
    copied = bob.model_copy(update={"age": 50})
    assert copied.model_fields_set == {"id", "name", "email", "age"}
    assert bob.model_fields_set == {"id", "name", "email"}
    other = next(face for face in FACES if face != Card._face)
    view = on_face(bob, other)  # the document seen from the other face: assigning through it shows in both
    view.age = 41
    assert bob.model_fields_set == view.model_fields_set == {"id", "name", "email", "age"}
    assert ann.model_fields_set == {"id", "name", "email"}


def test_a_cached_result_is_iterated_again_without_a_query(commands: CommandRecorder, raw: Raw) -> None:
    _two_partial(raw)
    cards = Card.objects.order_by("name")
    commands.clear()
    iterator = cards.__iter__()
    first = iterator.__next__()
    assert first.name == "ann" and len(commands.named("find")) == 1
    assert [card.name for card in iterator] == ["bob"]
    assert [card.name for card in cards] == ["ann", "bob"]
    assert len(commands.named("find")) == 1
    assert [card.name for card in Card.objects.order_by("name").no_cache()] == ["ann", "bob"]


def test_an_unloaded_list_is_shared_until_read_and_never_changed(raw: Raw) -> None:
    ann, bob = _two_partial(raw)
    assert vars(ann)["tags"] is vars(bob)["tags"]  # one empty list for every document of the load
    assert ann.model_dump()["tags"] == [] and type(ann.to_mongo()["tags"]) is list
    with pytest.raises(TypeError, match=r"doc\.tags\.append"):
        vars(ann)["tags"].append("x")
    ann.tags.append("new")  # its own list, from the first read
    assert ann.tags == ["new"] and bob.tags == [] and vars(bob)["tags"] is not vars(ann)["tags"]
    ann.save()  # not loaded, not assigned: not written
    assert raw["lean_cards"].find_one({"name": "ann"}, {"_id": 0, "tags": 1}) == {"tags": ["x"]}
    (cal,) = [card for card in Card.objects.only("name").filter(name="bob")]
    as_dict = dict(cal)
    as_dict["tags"].append("y")
    assert cal.tags == ["y"]  # dict(document) hands out the document's own values
    (dan,) = [card for card in Card.objects.only("name").filter(name="bob")]
    shallow = copy.copy(dan)
    shallow.tags.append("z")
    assert dan.tags == ["z"]  # a shallow copy shares the values
    (eve,) = [card for card in Card.objects.only("name").filter(name="bob")]
    for twin in (pickle.loads(pickle.dumps(eve)), eve.model_copy(deep=True)):
        assert type(vars(twin)["tags"]) is list
        vars(twin)["tags"].append("w")
    assert eve.tags == []


def test_a_projection_is_compiled_once(raw: Raw, monkeypatch: pytest.MonkeyPatch) -> None:
    _two_partial(raw)
    resolved: list[str] = []
    resolve = projection.resolve_path

    def counted(cls: Any, parts: list[str]) -> Any:
        resolved.append(".".join(parts))
        return resolve(cls, parts)

    monkeypatch.setattr(projection, "resolve_path", counted)
    names = [[card.name for card in Card.objects.only("age", "tags").order_by("name")] for _ in "ab"]
    assert len(resolved) <= 2  # each field once, when the first query was built
    assert [card.age for card in Card.objects.only("age", "tags").order_by("name")] == [30, 40]
    assert len(resolved) <= 2 and names[0] == names[1]


class Animal(Document):
    name = StringField()
    legs = IntField()
    meta = {"collection": "lean_animals", "allow_inheritance": True}


class Dog(Animal):
    tricks = ListField(StringField())


def test_partial_documents_of_a_class_tree_share_their_loaded_names_too(raw: Raw) -> None:
    Dog(name="rex", legs=4, tricks=["sit"]).save()
    Animal(name="eel", legs=0).save()
    rex, eel = [animal for animal in Animal.objects.only("name").order_by("-name")]
    assert type(rex) is Dog and rex.__pydantic_fields_set__ is eel.__pydantic_fields_set__
    rex.legs = 3
    assert rex.model_fields_set == {"id", "name", "legs"} and eel.model_fields_set == {"id", "name"}
    rex.save()
    assert raw["lean_animals"].find_one({"name": "rex"}, {"_id": 0, "_cls": 0}) == {
        "name": "rex",
        "legs": 3,
        "tricks": ["sit"],
    }
