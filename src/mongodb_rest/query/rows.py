"""What each stored document becomes: a document (whole or partial), a dict (``values``) or a tuple."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from ..document.codec import partial_reader, reader_for
from ..document.paths import resolve_path
from ..fields.base import BaseField, LoadedNames
from ..signals import post_init

if TYPE_CHECKING:
    from ..document.base import BaseDocument, TopLevelDocument

Reader = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class Rows:
    """``values()`` (``flat`` None) or ``values_list()`` rows of ``fields`` (all fields when empty)."""

    fields: tuple[str, ...]
    flat: bool | None = None


def document_reader(
    cls: type[BaseDocument], loaded: frozenset[str] | None, stored: frozenset[str] | None = None
) -> Reader:
    """Builds documents; a partial load (``loaded``: the fields it fills; ``stored``: the only keys
    its data can hold, None: any) marks them so ``save()`` writes only loaded or assigned fields."""
    if loaded is None:
        read = reader_for(cls)
    elif cls._meta.allow_inheritance:  # each stored class reads its own fields
        read = _marked_partial(reader_for(cls), LoadedNames(loaded & cls._field_names))
    else:
        read = partial_reader(cls, loaded, stored)
    sender = cls._root()
    if not post_init.listening(sender):
        return read

    def read_signalled(data: dict[str, Any]) -> Any:
        document = read(data)
        post_init.send(sender, document=document)
        return document

    return read_signalled


def _marked_partial(read_whole: Reader, fields_set: LoadedNames) -> Reader:
    def read(data: dict[str, Any]) -> Any:
        document = cast("TopLevelDocument", read_whole(data))  # partial loads are of top-level documents
        object.__setattr__(document, "__pydantic_fields_set__", fields_set)  # shared until assigned
        document._private()["_partial"] = True
        return document

    return read


def _value_reader(cls: type[BaseDocument], name: str) -> Callable[[dict[str, Any]], Any]:
    parts = name.replace("__", ".").split(".")
    path, field = resolve_path(cls, parts)
    keys = path.split(".")
    decode = field.to_python if isinstance(field, BaseField) and field.decodes else None

    def read(data: dict[str, Any]) -> Any:
        value: Any = data
        for key in keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return decode(value) if decode is not None and value is not None else value

    return read


def row_reader(cls: type[BaseDocument], rows: Rows) -> Reader:
    """Builds ``values()`` dicts or ``values_list()`` tuples (single values when ``flat``)."""
    names = rows.fields or tuple(cls._fields)
    readers = [_value_reader(cls, name) for name in names]
    if rows.flat is None:
        pairs = list(zip(names, readers, strict=True))
        return lambda data: {name: read(data) for name, read in pairs}
    if rows.flat:
        return readers[0]
    return lambda data: tuple(read(data) for read in readers)


def projection_of_rows(cls: type[BaseDocument], rows: Rows) -> dict[str, Any] | None:
    """Load only what the rows show."""
    if not rows.fields:
        return None
    paths = {resolve_path(cls, name.replace("__", ".").split("."))[0] for name in rows.fields}
    projection: dict[str, Any] = dict.fromkeys(sorted(paths), 1)
    if "_id" not in paths:
        projection["_id"] = 0
    return projection
