"""Aggregation: Django-style helpers (``Sum('age')`` -> ``{'age__sum': 174}``) and raw pipelines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bson import Decimal128

from ..document.paths import resolve_path
from ..errors import ValidationError
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
