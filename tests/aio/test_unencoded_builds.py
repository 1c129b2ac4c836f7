"""A new document whose values share nothing with its caller is not encoded when built: its values are
remembered, its fields watched, and the save validates again what changed since, in place too."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import Document, EmbeddedDocument, ValidationError
from mongodb_rest.fields import (
    DictField,
    DynamicField,
    EmbeddedDocumentField,
    GenericEmbeddedDocumentField,
    IntField,
    ListField,
    ReferenceField,
    StringField,
)
from mongodb_rest.signals import post_init

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Door(EmbeddedDocument):
    number = IntField(min_value=1)
    notes = ListField(StringField())


class House(Document):
    name = StringField(required=True)
    age = IntField()
    tags = ListField(StringField(max_length=5))
    door = EmbeddedDocumentField(Door)
    doors = ListField(EmbeddedDocumentField(Door))
    rooms = DictField(IntField())


class Bag(Document):  # DictField() holds what it is given: compared whole, as ever
    data = DictField()
    items = ListField()


class Shape(EmbeddedDocument):
    meta = {"allow_inheritance": True}
    sides = IntField()


class Owner(Document):
    name = StringField()


def house() -> House:
    return House(name="h", age=3, tags=["a"], door={"number": 1}, doors=[{"number": 2}], rooms={"hall": 1})


@pytest.mark.parametrize(
    ("cls", "unshared"),
    [
        (type("Plain", (Document,), {"__module__": __name__, "door": EmbeddedDocumentField(Door)}), True),
        (Bag, False),
        (type("Loose", (Document,), {"__module__": __name__, "value": DynamicField()}), False),
        (
            type("Generic", (Document,), {"__module__": __name__, "part": GenericEmbeddedDocumentField()}),
            False,
        ),
        (type("Shaped", (Document,), {"__module__": __name__, "shape": EmbeddedDocumentField(Shape)}), False),
        (type("Owned", (Document,), {"__module__": __name__, "owner": ReferenceField(Owner)}), False),
    ],
)
def test_which_classes_are_not_encoded_when_built(cls: Any, unshared: bool) -> None:
    document = cls()
    private = document._private()
    assert (private["_built"] is not None) is unshared
    assert (private["_validated"] is None) is unshared


Change = Callable[[House], Any]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda doc: doc.tags.append(5), "tags.1"),
        (lambda doc: doc.tags.__setitem__(0, "far too long"), "tags.0"),
        (lambda doc: doc.door.__dict__.update(number=0), "door.number"),
        (lambda doc: doc.door.notes.append(5), "door.notes.0"),
        (lambda doc: doc.doors[0].__dict__.update(number=0), "doors.0.number"),
        (lambda doc: doc.rooms.update(hall="big"), "rooms.hall"),
        (lambda doc: doc.__dict__.update(age=True), "age"),  # a value replaced around validation
        (lambda doc: doc.__dict__.update(tags=[5]), "tags.0"),
        (lambda doc: doc.__delattr__("name"), "name"),
        (lambda doc: setattr(doc, "tags", ["b"]) or doc.tags.append(6), "tags.1"),  # after an assignment
        (lambda doc: copy.copy(doc).tags.append(7), "tags.1"),  # a copy shares the values
    ],
)
async def test_a_new_document_changed_after_it_was_built_is_validated_again(
    raw: Raw, change: Change, field: str
) -> None:
    document = house()
    change(document)
    with pytest.raises(ValidationError) as raised:
        await document.save()
    assert list(raised.value.errors) == [field]
    with pytest.raises(ValidationError):
        await House.objects.bulk_create([document])
    assert raw.house.count_documents({}) == 0


async def test_a_reference_read_before_the_build_is_seen_by_the_save(raw: Raw) -> None:
    kept: list[Any] = []

    def keep(sender: Any, document: Any, **kwargs: Any) -> None:
        kept.append(document.tags)

    post_init.connect(keep, sender=House)
    try:
        document = house()
    finally:
        post_init.disconnect(keep, sender=House)
    kept[0].append(8)
    with pytest.raises(ValidationError) as raised:
        await document.save()
    assert list(raised.value.errors) == ["tags.1"]


async def test_what_the_caller_gave_is_not_shared(raw: Raw) -> None:
    tags, notes = ["a"], ["n"]
    door = Door(number=1, notes=notes)
    document = House(name="h", tags=tags, door=door, doors=[door])
    tags.append("b")
    notes.append("m")
    door.__dict__["number"] = 0
    await document.save()
    stored = raw.house.find_one({"_id": document.id})
    assert stored is not None
    assert (stored["tags"], stored["door"], stored["doors"]) == (
        ["a"],
        {"number": 1, "notes": ["n"]},
        [{"number": 1, "notes": ["n"]}],
    )


async def test_valid_changes_are_inserted(raw: Raw) -> None:
    document = house()
    document.tags.append("b")
    document.door.number = 5
    document.doors.append(Door(number=6))
    document.age = 4
    document.__dict__["name"] = "renamed"
    await document.save()
    stored = raw.house.find_one({"_id": document.id})
    assert stored is not None
    assert (stored["name"], stored["age"], stored["tags"]) == ("renamed", 4, ["a", "b"])
    assert (stored["door"], [door["number"] for door in stored["doors"]]) == (
        {"number": 5, "notes": []},
        [2, 6],
    )


async def test_a_reference_kept_across_the_insert_is_saved_later(raw: Raw) -> None:
    document = house()
    tags = document.tags
    await document.save()
    tags.append("b")
    document.door.notes.append("n")  # read for the first time after the insert
    await document.save()
    stored = raw.house.find_one({"_id": document.id})
    assert stored is not None and (stored["tags"], stored["door"]["notes"]) == (["a", "b"], ["n"])


async def test_copies_are_validated_as_changed(raw: Raw) -> None:
    document = house()
    updated = document.model_copy(update={"age": "old"})  # model_copy() does not validate updates
    deep = document.model_copy(deep=True)
    deep.tags.append(9)
    revived = pickle.loads(pickle.dumps(document))
    revived.door.number = 7
    revived.door.__dict__["number"] = -1
    for invalid, field in ((updated, "age"), (deep, "tags.1"), (revived, "door.number")):
        with pytest.raises(ValidationError) as raised:
            await invalid.save()
        assert list(raised.value.errors) == [field]
    await document.save()
    stored = raw.house.find_one({"_id": document.id})
    assert stored is not None and (stored["age"], stored["tags"]) == (3, ["a"])


async def test_a_document_saved_after_a_refusal_is_validated_again(raw: Raw) -> None:
    document = house()
    document.tags.append(5)
    with pytest.raises(ValidationError):
        await document.save()
    document.tags.pop()
    await document.save()
    assert raw.house.count_documents({}) == 1


async def test_values_a_class_shares_with_its_caller_are_compared_whole(raw: Raw) -> None:
    nested: list[Any] = [1]
    item: dict[str, Any] = {"k": 1}
    bag = Bag(data={"list": nested}, items=[item])
    nested.append({"$set": 1})
    with pytest.raises(ValidationError):
        await bag.save()
    nested.pop()
    item["a.b"] = 2
    with pytest.raises(ValidationError):
        await bag.save()
    del item["a.b"]
    await bag.save()
    assert raw.bag.find_one({"_id": bag.id}) == {"_id": bag.id, "data": {"list": [1]}, "items": [{"k": 1}]}
