"""Fields for native annotations (``name: str = Field(...)``): how their values are stored and read."""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin
from uuid import UUID

from bson import ObjectId
from pydantic.fields import FieldInfo

from ..fields.base import BaseField, is_document_class
from ..fields.containers import DictField, EmbeddedDocumentField, ListField, copy_plain
from ..fields.enums import EnumField
from ..fields.kinds import FieldKind
from ..fields.scalars import DateField, DecimalField

IMMUTABLE_TYPES = (str, int, float, bool, bytes, datetime, ObjectId, UUID)


class NativeField(BaseField[Any]):
    """A field declared by annotation; Pydantic validates it, this only stores and reads it."""

    kind = FieldKind("native")
    encodes = True
    decodes = True

    def to_mongo(self, value: Any) -> Any:
        return copy_plain(value)

    def to_python(self, value: Any) -> Any:
        return copy_plain(value)


class ScalarField(BaseField[Any]):
    """A native field of an immutable BSON type: stored as is."""

    kind = FieldKind("scalar")
    immutable = True


def _strip(annotation: Any, keep_annotated: bool = False) -> Any:
    """The annotation without ``| None`` (and without ``Annotated[...]`` unless ``keep_annotated``)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated and not keep_annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def field_for_annotation(annotation: Any) -> BaseField[Any]:
    """The storage field for a native annotation."""
    annotation = _strip(annotation)
    origin = get_origin(annotation)
    if origin in (list, typing.List):  # noqa: UP006
        args = get_args(annotation)
        return ListField(field_for_annotation(args[0]) if args else None)
    if origin in (dict, typing.Dict):  # noqa: UP006
        args = get_args(annotation)
        return DictField(field_for_annotation(args[1]) if len(args) == 2 else None)
    if isinstance(annotation, type):
        if is_document_class(annotation):
            return EmbeddedDocumentField(annotation)
        if issubclass(annotation, Enum):
            return EnumField(annotation)
        if issubclass(annotation, Decimal):
            return DecimalField()
        if issubclass(annotation, date) and not issubclass(annotation, datetime):
            return DateField()
        if issubclass(annotation, IMMUTABLE_TYPES):
            return ScalarField()
    return NativeField()


def native_field(name: str, info: FieldInfo) -> BaseField[Any]:
    """The storage field of a native annotation ``name: annotation = info``."""
    field = field_for_annotation(info.annotation)
    field.python_type = _strip(info.annotation, keep_annotated=True)
    plain = _strip(info.annotation)
    if plain in (str, float, ObjectId, UUID) or plain is int:
        field.exact_query_types = (plain,)
    field.required = info.is_required()
    field.name = name
    return field
