"""QueryState: a QuerySet's immutable state, and the FindPlan it compiles to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from pymongo import ASCENDING, DESCENDING, ReturnDocument

from ..document.paths import resolve_path
from ..document.versioning import condition
from ..errors import OperationError, ValidationError
from .lookups import and_filters, compile_q
from .projection import Projection
from .q import Q
from .rows import Reader, Rows, document_reader, projection_of_rows, row_reader
from .safety import refuse_javascript
from .updates import compile_update, compile_upsert

if TYPE_CHECKING:
    from ..document.base import BaseDocument


@dataclass(slots=True)  # not frozen (never changed once made): a frozen one costs 0.8 us per query
class FindPlan:
    """What one ``find`` sends: filter, projection, sort, skip and limit."""

    filter: dict[str, Any]
    sort: list[tuple[str, Any]] | None = None
    skip: int = 0
    limit: int = 0
    projection: dict[str, Any] | None = None
    batch_size: int = 0
    comment: str | None = None

    @property
    def annotations(self) -> dict[str, Any]:
        """Django's ``query.annotations`` (read by DRF's OrderingFilter): a find has none."""
        return {}

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
        if self.batch_size:
            args["batch_size"] = self.batch_size
        if self.comment is not None:
            args["comment"] = self.comment
        return args

    def count_args(self, with_limit_and_skip: bool = True) -> dict[str, Any]:
        """Keyword arguments for PyMongo's ``count_documents`` (skip and limit left out when
        ``with_limit_and_skip`` is False)."""
        args: dict[str, Any] = {"filter": self.filter}
        if self.skip and with_limit_and_skip:
            args["skip"] = self.skip
        if self.limit and with_limit_and_skip:
            args["limit"] = self.limit
        if self.comment is not None:
            args["comment"] = self.comment
        return args

    @property
    def pipeline(self) -> list[dict[str, Any]]:
        """The same query as aggregation stages."""
        stages: list[dict[str, Any]] = [{"$match": self.filter}] if self.filter else []
        if self.sort:
            stages.append({"$sort": dict(self.sort)})
        if self.skip:
            stages.append({"$skip": self.skip})
        if self.limit:
            stages.append({"$limit": self.limit})
        if self.projection is not None:
            stages.append({"$project": self.projection})
        return stages


@dataclass(frozen=True, slots=True)
class ModifyPlan:
    """What one find-and-modify sends: ``find_one_and_update``, or ``find_one_and_delete`` (no update)."""

    filter: dict[str, Any]
    update: dict[str, Any] | None
    sort: list[tuple[str, Any]] | None = None
    projection: dict[str, Any] | None = None
    upsert: bool = False
    new: bool = False  # return the document as it is after the update, not before
    expected: int | None = None  # the version the filter requires (``if_version``)

    @property
    def call(self) -> tuple[str, dict[str, Any]]:
        """The collection method and its keyword arguments."""
        args: dict[str, Any] = {"filter": self.filter}
        if self.sort:
            args["sort"] = self.sort
        if self.projection is not None:
            args["projection"] = self.projection
        if self.update is None:
            return "find_one_and_delete", args
        args["update"] = self.update
        args["upsert"] = self.upsert
        args["return_document"] = ReturnDocument.AFTER if self.new else ReturnDocument.BEFORE
        return "find_one_and_update", args


EVERYTHING = Q()  # shared defaults: neither is ever changed in place
WHOLE = Projection()
NOTHING: dict[str, Any] = {"_id": {"$in": []}}  # what none() adds to the filter of the writes it reaches
TEXT_SCORE = "$text_score"  # order_by() key: the relevance of search_text()
TEXT_SCORE_KEY = "_text_score"  # where the sort puts it


class QueryState(NamedTuple):
    """Everything a QuerySet says about its documents; every change makes a new state (a tuple:
    immutable and cheap to copy, as each chained call copies it)."""

    document: type[BaseDocument]
    where: Q = EVERYTHING
    raw: tuple[dict[str, Any], ...] = ()  # raw filters, ANDed with ``where``
    ordering: tuple[str, ...] | None = None  # None: the document's meta ordering
    offset: int = 0
    limit: int | None = None
    projection: Projection = WHOLE
    rows: Rows | None = None  # values() / values_list(); None: documents
    related: tuple[str, ...] = ()  # reference fields select_related() loads
    batch_size: int = 0
    pymongo: bool = False  # as_pymongo(): the stored dicts, not documents
    cache: bool = True  # False after no_cache(): iterating keeps nothing
    nothing: bool = False  # none(): matches no document
    text: dict[str, Any] | None = None  # search_text(): the ``$text`` condition
    exact_class: bool = False  # no_sub_classes(): documents of this class, not of its subclasses
    comment: str | None = None  # comment(): attached to the commands, seen in the server's logs
    collection_options: tuple[tuple[str, Any], ...] = ()  # read_preference(), read_concern()

    def changed(self, **changes: Any) -> QueryState:
        """A copy with ``changes``."""
        return self._replace(**changes)

    def filtered(self, q: Q) -> QueryState:
        """This state AND ``q``."""
        where = q if self.where is EVERYTHING else self.where & q
        return QueryState(self.document, where, *self[2:])  # as _replace(where=...), in a fifth of the time

    def with_raw(self, query: dict[str, Any]) -> QueryState:
        """This state AND a raw MongoDB filter (server-side JavaScript refused)."""
        if not isinstance(query, dict):
            raise ValidationError(errors={"raw": ["raw() takes a filter document (a dict)."]})
        refuse_javascript(query, "raw")
        return self._replace(raw=(*self.raw, query))

    def ordered(self, keys: tuple[str, ...]) -> QueryState:
        """This state ordered by ``keys`` (``'-name'`` descending; ``'$text_score'``: by the relevance
        of a ``search_text()``)."""
        sort_spec(self.document, tuple(key for key in keys if key != TEXT_SCORE))  # refuse unknown now
        return self._replace(ordering=keys)

    def sliced(self, offset: int = 0, limit: int | None = None) -> QueryState:
        """This state skipping ``offset`` more documents and taking at most ``limit`` of them."""
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError("Negative offsets and limits are not supported.")
        new_limit = self.limit
        if self.limit is not None:
            new_limit = max(self.limit - offset, 0)
        if limit is not None:
            new_limit = limit if new_limit is None else min(new_limit, limit)
        return self._replace(offset=self.offset + offset, limit=new_limit)

    def selecting(self, projection: Projection) -> QueryState:
        """This state loading only what ``projection`` keeps (unknown fields refused now)."""
        projection.compile(self.document)
        return self._replace(projection=projection)

    def as_rows(self, rows: Rows) -> QueryState:
        """This state giving ``values()``/``values_list()`` rows (unknown fields refused now)."""
        row_reader(self.document, rows)
        return self._replace(rows=rows, projection=Projection())

    def filter_document(self) -> dict[str, Any]:
        """The compiled filter, with raw filters and the class restriction of inherited documents."""
        compiled = compile_q(self.document, self.where)
        for raw in self.raw:
            compiled = and_filters(compiled, raw)
        if self.text is not None:
            compiled = and_filters({"$text": self.text}, compiled)
        if self.nothing:
            compiled = and_filters(compiled, NOTHING)
        return self.restricted(compiled)

    def restricted(self, compiled: dict[str, Any]) -> dict[str, Any]:
        """``compiled`` AND the class restriction of inherited documents."""
        restriction = class_restriction(self.document, self.exact_class)
        return and_filters(restriction, compiled) if restriction else compiled

    def sort(self) -> list[tuple[str, Any]] | None:
        """The sort specification: explicit ordering, else meta ordering, else none."""
        keys = self.ordering if self.ordering is not None else tuple(self.document._meta.ordering)
        if not keys:
            return None
        if TEXT_SCORE not in keys:
            return sort_spec(self.document, keys) or None
        if self.text is None:
            raise OperationError("order_by('$text_score') orders the results of search_text(): call it too.")
        spec: list[tuple[str, Any]] = []
        for key in keys:
            spec += (
                [(TEXT_SCORE_KEY, {"$meta": "textScore"})]
                if key == TEXT_SCORE
                else sort_spec(self.document, (key,))
            )
        return spec

    def projection_document(self) -> dict[str, Any] | None:
        """What to load: the rows' fields for values(), else the selected fields."""
        if self.rows is not None:
            return projection_of_rows(self.document, self.rows)
        return self.projection.compile(self.document)

    def plan(self, limit: int | None = None) -> FindPlan:
        """The find this state sends; ``limit`` caps it further (e.g. 2 for ``get``)."""
        effective = self.limit
        if limit is not None:
            effective = limit if effective is None else min(effective, limit)
        return FindPlan(
            self.filter_document(),
            self.sort(),
            self.offset,
            effective or 0,
            self.projection_document(),
            self.batch_size,
            self.comment,
        )

    def edge_plan(self, last: bool) -> FindPlan:
        """The find of ``first()`` (``last=False``) or ``last()``: one document, ordered by id by default."""
        sort = self.sort() or [("_id", ASCENDING)]
        if last:
            if self.offset or self.limit is not None:
                raise OperationError("Cannot take last() of a QuerySet once it has been sliced or limited.")
            if any(key == TEXT_SCORE_KEY for key, _ in sort):
                raise OperationError("last() cannot reverse an ordering by '$text_score': use first().")
            sort = [(key, -direction) for key, direction in sort]
        return FindPlan(
            self.filter_document(),
            sort,
            self.offset,
            projection=self.projection_document(),
            comment=self.comment,
        )

    def nth_plan(self, index: int) -> FindPlan:
        """The find of ``qs[index]``: one document at that position."""
        if isinstance(index, bool) or index < 0:
            raise ValueError("QuerySet indices must be non-negative integers.")
        return self.sliced(offset=index, limit=1)._replace(batch_size=0).plan()

    def exists_plan(self) -> FindPlan:
        """The find of ``exists()``: ids only."""
        return FindPlan(
            self.filter_document(), None, self.offset, projection={"_id": 1}, comment=self.comment
        )

    def update_plan(
        self, updates: dict[str, Any], upsert: bool, if_version: int | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The filter and update document of ``update(**updates)``; with ``upsert``, what an inserted
        document also gets (see ``compile_upsert``); with ``if_version``, only a document that has it."""
        query = self.filter_document()
        if if_version is not None:
            if upsert:
                raise OperationError("if_version guards a stored document: it cannot go with upsert.")
            query = and_filters(query, condition(self.document, if_version, "update_one"))
        if upsert:
            return query, compile_upsert(self.document, query, updates)
        return query, compile_update(self.document, updates)

    def modify_plan(
        self, updates: dict[str, Any], new: bool, upsert: bool, remove: bool, if_version: int | None = None
    ) -> ModifyPlan:
        """The find-and-modify of ``modify()``: the first match in this state's order, updated (or
        deleted with ``remove``), read back with its projection; with ``if_version``, only a document
        that has that version."""
        if remove:
            if updates or new or upsert:
                raise OperationError(
                    "modify(remove=True) deletes the document: it takes no update, new or upsert."
                )
            query = and_filters(self.filter_document(), condition(self.document, if_version, "modify"))
            return ModifyPlan(query, None, self.sort(), self.projection_document(), expected=if_version)
        query, update = self.update_plan(updates, upsert, if_version)
        return ModifyPlan(query, update, self.sort(), self.projection_document(), upsert, new, if_version)

    def empty(self) -> bool:
        """True when the state cannot match anything (a zero limit, ``none()``)."""
        return self.limit == 0 or self.nothing

    def reader(self) -> Reader:
        """What each stored document becomes: a document (maybe partial), a dict or a tuple."""
        if self.pymongo:
            return dict
        if self.rows is not None:
            return row_reader(self.document, self.rows)
        loaded = self.projection.loaded_names(self.document)
        stored = None if loaded is None else self.projection.stored_keys(self.document)
        return document_reader(self.document, loaded, stored)

    def stages(self) -> list[dict[str, Any]]:
        """The current filter, sort, skip and limit as the first aggregation stages."""
        return FindPlan(self.filter_document(), self.sort(), self.offset, self.limit or 0).pipeline


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


def class_restriction(cls: type[BaseDocument], exact: bool = False) -> dict[str, Any]:
    """``{'_cls': {'$in': [...]}}`` for a subclass in an inheritance tree; empty for a root.
    ``exact``: ``{'_cls': name}``, the documents of ``cls`` itself, none of its subclasses."""
    if not cls._meta.allow_inheritance:
        return {}
    if exact:
        return {"_cls": cls._class_name}
    if "." not in cls._class_name:
        return {}
    return {"_cls": {"$in": sorted(cls._subclasses)}}
