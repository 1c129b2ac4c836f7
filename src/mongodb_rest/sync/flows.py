# Generated from src/mongodb_rest/aio/flows.py by tools/unasync.py: do not edit.
"""The sync face's runner of core flows (multi-step operations the core drives) and cursor helpers."""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Any

from ..document import hooks
from ..document.integrity import Cascade, Change, DeleteStep, Exists, Remove, Restore
from ..document.persistence import with_write_concern
from ..driver_errors import translated
from ..faces import Clean, Fetch, Notify, Number, Write
from ..query.related import load_related
from .collections import collection_for, session
from .counters import number

if TYPE_CHECKING:
    from ..document.base import BaseDocument, TopLevelDocument
    from .queryset import QuerySet


def run_flow[T](flow: Generator[Fetch, list[dict[str, Any]], T]) -> T:
    """Send each find the core flow asks for and hand it the reply, until the flow returns."""
    reply: list[dict[str, Any]] | None = None
    while True:
        try:
            fetch = flow.send(reply)  # type: ignore[arg-type]
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        reply = _find(fetch)


def _find(fetch: Fetch) -> list[dict[str, Any]]:
    collection = collection_for(fetch.document)
    with translated(fetch.document._meta.db_alias):
        cursor = collection.find(fetch.filter, fetch.projection, session=session(fetch.document))
        return cursor.to_list(None)  # type: ignore[no-any-return]


def run_writes[T](
    queryset: QuerySet[Any], flow: Generator[Notify | Number | Clean | Write | Fetch, Any, T]
) -> T:
    """Send each step of a write flow (a signal, sequence numbers, a document's ``clean()``, a call of
    the queryset's collection, a find) and hand the flow the reply, until it returns."""
    reply: Any = None
    while True:
        try:
            step = flow.send(reply)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        if isinstance(step, Write):
            collection = queryset._collection()
            with translated(queryset._alias()):
                method = getattr(collection, step.method)
                reply = method(*step.args, **step.kwargs, session=queryset._session())
        elif isinstance(step, Fetch):
            reply = _find(step)
        elif isinstance(step, Clean):
            hooks.run_clean(step.document)
            reply = None
        elif isinstance(step, Number):
            number(step.groups)
            reply = None
        else:
            reply = step.signal.send(step.sender, **step.kwargs)


def load_references(document: BaseDocument, names: tuple[str, ...]) -> None:
    """Load the documents that fields ``names`` of ``document`` reference (one query per field)."""
    run_flow(load_related([document], names))


def run_delete[T](
    document: TopLevelDocument,
    flow: Generator[DeleteStep, Any, T],
    write_concern: Mapping[str, Any] | None = None,
) -> T:
    """Send each step of a delete flow (delete the document, look up, cascade to or change its
    referrers, put it back) and hand the flow the reply, until it returns; the document's own
    writes go where ``switch_db()``/``switch_collection()`` sent it, with ``write_concern``."""
    reply: Any = None
    while True:
        try:
            step = flow.send(reply)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        if isinstance(step, (Remove, Restore)):
            collection = with_write_concern(collection_for(document), write_concern)
            with translated(document._meta.db_alias):
                if isinstance(step, Remove):
                    reply = collection.find_one_and_delete(
                        step.filter, step.projection, session=session(document)
                    )
                else:
                    reply = collection.insert_one(step.data, session=session(document))
            continue
        referrers = step.referrer.twin(document._face)._default_manager.filter(**step.lookups)  # type: ignore[attr-defined]
        if isinstance(step, Exists):
            reply = referrers.exists()
        elif isinstance(step, Cascade):
            reply = referrers.delete()
        elif isinstance(step, Change):
            reply = referrers.update(**step.updates)


def aggregate_cursor(collection: Any, pipeline: list[dict[str, Any]], transaction: Any) -> Any:
    """The cursor of an aggregation (PyMongo's async API returns it from a coroutine, Motor directly)."""
    cursor = collection.aggregate(pipeline, session=transaction)
    return cursor
