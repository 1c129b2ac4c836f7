"""What to make of the driver's replies to queries: pure functions of what came back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..document.paths import resolve_path
from ..fields.containers import ListField

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument


def one(cls: type[TopLevelDocument], found: list[Any]) -> Any:
    """The single result ``get`` found; DoesNotExist or MultipleObjectsReturned otherwise."""
    if not found:
        raise cls.DoesNotExist(f"{cls.__name__} matching query does not exist.")
    if len(found) > 1:
        raise cls.MultipleObjectsReturned(f"get() returned more than one {cls.__name__}.")
    return found[0]


def distinct_reader(cls: type[TopLevelDocument], name: str) -> tuple[str, Callable[[Any], Any]]:
    """The stored path of ``name`` and how each of its distinct values becomes a Python value."""
    path, field = resolve_path(cls, name.replace("__", ".").split("."))
    if isinstance(field, ListField):
        field = field.field  # distinct() returns the items of lists
    if field is None or not field.decodes:
        return path, lambda value: value
    decode = field.to_python
    return path, lambda value: None if value is None else decode(value)


def creation_values(lookups: dict[str, Any], defaults: dict[str, Any] | None) -> dict[str, Any]:
    """The values ``get_or_create`` creates with: plain-field lookups, overridden by ``defaults``."""
    values = {key: value for key, value in lookups.items() if "__" not in key}
    values.update(defaults or {})
    return values
