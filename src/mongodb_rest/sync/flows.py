# Generated from src/mongodb_rest/aio/flows.py by tools/unasync.py: do not edit.
"""The sync face's runner of core flows (multi-step operations the core drives) and cursor helpers."""

from __future__ import annotations

import inspect
from collections.abc import Generator
from typing import Any

from ..driver_errors import translated
from ..query.related import Fetch
from .collections import collection_for, session

_IS_SYNC = True


def run_flow[T](flow: Generator[Fetch, list[dict[str, Any]], T]) -> T:
    """Send each find the core flow asks for and hand it the reply, until the flow returns."""
    reply: list[dict[str, Any]] | None = None
    while True:
        try:
            fetch = flow.send(reply)  # type: ignore[arg-type]
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        collection = collection_for(fetch.document)
        with translated(fetch.document._meta.db_alias):
            reply = collection.find(fetch.filter, session=session(fetch.document)).to_list(None)


def aggregate_cursor(collection: Any, pipeline: list[dict[str, Any]], transaction: Any) -> Any:
    """The cursor of an aggregation (PyMongo's async API returns it from a coroutine, Motor directly)."""
    cursor = collection.aggregate(pipeline, session=transaction)
    if not _IS_SYNC and inspect.isawaitable(cursor):
        cursor = cursor
    return cursor
