"""A new document is validated when built: ``bulk_create()`` and ``save()`` validate again only what
changed since (in-place changes included); a partial load is read by a reader compiled for it."""

from __future__ import annotations

from typing import Any

import pytest

from mongodb_rest import Document, EmbeddedDocument, ValidationError
from mongodb_rest.fields import EmbeddedDocumentField, IntField, ListField, StringField

pytestmark = pytest.mark.usefixtures("db_name")
checked: list[Any] = []


def count_check(value: Any) -> None:
    checked.append(value)


class Place(EmbeddedDocument):
    city = StringField(max_length=10)


class Built(Document):
    name = StringField(required=True, validation=count_check)
    tags = ListField(StringField(max_length=5), max_length=3)
    place = EmbeddedDocumentField(Place)
    rank = IntField(default=7)


def people(count: int) -> list[Built]:
    return [Built(name=f"n{i}", tags=["a"], place=Place(city="Oslo")) for i in range(count)]


async def test_bulk_create_does_not_validate_unchanged_documents_again() -> None:
    documents = people(3)
    assert len(checked) >= 3
    checked.clear()
    await Built.objects.bulk_create(documents)
    assert checked == []  # validated when built, unchanged since
    assert await Built.objects.count() == 3


async def test_bulk_create_validates_what_changed_since_built() -> None:
    documents = people(3)
    checked.clear()
    documents[1].name = "renamed"  # validated as assigned, not again
    documents[2].__dict__["name"] = "replaced"  # around validation: validated by the insert
    await Built.objects.bulk_create(documents)
    assert checked == ["renamed", "replaced"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda document: document.tags.extend(["b", "c", "d"]), "tags"),  # over max_length=3
        (lambda document: document.tags.__setitem__(0, "toolong"), "tags.0"),
        (lambda document: document.__dict__.update(rank="many"), "rank"),  # bypassing assignment
    ],
)
async def test_bulk_create_refuses_a_document_made_invalid_in_place(change: Any, field: str) -> None:
    documents = people(2)
    change(documents[1])
    with pytest.raises(ValidationError) as raised:
        await Built.objects.bulk_create(documents)
    assert list(raised.value.errors) == [field]
    assert await Built.objects.count() == 0  # nothing inserted


async def test_bulk_create_takes_a_valid_change_in_place() -> None:
    documents = people(2)
    documents[1].place.city = "Bergen"
    documents[1].tags.append("b")
    await Built.objects.bulk_create(documents)
    stored = await Built.objects.get(name="n1")
    assert (stored.place.city, stored.tags) == ("Bergen", ["a", "b"])


async def test_save_of_a_new_document_validates_only_what_changed_since_built() -> None:
    document = people(1)[0]
    checked.clear()
    await document.save()
    assert checked == []
    other = people(1)[0]
    other.place.__dict__["city"] = "far too long a city"  # in the embedded document, bypassing assignment
    with pytest.raises(ValidationError, match="at most 10 characters"):
        await other.save()


async def test_a_partial_load_reads_only_the_projected_fields() -> None:
    await Built.objects.bulk_create(people(2))
    loaded = [document async for document in Built.objects.only("name").order_by("name")]
    assert [document.name for document in loaded] == ["n0", "n1"]
    assert [document.tags for document in loaded] == [[], []]  # defaults for what was not loaded
    assert [document.rank for document in loaded] == [7, 7]
    assert loaded[0].place is None
    assert loaded[0].__pydantic_fields_set__ == {"id", "name"}
    loaded[0].rank = 9
    assert loaded[1].__pydantic_fields_set__ == {"id", "name"}  # each document's own once assigned
    await loaded[0].save()  # writes the assigned field only
    stored = await Built.objects.get(name="n0")
    assert (stored.rank, stored.tags, stored.place.city) == (9, ["a"], "Oslo")
    without_id = [document async for document in Built.objects.only("name").exclude("id")]
    assert {document.id for document in without_id} == {None}
    cities = [document async for document in Built.objects.only("place__city", "name")]
    assert {document.place.city for document in cities} == {"Oslo"}  # loaded in part: read too
