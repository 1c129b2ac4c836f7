"""Django forms generated from documents: a form field per document field, values both ways."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from bson import ObjectId
from django import forms
from django.core.exceptions import ValidationError as FormValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.text import capfirst

from ...document.base import json_ready
from ...document.implicit import NativeField, ScalarField
from ...fields.base import MISSING, BaseField
from ...fields.complex_datetime import ComplexDateTimeField
from ...fields.containers import DictField, EmbeddedDocumentField, ListField
from ...fields.files import FileField, ImageField
from ...fields.geo import _GeoJSONField
from ...fields.polymorphic import GenericEmbeddedDocumentField
from ...fields.references import GenericReferenceField, ReferenceField
from ...fields.scalars import (
    BinaryField,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    EmailField,
    FloatField,
    IntField,
    ObjectIdField,
    StringField,
    URLField,
    UUIDField,
)

if TYPE_CHECKING:
    from ...document.base import TopLevelDocument

IDS = re.compile(r"[\s,]+")


def field_label(field: BaseField[Any]) -> str:
    """The field's ``verbose_name``, else its name in words."""
    return capfirst(field.verbose_name or field.name.replace("_", " "))


class ObjectIdFormField(forms.Field):
    """An ObjectId typed as its 24 hexadecimal characters."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> ObjectId | None:
        text = str(value or "").strip()
        if not text:
            return None
        if not ObjectId.is_valid(text):
            raise FormValidationError(
                f"“{text}” is not a valid id (24 hexadecimal characters).", code="invalid"
            )
        return ObjectId(text)

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, ObjectId) else value


class ReferenceFormField(forms.Field):
    """A chooser by id of the document(s) a reference field points to; the ids must exist."""

    widget = forms.TextInput

    def __init__(self, document_type: Any, many: bool = False, **kwargs: Any) -> None:
        self.document_type: Any = document_type.twin("sync")
        self.many = many
        kwargs.setdefault(
            "help_text",
            f"The id{'s, separated by commas,' if many else ''} of {'' if many else 'a '}"
            f"{document_type._meta.verbose_name_plural if many else document_type._meta.verbose_name}.",
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        text = str(value or "")
        parts = [part for part in IDS.split(text.strip()) if part]
        invalid = [part for part in parts if not ObjectId.is_valid(part)]
        if invalid:
            raise FormValidationError(
                f"“{invalid[0]}” is not a valid id (24 hexadecimal characters).", code="invalid"
            )
        ids = list(dict.fromkeys(ObjectId(part) for part in parts))
        if self.many:
            return ids
        if len(ids) > 1:
            raise FormValidationError("Give one id.", code="invalid")
        return ids[0] if ids else None

    def validate(self, value: Any) -> None:
        ids = value if self.many else [value] if value is not None else []
        if self.required and not ids:
            raise FormValidationError(self.error_messages["required"], code="required")
        if ids:
            found = set(self.document_type.objects.filter(id__in=ids).values_list("id", flat=True))
            missing = [str(pk) for pk in ids if pk not in found]
            if missing:
                name = self.document_type._meta.verbose_name
                raise FormValidationError(f"No {name} with id {', '.join(missing)}.", code="invalid_choice")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(_id(item)) for item in value)
        return str(_id(value)) if value is not None and not isinstance(value, str) else value


def _id(value: Any) -> Any:
    return getattr(value, "id", value)


class JSONFormField(forms.JSONField):
    """Embedded documents, lists and dicts typed as JSON (ids, dates and decimals as strings)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("encoder", DjangoJSONEncoder)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4, "cols": 60, "class": "vLargeTextField"}))
        super().__init__(**kwargs)


class StoredFileValue:
    """A stored file as ``ClearableFileInput`` shows it: its name, linked to its download URL."""

    def __init__(self, filename: str | None, url: str) -> None:
        self.name = filename or "file"
        self.url = url

    def __str__(self) -> str:
        return self.name


def _choices(field: BaseField[Any]) -> forms.Field:
    pairs = field.flatchoices or []
    by_text = {str(value): value for value, _ in pairs}
    options: list[tuple[str, str]] = [] if field.required else [("", "---------")]
    options += [(str(value), label) for value, label in pairs]
    return forms.TypedChoiceField(choices=options, coerce=lambda text: by_text[text], empty_value=None)


def _boolean(field: BaseField[Any]) -> forms.Field:
    if field.required or field.default not in (MISSING, None):
        return forms.BooleanField(required=False)
    return forms.NullBooleanField()


def _native(field: BaseField[Any]) -> forms.Field | None:
    kind = field.python_type
    simple: dict[Any, Callable[[], forms.Field]] = {
        str: lambda: forms.CharField(empty_value=None),
        int: forms.IntegerField,
        float: forms.FloatField,
        bool: lambda: forms.BooleanField(required=False),
        datetime: forms.DateTimeField,
        Decimal: forms.DecimalField,
        UUID: forms.UUIDField,
        ObjectId: ObjectIdFormField,
    }
    if kind in simple:
        return simple[kind]()
    if isinstance(field, ScalarField) and kind is bytes:
        return None
    return JSONFormField()


