"""Compiles Q trees to MongoDB filter documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .lookups import compile_lookup, finish_geo
from .q import Q

if TYPE_CHECKING:
    from ..document.base import BaseDocument


def merge_conditions(conditions: list[tuple[str, Any]]) -> dict[str, Any]:
    """AND of (path, condition) pairs as one filter: operator dicts on one path merge, clashes go to $and.

    An ``$and`` condition's filters join that ``$and`` rather than nest in it, so however many filters
    are combined, the nesting depth stays the same (the server refuses deep filters).
    """
    merged: dict[str, Any] = {}
    clashes: list[dict[str, Any]] = []
    for path, condition in conditions:
        if path == "$and" and isinstance(condition, list):
            clashes.extend(condition)
            continue
        if path not in merged:
            merged[path] = condition
            continue
        current = merged[path]
        if _is_operators(current) and _is_operators(condition) and not set(current) & set(condition):
            merged[path] = {**current, **condition}
        else:
            clashes.append({path: condition})
    merged = {path: finish_geo(condition) for path, condition in merged.items()}
    if clashes:
        return {"$and": [merged, *clashes] if merged else clashes}
    return merged


def _is_operators(condition: Any) -> bool:
    return (
        isinstance(condition, dict) and bool(condition) and all(str(key).startswith("$") for key in condition)
    )


def compile_q(cls: type[BaseDocument], q: Q) -> dict[str, Any]:
    """The filter document of ``q`` for documents of ``cls``."""
    parts: list[dict[str, Any]] = []
    lookups: list[tuple[str, Any]] = []
    for child in q.children:
        if isinstance(child, Q):
            compiled = compile_q(cls, child)
            if compiled:
                parts.append(compiled)
        else:
            lookups.append(compile_lookup(cls, *child))
    if q.connector == Q.OR:
        branches = [merge_conditions([lookup]) for lookup in lookups]
        for part in parts:  # an $or among the branches joins them rather than nesting
            branches.extend(part["$or"] if part.keys() == {"$or"} else [part])
        result = branches[0] if len(branches) == 1 else {"$or": branches}
    else:
        result = merge_conditions(lookups) if lookups else {}
        for part in parts:
            result = and_filters(result, part)
    if q.negated and result:
        return {"$nor": [result]}
    return result


def and_filters(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """``left`` AND ``right`` as one filter."""
    return merge_conditions([*left.items(), *right.items()])
