"""Declarative document fields: ``name = StringField(required=True, max_length=100)``."""

from .base import BaseField
from .cached import CachedReferenceField
from .complex_datetime import ComplexDateTimeField
from .containers import DictField, EmbeddedDocumentField, ListField
from .dynamic import DynamicField
from .enums import EnumField
from .files import FileField, ImageField
from .geo import LineStringField, PointField, PolygonField
from .geo_collections import GeoPointField, MultiLineStringField, MultiPointField, MultiPolygonField
from .lazy import GenericLazyReferenceField, LazyReference, LazyReferenceField
from .lists import EmbeddedDocumentListField, SortedListField
from .maps import MapField
from .polymorphic import GenericEmbeddedDocumentField
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
from .sequence import SequenceField

__all__ = [
    "CASCADE",
    "DENY",
    "DO_NOTHING",
    "NULLIFY",
    "PULL",
    "BaseField",
    "BinaryField",
    "BooleanField",
    "CachedReferenceField",
    "ComplexDateTimeField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DictField",
    "DynamicField",
    "EmailField",
    "EmbeddedDocumentField",
    "EmbeddedDocumentListField",
    "EnumField",
    "FileField",
    "FloatField",
    "GenericEmbeddedDocumentField",
    "GenericLazyReferenceField",
    "GenericReferenceField",
    "GeoPointField",
    "ImageField",
    "IntField",
    "LazyReference",
    "LazyReferenceField",
    "LineStringField",
    "ListField",
    "LongField",
    "MapField",
    "MultiLineStringField",
    "MultiPointField",
    "MultiPolygonField",
    "ObjectIdField",
    "PointField",
    "PolygonField",
    "PydanticObjectId",
    "ReferenceField",
    "SequenceField",
    "SortedListField",
    "StringField",
    "URLField",
    "UUIDField",
]