def form_field(field: BaseField[Any]) -> forms.Field | None:
    """The form field editing ``field``, or None when the admin shows it read-only (``auto_now``
    dates, binary data, generic references)."""
    inner = field.field if isinstance(field, ListField) else None
    made: forms.Field | None
    if field.flatchoices is not None:
        made = _choices(field)
    elif isinstance(field, (BinaryField, GenericReferenceField, GenericEmbeddedDocumentField)) or isinstance(
        inner, GenericReferenceField
    ):
        return None
    elif isinstance(field, ComplexDateTimeField):
        made = forms.DateTimeField()
    elif isinstance(field, DateTimeField):
        if field.auto_now or field.auto_now_add:
            return None
        made = forms.DateTimeField()
    elif isinstance(field, ReferenceField):
        made = ReferenceFormField(field.document_type)
    elif isinstance(inner, ReferenceField):
        made = ReferenceFormField(inner.document_type, many=True)
    elif isinstance(field, FileField):
        made = forms.ImageField() if isinstance(field, ImageField) else forms.FileField()
    else:
        made = _typed(field)
        if made is None:
            return None
    made.required = field.required and not isinstance(made, (forms.BooleanField, forms.NullBooleanField))
    if isinstance(field, (FileField, ListField, DictField)):
        made.required = False  # a file may already be stored; empty lists and dicts are values
        made.widget.is_required = False  # so a file's "clear" box is offered and read
    made.label = field_label(field)
    made.help_text = field.help_text or made.help_text
    return made


def _typed(field: BaseField[Any]) -> forms.Field | None:
    if isinstance(field, EmailField):
        return forms.EmailField(max_length=field.max_length, empty_value=None)
    if isinstance(field, URLField):
        return forms.URLField(max_length=field.max_length, empty_value=None, assume_scheme="https")
    if isinstance(field, StringField):
        return forms.CharField(max_length=field.max_length, min_length=field.min_length, empty_value=None)
    if isinstance(field, IntField):
        return forms.IntegerField(min_value=field.min_value, max_value=field.max_value)
    if isinstance(field, FloatField):
        return forms.FloatField(min_value=field.min_value, max_value=field.max_value)
    if isinstance(field, DecimalField):
        return forms.DecimalField(
            min_value=field.min_value,
            max_value=field.max_value,
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
        )
    if isinstance(field, BooleanField):
        return _boolean(field)
    if isinstance(field, DateField):
        return forms.DateField()
    if isinstance(field, ObjectIdField):
        return ObjectIdFormField()
    if isinstance(field, UUIDField):
        return forms.UUIDField()
    if isinstance(field, (ListField, DictField, EmbeddedDocumentField, _GeoJSONField)):
        return JSONFormField()
    if isinstance(field, (NativeField, ScalarField)):
        return _native(field)
    return JSONFormField()


def document_form(document: type[TopLevelDocument], names: Sequence[str]) -> type[forms.Form]:
    """A Form class with a field for each of ``names`` the admin can edit."""
    declared: dict[str, forms.Field] = {}
    for name in names:
        made = form_field(document._fields[name])
        if made is not None:
            declared[name] = made
    return type(f"{document.__name__}Form", (forms.Form,), dict(declared))


def editable_names(
    document: type[TopLevelDocument], fields: Iterable[str] | None, exclude: Iterable[str]
) -> list[str]:
    """The fields shown on the form, in declaration order unless ``fields`` gives one."""
    excluded = set(exclude)
    names = list(fields) if fields is not None else [name for name in document._fields if name != "id"]
    return [name for name in names if name not in excluded]


def initial_value(document: TopLevelDocument, field: BaseField[Any], file_url: Callable[[str], str]) -> Any:
    """What the form shows for ``field`` of a stored document."""
    value = document.__dict__.get(field.name)
    if isinstance(field, FileField):
        stored = value
        return StoredFileValue(getattr(stored, "filename", None), file_url(field.name)) if stored else None
    if isinstance(field, ReferenceField) or (
        isinstance(field, ListField) and isinstance(field.field, ReferenceField)
    ):
        return value
    if value is None:
        return None
    if isinstance(field, (ListField, DictField, EmbeddedDocumentField, _GeoJSONField, NativeField)):
        getattr(document, field.name)  # builds embedded documents still held as stored dicts
        return json_ready(document.__dict__.get(field.name))
    return value


def document_value(field: BaseField[Any], cleaned: Any) -> Any:
    """The value a document field takes from a form field's cleaned value."""
    if cleaned is None and isinstance(field, ListField):
        return []
    if cleaned is None and isinstance(field, DictField):
        return {}
    return cleaned
