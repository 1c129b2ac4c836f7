"""Field types sampled from stored documents: for each field path, which BSON types it held and how often."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bson import DBRef, Decimal128, Int64, ObjectId, Regex, Timestamp
from bson.binary import Binary

MAX_DEPTH = 8


def bson_type(value: Any) -> str:
    """The BSON type name of a decoded value (``string``, ``int``, ``long``, ``objectId``...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Int64):
        return "long"
    if isinstance(value, int):
        return "int" if -(2**31) <= value < 2**31 else "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime.datetime):
        return "date"
    if isinstance(value, ObjectId):
        return "objectId"
    if isinstance(value, Decimal128):
        return "decimal"
    if isinstance(value, uuid.UUID) or (isinstance(value, Binary) and value.subtype in (3, 4)):
        return "uuid"
    if isinstance(value, (bytes, Binary)):
        return "binData"
    if isinstance(value, DBRef):
        return "dbPointer"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Regex):
        return "regex"
    if isinstance(value, Timestamp):
        return "timestamp"
    return type(value).__name__


@dataclass
class FieldStats:
    """One field path: in how many sampled documents (or objects) it appeared, with which types, and what
    its objects and array items held."""

    name: str
    seen: int = 0
    types: Counter[str] = field(default_factory=Counter)
    children: dict[str, FieldStats] = field(default_factory=dict)  # keys of its object values
    items: FieldStats | None = None  # the items of its array values
    objects: int = 0  # how many of its values (or items) were objects
    empty_strings: int = 0

    def add(self, value: Any, depth: int = 0) -> None:
        """Record one value of this field."""
        self.seen += 1
        kind = bson_type(value)
        self.types[kind] += 1
        if kind == "string" and not value:
            self.empty_strings += 1
        elif kind == "object" and depth < MAX_DEPTH:
            self.objects += 1
            for key, item in value.items():
                self.children.setdefault(str(key), FieldStats(str(key))).add(item, depth + 1)
        elif kind == "array" and depth < MAX_DEPTH:
            if self.items is None:
                self.items = FieldStats("items")
            for item in value:
                self.items.add(item, depth + 1)

    def non_null_types(self) -> list[str]:
        """Its types other than null, most frequent first."""
        return [kind for kind, _ in self.ranked() if kind != "null"]

    def ranked(self) -> list[tuple[str, int]]:
        """Its types and counts, most frequent first (ties in name order)."""
        return sorted(self.types.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class CollectionSchema:
    """The fields of a collection's sampled documents."""

    sampled: int = 0
    fields: dict[str, FieldStats] = field(default_factory=dict)

    def lines(self) -> list[tuple[str, str]]:
        """``(path, 'type 100%, null 20%')`` for every field path, nested ones dotted, in sampled order."""
        return list(self._lines(self.fields, "", self.sampled))

    def _lines(self, fields: dict[str, FieldStats], prefix: str, total: int) -> Iterable[tuple[str, str]]:
        for name, stats in fields.items():
            kinds = ", ".join(
                f"{_kind_name(stats, kind)} {_percent(count, total)}" for kind, count in stats.ranked()
            )
            if stats.seen < total:
                kinds += f", missing {_percent(total - stats.seen, total)}"
            yield f"{prefix}{name}", kinds
            if stats.children:
                yield from self._lines(stats.children, f"{prefix}{name}.", stats.objects)
            if stats.items is not None and stats.items.children:
                yield from self._lines(stats.items.children, f"{prefix}{name}[].", stats.items.objects)


def _kind_name(stats: FieldStats, kind: str) -> str:
    if kind == "array" and stats.items is not None and stats.items.types:
        return f"array<{'|'.join(sorted(stats.items.non_null_types() or ['null']))}>"
    return kind


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total) if total else 0}%"


def sample_schema(documents: Iterable[Mapping[str, Any]]) -> CollectionSchema:
    """The schema of ``documents`` (stored documents, decoded by PyMongo)."""
    schema = CollectionSchema()
    for document in documents:
        schema.sampled += 1
        for key, value in document.items():
            schema.fields.setdefault(str(key), FieldStats(str(key))).add(value)
    return schema
