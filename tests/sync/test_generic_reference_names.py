# Generated from tests/aio/test_generic_reference_names.py by tools/unasync.py: do not edit.
"""A generic reference whose stored class name several document classes share is refused by name."""

from __future__ import annotations

import pytest
from bson import DBRef, ObjectId

from mongodb_rest.fields import GenericReferenceField, ReferenceField, StringField
from mongodb_rest.sync import Document

pytestmark = pytest.mark.usefixtures("db_name")


class Shelf(Document):
    label = StringField(required=True)
    item = GenericReferenceField()


def _tome(module: str, collection: str) -> type[Document]:
    class Tome(Document):
        __module__ = module
        title = StringField(required=True)
        meta = {"collection": collection}

    return Tome


LibraryTome = _tome(f"{__name__}.library", "library_tome")
ShopTome = _tome(f"{__name__}.shop", "shop_tome")  # a second document class named Tome


def test_an_ambiguous_stored_class_name_raises_what_a_reference_field_naming_it_raises() -> None:
    with pytest.raises(LookupError) as by_name:
        _ = ReferenceField("Tome").document_type
    assert "Several document classes are named 'Tome'" in str(by_name.value)
    tome = LibraryTome(title="Dune").save()
    Shelf(label="a", item=tome).save()
    shelf = Shelf.objects.get(label="a")
    with pytest.raises(LookupError) as fetched:
        shelf.fetch("item")
    assert str(fetched.value) == str(by_name.value)
    with pytest.raises(LookupError) as selected:
        _ = [s for s in Shelf.objects.select_related("item")]
    assert str(selected.value) == str(by_name.value)


def test_a_class_name_no_document_class_has_stays_an_unloaded_reference() -> None:
    reference = {"_cls": "Nowhere", "_ref": DBRef("nowhere", ObjectId())}
    Shelf(label="b", item=reference).save()
    shelf = Shelf.objects.get(label="b")
    shelf.fetch("item")
    assert shelf.__dict__["item"] == reference
