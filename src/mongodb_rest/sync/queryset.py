# Generated from src/mongodb_rest/aio/queryset.py by tools/unasync.py: do not edit.
"""The sync face's QuerySet: ``User.objects.filter(age__gte=18).first()``, ``for u in qs``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ..document.twins import ClassDescriptor
from ..driver_errors import translated
from ..query import replies
from ..query.base import BaseQuerySet
from ..query.updates import compile_update
from .collections import collection_for

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument
    from .document import Document

_IS_SYNC = True

D = TypeVar("D", bound="TopLevelDocument")
M = TypeVar("M", bound="Document")


class QuerySet(BaseQuerySet[D]):
    """Documents of one class matching a query; evaluated by calling its methods or ``for``."""

    __slots__ = ()

    def _collection(self) -> Any:
        return collection_for(self._document)

    def _alias(self) -> str:
        return self._document._meta.db_alias

    def __iter__(self) -> Iterator[D]:
        return self._iterate()

    def _iterate(self) -> Iterator[D]:
        if self._state.empty():
            return
        plan = self._state.plan()
        collection = self._collection()
        from_mongo = self._document.from_mongo
        with translated(self._alias()):
            for data in collection.find(**plan.find_args()):
                yield from_mongo(data)

    def get(self, *conditions: Any, **lookups: Any) -> D:
        """The one document matching; ``Model.DoesNotExist`` / ``Model.MultipleObjectsReturned`` otherwise."""
        state = self.filter(*conditions, **lookups)._state
        plan = state.plan(limit=2)
        collection = self._collection()
        with translated(self._alias()):
            found = [] if state.empty() else collection.find(**plan.find_args()).to_list(2)
        return replies.one(self._document, found)

    def first(self) -> D | None:
        """The first document (by the ordering, else by id), or None."""
        return self._edge(last=False)

    def last(self) -> D | None:
        """The last document (by the ordering, else by id), or None."""
        return self._edge(last=True)

    def _edge(self, last: bool) -> D | None:
        plan = self._state.edge_plan(last)
        collection = self._collection()
        with translated(self._alias()):
            found = None if self._state.empty() else collection.find_one(**plan.find_args())
        return replies.optional(self._document, found)

    def count(self) -> int:
        """How many documents match (skip and limit applied)."""
        plan = self._state.plan()
        collection = self._collection()
        with translated(self._alias()):
            return 0 if self._state.empty() else int(collection.count_documents(**plan.count_args()))

    def exists(self) -> bool:
        """True when at least one document matches."""
        plan = self._state.exists_plan()
        collection = self._collection()
        with translated(self._alias()):
            return not self._state.empty() and collection.find_one(**plan.find_args()) is not None

    def create(self, **values: Any) -> D:
        """Validate and insert a new document."""
        document = self._document(**values)
        document.save(force_insert=True)  # type: ignore[attr-defined]
        return document

    def update(self, **updates: Any) -> int:
        """Apply ``updates`` (``name='x'``, ``inc__views=1``...) to every match; return how many matched."""
        return self._update("update_many", updates)

    def update_one(self, **updates: Any) -> int:
        """Apply ``updates`` to the first match; return 1 when one matched, else 0."""
        return self._update("update_one", updates)

    def _update(self, method: str, updates: dict[str, Any]) -> int:
        update = compile_update(self._document, updates)
        state = self._bulk_state("update")
        collection = self._collection()
        with translated(self._alias()):
            reply = getattr(collection, method)(state.filter_document(), update)
        return int(reply.matched_count)

    def delete(self) -> int:
        """Delete every match; return how many were deleted."""
        state = self._bulk_state("delete")
        collection = self._collection()
        with translated(self._alias()):
            reply = collection.delete_many(state.filter_document())
        return int(reply.deleted_count)


class QuerySetDescriptor(ClassDescriptor):
    """``Model.objects``: a fresh QuerySet of all the model's documents."""

    def __get__(self, instance: object, owner: type[M]) -> QuerySet[M]:
        return QuerySet(owner)
