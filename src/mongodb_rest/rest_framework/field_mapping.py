"""The serializer field for each document field: it accepts and refuses what the document field does."""

from __future__ import annotations

from functools import cache, partial
from typing import TYPE_CHECKING, Any

from rest_framework import serializers

from ..fields import (
    BooleanField,
    ComplexDateTimeField,
    DateField,
    DateTimeField,
    DecimalField,
    EmailField,
    EmbeddedDocumentField,
    EnumField,
    FileField,
    FloatField,
    GenericReferenceField,
    GeoPointField,
    ImageField,
    IntField,
    ListField,
    MapField,
    ObjectIdField,
    ReferenceField,
    StringField,
    URLField,
    UUIDField,
)
from ..fields.base import MISSING, BaseField
from ..fields.geo import _GeoJSONField
from . import fields as api_fields

if TYPE_CHECKING:
    from ..document.base import BaseDocument


READ_ONLY_DROPS = ("required", "default", "allow_blank", "min_length", "max_length", "min_value", "max_value")
TIGHTER = {"max_length": min, "min_length": max, "max_value": min, "min_value": max}

type Built = tuple[Any, dict[str, Any]]  # a serializer field class and its constructor options


def _options(field: BaseField[Any]) -> dict[str, Any]:
    has_default = field.default is not None and field.default is not MISSING
    options: dict[str, Any] = {
        "required": field.required and not has_default,
        "allow_null": not field.required,
    }
    if field.help_text:
        options["help_text"] = field.help_text
    if field.verbose_name:
        options["label"] = field.verbose_name
    return options


