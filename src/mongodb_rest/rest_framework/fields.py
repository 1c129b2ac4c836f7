"""Serializer fields for documents: ObjectIds, references, GeoJSON, GridFS files and free-form values."""

from __future__ import annotations

from enum import Enum
from typing import Any

from bson import DBRef, ObjectId
from django.urls import NoReverseMatch
from rest_framework import serializers
from rest_framework.reverse import reverse

from ..document.base import BaseDocument, json_ready
from ..document.options import collection_name
from ..document.registry import get_document
from ..errors import ValidationError
from ..fields.base import BaseField
from ..fields.files import StoredFile


class EnumChoiceField(serializers.ChoiceField):
    """A member of an Enum: its value in and out."""

    def to_representation(self, value: Any) -> Any:
        return super().to_representation(value.value if isinstance(value, Enum) else value)


class CharField(serializers.CharField):
    """Text: a string only (DRF's CharField also takes a number, which a text field's schema refuses)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class EmailField(CharField, serializers.EmailField):
    """An e-mail address, as a string only."""


class URLField(CharField, serializers.URLField):
    """A URL, as a string only."""


class RegexField(CharField, serializers.RegexField):
    """Text matching a regular expression, as a string only."""


class ObjectIdField(serializers.Field):
    """An ObjectId: its 24-character hex string in and out."""

    default_error_messages = {"invalid": "'{value}' is not a valid ObjectId."}

    def get_attribute(self, instance: Any) -> Any:
        # ``source='author.id'`` on a reference that is not loaded: the stored id is the answer
        value = instance
        for attr in self.source_attrs:
            if value is None:
                return None
            if attr == "id" and isinstance(value, (ObjectId, DBRef)):
                return value if isinstance(value, ObjectId) else value.id
            if not hasattr(value, attr) and not isinstance(value, dict):
                return super().get_attribute(instance)  # DRF's answer: a default, SkipField or its error
            value = value.get(attr) if isinstance(value, dict) else getattr(value, attr)
        return value

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
        if self.document_type is not None and not _exists(self.document_type, identifier):
            self.fail("does_not_exist", model=self.document_type.__name__, value=str(identifier))
        return identifier


class CachedReferenceField(ReferenceField):
    """A cached reference shown and written as the referenced document's key; a written key is loaded,
    so that its copied fields are stored with it."""

    def to_internal_value(self, data: Any) -> Any:
        custom_key = self.document_type._id_field != "id"  # a primary_key field: its own values
        if not custom_key:
            data = ObjectIdField.to_internal_value(self, data)
        document = None
        if isinstance(data, (ObjectId, str, int)) and not isinstance(data, bool):
            try:
                document = self.document_type.twin("sync")._default_manager.filter(pk=data).first()
            except ValidationError:
                document = None  # not a value of the key's type
        if document is None:
            self.fail("does_not_exist", model=self.document_type.__name__, value=str(data)[:64])
        return document

    def to_representation(self, value: Any) -> Any:
        return str(value) if isinstance(value, ObjectId) else value


class GenericReferenceField(serializers.Field):
    """A reference to a document of any class: ``{"type": "Post", "id": "..."}`` in and out; a written
    reference must name a document class and an existing document of it."""

    default_error_messages = {
        "invalid": 'Expected {{"type": <document class>, "id": <ObjectId>}}.',
        "unknown_type": "'{value}' is not a document class.",
        "embedded": "'{value}' is an embedded document class: it cannot be referenced.",
        "does_not_exist": "No {model} has the id '{value}'.",
    }

    def get_attribute(self, instance: Any) -> Any:
        return instance.__dict__.get(self.source) if hasattr(instance, "__dict__") else None

    def to_representation(self, value: Any) -> dict[str, str]:
        if isinstance(value, BaseDocument):
            return {"type": value._class_name, "id": str(value.__dict__["id"])}
        return {"type": value["_cls"], "id": str(value["_ref"].id)}

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or not isinstance(data.get("type"), str) or "id" not in data:
            self.fail("invalid")
        identifier = ObjectIdField().to_internal_value(data["id"])
        try:
            document = get_document(data["type"].split(".")[-1])
        except LookupError:
            self.fail("unknown_type", value=data["type"][:64])
        if document._embedded:
            self.fail("embedded", value=document.__name__)
        if not _exists(document, identifier):
            self.fail("does_not_exist", model=document.__name__, value=str(identifier))
        return {"_cls": document._class_name, "_ref": DBRef(collection_name(document), identifier)}


def _exists(document: type[BaseDocument], identifier: ObjectId) -> bool:
    sync_document: Any = document.twin("sync")
    return bool(sync_document._default_manager.filter(id=identifier).exists())


class GeoJSONField(serializers.Field):
    """A GeoJSON value (``{"type": "Point", "coordinates": [lng, lat]}``), checked as the document field
    checks it (a bare ``[lng, lat]`` is accepted for points)."""

    default_error_messages = {"invalid": "{message}"}

    def __init__(self, document_field: BaseField[Any], **kwargs: Any) -> None:
        self.document_field = document_field
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        try:
            return self.document_field._coerce(data)  # type: ignore[attr-defined]
        except ValueError as exc:
            self.fail("invalid", message=str(exc))

    def to_representation(self, value: Any) -> Any:
        return json_ready(value)


class FileField(serializers.FileField):
    """A GridFS file: uploaded as a multipart file, shown as its metadata and a download URL (the
    viewset's ``files/<field>/`` route, when the view has one)."""

    def get_attribute(self, instance: Any) -> Any:
        stored = instance.__dict__.get(self.source) if hasattr(instance, "__dict__") else None
        return (instance, stored) if isinstance(stored, StoredFile) else None

    def to_representation(self, value: Any) -> dict[str, Any]:
        instance, stored = value
        return {
            "filename": stored.filename,
            "content_type": stored.content_type,
            "length": stored.length,
            "url": self._url(instance),
        }

    def _url(self, instance: Any) -> str | None:
        view, request = self.context.get("view"), self.context.get("request")
        basename = getattr(view, "basename", None)
        if basename is None or getattr(instance, "id", None) is None:
            return None
        kwargs = {getattr(view, "lookup_url_kwarg", None) or "pk": str(instance.id), "field": self.source}
        try:
            return str(reverse(f"{basename}-file", kwargs=kwargs, request=request))
        except NoReverseMatch:
            return None


class ImageField(FileField, serializers.ImageField):
    """A GridFS image: uploads are checked with Pillow."""


class DocumentField(serializers.JSONField):
    """Any document value, shown as JSON (ids and dates as strings)."""

    def to_representation(self, value: Any) -> Any:
        return json_ready(value)


class ListField(serializers.ListField):
    """DRF's ListField, refusing a list longer than ``max_length`` (or shorter than ``min_length``) before it
    validates any item: an oversized body costs no per-item work."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, list):
            if self.max_length is not None and len(data) > self.max_length:
                self.fail("max_length", max_length=self.max_length)
            if self.min_length is not None and len(data) < self.min_length:
                self.fail("min_length", min_length=self.min_length)
        return super().to_internal_value(data)
