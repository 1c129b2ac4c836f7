"""``meta['strict']``: a strict document (the default) refuses undeclared keyword arguments; a document
with ``strict: False`` ignores them, and a save of a loaded one leaves undeclared stored keys alone."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import Document, DynamicDocument, EmbeddedDocument, ValidationError
from mongodb_rest.errors import DefinitionError
from mongodb_rest.fields import EmbeddedDocumentField, IntField, StringField

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
_IS_SYNC = False


class Strict(Document):
    name = StringField()

    meta = {"collection": "strict_people"}


class Tag(EmbeddedDocument):
    label = StringField()

    meta = {"strict": False}


class Lenient(Document):
    name = StringField()
    age = IntField()
    tag = EmbeddedDocumentField(Tag)

    meta = {"collection": "lenient_people", "strict": False}


class LenientBase(Document):
    name = StringField()

    meta = {"abstract": True, "strict": False}


class LenientChild(LenientBase):
    meta = {"collection": "lenient_children"}


class StrictAgain(LenientBase):
    meta = {"collection": "strict_again", "strict": True}


def test_a_document_is_strict_by_default() -> None:
    assert Strict._meta.strict is True
    with pytest.raises(ValidationError) as caught:
        Strict(name="Ann", nickname="A")
    assert "nickname" in caught.value.errors


def test_a_non_strict_document_ignores_unknown_keyword_arguments() -> None:
    person = Lenient(name="Ann", nickname="A")
    assert Lenient._meta.strict is False
    assert person.name == "Ann"
    assert not hasattr(person, "nickname")
    assert "nickname" not in person.to_mongo()
    assert Tag(label="x", colour="red").to_mongo() == {"label": "x"}


async def test_an_ignored_keyword_argument_is_not_stored(raw: Raw) -> None:
    person = await Lenient.objects.create(name="Ann", nickname="A")
    assert raw["lenient_people"].find_one({"_id": person.id}) == {"_id": person.id, "name": "Ann"}


def test_strict_is_inherited_and_can_be_turned_back_on() -> None:
    assert LenientChild(name="Ann", nickname="A").name == "Ann"
    assert StrictAgain._meta.strict is True
    with pytest.raises(ValidationError):
        StrictAgain(name="Ann", nickname="A")


async def test_a_stored_unknown_key_is_ignored_on_read(raw: Raw) -> None:
    raw["lenient_people"].insert_one({"name": "Ann", "legacy": 1, "tag": {"label": "x", "old": 2}})
    person = await Lenient.objects.get(name="Ann")
    assert not hasattr(person, "legacy")
    assert "legacy" not in person.model_dump()
    assert person.tag.model_dump() == {"label": "x"}
    assert person.to_mongo() == {"_id": person.id, "name": "Ann", "tag": {"label": "x", "old": 2}}


@pytest.mark.parametrize("model", [Strict, Lenient], ids=["strict", "lenient"])
async def test_saving_a_loaded_document_keeps_unknown_stored_keys(
    model: type[Strict | Lenient], raw: Raw, commands: CommandRecorder
) -> None:
    collection = raw[str(model._meta.collection)]
    collection.insert_one({"name": "Ann", "legacy": 1})
    person = await model.objects.get(name="Ann")
    assert not hasattr(person, "legacy")
    person.name = "Bob"
    commands.clear()
    await person.save()
    assert [update["updates"][0]["u"] for update in commands.named("update")] == [{"$set": {"name": "Bob"}}]
    assert collection.find_one({"_id": person.id}) == {"_id": person.id, "name": "Bob", "legacy": 1}


def test_strict_must_be_a_boolean() -> None:
    with pytest.raises(DefinitionError, match="strict must be True or False"):

        class Vague(Document):
            meta = {"collection": "vague", "strict": "no"}


def test_strict_does_not_apply_to_a_dynamic_document() -> None:
    with pytest.raises(DefinitionError, match="dynamic document"):

        class Loose(DynamicDocument):
            meta = {"collection": "loose", "strict": False}
