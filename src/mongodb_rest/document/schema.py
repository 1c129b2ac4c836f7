"""The ``$jsonSchema`` validator a document class implies, so other writers are held to it too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..fields.base import BaseField
from ..fields.complex_datetime import ComplexDateTimeField
from ..fields.containers import DictField, EmbeddedDocumentField, ListField
from ..fields.geo import _GeoJSONField
from ..fields.geo_collections import GeoPointField
from ..fields.polymorphic import GenericEmbeddedDocumentField
from ..fields.references import GenericReferenceField, ReferenceField
from ..fields.scalars import (
    BinaryField,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    IntField,
    LongField,
    ObjectIdField,
    StringField,
    UUIDField,
)

if TYPE_CHECKING:
    from .base import BaseDocument

BSON_TYPES: list[tuple[type[BaseField[Any]], list[str]]] = [
    (LongField, ["long", "int"]),
    (IntField, ["int", "long"]),
    (FloatField, ["double", "int", "long"]),
    (DecimalField, ["decimal"]),
    (BooleanField, ["bool"]),
    (DateTimeField, ["date"]),
    (DateField, ["date"]),
    (BinaryField, ["binData"]),
    (UUIDField, ["binData"]),
    (ObjectIdField, ["objectId"]),
    (ReferenceField, ["objectId"]),
    (StringField, ["string"]),
    (ComplexDateTimeField, ["string"]),
    (GeoPointField, ["array"]),
    (ListField, ["array"]),
    (DictField, ["object"]),
    (EmbeddedDocumentField, ["object"]),
    (GenericReferenceField, ["object"]),
    (GenericEmbeddedDocumentField, ["object"]),
    (_GeoJSONField, ["object"]),
]


def field_schema(field: BaseField[Any]) -> dict[str, Any]:
    """The ``$jsonSchema`` of one present value of ``field`` (empty: anything)."""
    schema: dict[str, Any] = {}
    for kind, bson_types in BSON_TYPES:
        if isinstance(field, kind):
            schema["bsonType"] = bson_types if len(bson_types) > 1 else bson_types[0]
            break
    if isinstance(field, ReferenceField) and field.stores_dbref:
        schema["bsonType"] = "object"
    if isinstance(field, StringField):
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        min_length = field.min_length if field.min_length is not None else (1 if field.required else None)
        if min_length:
            schema["minLength"] = min_length
        if field.regex is not None:
            schema["pattern"] = field.regex.pattern
    if isinstance(field, (IntField, FloatField)):
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    if field.choices is not None and all(
        isinstance(choice, (str, int, float, bool)) for choice in field.choices
    ):
        schema["enum"] = list(field.choices)
    if isinstance(field, ListField) and field.field is not None:
        items = field_schema(field.field)
        if items:
            schema["items"] = items
    if isinstance(field, DictField) and field.field is not None:
        values = field_schema(field.field)
        if values:
            schema["additionalProperties"] = values
    if isinstance(field, EmbeddedDocumentField):
        schema.update(document_schema(field.document_type))
    return schema


def document_schema(cls: type[BaseDocument]) -> dict[str, Any]:
    """The ``$jsonSchema`` of documents of ``cls``: types and constraints of each field; required
    fields must be present. Fields the model does not know are allowed."""
    properties: dict[str, Any] = {}
    required = []
    for field in cls._fields.values():
        key = field.db_key
        schema = field_schema(field)
        if schema:
            properties[key] = schema
        if field.required and key != "_id":
            required.append(key)
    schema = {"bsonType": "object", "properties": properties}
    if required:
        schema["required"] = sorted(required)
    return schema


def validator(cls: type[BaseDocument]) -> dict[str, Any]:
    """The collection validator of ``cls`` (for an inheritance tree, its root's: subclasses share it)."""
    root = cls
    for ancestor in cls.__mro__[1:]:
        options = getattr(ancestor, "_meta", None)
        if options is not None and options.collection == cls._meta.collection and not options.abstract:
            root = ancestor
    return {"$jsonSchema": document_schema(root)}
