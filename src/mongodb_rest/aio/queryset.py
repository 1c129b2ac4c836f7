"""The async face's QuerySet: ``await User.objects.filter(age__gte=18).first()``, ``async for u in qs``."""

from __future__ import annotations

from collections.abc import AsyncIterator
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

_IS_SYNC = False

D = TypeVar("D", bound="TopLevelDocument")
M = TypeVar("M", bound="Document")


class QuerySet(BaseQuerySet[D]):
    """Documents of one class matching a query; evaluated by awaiting its methods or ``async for``."""

    __slots__ = ()

    async def _collection(self) -> Any:
        return await collection_for(self._document)

    def _alias(self) -> str:
        return self._document._meta.db_alias

    def __aiter__(self) -> AsyncIterator[D]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[D]:
        if self._state.empty():
            return
        plan = self._state.plan()
        collection = await self._collection()
        from_mongo = self._document.from_mongo
        with translated(self._alias()):
            async for data in collection.find(**plan.find_args()):
                yield from_mongo(data)

    async def get(self, *conditions: Any, **lookups: Any) -> D:
        """The one document matching; ``Model.DoesNotExist`` / ``Model.MultipleObjectsReturned`` otherwise."""
        state = self.filter(*conditions, **lookups)._state
        plan = state.plan(limit=2)
        collection = await self._collection()
        with translated(self._alias()):
            found = [] if state.empty() else await collection.find(**plan.find_args()).to_list(2)
        return replies.one(self._document, found)

    async def first(self) -> D | None:
        """The first document (by the ordering, else by id), or None."""
        return await self._edge(last=False)

    async def last(self) -> D | None:
        """The last document (by the ordering, else by id), or None."""
        return await self._edge(last=True)

    async def _edge(self, last: bool) -> D | None:
        plan = self._state.edge_plan(last)
        collection = await self._collection()
        with translated(self._alias()):
            found = None if self._state.empty() else await collection.find_one(**plan.find_args())
        return replies.optional(self._document, found)

    async def count(self) -> int:
        """How many documents match (skip and limit applied)."""
        plan = self._state.plan()
        collection = await self._collection()
        with translated(self._alias()):
            return 0 if self._state.empty() else int(await collection.count_documents(**plan.count_args()))

    async def exists(self) -> bool:
        """True when at least one document matches."""
        plan = self._state.exists_plan()
        collection = await self._collection()
        with translated(self._alias()):
            return not self._state.empty() and await collection.find_one(**plan.find_args()) is not None

    async def create(self, **values: Any) -> D:
        """Validate and insert a new document."""
        document = self._document(**values)
        await document.save(force_insert=True)  # type: ignore[attr-defined]
        return document

    async def update(self, **updates: Any) -> int:
        """Apply ``updates`` (``name='x'``, ``inc__views=1``...) to every match; return how many matched."""
        return await self._update("update_many", updates)

    async def update_one(self, **updates: Any) -> int:
        """Apply ``updates`` to the first match; return 1 when one matched, else 0."""
        return await self._update("update_one", updates)

    async def _update(self, method: str, updates: dict[str, Any]) -> int:
        update = compile_update(self._document, updates)
        state = self._bulk_state("update")
        collection = await self._collection()
        with translated(self._alias()):
            reply = await getattr(collection, method)(state.filter_document(), update)
        return int(reply.matched_count)

    async def delete(self) -> int:
        """Delete every match; return how many were deleted."""
        state = self._bulk_state("delete")
        collection = await self._collection()
        with translated(self._alias()):
            reply = await collection.delete_many(state.filter_document())
        return int(reply.deleted_count)


class QuerySetDescriptor(ClassDescriptor):
    """``Model.objects``: a fresh QuerySet of all the model's documents."""

    def __get__(self, instance: object, owner: type[M]) -> QuerySet[M]:
        return QuerySet(owner)
