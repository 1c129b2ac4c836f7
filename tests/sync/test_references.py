# Generated from tests/aio/test_references.py by tools/unasync.py: do not edit.
"""References on the async face: explicit fetch(), lists of references, and every reverse_delete_rule."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.fields import (
    CASCADE,
    DENY,
    NULLIFY,
    PULL,
    GenericReferenceField,
    ListField,
    ReferenceField,
    StringField,
)
from mongodb_rest.sync import Document, OperationError, ValidationError

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Writer(Document):
    name = StringField(required=True)


class Essay(Document):
    title = StringField(required=True)
    author = ReferenceField(Writer, reverse_delete_rule=CASCADE)
    editor = ReferenceField(Writer, reverse_delete_rule=NULLIFY)
    reviewers = ListField(ReferenceField(Writer, reverse_delete_rule=PULL))


class Bookmark(Document):
    label = StringField(required=True)
    target = GenericReferenceField()


class Contract(Document):
    number = StringField(required=True)
    signer = ReferenceField("Signer", reverse_delete_rule=DENY)


class Signer(Document):
    name = StringField(required=True)


def test_fetch_loads_references_in_one_query_per_field() -> None:
    ann = Writer(name="Ann").save()
    bob = Writer(name="Bob").save()
    essay = Essay(title="On ODMs", author=ann, editor=bob, reviewers=[ann, bob]).save()
    loaded = Essay.objects.get(id=essay.id)
    assert loaded.__dict__["author"] == ann.id
    loaded.fetch("author", "reviewers")
    assert loaded.author.name == "Ann"  # type: ignore[union-attr]
    assert [writer.name for writer in loaded.reviewers] == ["Ann", "Bob"]
    loaded.fetch()
    assert loaded.editor.name == "Bob"  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        loaded.fetch("title")
    loaded.title = "Renamed"
    loaded.save()  # loaded references are written back as their ids, unchanged
    stored = Essay.objects.get(id=essay.id)
    assert stored.__dict__["author"] == ann.id and stored.__dict__["reviewers"] == [ann.id, bob.id]


def test_cascade_nullify_and_pull(raw: Raw) -> None:
    ann = Writer(name="Ann").save()
    bob = Writer(name="Bob").save()
    Essay(title="by ann", author=ann, editor=bob, reviewers=[bob]).save()
    Essay(title="by bob", author=bob, editor=ann, reviewers=[ann, bob]).save()
    ann.delete()
    essays = {essay["title"]: essay for essay in raw.essay.find()}
    assert list(essays) == ["by bob"]  # CASCADE: ann's essay went with her
    assert "editor" not in essays["by bob"]  # NULLIFY
    assert essays["by bob"]["reviewers"] == [bob.id]  # PULL
    assert Writer.objects.filter(name="Bob").delete() == 1
    assert raw.essay.count_documents({}) == 0


def test_deny_refuses_and_deletes_nothing(raw: Raw) -> None:
    signer = Signer(name="Sam").save()
    other = Signer(name="Una").save()
    Contract(number="1", signer=signer).save()
    with pytest.raises(OperationError, match="DENY"):
        signer.delete()
    with pytest.raises(OperationError, match="DENY"):
        Signer.objects.delete()
    assert raw.signer.count_documents({}) == 2 and raw.contract.count_documents({}) == 1
    other.delete()  # nothing references this one
    assert raw.signer.count_documents({}) == 1


def test_generic_references_load_per_class(raw: Raw) -> None:
    ann = Writer(name="Ann").save()
    sam = Signer(name="Sam").save()
    Bookmark(label="w", target=ann).save()
    Bookmark(label="s", target=sam).save()
    stored = raw.bookmark.find_one({"label": "w"})
    assert (
        stored is not None and stored["target"]["_cls"] == "Writer" and stored["target"]["_ref"].id == ann.id
    )
    bookmarks = [b for b in Bookmark.objects.select_related("target").order_by("label")]
    assert [type(b.target).__name__ for b in bookmarks] == ["Signer", "Writer"]
    assert bookmarks[1].target.name == "Ann"  # type: ignore[union-attr]
    single = Bookmark.objects.get(label="s")
    single.fetch("target")
    assert single.target.name == "Sam"  # type: ignore[union-attr]
    single.label = "s2"
    single.save()
    assert raw.bookmark.find_one({"label": "s2"})["target"]["_ref"].id == sam.id  # type: ignore[index]
