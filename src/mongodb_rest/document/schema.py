"""The ``$jsonSchema`` validator a document class implies, so other writers are held to it too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..fields.base import BaseField
from ..fields.kinds import Nested

if TYPE_CHECKING:
    from .base import BaseDocument


def field_schema(field: BaseField[Any]) -> dict[str, Any]:
    """The ``$jsonSchema`` of one present value of ``field`` (empty: anything): its kind's BSON types
    and constraints, and its choices."""
    schema: dict[str, Any] = {}
    bson_type = field.kind.bson_type()
    if bson_type is not None:
        schema["bsonType"] = bson_type
    if field.kind.constraints is not None:
        schema.update(field.kind.constraints(field, NESTED))
    if field.choices is not None and all(
        isinstance(choice, (str, int, float, bool)) for choice in field.choices
    ):
        schema["enum"] = list(field.choices)
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


NESTED = Nested(field=field_schema, document=document_schema)
