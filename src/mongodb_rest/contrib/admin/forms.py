"""Django forms generated from documents: a form field per document field, values both ways."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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
from ...fields.base import MISSING, BaseField
from ...fields.kinds import first_kind

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
    return JSONFormField()


def _scalar(field: BaseField[Any]) -> forms.Field | None:
    return None if field.python_type is bytes else _native(field)  # binary data: read-only


def form_field(field: BaseField[Any]) -> forms.Field | None:
    """The form field editing ``field``, or None when the admin shows it read-only (``auto_now``
    dates, binary data, generic references)."""
    editor = editor_of(field)
    made = _choices(field) if field.flatchoices is not None else editor.form_field(field)
    if made is None:
        return None
    made.required = field.required and not isinstance(made, (forms.BooleanField, forms.NullBooleanField))
    if editor.optional:
        made.required = False  # a file may already be stored; empty lists and dicts are values
        made.widget.is_required = False  # so a file's "clear" box is offered and read
    made.label = field_label(field)
    made.help_text = field.help_text or made.help_text
    return made


type Shown = Callable[[Any, BaseField[Any], Callable[[str], str]], Any]  # (document, field, file_url)


def _stored(document: Any, field: BaseField[Any], file_url: Callable[[str], str]) -> Any:
    return document.__dict__.get(field.name)


def _json(document: Any, field: BaseField[Any], file_url: Callable[[str], str]) -> Any:
    if document.__dict__.get(field.name) is None:
        return None
    getattr(document, field.name)  # builds embedded documents still held as stored dicts
    return json_ready(document.__dict__.get(field.name))


def _file(document: Any, field: BaseField[Any], file_url: Callable[[str], str]) -> Any:
    stored = document.__dict__.get(field.name)
    return StoredFileValue(getattr(stored, "filename", None), file_url(field.name)) if stored else None


def _read_only(field: Any) -> None:
    return None


def _as(make: Callable[[], forms.Field]) -> Callable[[Any], forms.Field]:
    return lambda field: make()


@dataclass(frozen=True)
class Editor:
    """How the admin edits one kind of document field."""

    form_field: Callable[[Any], forms.Field | None]  # None: shown read-only
    shown: Shown = _stored  # what the form shows of a stored value
    optional: bool = False  # never required (a file may be stored already, an empty list is a value)
    many: Callable[[Any], forms.Field | None] | None = None  # for a list of these (None: as JSON)
    sortable: bool = True  # the changelist may order by it


def _datetime(field: Any) -> forms.Field | None:
    return None if field.auto_now or field.auto_now_add else forms.DateTimeField()


def _many(field: Any) -> Editor | None:
    """The editor of a list's items when it edits a list of them as a whole, else None."""
    inner = field.field
    editor = editor_of(inner) if inner is not None else None
    return editor if editor is not None and editor.many is not None else None


def _list(field: Any) -> forms.Field | None:
    items = _many(field)
    return items.many(field.field) if items is not None and items.many is not None else JSONFormField()


def _list_shown(document: Any, field: BaseField[Any], file_url: Callable[[str], str]) -> Any:
    return (_stored if _many(field) is not None else _json)(document, field, file_url)


EDITORS: dict[str, Editor] = {
    "any": Editor(_as(JSONFormField)),
    "native": Editor(_native, _json),
    "scalar": Editor(_scalar),
    "string": Editor(
        lambda field: forms.CharField(
            max_length=field.max_length, min_length=field.min_length, empty_value=None
        )
    ),
    "email": Editor(lambda field: forms.EmailField(max_length=field.max_length, empty_value=None)),
    "url": Editor(
        lambda field: forms.URLField(max_length=field.max_length, empty_value=None, assume_scheme="https")
    ),
    "int": Editor(lambda field: forms.IntegerField(min_value=field.min_value, max_value=field.max_value)),
    "float": Editor(lambda field: forms.FloatField(min_value=field.min_value, max_value=field.max_value)),
    "decimal": Editor(
        lambda field: forms.DecimalField(
            min_value=field.min_value,
            max_value=field.max_value,
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
        )
    ),
    "boolean": Editor(_boolean),
    "date": Editor(_as(forms.DateField)),
    "datetime": Editor(_datetime),
    "complex_datetime": Editor(_as(forms.DateTimeField)),
    "objectid": Editor(_as(ObjectIdFormField)),
    "uuid": Editor(_as(forms.UUIDField)),
    "binary": Editor(_read_only),
    "reference": Editor(
        lambda field: ReferenceFormField(field.document_type),
        many=lambda inner: ReferenceFormField(inner.document_type, many=True),
    ),
    "generic_reference": Editor(_read_only, many=_read_only, sortable=False),
    "generic_embedded": Editor(_read_only),
    "file": Editor(_as(forms.FileField), _file, optional=True, sortable=False),
    "image": Editor(_as(forms.ImageField), _file, optional=True, sortable=False),
    "embedded": Editor(_as(JSONFormField), _json, sortable=False),
    "geojson": Editor(_as(JSONFormField), _json),
    "list": Editor(_list, _list_shown, optional=True, sortable=False),
    "dict": Editor(_as(JSONFormField), _json, optional=True, sortable=False),
}
"""How the admin edits each kind of document field, by its kind's name (``FieldKind.name``; a field
whose kind has no entry takes its nearest ancestor's)."""


def editor_of(field: BaseField[Any]) -> Editor:
    """The editor of ``field``'s kind."""
    return EDITORS[first_kind(EDITORS, type(field))]


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
    return editor_of(field).shown(document, field, file_url)


def document_value(field: BaseField[Any], cleaned: Any) -> Any:
    """The value a document field takes from a form field's cleaned value (an empty list or dict
    for None, when the field's implicit default is one)."""
    empty = field.implicit_default()
    return empty() if cleaned is None and callable(empty) else cleaned
