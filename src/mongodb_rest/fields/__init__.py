"""Declarative document fields: ``name = StringField(required=True, max_length=100)``."""

from .base import BaseField
from .containers import DictField, EmbeddedDocumentField, ListField
from .files import FileField, ImageField
from .geo import LineStringField, PointField, PolygonField
from .references import (
    CASCADE,
    DENY,
    DO_NOTHING,
    NULLIFY,
    PULL,
    GenericReferenceField,
    ReferenceField,
)
from .scalars import (
    BinaryField,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    EmailField,
    FloatField,
    IntField,
    LongField,
    ObjectIdField,
    PydanticObjectId,
    StringField,
    URLField,
    UUIDField,
)

__all__ = [
    "CASCADE",
    "DENY",
    "DO_NOTHING",
    "NULLIFY",
    "PULL",
    "BaseField",
    "BinaryField",
    "BooleanField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DictField",
    "EmailField",
    "EmbeddedDocumentField",
    "FileField",
    "FloatField",
    "GenericReferenceField",
    "ImageField",
    "IntField",
    "LineStringField",
    "ListField",
    "LongField",
    "ObjectIdField",
    "PointField",
    "PolygonField",
    "PydanticObjectId",
    "ReferenceField",
    "StringField",
    "URLField",
    "UUIDField",
]
