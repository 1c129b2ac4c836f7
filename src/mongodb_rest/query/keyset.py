"""Keyset pagination: the filter that continues an ordering after (or before) a position, without skip."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from bson import Decimal128, ObjectId
from pymongo import ASCENDING

from ..fields.base import fits_int64
from .state import sort_spec

if TYPE_CHECKING:
    from ..document.base import BaseDocument

POSITION_TYPES = (str, float, bool, type(None), ObjectId, datetime, Decimal128)  # and 64-bit integers


def _position_value(value: Any) -> bool:
    """True for a value a position may hold."""
    if isinstance(value, int) and not isinstance(value, bool):
        return fits_int64(value)
    return isinstance(value, POSITION_TYPES)


class Keyset(NamedTuple):
    """An ordering by fields that ends on ``id``, so each position is unique."""

    names: tuple[str, ...]  # attribute names
    sort: list[tuple[str, int]]  # stored paths and directions

    @classmethod
    def of(cls, document: type[BaseDocument], ordering: tuple[str, ...]) -> Keyset:
        """The keyset of ``ordering`` (``('-created', 'name')``): ``id`` is added as the last key, and a
        key repeated counts once (where it first comes: later ones would not change the order)."""
        first: dict[str, str] = {}
        for key in ordering:
            first.setdefault(key.lstrip("-+"), key)
        ordering = tuple(first.values())
        keys = tuple(key for key in ordering if key.lstrip("-+") not in ("id", "pk"))
        ids = [key for key in ordering if key.lstrip("-+") in ("id", "pk")]
        keys += (ids[0].replace("pk", "id"),) if ids else ("id",)
        for key in keys:
            if "__" in key or "." in key:
                raise ValueError(f"Cursor pagination orders by top-level fields, not {key!r}.")
        return cls(tuple(key.lstrip("-+") for key in keys), sort_spec(document, keys))

    def ordering(self, reverse: bool) -> tuple[str, ...]:
        """``order_by()`` keys: this ordering, or its reverse to walk backwards."""
        return tuple(
            ("-" if (direction == ASCENDING) == reverse else "") + name
            for name, (_, direction) in zip(self.names, self.sort, strict=True)
        )

    def position(self, document: BaseDocument) -> list[Any]:
        """The stored values of ``document`` at each key."""
        values = []
        for name in self.names:
            value = getattr(document, name)
            field = document._fields[name]
            values.append(field.to_mongo(value) if value is not None and field.encodes else value)
        return values

    def after(self, position: list[Any], reverse: bool) -> dict[str, Any]:
        """The filter of documents after ``position`` in this ordering (before it when ``reverse``)."""
        if len(position) != len(self.sort) or not all(map(_position_value, position)):
            raise ValueError("The position does not match the ordering.")
        branches = []
        for index, (path, direction) in enumerate(self.sort):
            forward = (direction == ASCENDING) != reverse
            value = position[index]
            equal = {p: position[i] for i, (p, _) in enumerate(self.sort[:index])}
            if value is None:  # null sorts first: after it comes every value, before it nothing
                if forward:
                    branches.append({**equal, path: {"$ne": None}})
                continue
            later = {"$gt": value} if forward else {"$lt": value}
            if not forward:
                later = {"$or": [{path: later}, {path: None}]}  # nulls come before any value
                branches.append({**equal, **later})
                continue
            branches.append({**equal, path: later})
        if not branches:
            return {"_id": {"$exists": False}}  # nothing comes before
        return branches[0] if len(branches) == 1 else {"$or": branches}
