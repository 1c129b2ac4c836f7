"""What to make of the driver's replies to queries: pure functions of what came back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument


def one[D: TopLevelDocument](cls: type[D], found: list[dict[str, Any]]) -> D:
    """The single document ``get`` found; DoesNotExist or MultipleObjectsReturned otherwise."""
    if not found:
        raise cls.DoesNotExist(f"{cls.__name__} matching query does not exist.")
    if len(found) > 1:
        raise cls.MultipleObjectsReturned(f"get() returned more than one {cls.__name__}.")
    return cls.from_mongo(found[0])


def optional[D: TopLevelDocument](cls: type[D], found: dict[str, Any] | None) -> D | None:
    """The document ``first``/``last`` found, or None."""
    return None if found is None else cls.from_mongo(found)
