"""The async face's QuerySet: ``await User.objects.filter(age__gte=18).first()``, ``async for u in qs``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterable
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast, overload

from .. import signals
from ..document import hooks, persistence, versioning
from ..document.delete_rules import DENY, delete_rules
from ..document.twins import ClassDescriptor
from ..driver_errors import translated
from ..errors import DeleteDenied, NotUniqueError
from ..query import replies
from ..query.aggregation import compile_aggregate
from ..query.base import BaseQuerySet, conditions_q
from ..query.related import load_related
from ..query.state import FindPlan, ModifyPlan, QueryState
from .collections import collection_for, session
from .flows import aggregate_cursor, run_flow

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument
    from .document import Document

_IS_SYNC = False
BATCH = 1000  # documents read per round trip when iterating (select_related() queries once per batch)

D = TypeVar("D", bound="TopLevelDocument")
M = TypeVar("M", bound="Document")


class QuerySet(BaseQuerySet[D]):
    """Documents of one class matching a query; evaluated by awaiting its methods or ``async for``.

    Iterating caches the results, as Django does: iterate the same QuerySet again and nothing is sent.
    ``iterator()`` streams without caching.
    """

    __slots__ = ()

    async def _collection(self) -> Any:
        return await collection_for(self._document)

    def _alias(self) -> str:
        return self._document._meta.db_alias

    def _session(self) -> Any:
        return session(self._document)

    def __aiter__(self) -> AsyncIterator[D]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[D]:
        if self._result_cache is not None:
            for document in self._result_cache:
                yield document
            return
        results: list[Any] = []
        async for batch in self._batches(self._state):
            results.extend(batch)
            for document in batch:
                yield document
        self._result_cache = results

    async def _batches(self, state: QueryState) -> AsyncIterator[list[Any]]:
        """The results, read as ``state`` says, in lists of up to ``state.batch_size`` (else BATCH)
        streamed from the server; select_related() loads each list's references in one query per field."""
        if state.empty():
            return
        read = state.reader()
        size = state.batch_size or BATCH
        collection = await self._collection()
        with translated(self._alias()):
            cursor = collection.find(**state.plan().find_args(), session=self._session())
            while batch := await cursor.to_list(size):
                documents = [read(data) for data in batch]
                if state.related:
                    await run_flow(load_related(documents, state.related))
                yield documents

    async def _fetch(self, state: QueryState, plan: FindPlan, length: int) -> list[Any]:
        """At most ``length`` results of ``plan``, read as ``state`` says (related documents loaded)."""
        if state.empty():
            return []
        collection = await self._collection()
        read = state.reader()
        with translated(self._alias()):
            cursor = collection.find(**plan.find_args(), session=self._session())
            found = [read(data) for data in await cursor.to_list(length)]
        if state.related:
            await run_flow(load_related(found, state.related))
        return found

    async def iterator(self, chunk_size: int = 2000) -> AsyncIterator[D]:
        """Stream the results in batches of ``chunk_size`` without caching them."""
        async for batch in self._batches(self._state.changed(batch_size=chunk_size)):
            for document in batch:
                yield document

    @overload
    def __getitem__(self, key: slice) -> Self: ...

    @overload
    def __getitem__(self, key: int) -> Awaitable[D]: ...

    def __getitem__(self, key: slice | int) -> Self | Awaitable[D]:
        if isinstance(key, slice):
            return self._slice(key)
        return self._nth(key)

    async def _nth(self, index: int) -> D:
        found = await self._fetch(self._state, self._state.nth_plan(index), 1)
        if not found:
            raise IndexError(f"QuerySet index {index} out of range.")
        return found[0]  # type: ignore[no-any-return]

    async def get(self, *conditions: Any, **lookups: Any) -> D:
        """The one document matching; ``Model.DoesNotExist`` / ``Model.MultipleObjectsReturned`` otherwise."""
        state = (
            self._state.filtered(conditions_q(conditions, lookups)) if conditions or lookups else self._state
        )
        document: D = replies.one(self._document, await self._fetch(state, state.plan(limit=2), 2))
        return document

    async def first(self) -> D | None:
        """The first document (by the ordering, else by id), or None."""
        found = await self._fetch(self._state, self._state.edge_plan(last=False), 1)
        return found[0] if found else None

    async def last(self) -> D | None:
        """The last document (by the ordering, else by id), or None."""
        found = await self._fetch(self._state, self._state.edge_plan(last=True), 1)
        return found[0] if found else None

    async def count(self) -> int:
        """How many documents match (skip and limit applied)."""
        if self._result_cache is not None:
            return len(self._result_cache)
        plan = self._state.plan()
        collection = await self._collection()
        with translated(self._alias()):
            if self._state.empty():
                return 0
            return int(await collection.count_documents(**plan.count_args(), session=self._session()))

    async def exists(self) -> bool:
        """True when at least one document matches."""
        if self._result_cache is not None:
            return bool(self._result_cache)
        return bool(await self._fetch(self._state, self._state.exists_plan(), 1))

    async def distinct(self, field: str) -> list[Any]:
        """The distinct values of ``field`` among the matches."""
        path, convert = replies.distinct_reader(self._document, field)
        collection = await self._collection()
        with translated(self._alias()):
            values = await collection.distinct(path, self._state.filter_document(), session=self._session())
        return [convert(value) for value in values]

    async def in_bulk(self, ids: Iterable[Any]) -> dict[Any, D]:
        """The documents with these ids, by id (missing ones left out)."""
        return {document.id: document async for document in self.filter(id__in=list(ids))}

    async def explain(self) -> dict[str, Any]:
        """The server's query plan for this QuerySet."""
        collection = await self._collection()
        with translated(self._alias()):
            cursor = collection.find(**self._state.plan().find_args(), session=self._session())
            return dict(await cursor.explain())

    async def aggregate(self, *args: Any, **named: Any) -> Any:
        """``aggregate(Sum('age'))`` -> ``{'age__sum': 174}``; ``aggregate([stages])`` or
        ``aggregate(*stages)`` -> the result documents. Both run on the current filter, order and slice."""
        plan = compile_aggregate(self._document, self._state.stages(), args, named)
        collection = await self._collection()
        with translated(self._alias()):
            cursor = await aggregate_cursor(collection, plan.pipeline, self._session())
            return plan.result(await cursor.to_list(None))

    async def create(self, **values: Any) -> D:
        """Validate and insert a new document."""
        document = self._document(**values)
        await document.save(force_insert=True)  # type: ignore[attr-defined]
        return document

    async def get_or_create(self, defaults: dict[str, Any] | None = None, **lookups: Any) -> tuple[D, bool]:
        """The matching document and False, or a new one made of ``lookups`` and ``defaults`` and True."""
        try:
            return await self.get(**lookups), False
        except self._document.DoesNotExist:
            pass
        try:
            return await self.create(**replies.creation_values(lookups, defaults)), True
        except NotUniqueError:  # created meanwhile by someone else
            return await self.get(**lookups), False

    async def bulk_create(self, documents: Iterable[D]) -> list[D]:
        """Validate every document, then insert them all in one round trip."""
        documents = list(documents)
        sender = self._document._root()
        if signals.pre_bulk_insert.listening(sender):
            await signals.pre_bulk_insert.asend(sender, documents=documents)
        for document in documents:
            document.validate_fields()
            await hooks.run_clean_async(document)
        plans = persistence.plan_bulk_insert(self._document, documents)
        if plans:
            collection = await self._collection()
            with translated(self._alias()):
                payloads = [plan.payload for plan in plans]
                await collection.insert_many(payloads, ordered=True, session=self._session())
        for document, plan in zip(documents, plans, strict=True):
            persistence.saved(document, plan, None)
        if signals.post_bulk_insert.listening(sender):
            await signals.post_bulk_insert.asend(sender, documents=documents, loaded=True)
        return documents

    async def update(self, upsert: bool = False, **updates: Any) -> replies.UpdateResult:
        """Apply ``updates`` (``name='x'``, ``inc__views=1``...) to every match; return how many matched.

        With ``upsert=True`` and no match, insert one document made of the filter's equality conditions,
        the class's defaults and the updates; the result's ``created`` and ``upserted_id`` say so.
        """
        return await self._update("update_many", updates, upsert)

    async def update_one(
        self, upsert: bool = False, if_version: int | None = None, **updates: Any
    ) -> replies.UpdateResult:
        """Apply ``updates`` to the first match; 1 when one matched (or ``upsert`` inserted), else 0.
        With ``if_version``, only if that match has that version: ConflictError when it has another."""
        return await self._update("update_one", updates, upsert, if_version)

    async def upsert_one(self, **updates: Any) -> D:
        """Update the first match, or insert one as ``update_one(upsert=True)`` does; return the document
        as stored after the update (one round trip)."""
        return cast("D", await self.modify(new=True, upsert=True, **updates))  # never None with both

    async def _update(
        self, method: str, updates: dict[str, Any], upsert: bool, if_version: int | None = None
    ) -> replies.UpdateResult:
        query, update = self._bulk_state("update").update_plan(updates, upsert, if_version)
        collection = await self._collection()
        with translated(self._alias()):
            reply = await getattr(collection, method)(query, update, upsert=upsert, session=self._session())
            if if_version is not None and not reply.matched_count:
                await self._conflict(collection, query, if_version)
        return replies.update_result(reply)

    async def _conflict(self, collection: Any, query: dict[str, Any], expected: int) -> None:
        """After a write guarded by version ``expected`` matched nothing: ConflictError when a document
        matches the rest of ``query`` (with another version)."""
        current = await collection.find_one(
            *versioning.read_back(self._document, query), session=self._session()
        )
        if current is not None:
            raise versioning.conflict(self._document, current.get("_id"), expected, current)

    async def modify(
        self,
        new: bool = False,
        upsert: bool = False,
        remove: bool = False,
        if_version: int | None = None,
        **updates: Any,
    ) -> D | None:
        """Update the first match (by the ordering) in one round trip and return it as it was before, or
        after with ``new=True``; with ``remove=True`` delete it instead. None when nothing matched
        (or an upsert inserted and ``new`` is False). Loads what ``only()``/``exclude()`` select.
        With ``if_version``, only if the match has that version: ConflictError when it has another."""
        state = self._bulk_state("modify")
        plan = state.modify_plan(updates, new=new, upsert=upsert, remove=remove, if_version=if_version)
        data = await self._find_and_modify(plan)
        if data is None:
            return None
        document: D = state.reader()(data)
        if state.related:
            await run_flow(load_related([document], state.related))
        return document

    async def _find_and_modify(self, plan: ModifyPlan) -> dict[str, Any] | None:
        method, args = plan.call
        collection = await self._collection()
        with translated(self._alias()):
            data: dict[str, Any] | None = await getattr(collection, method)(**args, session=self._session())
            if data is None and plan.expected is not None:
                await self._conflict(collection, plan.filter, plan.expected)
        return data

    async def delete(self) -> int:
        """Delete every match; return how many were deleted.

        When the class has delete receivers or documents referencing it with a reverse_delete_rule,
        each document is deleted on its own, so they fire and the rules apply.
        """
        state = self._bulk_state("delete")
        rules = delete_rules(self._document)
        if signals.delete_listened(self._document._root()) or rules:
            documents = [document async for document in self.iterator()]
            ids = [document.id for document in documents]
            for rule in rules:
                if rule.rule == DENY:  # refuse before deleting any of them
                    referrers = rule.referrer.twin(self._document._face).objects  # type: ignore[attr-defined]
                    if await referrers.filter(**{f"{rule.field}__in": ids}).exists():
                        raise DeleteDenied(rule.denial(documents[0]))
            for document in documents:
                await document.delete()  # type: ignore[attr-defined]
            return len(documents)
        collection = await self._collection()
        with translated(self._alias()):
            reply = await collection.delete_many(state.filter_document(), session=self._session())
        return int(reply.deleted_count)


class QuerySetDescriptor(ClassDescriptor):
    """``Model.objects``: a fresh QuerySet of all the model's documents."""

    def __get__(self, instance: object, owner: type[M]) -> QuerySet[M]:
        return QuerySet(owner)