def merge_options(options: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """The options derived from a document field with ``overrides`` (``extra_kwargs``,
    ``read_only_fields``) applied as DRF's ModelSerializer applies them, except that a length or bound
    never loosens the document field's own: the tighter of the two applies."""
    merged = dict(options)
    if overrides.get("read_only"):
        for key in READ_ONLY_DROPS:
            merged.pop(key, None)
    if "default" in overrides:
        merged.pop("required", None)  # DRF refuses default with required
    for key, tighter in TIGHTER.items():
        if overrides.get(key) is not None and merged.get(key) is not None:
            overrides = {**overrides, key: tighter(merged[key], overrides[key])}
    merged.update(overrides)
    if merged.get("read_only"):
        merged.pop("required", None)  # DRF refuses read_only with required
    return merged


def build_field(
    field: BaseField[Any], overrides: dict[str, Any] | None = None, depth: int = 0
) -> serializers.Field:
    """The serializer field for ``field``; ``overrides`` are constructor options (``read_only_fields``,
    ``extra_kwargs``, see ``merge_options``); with ``depth`` > 0 references are shown as nested
    documents, read-only."""
    field_class, options = _built(field, depth)
    return field_class(**merge_options(options, overrides or {}))


def _built(field: BaseField[Any], depth: int) -> Built:
    options = _options(field)
    if isinstance(field, EnumField):
        return api_fields.EnumChoiceField, {"choices": field.flatchoices or [], **options}
    if field.choices is not None and not isinstance(field, ListField):
        return serializers.ChoiceField, {"choices": list(field.choices), **options}
    if isinstance(field, StringField):
        return _string_field(field, options)
    if isinstance(field, (IntField, FloatField, DecimalField)):
        return _number_field(field, options)
    if isinstance(field, BooleanField):
        return serializers.BooleanField, options
    if isinstance(field, ComplexDateTimeField):
        return serializers.DateTimeField, options
    if isinstance(field, GeoPointField):
        return serializers.ListField, {
            "child": serializers.FloatField(),
            "min_length": 2,
            "max_length": 2,
            **options,
        }
    if isinstance(field, DateTimeField):
        if field.auto_now or field.auto_now_add:
            return serializers.DateTimeField, {"read_only": True}
        return serializers.DateTimeField, options
    if isinstance(field, DateField):
        return serializers.DateField, options
    if isinstance(field, UUIDField):
        return serializers.UUIDField, options
    if isinstance(field, ObjectIdField):
        return api_fields.ObjectIdField, options
    if isinstance(field, ReferenceField):
        if depth > 0:
            return reference_serializer(field.document_type, depth - 1), {"read_only": True}
        return partial(api_fields.ReferenceField, field.document_type), options
    if isinstance(field, GenericReferenceField):
        return api_fields.GenericReferenceField, options
    if isinstance(field, _GeoJSONField):
        return partial(api_fields.GeoJSONField, field), options
    if isinstance(field, ImageField):
        return api_fields.ImageField, options
    if isinstance(field, FileField):
        return api_fields.FileField, options
    if isinstance(field, EmbeddedDocumentField):
        return document_serializer(field.document_type), options
    if isinstance(field, ListField):
        return _list_field(field, options)
    if isinstance(field, MapField) and field.field is not None:
        return serializers.DictField, {"child": _child(field.field), **options}
    return api_fields.DocumentField, options  # dicts and native values


def _string_field(field: StringField, options: dict[str, Any]) -> Built:
    options["allow_blank"] = not field.required and field.min_length in (None, 0)
    _add_lengths(field, options)
    if isinstance(field, EmailField):
        return api_fields.EmailField, options
    if isinstance(field, URLField):
        return api_fields.URLField, options
    if field.regex is not None:
        return api_fields.RegexField, {"regex": field.regex, **options}
    return api_fields.CharField, options


def _number_field(field: IntField | FloatField | DecimalField, options: dict[str, Any]) -> Built:
    bounds = {"min_value": field.min_value, "max_value": field.max_value}
    options.update({key: value for key, value in bounds.items() if value is not None})
    if isinstance(field, DecimalField):
        digits = {"max_digits": field.max_digits, "decimal_places": field.decimal_places}
        return serializers.DecimalField, {**digits, **options}
    if isinstance(field, FloatField):
        return serializers.FloatField, options
    return serializers.IntegerField, options


def _add_lengths(field: StringField | ListField, options: dict[str, Any]) -> None:
    lengths = {"max_length": field.max_length, "min_length": field.min_length}
    options.update({key: value for key, value in lengths.items() if value is not None})


def _list_field(field: ListField, options: dict[str, Any]) -> Built:
    options["required"] = False  # an omitted list is an empty one
    _add_lengths(field, options)
    if isinstance(field.field, EmbeddedDocumentField):
        options.pop("allow_null")
        return document_serializer(field.field.document_type), {"many": True, **options}
    child = _child(field.field) if field.field is not None else api_fields.DocumentField()
    return api_fields.ListField, {"child": child, **options}


def _child(field: BaseField[Any]) -> serializers.Field:
    child = build_field(field)
    child.required = False
    return child


_nesting: dict[str, type[Any]] = {}


def register_nesting(document: type[Any], referenced: type[Any]) -> None:
    """Record the serializer classes that nested documents are shown with: ``DocumentSerializer`` for
    embedded ones, ``ReferencedDocumentSerializer`` for referenced ones (serializers.py, built on this
    module, registers them)."""
    _nesting.update(document=document, referenced=referenced)


@cache
def document_serializer(document: type[BaseDocument], depth: int = 0) -> Any:
    """The DocumentSerializer of every field of an embedded document class (one class per document)."""
    return _serializer_class(f"{document.__name__}Serializer", _nesting["document"], document, depth)


@cache
def reference_serializer(document: type[BaseDocument], depth: int) -> Any:
    """The read-only nested serializer of a referenced document, loaded when shown."""
    return _serializer_class(f"Nested{document.__name__}Serializer", _nesting["referenced"], document, depth)


def _serializer_class(name: str, base: type[Any], document: type[BaseDocument], depth: int) -> Any:
    meta = type("Meta", (), {"model": document, "fields": "__all__", "depth": depth})
    return type(name, (base,), {"Meta": meta, "__module__": document.__module__})
