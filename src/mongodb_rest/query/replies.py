"""What to make of the driver's replies to queries: pure functions of what came back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self

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


def count_option(options: dict[str, Any]) -> bool:
    """``with_limit_and_skip`` of ``count(**options)`` (True by default); TypeError for another option."""
    unknown = sorted(set(options) - {"with_limit_and_skip"})
    if unknown:
        raise TypeError(f"count() takes only with_limit_and_skip, not {', '.join(unknown)}.")
    return bool(options.get("with_limit_and_skip", True))


def creation_values(lookups: dict[str, Any], defaults: dict[str, Any] | None) -> dict[str, Any]:
    """The values ``get_or_create`` creates with: plain-field lookups, overridden by ``defaults``."""
    values = {key: value for key, value in lookups.items() if "__" not in key}
    values.update(defaults or {})
    return values


class UpdateResult(int):
    """What ``update()`` / ``update_one()`` did: an int, how many documents matched (an inserted one
    counts), that also carries the driver's counts and whether an upsert inserted."""

    matched_count: int  # existing documents matched
    modified_count: int  # of those, the ones changed
    upserted_id: Any  # the id of the document an upsert inserted, else None

    def __new__(cls, matched_count: int, modified_count: int, upserted_id: Any) -> Self:
        result = super().__new__(cls, matched_count + (upserted_id is not None))
        result.matched_count = matched_count
        result.modified_count = modified_count
        result.upserted_id = upserted_id
        return result

    @property
    def created(self) -> bool:
        """True when an upsert inserted a new document."""
        return self.upserted_id is not None

    def __repr__(self) -> str:
        return (
            f"UpdateResult({int(self)}, matched_count={self.matched_count}, "
            f"modified_count={self.modified_count}, upserted_id={self.upserted_id!r})"
        )


def update_result(reply: Any) -> UpdateResult:
    """The UpdateResult of the driver's reply to ``update_one`` / ``update_many``."""
    return UpdateResult(int(reply.matched_count), int(reply.modified_count), reply.upserted_id)
