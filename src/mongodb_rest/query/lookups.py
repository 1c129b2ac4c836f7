"""Keyword lookups (``age__gte=18``) compiled to MongoDB filter conditions, one declarative entry per
lookup (its name, the value it takes, how it compiles), and Q trees compiled to filter documents (a
lookup may hold a Q tree: ``elem_match``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

from bson import ObjectId

from ..document.paths import resolve_path
from ..errors import ValidationError
from ..fields.base import BaseField, register_lookups
from ..fields.containers import EmbeddedDocumentField, ListField
from ..fields.geo import LineStringField, PointField, PolygonField
from .q import Q

if TYPE_CHECKING:
    from ..document.base import BaseDocument

Build = Callable[[BaseField[Any] | None, Any, str], Any]

BSON_TYPES: dict[Any, str] = {
    str: "string",
    int: "int",
    float: "double",
    bool: "bool",
    dict: "object",
    list: "array",
    bytes: "binData",
    datetime: "date",
    Decimal: "decimal",
    ObjectId: "objectId",
    UUID: "binData",
    type(None): "null",
}
BSON_TYPE_NAMES = frozenset(
    {
        "double",
        "string",
        "object",
        "array",
        "binData",
        "objectId",
        "bool",
        "date",
        "null",
        "regex",
        "int",
        "timestamp",
        "long",
        "decimal",
        "minKey",
        "maxKey",
        "javascript",
        "number",
    }
)


def _value(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if field is None:
        _refuse_operators(value, path)
        return value
    return field.to_query(value)


def _refuse_operators(value: Any, path: str) -> None:
    if isinstance(value, dict) and any(isinstance(key, str) and key.startswith("$") for key in value):
        raise ValidationError(errors={path: ["Operator dicts are not valid query values."]})


def _values(field: BaseField[Any] | None, value: Any, path: str) -> list[Any]:
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise ValidationError(errors={path: ["This lookup takes a list of values."]})
    return [_value(field, item, path) for item in value]


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(errors={path: ["This lookup takes a string."]})
    return value


def _compare(operator: str) -> Build:
    return lambda field, value, path: {operator: _value(field, value, path)}


def _many(operator: str) -> Build:
    return lambda field, value, path: {operator: _values(field, value, path)}


def _pattern(template: str, options: str = "") -> Build:
    def build(field: BaseField[Any] | None, value: Any, path: str) -> Any:
        condition = {"$regex": template.format(re.escape(_text(value, path)))}
        return {**condition, "$options": options} if options else condition

    return build


def _regex(options: str) -> Build:
    def build(field: BaseField[Any] | None, value: Any, path: str) -> Any:
        pattern = _text(value, path)
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValidationError(errors={path: [f"Invalid regular expression: {exc}."]}) from None
        return {"$regex": pattern, "$options": options} if options else {"$regex": pattern}

    return build


def _size(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationError(errors={path: ["size takes a non-negative integer."]})
    return {"$size": value}


def _exists(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if not isinstance(value, bool):
        raise ValidationError(errors={path: ["exists takes True or False."]})
    return {"$exists": value}


def _type(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if value in BSON_TYPES:
        return {"$type": BSON_TYPES[value]}
    if isinstance(value, str) and value in BSON_TYPE_NAMES:
        return {"$type": value}
    raise ValidationError(errors={path: [f"Unknown type {value!r} for the type lookup."]})


def _mod(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 2
        or not all(isinstance(part, int) and not isinstance(part, bool) for part in value)
        or value[0] == 0
    ):
        raise ValidationError(errors={path: ["mod takes [divisor, remainder] with a non-zero divisor."]})
    return {"$mod": list(value)}


def _elem_match(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    inner = field.field if isinstance(field, ListField) else None
    if isinstance(inner, EmbeddedDocumentField):
        q = value if isinstance(value, Q) else Q(**_lookup_dict(value, path))
        return {"$elemMatch": compile_q(inner.document_type, q)}
    conditions: dict[str, Any] = {}
    for lookup, operand in _lookup_dict(value, path).items():
        if lookup not in LOOKUPS or lookup in {"exact", "elem_match"}:
            raise ValidationError(errors={path: [f"{lookup!r} is not a lookup usable in elem_match."]})
        conditions.update(LOOKUPS[lookup].build(inner, operand, path))
    return {"$elemMatch": conditions}


def _lookup_dict(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not value:
        raise ValidationError(errors={path: ["elem_match takes a dict of lookups or a Q."]})
    _refuse_operators(value, path)
    return value


# -- geo: coordinates are [longitude, latitude]; distances are metres ------------------------------------
EARTH_RADIUS_METRES = 6_378_100


def _geometry(value: Any, path: str, kinds: tuple[str, ...] = ("Point",)) -> dict[str, Any]:
    fields = {"Point": PointField(), "LineString": LineStringField(), "Polygon": PolygonField()}
    kind = value.get("type") if isinstance(value, dict) else kinds[0]
    if kind not in kinds:
        raise ValidationError(errors={path: [f"Expected a GeoJSON {' or '.join(kinds)}."]})
    try:
        return fields[kind].to_stored(value)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise ValidationError(
            errors={path: [m for messages in exc.errors.values() for m in messages]}
        ) from None


def _metres(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValidationError(errors={path: ["Distances are non-negative numbers of metres."]})
    return float(value)


def _near(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    return {"$near": {"$geometry": _geometry(value, path)}}


def _distance(operator: str) -> Build:
    return lambda field, value, path: {operator: _metres(value, path)}


def _within_box(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ValidationError(
            errors={path: ["within_box takes [[lng, lat] bottom-left, [lng, lat] top-right]."]}
        )
    corners = [_geometry(corner, path)["coordinates"] for corner in value]
    return {"$geoWithin": {"$box": corners}}


def _within_polygon(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if isinstance(value, (list, tuple)) and value and _is_position(value[0]):
        value = [value]  # one ring, given as its positions
    return {"$geoWithin": {"$geometry": _geometry(value, path, ("Polygon",))}}


def _is_position(value: Any) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, (int, float)) for v in value)
    )


def _within_distance(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ValidationError(errors={path: ["within_distance takes [[lng, lat], metres]."]})
    center = _geometry(value[0], path)["coordinates"]
    return {"$geoWithin": {"$centerSphere": [center, _metres(value[1], path) / EARTH_RADIUS_METRES]}}


def _intersects(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    return {"$geoIntersects": {"$geometry": _geometry(value, path, ("Point", "LineString", "Polygon"))}}


def _exact(field: BaseField[Any] | None, value: Any, path: str) -> Any:
    converted = _value(field, value, path) if field is None else field.to_query(value)
    return {"$eq": converted} if isinstance(converted, dict) else converted


class Operand(StrEnum):
    """What a lookup's value is: what a caller (a query parameter's parser) must give it."""

    VALUE = "value"  # a value of the field (converted as the field converts query values)
    VALUES = "values"  # a list of values of the field
    TEXT = "text"  # a string, matched literally
    REGEX = "regex"  # a regular expression
    FLAG = "flag"  # True or False
    COUNT = "count"  # a non-negative integer
    BSON_TYPE = "bson_type"  # a Python type or a BSON type name
    DIVISOR = "divisor"  # [divisor, remainder]
    LOOKUPS = "lookups"  # a dict of lookups, or a Q
    GEOMETRY = "geometry"  # GeoJSON or [lng, lat] positions
    METRES = "metres"  # a distance


@dataclass(frozen=True)
class Lookup:
    """A keyword lookup (``age__gte=18``): its name, what value it takes and how it compiles
    (``build(field, value, key)`` -> the condition on the field's stored path)."""

    name: str
    operand: Operand
    build: Build


LOOKUPS: dict[str, Lookup] = {
    lookup.name: lookup
    for lookup in (
        Lookup("exact", Operand.VALUE, _exact),
        Lookup("ne", Operand.VALUE, _compare("$ne")),
        Lookup("lt", Operand.VALUE, _compare("$lt")),
        Lookup("lte", Operand.VALUE, _compare("$lte")),
        Lookup("gt", Operand.VALUE, _compare("$gt")),
        Lookup("gte", Operand.VALUE, _compare("$gte")),
        Lookup("in", Operand.VALUES, _many("$in")),
        Lookup("nin", Operand.VALUES, _many("$nin")),
        Lookup("all", Operand.VALUES, _many("$all")),
        Lookup("size", Operand.COUNT, _size),
        Lookup("exists", Operand.FLAG, _exists),
        Lookup("type", Operand.BSON_TYPE, _type),
        Lookup("mod", Operand.DIVISOR, _mod),
        Lookup("contains", Operand.TEXT, _pattern("{}")),
        Lookup("icontains", Operand.TEXT, _pattern("{}", "i")),
        Lookup("startswith", Operand.TEXT, _pattern("^{}")),
        Lookup("istartswith", Operand.TEXT, _pattern("^{}", "i")),
        Lookup("endswith", Operand.TEXT, _pattern("{}$")),
        Lookup("iendswith", Operand.TEXT, _pattern("{}$", "i")),
        Lookup("iexact", Operand.TEXT, _pattern("^{}$", "i")),
        Lookup("regex", Operand.REGEX, _regex("")),
        Lookup("iregex", Operand.REGEX, _regex("i")),
        Lookup("elem_match", Operand.LOOKUPS, _elem_match),
        Lookup("near", Operand.GEOMETRY, _near),
        Lookup("max_distance", Operand.METRES, _distance("$maxDistance")),
        Lookup("min_distance", Operand.METRES, _distance("$minDistance")),
        Lookup("within_box", Operand.GEOMETRY, _within_box),
        Lookup("within_polygon", Operand.GEOMETRY, _within_polygon),
        Lookup("within_distance", Operand.GEOMETRY, _within_distance),
        Lookup("intersects", Operand.GEOMETRY, _intersects),
    )
}
"""Every lookup, by name."""
register_lookups(LOOKUPS)
NEAR_OPTIONS = ("$maxDistance", "$minDistance")


def finish_geo(condition: Any) -> Any:
    """Move ``max_distance``/``min_distance`` into the ``$near`` they qualify, as GeoJSON queries need."""
    if isinstance(condition, dict) and "$near" in condition:
        options = {key: condition[key] for key in NEAR_OPTIONS if key in condition}
        if options:
            rest = {key: value for key, value in condition.items() if key not in NEAR_OPTIONS}
            rest["$near"] = {**rest["$near"], **options}
            return rest
    return condition


def compile_lookup(cls: type[BaseDocument], key: str, value: Any) -> tuple[str, Any]:
    """``('age__gte', 18)`` -> ``('age', {'$gte': 18})``: the stored path and its condition."""
    path, field, build, negated = resolved_lookup(cls, key)
    condition = build(field, value, key)
    return path, _negated(condition) if negated else condition


@lru_cache(maxsize=2048)
def resolved_lookup(cls: type[BaseDocument], key: str) -> tuple[str, BaseField[Any] | None, Build, bool]:
    """What ``key`` (``'address__city__not__icontains'``) means on ``cls``, whatever the value: the
    stored path, the field at its end, the lookup's builder and whether it is negated. Resolved once
    per class and key (a class's fields never change once it is declared); an unknown name raises
    ValidationError every time."""
    parts = key.split("__")
    lookup = "exact"
    if len(parts) > 1 and parts[-1] in LOOKUPS:
        lookup = parts.pop()
    negated = len(parts) > 1 and parts[-1] == "not"
    if negated:
        parts.pop()
    path, field = resolve_path(cls, parts, LOOKUPS)
    return path, field, LOOKUPS[lookup].build, negated


def compile_lookups(cls: type[BaseDocument], lookups: dict[str, Any]) -> dict[str, Any]:
    """The filter document of keyword lookups alone (``filter(**lookups)``): ``compile_q`` of their Q,
    compiled without building it."""
    return merge_conditions([compile_lookup(cls, key, lookups[key]) for key in sorted(lookups)])


def _negated(condition: Any) -> Any:
    """MongoEngine's ``not`` prefix (``age__not__gt=3``): ``{'$not': operators}``."""
    if not isinstance(condition, dict) or "$eq" in condition:
        condition = {"$eq": condition.get("$eq") if isinstance(condition, dict) else condition}
    return {"$not": condition}


def merge_conditions(conditions: list[tuple[str, Any]]) -> dict[str, Any]:
    """AND of (path, condition) pairs as one filter: operator dicts on one path merge, clashes go to $and.

    An ``$and`` condition's filters join that ``$and`` rather than nest in it, so however many filters
    are combined, the nesting depth stays the same (the server refuses deep filters).
    """
    if len(conditions) == 1 and conditions[0][0] != "$and":  # one lookup: nothing to merge
        path, condition = conditions[0]
        return {path: finish_geo(condition) if isinstance(condition, dict) else condition}
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
