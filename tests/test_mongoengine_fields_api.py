"""MongoEngine's field types over DRF and in ``$jsonSchema``: what each accepts, refuses and shows."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

import pytest
from django import forms
from pymongo.database import Database

from mongodb_rest import (
    ComplexDateTimeField,
    Document,
    EmbeddedDocument,
    EmbeddedDocumentListField,
    EnumField,
    GenericEmbeddedDocumentField,
    GeoPointField,
    MapField,
    MultiPolygonField,
    SortedListField,
)
from mongodb_rest.contrib.admin.forms import form_field
from mongodb_rest.document.schema import document_schema
from mongodb_rest.fields import IntField, StringField
from mongodb_rest.rest_framework.serializers import DocumentSerializer

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Level(Enum):
    LOW = 1
    HIGH = 2


class Note(EmbeddedDocument):
    text = StringField(required=True)


class Ticket(Document):
    title = StringField(required=True)
    level = EnumField(Level, default=Level.LOW)
    counts = MapField(IntField(min_value=0))
    stamped = ComplexDateTimeField()
    spot = GeoPointField()
    zones = MultiPolygonField()
    tags = SortedListField(StringField())
    notes = EmbeddedDocumentListField(Note)
    attachment = GenericEmbeddedDocumentField()


class TicketSerializer(DocumentSerializer):
    class Meta:
        model = Ticket
        fields = "__all__"


VALID = {
    "title": "t",
    "level": 2,
    "counts": {"a": 1},
    "stamped": "2024-01-02T03:04:05.123456Z",
    "spot": [1.5, 2.5],
    "tags": ["b", "a"],
    "notes": [{"text": "hi"}],
}


def test_serializer_writes_and_shows_each_field(raw: Raw) -> None:
    serializer = TicketSerializer(data=VALID)
    assert serializer.is_valid(), serializer.errors
    ticket = serializer.save()
    stored = raw.ticket.find_one({"_id": ticket.id})
    assert stored is not None
    assert stored["level"] == 2 and stored["tags"] == ["a", "b"] and stored["counts"] == {"a": 1}
    assert stored["stamped"] == "2024,01,02,03,04,05,123456" and stored["spot"] == [1.5, 2.5]
    data = TicketSerializer(Ticket.sync.objects.get(id=ticket.id)).data
    assert data["level"] == 2 and data["counts"] == {"a": 1} and data["spot"] == [1.5, 2.5]
    assert datetime.fromisoformat(data["stamped"]) == datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
    assert data["notes"] == [{"text": "hi"}]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("level", 3),
        ("counts", {"a": -1}),
        ("counts", {"a": "x"}),
        ("spot", [1, 2, 3]),
        ("stamped", "yesterday"),
        ("zones", [[1, 2]]),
        ("notes", [{"text": ""}]),
    ],
)
def test_serializer_refuses_what_the_model_refuses(raw: Raw, field: str, value: Any) -> None:
    serializer = TicketSerializer(data={**VALID, field: value})
    assert not serializer.is_valid()
    assert field in serializer.errors
    assert raw.ticket.count_documents({}) == 0


def test_json_schema_of_the_new_fields() -> None:
    properties = document_schema(Ticket)["properties"]
    assert properties["level"] == {"enum": [1, 2]}
    assert properties["counts"] == {
        "bsonType": "object",
        "additionalProperties": {"bsonType": ["int", "long"], "minimum": 0},
    }
    assert properties["stamped"] == {"bsonType": "string"} and properties["spot"] == {"bsonType": "array"}
    assert properties["zones"] == {"bsonType": "object"} and properties["tags"]["bsonType"] == "array"
    assert properties["notes"]["items"]["required"] == ["text"]
    assert Ticket(title="x", stamped=datetime(2024, 1, 1, tzinfo=UTC)).level is Level.LOW


def test_admin_form_fields() -> None:
    fields = Ticket._fields
    level = form_field(fields["level"])
    assert isinstance(level, forms.TypedChoiceField)
    assert level.choices == [("", "---------"), ("1", "Low"), ("2", "High")]
    assert level.clean("2") == 2  # the document turns the value into Level.HIGH
    assert isinstance(form_field(fields["stamped"]), forms.DateTimeField)
    assert form_field(fields["attachment"]) is None  # shown read-only, as generic references are
