# Generated from src/mongodb_rest/aio/queryset.py by tools/unasync.py: do not edit.
"""The sync face's QuerySet: ``User.objects.filter(age__gte=18).first()``, ``for u in qs``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast, overload

from bson import json_util

from .. import signals
from ..document import bulk, integrity, persistence, versioning
from ..document.delete_rules import delete_rules
from ..document.managers import ClassDescriptor, queryset_class
from ..driver_errors import translated
from ..errors import NotUniqueError
from ..query import replies
from ..query.aggregation import AggregatePlan, compile_aggregate, frequencies_plan, total_plan
from ..query.base import BaseQuerySet
from ..query.related import load_related
from ..query.state import FindPlan, ModifyPlan, QueryState
from .collections import collection_for, session
from .flows import aggregate_cursor, run_delete, run_flow, run_writes

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument
    from .document import Document

_IS_SYNC = True
BATCH = 1000  # documents per list when iterating without caching (select_related() queries once per list)

D = TypeVar("D", bound="TopLevelDocument")
M = TypeVar("M", bound="Document")


class QuerySet(BaseQuerySet[D]):
    """Documents of one class matching a query; evaluated by calling its methods or ``for``.

    Iterating caches the results, as Django does: iterate the same QuerySet again and nothing is sent.
    ``iterator()`` streams without caching.
    """

    __slots__ = ()

    def _collection(self) -> Any:
        collection = collection_for(self._document)
        options = self._state.collection_options
        return collection.with_options(**dict(options)) if options else collection

    def _alias(self) -> str:
        return self._document._meta.db_alias

    def _session(self) -> Any:
        return session(self._document)

    def __iter__(self) -> Iterator[D]:
        if self._result_cache is None and not self._state.cache:  # no_cache(): streamed, nothing kept
            return self._streamed()
        return iter(self._results())  # as Django: read every result, then iterate the list

    if _IS_SYNC:  # Django's truth and length: evaluate once, then answer from the cache

        def __bool__(self) -> bool:
            return bool(self._results())

        def __len__(self) -> int:
            return len(self._results())  # type: ignore[arg-type]

    def _results(self) -> list[Any]:
        """The cached results, fetched first if they are not yet."""
        if self._result_cache is None:
            self._result_cache = self._fetch(self._state, self._state.plan(), None)
        return self._result_cache

    def _streamed(self) -> Iterator[D]:
        for batch in self._batches(self._state):
            for document in batch:
                yield document

    def _batches(self, state: QueryState) -> Iterator[list[Any]]:
        """The results, read as ``state`` says, in lists of up to ``state.batch_size`` (else BATCH)
        streamed from the server; select_related() loads each list's references in one query per field."""
        if state.empty():
            return
        read = state.reader()
        size = state.batch_size or BATCH
        collection = self._collection()
        with translated(self._alias()):
            cursor = collection.find(**state.plan().find_args(), session=self._session())
            while batch := cursor.to_list(size):
                documents = [read(data) for data in batch]
                if state.related:
                    run_flow(load_related(documents, state.related))
                yield documents

    def _fetch(self, state: QueryState, plan: FindPlan, length: int | None) -> list[Any]:
        """At most ``length`` results of ``plan`` (None: all), read as ``state`` says (related documents
        loaded)."""
        if state.empty():
            return []
        collection = self._collection()
        read = state.reader()
        with translated(self._alias()):
            cursor = collection.find(**plan.find_args(), session=self._session())
            found = [read(data) for data in cursor.to_list(length)]
        if state.related:
            run_flow(load_related(found, state.related))
        return found

    def iterator(self, chunk_size: int = 2000) -> Iterator[D]:
        """Stream the results in batches of ``chunk_size`` without caching them."""
        for batch in self._batches(self._state.changed(batch_size=chunk_size)):
            for document in batch:
                yield document

    @overload
    def __getitem__(self, key: slice) -> Self: ...

    @overload
    def __getitem__(self, key: int) -> D: ...

    def __getitem__(self, key: slice | int) -> Self | D:
        if isinstance(key, slice):
            return self._slice(key)
        return self._nth(key)

    def _nth(self, index: int) -> D:
        found = self._fetch(self._state, self._state.nth_plan(index), 1)
        if not found:
            raise IndexError(f"QuerySet index {index} out of range.")
        return found[0]  # type: ignore[no-any-return]

    def get(self, *conditions: Any, **lookups: Any) -> D:
        """The one document matching; ``Model.DoesNotExist`` / ``Model.MultipleObjectsReturned`` otherwise."""
        state, plan = self._get_plan(conditions, lookups)
        document: D = replies.one(self._document, self._fetch(state, plan, plan.limit))
        return document

    def first(self) -> D | None:
        """The first document (by the ordering, else by id), or None."""
        found = self._fetch(self._state, self._state.edge_plan(last=False), 1)
        return found[0] if found else None

    def last(self) -> D | None:
        """The last document (by the ordering, else by id), or None."""
        found = self._fetch(self._state, self._state.edge_plan(last=True), 1)
        return found[0] if found else None

    def count(self, **options: bool) -> int:
        """How many documents match, skip and limit applied (as Django does; MongoEngine's default is
        ``count(with_limit_and_skip=False)``, which counts every match: the one option it takes, by
        keyword, so that Django's paginator still sees a ``count()`` without arguments)."""
        with_limit_and_skip = replies.count_option(options)
        if self._result_cache is not None and with_limit_and_skip:
            return len(self._result_cache)
        plan = self._state.plan()
        collection = self._collection()
        with translated(self._alias()):
            if self._state.nothing or (self._state.empty() and with_limit_and_skip):
                return 0
            args = plan.count_args(with_limit_and_skip)
            return int(collection.count_documents(**args, session=self._session()))

    def exists(self) -> bool:
        """True when at least one document matches."""
        if self._result_cache is not None:
            return bool(self._result_cache)
        return bool(self._fetch(self._state, self._state.exists_plan(), 1))

    def distinct(self, field: str) -> list[Any]:
        """The distinct values of ``field`` among the matches."""
        path, convert = replies.distinct_reader(self._document, field)
        collection = self._collection()
        with translated(self._alias()):
            values = collection.distinct(path, self._state.filter_document(), session=self._session())
        return [convert(value) for value in values]

    def in_bulk(self, ids: Iterable[Any]) -> dict[Any, D]:
        """The documents with these ids, by id (missing ones left out)."""
        return {document.id: document for document in self.filter(id__in=list(ids))}

    def explain(self) -> dict[str, Any]:
        """The server's query plan for this QuerySet."""
        collection = self._collection()
        with translated(self._alias()):
            cursor = collection.find(**self._state.plan().find_args(), session=self._session())
            return dict(cursor.explain())

    def aggregate(self, *args: Any, **named: Any) -> Any:
        """``aggregate(Sum('age'))`` -> ``{'age__sum': 174}``; ``aggregate([stages])`` or
        ``aggregate(*stages)`` -> the result documents. Both run on the current filter, order and slice."""
        return self._aggregated(compile_aggregate(self._document, self._state.stages(), args, named))

    def sum(self, field: str) -> Any:
        """The sum of ``field`` over the matches (of the items of a list field); 0 when none has one."""
        return self._aggregated(total_plan(self._document, self._state.stages(), field, average=False))

    def average(self, field: str) -> Any:
        """The average of ``field`` over the matches (of the items of a list field); 0 when none has one."""
        return self._aggregated(total_plan(self._document, self._state.stages(), field, average=True))

    def item_frequencies(self, field: str, normalize: bool = False) -> dict[Any, Any]:
        """``{value: how many matches have it}``, each item of a list field counted; with ``normalize``,
        shares of the total."""
        plan = frequencies_plan(self._document, self._state.stages(), field, normalize)
        result: dict[Any, Any] = self._aggregated(plan)
        return result

    def _aggregated(self, plan: AggregatePlan) -> Any:
        if self._state.nothing:
            return plan.result([])
        collection = self._collection()
        with translated(self._alias()):
            cursor = aggregate_cursor(collection, plan.pipeline, self._session())
            return plan.result(cursor.to_list(None))

    def to_json(self, **options: Any) -> str:
        """The matches as MongoDB Extended JSON (``bson.json_util``) of their stored form."""
        return json_util.dumps([data for data in self.as_pymongo()], **options)

    def with_id(self, object_id: Any) -> D | None:
        """The matching document with this id, or None."""
        return self.filter(pk=object_id).first()

    def insert(self, doc_or_docs: D | Iterable[D], load_bulk: bool = True) -> Any:
        """MongoEngine's ``insert()``: ``bulk_create()`` of one document or several; returns what it
        was given (the documents, now with ids), or their ids with ``load_bulk=False``."""
        single = isinstance(doc_or_docs, self._document)
        documents = self.bulk_create([doc_or_docs] if single else doc_or_docs)  # type: ignore[list-item,arg-type]
        inserted = documents if load_bulk else [document.id for document in documents]
        return inserted[0] if single else inserted

    def create(self, **values: Any) -> D:
        """Validate and insert a new document."""
        document = self._document(**values)
        document.save(force_insert=True)  # type: ignore[attr-defined]
        return document

    def get_or_create(self, defaults: dict[str, Any] | None = None, **lookups: Any) -> tuple[D, bool]:
        """The matching document and False, or a new one made of ``lookups`` and ``defaults`` and True."""
        try:
            return self.get(**lookups), False
        except self._document.DoesNotExist:
            pass
        try:
            return self.create(**replies.creation_values(lookups, defaults)), True
        except NotUniqueError:  # created meanwhile by someone else
            return self.get(**lookups), False

    def bulk_create(self, documents: Iterable[D]) -> list[D]:
        """Validate every document (what changed since it was built: it was validated then), then
        insert them all in one round trip. When a reference (with a delete rule) of one of them names
        a document deleted meanwhile, all are deleted again: ValidationError. Unset sequence fields
        take consecutive values first, one counter update each."""
        return run_writes(self, bulk.bulk_create_flow(self._document, list(documents)))

    def update(
        self, upsert: bool = False, full_result: bool = False, **updates: Any
    ) -> replies.UpdateResult | Any:
        """Apply ``updates`` (``name='x'``, ``inc__views=1``...) to every match; return how many matched.

        With ``upsert=True`` and no match, insert one document made of the filter's equality conditions,
        the class's defaults and the updates; the result's ``created`` and ``upserted_id`` say so.
        ``full_result=True`` returns the driver's ``UpdateResult`` instead.
        """
        return self._update("update_many", updates, upsert, full_result)

    def update_one(
        self,
        upsert: bool = False,
        full_result: bool = False,
        if_version: int | None = None,
        **updates: Any,
    ) -> replies.UpdateResult | Any:
        """Apply ``updates`` to the first match; 1 when one matched (or ``upsert`` inserted), else 0
        (the driver's ``UpdateResult`` with ``full_result=True``). With ``if_version``, only if that
        match has that version: ConflictError when it has another."""
        return self._update("update_one", updates, upsert, full_result, if_version)

    def upsert_one(self, **updates: Any) -> D:
        """Update the first match, or insert one as ``update_one(upsert=True)`` does; return the document
        as stored after the update (one round trip)."""
        return cast("D", self.modify(new=True, upsert=True, **updates))  # never None with both

    def _update(
        self,
        method: str,
        updates: dict[str, Any],
        upsert: bool,
        full_result: bool,
        if_version: int | None = None,
    ) -> Any:
        query, update = self._bulk_state("update").update_plan(updates, upsert, if_version)
        collection = self._collection()
        with translated(self._alias()):
            reply = getattr(collection, method)(query, update, upsert=upsert, session=self._session())
            if if_version is not None and not reply.matched_count:
                self._conflict(collection, query, if_version)
        return reply if full_result else replies.update_result(reply)

    def _conflict(self, collection: Any, query: dict[str, Any], expected: int) -> None:
        """After a write guarded by version ``expected`` matched nothing: ConflictError when a document
        matches the rest of ``query`` (with another version)."""
        current = collection.find_one(*versioning.read_back(self._document, query), session=self._session())
        if current is not None:
            raise versioning.conflict(self._document, current.get("_id"), expected, current)

    def modify(
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
        data = self._find_and_modify(plan)
        if data is None:
            return None
        document: D = state.reader()(data)
        if state.related:
            run_flow(load_related([document], state.related))
        return document

    def _find_and_modify(self, plan: ModifyPlan) -> dict[str, Any] | None:
        method, args = plan.call
        collection = self._collection()
        with translated(self._alias()):
            data: dict[str, Any] | None = getattr(collection, method)(**args, session=self._session())
            if data is None and plan.expected is not None:
                self._conflict(collection, plan.filter, plan.expected)
        return data

    def delete(self) -> int:
        """Delete every match; return how many were deleted.

        When the class has delete receivers, file fields or documents referencing it with a
        reverse_delete_rule, each document is deleted on its own, so they fire, its files go and the
        rules apply.
        """
        state = self._bulk_state("delete")
        if (
            signals.delete_listened(self._document._root())
            or delete_rules(self._document)
            or persistence.file_fields(self._document)
        ):
            documents = [document for document in self.iterator()]
            if documents:  # DENY refuses before any of them is deleted
                run_delete(documents[0], integrity.refuse_denied(documents))
            for document in documents:
                document.delete()  # type: ignore[attr-defined]
            return len(documents)
        collection = self._collection()
        with translated(self._alias()):
            reply = collection.delete_many(state.filter_document(), session=self._session())
        return int(reply.deleted_count)


class QuerySetDescriptor(ClassDescriptor):
    """``Model.objects``: a fresh QuerySet of all the model's documents."""

    def __get__(self, instance: object, owner: type[M]) -> QuerySet[M]:
        if owner._meta.queryset_class is None:  # the plain QuerySet, without a call to find it
            return QuerySet(owner)
        return queryset_class(owner, QuerySet)(owner)
