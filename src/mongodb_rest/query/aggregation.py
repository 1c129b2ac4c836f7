"""Aggregation: Django-style helpers (``Sum('age')`` -> ``{'age__sum': 174}``) and raw pipelines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bson import Decimal128

from ..document.paths import resolve_path
from ..errors import ValidationError
from ..fields.base import BaseField
from ..fields.containers import ListField
from .safety import refuse_javascript

if TYPE_CHECKING:
    from ..document.base import BaseDocument


class Aggregate:
    """One aggregate over a field; ``name`` is its suffix in Django's default alias (``age__sum``)."""

    name = ""
    operator = ""

    def __init__(self, field: str) -> None:
        if not isinstance(field, str) or not field:
            raise TypeError(f"{type(self).__name__}() takes a field name.")
        self.field = field

    @property
    def default_alias(self) -> str:
        """The key of the result when no keyword names it."""
        return f"{self.field}__{self.name}"

    def expression(self, cls: type[BaseDocument]) -> dict[str, Any]:
        """The ``$group`` accumulator."""
        return {self.operator: f"${_path(cls, self.field)}"}

    def empty(self) -> Any:
        """The result over no documents."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.field!r})"


class Sum(Aggregate):
    """The sum of a field."""

    name, operator = "sum", "$sum"


class Avg(Aggregate):
    """The average of a field."""

    name, operator = "avg", "$avg"


class Min(Aggregate):
    """The smallest value of a field."""

    name, operator = "min", "$min"


class Max(Aggregate):
    """The largest value of a field."""

    name, operator = "max", "$max"


class Count(Aggregate):
    """How many documents have a value for the field (``Count('id')``: how many documents)."""

    name, operator = "count", "$sum"

    def expression(self, cls: type[BaseDocument]) -> dict[str, Any]:
        path = _path(cls, self.field)
        if path == "_id":
            return {"$sum": 1}
        return {"$sum": {"$cond": [{"$gt": [f"${path}", None]}, 1, 0]}}

    def empty(self) -> Any:
        return 0


def _path(cls: type[BaseDocument], field: str) -> str:
    return resolve_path(cls, field.replace("__", ".").split("."))[0]


@dataclass(frozen=True, slots=True)
class AggregatePlan:
    """The pipeline ``aggregate()`` sends and how its reply becomes the result."""

    pipeline: list[dict[str, Any]]
    result: Callable[[list[dict[str, Any]]], Any]


def _plain(value: Any) -> Any:
    return value.to_decimal() if isinstance(value, Decimal128) else value


def compile_aggregate(
    cls: type[BaseDocument], before: list[dict[str, Any]], args: tuple[Any, ...], named: dict[str, Any]
) -> AggregatePlan:
    """``aggregate(Sum('age'), total=Count('id'))`` (a dict of results) or ``aggregate([stages])`` /
    ``aggregate(*stages)`` (a list of result documents); ``before`` are the stages of the current query."""
    if named or (args and all(isinstance(arg, Aggregate) for arg in args)):
        aggregates: dict[str, Aggregate] = {arg.default_alias: arg for arg in args}
        for alias, aggregate in named.items():
            if not isinstance(aggregate, Aggregate):
                raise TypeError(f"aggregate({alias}=...) takes Sum, Avg, Min, Max or Count.")
            aggregates[alias] = aggregate
        group: dict[str, Any] = {"_id": None}
        for alias, aggregate in aggregates.items():
            if "." in alias or alias.startswith("$") or alias == "_id":
                raise ValidationError(errors={alias: ["Not a valid result name."]})
            group[alias] = aggregate.expression(cls)

        def result(rows: list[dict[str, Any]]) -> dict[str, Any]:
            row = rows[0] if rows else {}
            return {
                alias: _plain(row[alias]) if alias in row else agg.empty()
                for alias, agg in aggregates.items()
            }

        return AggregatePlan([*before, {"$group": group}], result)
    stages: list[Any] = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else list(args)
    if not stages or not all(isinstance(stage, dict) and len(stage) == 1 for stage in stages):
        raise ValidationError(
            "aggregate() takes aggregates (Sum('age')...) or pipeline stages (one-key dicts)."
        )
    refuse_javascript(stages, "pipeline")
    return AggregatePlan([*before, *stages], list)


def _items(cls: type[BaseDocument], field: str) -> tuple[str, list[dict[str, Any]], BaseField[Any] | None]:
    """The stored path of ``field``, the ``$unwind`` that counts the items of a list field one by one,
    and the field of each value."""
    path, found = resolve_path(cls, field.replace("__", ".").split("."))
    if isinstance(found, ListField):
        return path, [{"$unwind": f"${path}"}], found.field
    return path, [], found


def total_plan(
    cls: type[BaseDocument], before: list[dict[str, Any]], field: str, average: bool
) -> AggregatePlan:
    """MongoEngine's ``sum(field)`` (``average`` False) or ``average(field)``: over the items of a list
    field; 0 when no document has a value."""
    path, unwind = _items(cls, field)[:2]
    operator = "$avg" if average else "$sum"
    group = {"$group": {"_id": None, "total": {operator: f"${path}"}}}

    def result(rows: list[dict[str, Any]]) -> Any:
        total = rows[0]["total"] if rows else None
        return 0 if total is None else _plain(total)

    return AggregatePlan([*before, *unwind, group], result)


def frequencies_plan(
    cls: type[BaseDocument], before: list[dict[str, Any]], field: str, normalize: bool
) -> AggregatePlan:
    """MongoEngine's ``item_frequencies(field)``: ``{value: how many}``, each item of a list field
    counted (a document without a value counts for None, one with an empty list for nothing); with
    ``normalize``, shares of the total."""
    path, unwind, item = _items(cls, field)
    group = {"$group": {"_id": f"${path}", "count": {"$sum": 1}}}
    decode = item.to_python if item is not None and item.decodes else None

    def result(rows: list[dict[str, Any]]) -> dict[Any, Any]:
        counts = {_decoded(decode, row["_id"]): row["count"] for row in rows}
        total = sum(counts.values())
        if normalize and total:
            return {value: count / total for value, count in counts.items()}
        return counts

    return AggregatePlan([*before, *unwind, group], result)


def _decoded(decode: Callable[[Any], Any] | None, value: Any) -> Any:
    return value if decode is None or value is None else decode(value)
