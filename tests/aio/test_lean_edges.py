"""Edges of the cheaper builds and partial reads: what each document shares with another, or with its
caller, never lets a change or an invalid value through, and operator dicts stay refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mongodb_rest import Document, EmbeddedDocument, ValidationError
from mongodb_rest.fields import EmbeddedDocumentField, IntField, ListField, StringField

pytestmark = pytest.mark.usefixtures("db_name")


class LooseStreet(EmbeddedDocument):
    name = StringField()
    meta = {"strict": False}


class Block(Document):
    title = StringField()
    views = IntField()
    street = EmbeddedDocumentField(LooseStreet)
    streets = ListField(EmbeddedDocumentField(LooseStreet))
    tags = ListField(StringField(max_length=5))


SHARED: list[str] = ["ok"]


class Shelf(Document):
    tags = ListField(StringField(max_length=5), default=lambda: SHARED)


@pytest.mark.parametrize(
    "values",
    [{"street": {"$set": {"name": "x"}}}, {"streets": [{"$unset": {"name": 1}}]}],
)
def test_a_lenient_embedded_document_refuses_operator_dicts(values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        Block(**values)
    assert list(caught.value.errors.values()) == [["Operator dicts are not valid field values."]]


async def test_an_update_of_a_lenient_embedded_document_refuses_an_operator_dict() -> None:
    block = await Block(street={"name": "Oslo"}).save()
    with pytest.raises(ValidationError):
        await Block.objects.filter(id=block.id).update(set__street={"$set": {"name": "Bergen"}})
    reloaded = await Block.objects.get(id=block.id)
    assert reloaded.street is not None and reloaded.street.name == "Oslo"


async def test_a_partial_document_dumps_only_what_was_loaded() -> None:
    await Block(title="t", views=3).save()
    loaded = await Block.objects.only("title").first()
    assert loaded is not None
    assert loaded.model_dump(exclude_unset=True) == {"id": loaded.id, "title": "t"}
    assert loaded.model_dump_json(exclude_unset=True) == f'{{"id":"{loaded.id}","title":"t"}}'
    other = await Block.objects.exclude("views").first()
    assert other is not None and set(other.model_dump(exclude_unset=True)) == {
        "id",
        "title",
        "street",
        "streets",
        "tags",
    }


async def test_the_fields_set_of_a_partial_document_is_its_own() -> None:
    await Block(title="a").save()
    await Block(title="b").save()
    first, second = [block async for block in Block.objects.only("title")]
    first.model_fields_set.add("views")
    assert "views" in first.model_fields_set
    assert "views" not in second.model_fields_set


@pytest.mark.parametrize("make_copy", [copy.copy, lambda block: block.model_copy()])
async def test_a_copy_of_a_new_document_validates_what_changed_after_the_original_was_saved(
    make_copy: Any,
) -> None:
    original = Block(tags=["ok"])
    twin = make_copy(original)
    await original.save()
    original.tags.append("far too long")  # the list the copy holds too
    with pytest.raises(ValidationError):
        await twin.save()
    with pytest.raises(ValidationError):
        await original.save()


async def test_a_default_shared_by_a_factory_is_validated_at_save() -> None:
    first, second = Shelf(), Shelf()
    first.tags.append("far too long")
    try:
        with pytest.raises(ValidationError):
            await second.save()
    finally:
        SHARED[:] = ["ok"]


async def test_a_value_put_through_the_instance_dict_is_read_as_it_is_and_refused_at_save() -> None:
    block = Block(tags=["ok"])
    block.__dict__["tags"] = 5
    assert block.tags == 5  # reading it does not raise
    with pytest.raises(ValidationError) as caught:
        await block.save()
    assert list(caught.value.errors) == ["tags"]
    assert await Block.objects.count() == 0
