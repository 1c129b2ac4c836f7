"""Field paths: ``address__city`` or ``address.city`` to the stored key path and the field at its end."""

from __future__ import annotations

from collections.abc import Collection
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from ..errors import ValidationError
from ..fields.base import BaseField
from ..fields.cached import CachedReferenceField
from ..fields.containers import DictField, EmbeddedDocumentField, ListField, check_key
from ..fields.dynamic import undeclared_name_problem
from .codec import is_dynamic

if TYPE_CHECKING:
    from .base import BaseDocument


def resolve_path(
    cls: type[BaseDocument], parts: list[str], lookups: Collection[str] = (), writing: bool = False
) -> tuple[str, BaseField[Any] | None]:
    """The stored dotted path of ``parts`` and the field it ends on (None inside a free-form dict).

    Raises ValidationError naming the first unknown part and the closest names there. ``lookups`` are
    the names that may end the path (a filter's lookups): an unknown last part after a field is then
    reported as an unknown lookup. ``writing``: the path is written, so an undeclared field of a
    dynamic document must have a name it may be given (see ``undeclared_name_problem``).
    """
    keys: list[str] = []
    current: type[BaseDocument] | None = cls
    field: BaseField[Any] | None = None
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if (part.isdigit() or part == "$") and isinstance(field, ListField):
            keys.append(part)  # an item of a list: by index, or the positional $ of an update
            field = field.field
            continue
        if current is None:
            if part.isdigit() or part == "$":  # a positional index
                keys.append(part)
                field = field.field if isinstance(field, DictField) else None
                continue
            if field is None or isinstance(field, DictField):  # a key inside a dict
                try:
                    check_key(part)  # the keys a saved dict may hold
                except ValueError as exc:
                    raise ValidationError(errors={".".join(parts): [str(exc)]}) from None
                keys.append(part)
                field = field.field if isinstance(field, DictField) else None
                continue
            if last and lookups:
                raise _unknown_lookup(parts, part, field, lookups)
            raise _unknown(parts, f"{part!r} is not a field of the {_describe(field)}", part, ())
        if part == "pk" or part == current._id_field:
            part = "id"
        known = current._fields.get(part)
        if known is None and is_dynamic(current):  # an undeclared field of a dynamic document
            if writing and (problem := undeclared_name_problem(part)) is not None:
                raise ValidationError(errors={".".join(parts): [problem]})
            try:
                check_key(part)  # a read may name keys others wrote, never an operator ($where...)
            except ValueError as exc:
                raise ValidationError(errors={".".join(parts): [str(exc)]}) from None
            keys.append(part)
            current = field = None
            continue
        if known is None:
            if last and field is not None and _closest(part, lookups) and not _closest(part, current._fields):
                raise _unknown_lookup(parts, part, field, lookups)
            raise _unknown(parts, f"{current.__name__} has no field {part!r}", part, current._fields)
        field = known
        keys.append(field.db_key)
        inner = field
        while isinstance(inner, ListField) and inner.field is not None:
            inner = inner.field
        current = (
            inner.document_type if isinstance(inner, (EmbeddedDocumentField, CachedReferenceField)) else None
        )
    return ".".join(keys), field


def _closest(name: str, names: Collection[str]) -> str | None:
    close = get_close_matches(name, names, 1)
    return close[0] if close else None


def _unknown(parts: list[str], message: str, part: str, names: Collection[str]) -> ValidationError:
    """The error for an unknown ``part``, suggesting the closest of ``names``."""
    close = _closest(part, names)
    hint = f"; did you mean {close!r}?" if close else "."
    return ValidationError(errors={".".join(parts): [message + hint]})


def _unknown_lookup(
    parts: list[str], part: str, field: BaseField[Any], lookups: Collection[str]
) -> ValidationError:
    return _unknown(parts, f"unknown lookup {part!r} on {_describe(field)}", part, lookups)


def _describe(field: BaseField[Any]) -> str:
    return f"{type(field).__name__} {field.name!r}"
