# Generated from tests/aio/test_undeclared_roundtrip.py by tools/unasync.py: do not edit.
"""Loading and saving never loses stored data: an embedded document read from the database remembers
the stored keys its class does not declare and writes them back, at every depth."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.fields import (
    DictField,
    EmbeddedDocumentField,
    EmbeddedDocumentListField,
    GenericEmbeddedDocumentField,
    IntField,
    ListField,
    MapField,
    StringField,
)
from mongodb_rest.sync import Document, DynamicEmbeddedDocument, EmbeddedDocument

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class RtPlace(EmbeddedDocument):
    city = StringField()


class RtTag(EmbeddedDocument):
    label = StringField()
    place = EmbeddedDocumentField(RtPlace)


class RtShape(EmbeddedDocument):
    name = StringField()

    meta = {"allow_inheritance": True}


class RtCircle(RtShape):
    radius = IntField()


class RtExtra(DynamicEmbeddedDocument):
    label = StringField()


class RtHolder(Document):
    name = StringField()
    tag = EmbeddedDocumentField(RtTag)
    tags = ListField(EmbeddedDocumentField(RtTag))
    notes = EmbeddedDocumentListField(RtTag)
    shape = EmbeddedDocumentField(RtShape)
    anything = GenericEmbeddedDocumentField()
    by_key = MapField(EmbeddedDocumentField(RtTag))
    by_name = DictField(EmbeddedDocumentField(RtTag))
    extra = EmbeddedDocumentField(RtExtra)

    meta = {"collection": "rt_holders"}


class RtItem(EmbeddedDocument):  # what an older release declares
    label = StringField()


class RtOrder(Document):
    items = ListField(EmbeddedDocumentField(RtItem))

    meta = {"collection": "rt_orders"}


class RtItemV2(EmbeddedDocument):  # what a newer release declares
    label = StringField()
    priority = IntField()


class RtOrderV2(Document):
    items = ListField(EmbeddedDocumentField(RtItemV2))

    meta = {"collection": "rt_orders"}


def _stored(raw: Raw, **fields: Any) -> Any:
    return raw["rt_holders"].insert_one({"name": "Ann", **fields}).inserted_id


def _reread(raw: Raw, pk: Any) -> dict[str, Any]:
    found = raw["rt_holders"].find_one({"_id": pk})
    assert found is not None
    return found


def test_reading_an_embedded_document_then_saving_sends_and_loses_nothing(
    raw: Raw, commands: CommandRecorder
) -> None:
    pk = _stored(raw, tag={"label": "x", "colour": "red"})
    holder = RtHolder.objects.get(id=pk)
    assert holder.tag.label == "x"
    holder.name = "Bob"
    commands.clear()
    holder.save()
    assert [update["updates"][0]["u"] for update in commands.named("update")] == [{"$set": {"name": "Bob"}}]
    assert _reread(raw, pk)["tag"] == {"label": "x", "colour": "red"}


def test_changing_an_embedded_document_keeps_its_undeclared_keys(raw: Raw) -> None:
    pk = _stored(raw, tag={"label": "x", "colour": "red", "legacy": {"a": [1]}})
    holder = RtHolder.objects.get(id=pk)
    holder.tag.label = "y"
    holder.save()
    assert _reread(raw, pk)["tag"] == {"label": "y", "colour": "red", "legacy": {"a": [1]}}


def test_assigning_the_loaded_embedded_document_back_keeps_its_undeclared_keys(raw: Raw) -> None:
    pk = _stored(raw, tag={"label": "x", "colour": "red"})
    holder = RtHolder.objects.get(id=pk)
    tag = holder.tag
    tag.label = "y"
    holder.tag = tag
    holder.save()
    assert _reread(raw, pk)["tag"] == {"label": "y", "colour": "red"}
    holder.full_clean()  # validated again, as a whole
    holder.tag.label = "z"
    holder.save()
    assert _reread(raw, pk)["tag"] == {"label": "z", "colour": "red"}


def test_embedded_in_embedded_keeps_undeclared_keys_at_each_depth(raw: Raw) -> None:
    pk = _stored(raw, tag={"label": "x", "old": 1, "place": {"city": "Oslo", "zip": "0150"}})
    holder = RtHolder.objects.get(id=pk)
    holder.tag.place.city = "Bergen"
    holder.save()
    assert _reread(raw, pk)["tag"] == {"label": "x", "old": 1, "place": {"city": "Bergen", "zip": "0150"}}


def test_a_list_of_embedded_documents_keeps_each_items_keys(raw: Raw) -> None:
    pk = _stored(
        raw,
        tags=[{"label": "a", "colour": "red"}, {"label": "b"}],
        notes=[{"label": "n", "seen": True}],
    )
    holder = RtHolder.objects.get(id=pk)
    holder.tags[1].label = "B"
    holder.tags.append(RtTag(label="c"))
    holder.notes[0].label = "N"
    holder.save()
    stored = _reread(raw, pk)
    assert stored["tags"] == [{"label": "a", "colour": "red"}, {"label": "B"}, {"label": "c"}]
    assert stored["notes"] == [{"label": "N", "seen": True}]


def test_a_polymorphic_embedded_document_keeps_its_undeclared_keys(raw: Raw) -> None:
    pk = _stored(
        raw,
        shape={"_cls": "RtShape.RtCircle", "name": "c", "radius": 2, "area": 12.5},
        anything={"_cls": "RtTag", "label": "g", "colour": "blue"},
    )
    holder = RtHolder.objects.get(id=pk)
    assert isinstance(holder.shape, RtCircle)
    holder.shape.radius = 3
    holder.anything.label = "G"
    holder.save()
    stored = _reread(raw, pk)
    assert stored["shape"] == {"name": "c", "radius": 3, "_cls": "RtShape.RtCircle", "area": 12.5}
    assert stored["anything"] == {"label": "G", "colour": "blue", "_cls": "RtTag"}


def test_map_and_dict_fields_of_embedded_documents_keep_undeclared_keys(raw: Raw) -> None:
    pk = _stored(raw, by_key={"k": {"label": "x", "old": 1}}, by_name={"n": {"label": "y", "old": 2}})
    holder = RtHolder.objects.get(id=pk)
    holder.by_key["k"].label = "X"
    holder.by_name["n"].label = "Y"
    holder.save()
    stored = _reread(raw, pk)
    assert stored["by_key"] == {"k": {"label": "X", "old": 1}}
    assert stored["by_name"] == {"n": {"label": "Y", "old": 2}}


def test_an_older_release_appending_an_item_keeps_the_newer_keys_of_old_items(raw: Raw) -> None:
    newer = RtOrderV2.objects.create(items=[RtItemV2(label="a", priority=1)])
    order = RtOrder.objects.get(id=newer.id)
    order.items[0].label = "A"
    order.items.append(RtItem(label="b"))
    order.save()
    assert raw["rt_orders"].find_one({"_id": newer.id}) == {
        "_id": newer.id,
        "items": [{"label": "A", "priority": 1}, {"label": "b"}],
    }
    assert [item.priority for item in (RtOrderV2.objects.get(id=newer.id)).items] == [1, None]


def test_output_shows_declared_fields_only(raw: Raw) -> None:
    pk = _stored(raw, tag={"label": "x", "colour": "red"})
    holder = RtHolder.objects.get(id=pk)
    assert holder.tag.model_dump() == {"label": "x", "place": None}
    assert json.loads(holder.tag.to_json()) == {"label": "x", "place": None}
    assert holder.to_dict()["tag"] == {"label": "x", "place": None}
    assert holder.tag.to_mongo() == {"label": "x", "colour": "red"}


def test_an_embedded_document_built_in_code_has_no_undeclared_keys() -> None:
    assert RtTag(label="x").to_mongo() == {"label": "x"}
    assert RtTag.model_validate({"label": "x"}).to_mongo() == {"label": "x"}


def test_copies_and_pickles_keep_the_undeclared_keys(raw: Raw) -> None:
    pk = _stored(raw, tag={"label": "x", "colour": "red"})
    tag = (RtHolder.objects.get(id=pk)).tag
    expected = {"label": "x", "colour": "red"}
    assert copy.copy(tag).to_mongo() == expected
    assert copy.deepcopy(tag).to_mongo() == expected
    assert tag.model_copy().to_mongo() == expected
    assert tag.model_copy(update={"label": "y"}).to_mongo() == {"label": "y", "colour": "red"}
    assert pickle.loads(pickle.dumps(tag)).to_mongo() == expected


def test_copying_a_loaded_embedded_document_into_a_new_document_keeps_its_keys(raw: Raw) -> None:
    pk = _stored(raw, tag={"label": "x", "colour": "red"})
    loaded = RtHolder.objects.get(id=pk)
    copied = RtHolder.objects.create(name="Copy", tag=loaded.tag, tags=[loaded.tag])
    stored = _reread(raw, copied.id)
    assert stored["tag"] == {"label": "x", "colour": "red"}
    assert stored["tags"] == [{"label": "x", "colour": "red"}]


def test_a_dynamic_embedded_document_keeps_undeclared_fields_as_attributes(raw: Raw) -> None:
    pk = _stored(raw, extra={"label": "x", "colour": "red"})
    holder = RtHolder.objects.get(id=pk)
    assert holder.extra.colour == "red"
    holder.extra.label = "y"
    holder.save()
    assert _reread(raw, pk)["extra"] == {"label": "y", "colour": "red"}
