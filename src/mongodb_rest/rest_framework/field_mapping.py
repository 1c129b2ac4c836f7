"""The serializer field for each document field: it accepts and refuses what the document field does."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from rest_framework import serializers

from ..fields.base import MISSING, BaseField
from ..fields.kinds import first_kind
from . import fields as api_fields
from .polymorphic import PolymorphicEmbeddedField

if TYPE_CHECKING:
    from ..document.base import BaseDocument


READ_ONLY_DROPS = ("required", "default", "allow_blank", "min_length", "max_length", "min_value", "max_value")
TIGHTER = {"max_length": min, "min_length": max, "max_value": min, "min_value": max}

type Built = tuple[Any, dict[str, Any]]  # a serializer field class and its constructor options
type Build = Callable[[Any, dict[str, Any], int], Built]  # (field, options, depth) -> Built


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
    kind = first_kind(SERIALIZER_FIELDS, type(field))
    if field.choices is not None and kind not in OWN_CHOICES:
        return serializers.ChoiceField, {"choices": list(field.choices), **options}
    return SERIALIZER_FIELDS[kind](field, options, depth)


def _as(field_class: Any) -> Build:
    return lambda field, options, depth: (field_class, options)


def _enum(field: Any, options: dict[str, Any], depth: int) -> Built:
    return api_fields.EnumChoiceField, {"choices": field.flatchoices or [], **options}


def _text(field_class: Any) -> Build:
    def build(field: Any, options: dict[str, Any], depth: int) -> Built:
        _add_text_options(field, options)
        return field_class, options

    return build


def _string(field: Any, options: dict[str, Any], depth: int) -> Built:
    _add_text_options(field, options)
    if field.regex is not None:
        return api_fields.RegexField, {"regex": field.regex, **options}
    return api_fields.CharField, options


def _add_text_options(field: Any, options: dict[str, Any]) -> None:
    options["allow_blank"] = not field.required and field.min_length in (None, 0)
    _add_lengths(field, options)


def _number(field_class: Any) -> Build:
    def build(field: Any, options: dict[str, Any], depth: int) -> Built:
        _add_bounds(field, options)
        return field_class, options

    return build


def _decimal(field: Any, options: dict[str, Any], depth: int) -> Built:
    _add_bounds(field, options)
    digits = {"max_digits": field.max_digits, "decimal_places": field.decimal_places}
    return serializers.DecimalField, {**digits, **options}


def _add_bounds(field: Any, options: dict[str, Any]) -> None:
    bounds = {"min_value": field.min_value, "max_value": field.max_value}
    options.update({key: value for key, value in bounds.items() if value is not None})


def _geo_point(field: Any, options: dict[str, Any], depth: int) -> Built:
    return serializers.ListField, {
        "child": serializers.FloatField(),
        "min_length": 2,
        "max_length": 2,
        **options,
    }


def _datetime(field: Any, options: dict[str, Any], depth: int) -> Built:
    if field.auto_now or field.auto_now_add:
        return serializers.DateTimeField, {"read_only": True}
    return serializers.DateTimeField, options


def _reference(field: Any, options: dict[str, Any], depth: int) -> Built:
    if depth > 0:
        return reference_serializer(field.document_type, depth - 1), {"read_only": True}
    return partial(api_fields.ReferenceField, field.document_type), options


def _geojson(field: Any, options: dict[str, Any], depth: int) -> Built:
    return partial(api_fields.GeoJSONField, field), options


def _embedded(field: Any, options: dict[str, Any], depth: int) -> Built:
    if _polymorphic(field):
        return polymorphic_field(field.document_type), options
    return document_serializer(field.document_type), options


def _polymorphic(field: Any) -> bool:
    """True for an embedded document field whose class allows inheritance (values of subclasses)."""
    return bool(field.document_type._meta.allow_inheritance)


def polymorphic_field(document: type[BaseDocument]) -> Any:
    """The serializer field of an embedded document of ``document`` or of any class inheriting it."""
    classes = {name: cls for name, cls in document._subclasses.items() if not cls._meta.abstract}
    serializers_by_class = {name: document_serializer(cls) for name, cls in classes.items()}
    return partial(PolymorphicEmbeddedField, serializers_by_class, document._class_name)


def _sequence(field: Any, options: dict[str, Any], depth: int) -> Built:
    shown = api_fields.DocumentField if field.value_decorator is not None else serializers.IntegerField
    return shown, {**options, "read_only": True}  # assigned by the first save


def _cached_reference(field: Any, options: dict[str, Any], depth: int) -> Built:
    if depth > 0:  # the stored copy: the key and the copied fields, with no query
        return cached_serializer(field.document_type, field.fields), {"read_only": True}
    return partial(api_fields.CachedReferenceField, field.document_type), options


def _add_lengths(field: Any, options: dict[str, Any]) -> None:
    lengths = {"max_length": field.max_length, "min_length": field.min_length}
    options.update({key: value for key, value in lengths.items() if value is not None})


def _list(field: Any, options: dict[str, Any], depth: int) -> Built:
    options["required"] = False  # an omitted list is an empty one
    _add_lengths(field, options)
    embedded = field.field is not None and first_kind(SERIALIZER_FIELDS, type(field.field)) == "embedded"
    if embedded and not _polymorphic(field.field):
        options.pop("allow_null")
        return document_serializer(field.field.document_type), {"many": True, **options}
    child = _child(field.field) if field.field is not None else api_fields.DocumentField()
    return api_fields.ListField, {"child": child, **options}


def _map(field: Any, options: dict[str, Any], depth: int) -> Built:
    if field.field is None:
        return api_fields.DocumentField, options
    return serializers.DictField, {"child": _child(field.field), **options}


def _child(field: BaseField[Any]) -> serializers.Field:
    child = build_field(field)
    child.required = False
    return child


SERIALIZER_FIELDS: dict[str, Build] = {
    "any": _as(api_fields.DocumentField),  # dicts and native values
    "enum": _enum,
    "string": _string,
    "email": _text(api_fields.EmailField),
    "url": _text(api_fields.URLField),
    "int": _number(serializers.IntegerField),
    "float": _number(serializers.FloatField),
    "decimal": _decimal,
    "boolean": _as(serializers.BooleanField),
    "datetime": _datetime,
    "complex_datetime": _as(serializers.DateTimeField),
    "date": _as(serializers.DateField),
    "uuid": _as(serializers.UUIDField),
    "objectid": _as(api_fields.ObjectIdField),
    "reference": _reference,
    "generic_reference": _as(api_fields.GenericReferenceField),
    "geojson": _geojson,
    "geo_point": _geo_point,
    "file": _as(api_fields.FileField),
    "image": _as(api_fields.ImageField),
    "embedded": _embedded,
    "sequence": _sequence,
    "cached_reference": _cached_reference,
    "list": _list,
    "map": _map,
}
"""How each kind of document field is shown, by its kind's name (``FieldKind.name``; a field whose
kind has no entry takes its nearest ancestor's): ``build(field, options, depth)`` -> the serializer
field class and its constructor options."""
OWN_CHOICES = frozenset({"enum", "list"})  # kinds whose entry uses the field's choices itself


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


@cache
def cached_serializer(document: type[BaseDocument], fields: tuple[str, ...]) -> Any:
    """The read-only serializer of a cached reference's stored copy: the key and the copied ``fields``."""
    name = f"Cached{document.__name__}Serializer"
    return _serializer_class(name, _nesting["document"], document, 0, ("id", *fields))


def _serializer_class(
    name: str, base: type[Any], document: type[BaseDocument], depth: int, fields: Any = "__all__"
) -> Any:
    meta = type("Meta", (), {"model": document, "fields": fields, "depth": depth})
    return type(name, (base,), {"Meta": meta, "__module__": document.__module__})
