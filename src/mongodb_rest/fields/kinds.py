"""FieldKind: what a kind of field means to code that does not know its class, declared once on the class."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import BaseField


@dataclass(frozen=True)
class Nested:
    """The ``$jsonSchema`` builders a kind's ``constraints`` call for what a field holds."""

    field: Callable[[Any], dict[str, Any]]  # the schema of a value of a field (a list's items...)
    document: Callable[[Any], dict[str, Any]]  # the schema of a document of a class (embedded)


type Constraints = Callable[[Any, Nested], dict[str, Any]]


@dataclass(frozen=True)
class FieldKind:
    """A field class's ``kind``: the face-neutral facts about its values, and the ``name`` the
    integrations key their tables by (DRF serializer fields, admin form fields).

    A subclass inherits its parent's kind (and so every integration's entry for it); a class that
    means something new declares a kind of its own, and each integration's table gets one entry for
    its name (a missing entry is answered by the nearest ancestor's, see :func:`first_kind`). The
    entries of a kind read the options of the class that declared it (``max_length``...).
    """

    name: str
    bson_types: tuple[str, ...] = ()  # ``$jsonSchema`` bsonType of a stored value, the usual one first
    constraints: Constraints | None = None  # more ``$jsonSchema`` keywords from the field's options
    filter_value: str | None = None  # the kind a query parameter's text is parsed as; None: not filterable

    def bson_type(self) -> str | list[str] | None:
        """The ``bsonType`` keyword's value (None: any type)."""
        if not self.bson_types:
            return None
        return self.bson_types[0] if len(self.bson_types) == 1 else list(self.bson_types)


_kind_names: dict[type[Any], tuple[str, ...]] = {}


def kind_names(field_type: type[BaseField[Any]]) -> tuple[str, ...]:
    """The kinds ``field_type`` and its ancestors declare, most specific first."""
    names = _kind_names.get(field_type)
    if names is None:
        names = _kind_names[field_type] = tuple(
            klass.__dict__["kind"].name
            for klass in field_type.__mro__
            if isinstance(klass.__dict__.get("kind"), FieldKind)
        )
    return names


def first_kind(table: Mapping[str, Any], field_type: type[BaseField[Any]]) -> str:
    """The first of ``field_type``'s kind names that ``table`` has an entry for (``"any"``, every
    field's, when none)."""
    return next((name for name in kind_names(field_type) if name in table), "any")
