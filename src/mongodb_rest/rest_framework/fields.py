"""Serializer fields for documents: ObjectIds, references by id, and free-form document values."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from rest_framework import serializers

from ..document.base import json_ready


class ObjectIdField(serializers.Field):
    """An ObjectId: its 24-character hex string in and out."""

    default_error_messages = {"invalid": "'{value}' is not a valid ObjectId."}

    def to_internal_value(self, data: Any) -> ObjectId:
        if isinstance(data, ObjectId):
            return data
        if isinstance(data, str) and ObjectId.is_valid(data):
            return ObjectId(data)
        self.fail("invalid", value=str(data)[:64])
        raise AssertionError  # fail() raises

    def to_representation(self, value: Any) -> str:
        return str(value)


class ReferenceField(ObjectIdField):
    """A reference shown and written as the referenced document's id; a written id must exist."""

    default_error_messages = {
        "invalid": "'{value}' is not a valid ObjectId.",
        "does_not_exist": "No {model} has the id '{value}'.",
    }

    def __init__(self, document_type: Any = None, **kwargs: Any) -> None:
        self.document_type = document_type
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        value = instance.__dict__.get(self.source) if hasattr(instance, "__dict__") else None
        return getattr(value, "id", value)  # the stored id, without loading the document

    def to_internal_value(self, data: Any) -> ObjectId:
        identifier = super().to_internal_value(data)
        if (
            self.document_type is not None
            and not self.document_type.sync.objects.filter(id=identifier).exists()
        ):
            self.fail("does_not_exist", model=self.document_type.__name__, value=str(identifier))
        return identifier


class DocumentField(serializers.JSONField):
    """Any document value, shown as JSON (ids and dates as strings)."""

    def to_representation(self, value: Any) -> Any:
        return json_ready(value)
