# Generated from tests/aio/test_insert_once.py by tools/unasync.py: do not edit.
"""The save of a new document encodes it once and validates it again only where it changed since it
was built (in place too): the stored form that comparison computed is what is inserted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.fields import EmbeddedDocumentField, IntField, ListField, StringField
from mongodb_rest.signals import post_save, pre_save
from mongodb_rest.sync import Document, EmbeddedDocument, ValidationError

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
events: list[str] = []


def counted(kind: str) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        events.append(f"{kind} {value}")

    return check


class Spot(EmbeddedDocument):
    city = StringField(max_length=10)


class Parcel(Document):
    name = StringField(required=True, validation=counted("validate name"))
    tags = ListField(StringField(max_length=5))
    spot = EmbeddedDocumentField(Spot)
    rank = IntField(default=7, validation=counted("validate rank"))


class Labelled(Document):
    name = StringField(max_length=10)

    def clean(self) -> None:
        events.append("clean")
        if self.name == "renamed":
            self.name = "cleaned"


def parcel() -> Parcel:
    return Parcel(name="box", tags=["a"], spot=Spot(city="Oslo"))


@pytest.fixture
def encodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each encoding of a Spot (the embedded document: encoded whenever its parcel is, field by field
    or whole)."""
    writer = Spot._writer
    calls: list[str] = []

    def counting(spot: Any) -> dict[str, Any]:
        calls.append("encode")
        return writer(spot)

    monkeypatch.setattr(Spot, "_writer", counting)
    return calls


@pytest.fixture
def receivers() -> Iterator[None]:
    def before(sender: Any, document: Any, **kwargs: Any) -> None:
        events.append("pre_save")

    def after(sender: Any, document: Any, created: bool, **kwargs: Any) -> None:
        events.append(f"post_save created={created}")

    pre_save.connect(before, sender=Labelled)
    post_save.connect(after, sender=Labelled)
    yield
    pre_save.disconnect(before, sender=Labelled)
    post_save.disconnect(after, sender=Labelled)


def test_an_unchanged_new_document_is_encoded_once_and_not_validated_again(encodes: list[str]) -> None:
    document = parcel()
    assert encodes == []  # its values are remembered as validated when built, not encoded
    events.clear()
    document.save()
    assert encodes == ["encode"]  # once, to insert
    assert events == []  # no field validated again


def test_create_validates_once(encodes: list[str]) -> None:
    events.clear()
    Parcel.objects.create(name="box", spot=Spot(city="Oslo"))
    assert events == ["validate name box"]  # when built, not again
    assert encodes == ["encode"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda document: document.tags.append(1), "tags.1"),  # a wrong type, appended in place
        (lambda document: document.spot.__dict__.update(city="far too long a city"), "spot.city"),
        (lambda document: document.__dict__.update(rank="many"), "rank"),  # bypassing assignment
    ],
)
def test_a_new_document_made_invalid_in_place_is_refused(raw: Raw, change: Any, field: str) -> None:
    document = parcel()
    change(document)
    with pytest.raises(ValidationError) as raised:
        document.save()
    assert list(raised.value.errors) == [field]
    assert raw.parcel.count_documents({}) == 0 and document.id is None


def test_an_equal_value_of_another_type_is_validated_again(raw: Raw) -> None:
    document = parcel()
    document.__dict__["rank"] = 7.0  # equal to the 7 it was built with
    events.clear()
    document.save()
    assert events == ["validate rank 7"]
    stored = raw.parcel.find_one({"_id": document.id})
    assert stored is not None and type(stored["rank"]) is int and type(document.rank) is int


def test_a_valid_change_in_place_is_validated_and_inserted(raw: Raw) -> None:
    document = parcel()
    document.spot.city = "Bergen"
    document.tags.append("b")
    events.clear()
    document.save()
    assert events == []  # tags and spot were validated again, name and rank were not
    stored = raw.parcel.find_one({"_id": document.id})
    assert stored is not None and (stored["spot"], stored["tags"]) == ({"city": "Bergen"}, ["a", "b"])


def test_what_is_inserted_is_the_stored_form(raw: Raw) -> None:
    document = parcel()
    document.save()
    assert raw.parcel.find_one({"_id": document.id}) == document.to_mongo()
    assert document._private()["_snapshot"] == document.to_mongo()


@pytest.mark.usefixtures("receivers")
def test_signals_and_clean_run_once() -> None:
    document = Labelled(name="label")
    events.clear()
    document.save()
    assert events == ["pre_save", "clean", "post_save created=True"]


def test_what_clean_changes_is_inserted(raw: Raw) -> None:
    document = Labelled(name="renamed")
    document.save()
    assert raw.labelled.find_one({"_id": document.id}) == {"_id": document.id, "name": "cleaned"}


def test_a_saved_document_deleted_and_saved_again_is_validated_whole(raw: Raw) -> None:
    document = parcel()
    document.save()
    document.delete()
    document.__dict__["rank"] = "many"
    with pytest.raises(ValidationError) as raised:
        document.save()
    assert list(raised.value.errors) == ["rank"]
