"""DocumentSerializer: a ModelSerializer for documents, usable from DRF (sync) and adrf (async) views."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from adrf.serializers import ListSerializer, Serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DRFValidationError

from ..document.base import BaseDocument
from ..errors import NotUniqueError, ValidationError
from ..fields import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    EmailField,
    EmbeddedDocumentField,
    FloatField,
    IntField,
    ListField,
    ObjectIdField,
    ReferenceField,
    StringField,
    URLField,
    UUIDField,
)
from ..fields.base import MISSING, BaseField
from . import fields as api_fields

ALL_FIELDS = "__all__"


def _options(field: BaseField[Any], overrides: dict[str, Any]) -> dict[str, Any]:
    has_default = field.default is not None and field.default is not MISSING
    options: dict[str, Any] = {
        "required": field.required and not has_default,
        "allow_null": not field.required,
    }
    if field.help_text:
        options["help_text"] = field.help_text
    if field.verbose_name:
        options["label"] = field.verbose_name
    options.update(overrides)
    if options.get("read_only"):
        options.pop("required", None)  # DRF refuses read_only with required
    return options


def build_field(field: BaseField[Any], overrides: dict[str, Any] | None = None) -> serializers.Field:
    """The serializer field that accepts and refuses what the document field does; ``overrides`` are
    constructor options (``read_only_fields``, ``extra_kwargs``)."""
    options = _options(field, overrides or {})
    if field.choices is not None and not isinstance(field, ListField):
        return serializers.ChoiceField(choices=list(field.choices), **options)
    if isinstance(field, StringField):
        options["allow_blank"] = not field.required and field.min_length in (None, 0)
        lengths = {"max_length": field.max_length, "min_length": field.min_length}
        options.update({key: value for key, value in lengths.items() if value is not None})
        if isinstance(field, EmailField):
            return serializers.EmailField(**options)
        if isinstance(field, URLField):
            return serializers.URLField(**options)
        if field.regex is not None:
            return serializers.RegexField(field.regex, **options)
        return serializers.CharField(**options)
    if isinstance(field, (IntField, FloatField, DecimalField)):
        bounds = {"min_value": field.min_value, "max_value": field.max_value}
        options.update({key: value for key, value in bounds.items() if value is not None})
        if isinstance(field, DecimalField):
            return serializers.DecimalField(
                max_digits=field.max_digits, decimal_places=field.decimal_places, **options
            )
        return (
            serializers.FloatField(**options)
            if isinstance(field, FloatField)
            else serializers.IntegerField(**options)
        )
    if isinstance(field, BooleanField):
        return serializers.BooleanField(**options)
    if isinstance(field, DateTimeField):
        if field.auto_now or field.auto_now_add:
            return serializers.DateTimeField(read_only=True)
        return serializers.DateTimeField(**options)
    if isinstance(field, DateField):
        return serializers.DateField(**options)
    if isinstance(field, UUIDField):
        return serializers.UUIDField(**options)
    if isinstance(field, ObjectIdField):
        return api_fields.ObjectIdField(**options)
    if isinstance(field, ReferenceField):
        return api_fields.ReferenceField(field.document_type, **options)
    if isinstance(field, EmbeddedDocumentField):
        return embedded_serializer(field.document_type)(**options)
    if isinstance(field, ListField):
        if isinstance(field.field, EmbeddedDocumentField):
            options.pop("allow_null")
            return embedded_serializer(field.field.document_type)(many=True, **options)
        child = build_field(field.field) if field.field is not None else api_fields.DocumentField()
        child.required = False
        if "required" in options:
            options["required"] = False  # an omitted list is an empty one
        return serializers.ListField(child=child, **options)
    return api_fields.DocumentField(**options)  # dicts, generic references and native values


def embedded_serializer(document: type[BaseDocument]) -> type[DocumentSerializer]:
    """A DocumentSerializer of every field of an embedded document class."""
    meta = type("Meta", (), {"model": document, "fields": ALL_FIELDS})
    return type(f"{document.__name__}Serializer", (DocumentSerializer,), {"Meta": meta})


class DocumentListSerializer(ListSerializer):
    """Lists of documents: ``adata`` iterates an async-face QuerySet with ``async for``."""

    async def ato_representation(self, data: Any) -> list[Any]:
        if hasattr(data, "__aiter__"):
            return [await self.child.ato_representation(item) async for item in data]
        return [await self.child.ato_representation(item) for item in data]


class DocumentSerializer(Serializer):
    """Serializer fields derived from ``Meta.model``'s fields (``fields``, ``exclude``,
    ``read_only_fields``, ``extra_kwargs``); ``save()``/``create()``/``update()`` use the sync face and
    ``asave()``/``acreate()``/``aupdate()`` the async face, so one class serves DRF and adrf views."""

    Meta: ClassVar[Any]

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> Any:
        meta = getattr(cls, "Meta", None)
        if meta is not None and not hasattr(meta, "list_serializer_class"):
            meta.list_serializer_class = DocumentListSerializer
        return super().many_init(*args, **kwargs)

    def get_fields(self) -> dict[str, serializers.Field]:
        declared: dict[str, Any] = copy.deepcopy(self._declared_fields)
        meta = self.Meta
        model: type[BaseDocument] = meta.model
        wanted = getattr(meta, "fields", ALL_FIELDS)
        excluded = set(getattr(meta, "exclude", ()))
        names = list(model._fields) if wanted == ALL_FIELDS else list(wanted)
        read_only = set(getattr(meta, "read_only_fields", ()))
        extra = getattr(meta, "extra_kwargs", {})
        result: dict[str, Any] = {}
        for name in names:
            if name in excluded:
                continue
            if name in declared:
                result[name] = declared.pop(name)
                continue
            if name not in model._fields:
                raise ValueError(
                    f"{type(self).__name__}.Meta.fields names {name!r}, not a field of {model.__name__}."
                )
            overrides = {**({"read_only": True} if name in read_only else {}), **extra.get(name, {})}
            if name == "id":
                result[name] = api_fields.ObjectIdField(**{"read_only": True, **overrides})
            else:
                result[name] = build_field(model._fields[name], overrides)
        result.update(declared)  # SerializerMethodFields and other extra declared fields
        return result

    def _document(self, face: str) -> type[Any]:
        model: type[BaseDocument] = self.Meta.model
        return model if model._embedded else model.twin(face)

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        if self.Meta.model._embedded:
            with _as_drf_errors():
                return self.Meta.model(**values)
        return values

    def create(self, validated_data: dict[str, Any]) -> Any:
        with _as_drf_errors():
            return self._document("sync")(**validated_data).save()

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        with _as_drf_errors():
            for name, value in validated_data.items():
                setattr(instance, name, value)
            return self._document("sync").save(instance)  # the sync face's save, whatever face instance is on

    async def acreate(self, validated_data: dict[str, Any]) -> Any:
        with _as_drf_errors():
            return await self._document("aio")(**validated_data).save()

    async def aupdate(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        with _as_drf_errors():
            for name, value in validated_data.items():
                setattr(instance, name, value)
            return await self._document("aio").save(instance)


@contextmanager
def _as_drf_errors() -> Iterator[None]:
    """The model's ValidationError (clean(), validators, unique indexes) as DRF's: a 400, not a 500."""
    try:
        yield
    except ValidationError as exc:
        raise DRFValidationError(exc.errors) from None
    except NotUniqueError as exc:
        raise DRFValidationError({exc.field or "non_field_errors": [str(exc)]}) from None
