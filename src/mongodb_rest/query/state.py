"""QueryState: a QuerySet's immutable state, and the FindPlan it compiles to."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING, DESCENDING

from ..document.paths import resolve_path
from ..errors import OperationError, ValidationError
from .compiler import and_filters, compile_q
from .q import Q

if TYPE_CHECKING:
    from ..document.base import BaseDocument


@dataclass(frozen=True, slots=True)
class FindPlan:
    """What one ``find`` sends: filter, projection, sort, skip and limit."""

    filter: dict[str, Any]
    sort: list[tuple[str, int]] | None = None
    skip: int = 0
    limit: int = 0
    projection: dict[str, Any] | None = None

    def find_args(self) -> dict[str, Any]:
        """Keyword arguments for PyMongo's ``find``."""
        args: dict[str, Any] = {"filter": self.filter}
        if self.sort:
            args["sort"] = self.sort
        if self.skip:
            args["skip"] = self.skip
        if self.limit:
            args["limit"] = self.limit
        if self.projection is not None:
            args["projection"] = self.projection
        return args

    def count_args(self) -> dict[str, Any]:
        """Keyword arguments for PyMongo's ``count_documents``."""
        args: dict[str, Any] = {"filter": self.filter}
        if self.skip:
            args["skip"] = self.skip
        if self.limit:
            args["limit"] = self.limit
        return args


@dataclass(frozen=True, slots=True)
class QueryState:
    """Everything a QuerySet says about its documents; every change makes a new state."""

    document: type[BaseDocument]
    where: Q = field(default_factory=Q)
    ordering: tuple[str, ...] | None = None  # None: the document's meta ordering
    offset: int = 0
    limit: int | None = None

    def filtered(self, q: Q) -> QueryState:
        """This state AND ``q``."""
        return replace(self, where=self.where & q)

    def ordered(self, keys: tuple[str, ...]) -> QueryState:
        """This state ordered by ``keys`` (``'-name'`` descending)."""
        sort_spec(self.document, keys)  # refuse unknown fields now, not at the first query
        return replace(self, ordering=keys)

    def sliced(self, offset: int = 0, limit: int | None = None) -> QueryState:
        """This state skipping ``offset`` more documents and taking at most ``limit`` of them."""
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError("Negative offsets and limits are not supported.")
        new_limit = self.limit
        if self.limit is not None:
            new_limit = max(self.limit - offset, 0)
        if limit is not None:
            new_limit = limit if new_limit is None else min(new_limit, limit)
        return replace(self, offset=self.offset + offset, limit=new_limit)

    def filter_document(self) -> dict[str, Any]:
        """The compiled filter, with the class restriction of inherited documents."""
        compiled = compile_q(self.document, self.where)
        restriction = class_restriction(self.document)
        return and_filters(restriction, compiled) if restriction else compiled

    def sort(self) -> list[tuple[str, int]] | None:
        """The sort specification: explicit ordering, else meta ordering, else none."""
        keys = self.ordering if self.ordering is not None else tuple(self.document._meta.ordering)
        return sort_spec(self.document, keys) or None

    def plan(self, limit: int | None = None) -> FindPlan:
        """The find this state sends; ``limit`` caps it further (e.g. 2 for ``get``)."""
        effective = self.limit
        if limit is not None:
            effective = limit if effective is None else min(effective, limit)
        return FindPlan(self.filter_document(), self.sort(), self.offset, effective or 0)

    def edge_plan(self, last: bool) -> FindPlan:
        """The find of ``first()`` (``last=False``) or ``last()``: one document, ordered by id by default."""
        sort = self.sort() or [("_id", ASCENDING)]
        if last:
            if self.offset or self.limit is not None:
                raise OperationError("Cannot take last() of a QuerySet once it has been sliced or limited.")
            sort = [(key, -direction) for key, direction in sort]
        return FindPlan(self.filter_document(), sort, self.offset)

    def exists_plan(self) -> FindPlan:
        """The find of ``exists()``: ids only."""
        return FindPlan(self.filter_document(), None, self.offset, projection={"_id": 1})

    def empty(self) -> bool:
        """True when the state cannot match anything (a zero limit)."""
        return self.limit == 0


def sort_spec(cls: type[BaseDocument], keys: tuple[str, ...]) -> list[tuple[str, int]]:
    """``('-created_at', 'name')`` -> ``[('created_at', -1), ('name', 1)]`` with stored paths."""
    spec = []
    for key in keys:
        if not isinstance(key, str) or not key.lstrip("-+"):
            raise ValidationError(errors={"order_by": [f"Cannot order by {key!r}."]})
        direction = DESCENDING if key.startswith("-") else ASCENDING
        path, _ = resolve_path(cls, key.lstrip("-+").replace("__", ".").split("."))
        spec.append((path, direction))
    return spec


def class_restriction(cls: type[BaseDocument]) -> dict[str, Any]:
    """``{'_cls': {'$in': [...]}}`` for a subclass in an inheritance tree; empty for a root."""
    if not cls._meta.allow_inheritance or "." not in cls._class_name:
        return {}
    return {"_cls": {"$in": sorted(cls._subclasses)}}
