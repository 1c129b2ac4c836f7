"""Stored field paths of migrations: ``address.city`` inside an embedded document, ``lines.$[].sku``
inside each embedded document of a list, and the filters and updates that change them (pure)."""

from __future__ import annotations

from typing import Any

from .steps import Batched

ITEMS = ".$[]."  # the marker between a list and the path inside each of its items


def parent(path: str) -> str:
    """``lines.$[].sku`` -> ``lines``; ``address.city`` -> ``address``; ``name`` -> ``''``."""
    head = path.rpartition(".")[0]
    return head.removesuffix(".$[]")


def ancestors(path: str) -> list[str]:
    """Every enclosing field path, nearest first."""
    found = []
    while path := parent(path):
        found.append(path)
    return found


def _in_list(path: str) -> tuple[str, str] | None:
    """``(list, path in each item)`` for a path inside a list of embedded documents, else None;
    ValueError for a path through two lists."""
    if ITEMS not in path:
        return None
    array, _, inner = path.partition(ITEMS)
    if ITEMS in inner or inner.endswith(".$[]"):
        raise ValueError(f"{path!r} runs through lists of lists: change it with a RunPython step.")
    return array, inner


def backfill(collection: str, path: str, value: Any) -> Batched:
    """Set ``path`` to ``value`` where it is missing (in every item of a list; in an embedded document
    that is there)."""
    label = f"{collection}.{path}"
    split = _in_list(path)
    if split is None:
        where: dict[str, Any] = {path: {"$exists": False}}
        if parent(path):
            where = {parent(path): {"$type": "object"}, **where}
        return Batched(collection, where, {"$set": {path: value}}, label)
    array, inner = split
    return Batched(
        collection,
        {array: {"$elemMatch": {inner: {"$exists": False}}}},
        {"$set": {f"{array}.$[item].{inner}": value}},
        label,
        array_filters=[{f"item.{inner}": {"$exists": False}}],
    )


def unset(collection: str, path: str) -> Batched:
    """Remove ``path`` wherever it is stored."""
    split = _in_list(path)
    stored = path if split is None else f"{split[0]}.{split[1]}"
    return Batched(collection, {stored: {"$exists": True}}, {"$unset": {path: ""}}, f"{collection}.{path}")


def rename(collection: str, old: str, new: str) -> Batched:
    """Store ``old`` under ``new`` wherever it is (``$rename``; in each item of a list, a pipeline
    update: ``$rename`` cannot reach into lists)."""
    label = f"{collection}.{old}"
    split, target = _in_list(old), _in_list(new)
    if split is None and target is None:
        return Batched(collection, {old: {"$exists": True}}, {"$rename": {old: new}}, label)
    if split is None or target is None or split[0] != target[0] or "." in split[1] + target[1]:
        raise ValueError(
            f"{old!r} -> {new!r} moves a field between lists or levels: change it with a RunPython step."
        )
    array, before = split
    after = target[1]
    kept = {"$filter": {"input": {"$objectToArray": "$$item"}, "cond": {"$ne": ["$$this.k", before]}}}
    moved = {"$cond": [{"$eq": [{"$type": f"$$item.{before}"}, "missing"]}, {}, {after: f"$$item.{before}"}]}
    each = {"$mergeObjects": [{"$arrayToObject": kept}, moved]}
    update = [{"$set": {array: {"$map": {"input": f"${array}", "as": "item", "in": each}}}}]
    return Batched(collection, {f"{array}.{before}": {"$exists": True}}, update, label)
