"""List caps through DRF: the serializer field carries ``max_length``/``min_length`` and refuses an
oversized list before validating its items; a one-field PATCH of a long-listed document checks one field."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers

from mongodb_rest.fields import EmbeddedDocumentField, ListField, StringField
from mongodb_rest.rest_framework.field_mapping import build_field
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.sync import Document, EmbeddedDocument

pytestmark = pytest.mark.usefixtures("db_name")
checked: list[Any] = []


class Note(EmbeddedDocument):
    text = StringField()


class Capped(Document):
    title = StringField(max_length=50)
    tags = ListField(StringField(max_length=10, validation=checked.append), max_length=100, min_length=1)
    notes = ListField(EmbeddedDocumentField(Note), max_length=2)


class CappedSerializer(DocumentSerializer):
    class Meta:
        model = Capped
        fields = ["id", "title", "tags", "notes"]


def test_the_serializer_fields_carry_the_caps() -> None:
    tags = build_field(Capped._fields["tags"])
    assert isinstance(tags, serializers.ListField)
    assert (tags.max_length, tags.min_length) == (100, 1)
    notes = build_field(Capped._fields["notes"])
    assert isinstance(notes, serializers.ListSerializer) and notes.max_length == 2


def test_an_oversized_list_is_refused_before_its_items_are_validated() -> None:
    serializer = CappedSerializer(data={"tags": ["far too long for a tag"] * 100_000})
    assert not serializer.is_valid()
    assert serializer.errors == {"tags": ["Ensure this field has no more than 100 elements."]}
    serializer = CappedSerializer(data={"tags": []})
    assert not serializer.is_valid()
    assert serializer.errors == {"tags": ["Ensure this field has at least 1 elements."]}
    serializer = CappedSerializer(data={"tags": ["a"], "notes": [{"text": "x"}] * 3})
    assert not serializer.is_valid()
    assert "notes" in serializer.errors


def test_a_partial_update_of_one_field_checks_that_field_only() -> None:
    created = Capped(title="long", tags=[f"t{i}" for i in range(100)]).save()
    checked.clear()
    serializer = CappedSerializer(Capped.objects.get(id=created.id), data={"title": "renamed"}, partial=True)
    assert serializer.is_valid(), serializer.errors
    serializer.save()
    assert checked == []
    assert Capped.objects.get(id=created.id).title == "renamed"
