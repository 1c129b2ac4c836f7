"""The async face's collections: one per document class and client, prepared on first use."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from pymongo.errors import OperationFailure

from ..connection import async_connection
from ..context_managers import target
from ..document.storage import already_exists, collection_setup
from ..driver_errors import translated
from .transactions import open_sessions

if TYPE_CHECKING:
    from ..document.base import BaseDocument

_IS_SYNC = False


def session(subject: type[BaseDocument] | BaseDocument) -> Any:
    """The transaction session operations on a document class or document join (``atomic()``), or None."""
    sessions = open_sessions()
    return sessions.get(target(subject)[0]) if sessions else None


async def collection_for(subject: type[BaseDocument] | BaseDocument, indexes: bool | None = None) -> Any:
    """The collection of a document class or document (or the one ``switch_db``/``switch_collection``
    chose); the first use on a client creates it (if capped) and its indexes.

    ``indexes`` overrides ``meta['auto_create_index']`` for that first use.
    """
    cls = subject if isinstance(subject, type) else type(subject)
    alias, name = target(subject)
    connection = async_connection(alias)
    key = (cls._twin_of or cls, name)
    collection = connection.collections.get(key)
    if collection is None:
        setup = collection_setup(cls, indexes, name)
        collection = connection.db.get_collection(setup.name)
        with translated(alias):
            if setup.create is not None:
                try:
                    await connection.db.command(setup.create)
                except OperationFailure as exc:
                    if not already_exists(exc):
                        raise
                    if setup.modify is not None:
                        await connection.db.command(setup.modify)
            if setup.indexes:
                await collection.create_indexes(setup.indexes)
        connection.collections[key] = collection
    return collection


async def ensure_indexes(cls: type[BaseDocument]) -> None:
    """Prepare the collection of ``cls`` again: its declared indexes are created if missing."""
    alias, name = target(cls)
    async_connection(alias).collections.pop((cls._twin_of or cls, name), None)
    await collection_for(cls, indexes=True)


async def drop_collection(cls: type[BaseDocument]) -> None:
    """Drop the collection of ``cls``; its next use prepares it again."""
    alias, name = target(cls)
    connection = async_connection(alias)
    with translated(alias):
        await connection.db.drop_collection(collection_setup(cls, name=name).name)
    for key in [key for key in connection.collections if key[1] == name]:
        del connection.collections[key]


async def index_cursor(collection: Any) -> Any:
    """The cursor of ``list_indexes`` (PyMongo's async API returns it from a coroutine, Motor directly)."""
    cursor = collection.list_indexes()
    if not _IS_SYNC and inspect.isawaitable(cursor):
        cursor = await cursor
    return cursor
