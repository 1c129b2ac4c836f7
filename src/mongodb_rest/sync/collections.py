# Generated from src/mongodb_rest/aio/collections.py by tools/unasync.py: do not edit.
"""The sync face's collections: one per document class and client, prepared on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pymongo.errors import OperationFailure

from ..connection import sync_connection
from ..document.storage import NAMESPACE_EXISTS, collection_setup
from ..driver_errors import translated

if TYPE_CHECKING:
    from ..document.base import BaseDocument

_IS_SYNC = True


def collection_for(cls: type[BaseDocument], indexes: bool | None = None) -> Any:
    """The collection of ``cls``; the first use on a client creates it (if capped) and its indexes.

    ``indexes`` overrides ``meta['auto_create_index']`` for that first use.
    """
    alias = cls._meta.db_alias
    connection = sync_connection(alias)
    root = cls._twin_of or cls
    collection = connection.collections.get(root)
    if collection is None:
        setup = collection_setup(cls, indexes)
        collection = connection.db.get_collection(setup.name)
        with translated(alias):
            if setup.create is not None:
                try:
                    connection.db.command(setup.create)
                except OperationFailure as exc:
                    if exc.code != NAMESPACE_EXISTS:
                        raise
            if setup.indexes:
                collection.create_indexes(setup.indexes)
        connection.collections[root] = collection
    return collection


def ensure_indexes(cls: type[BaseDocument]) -> None:
    """Prepare the collection of ``cls`` again: its declared indexes are created if missing."""
    sync_connection(cls._meta.db_alias).collections.pop(cls._twin_of or cls, None)
    collection_for(cls, indexes=True)


def drop_collection(cls: type[BaseDocument]) -> None:
    """Drop the collection of ``cls``; its next use prepares it again."""
    connection = sync_connection(cls._meta.db_alias)
    name = collection_setup(cls).name
    with translated(cls._meta.db_alias):
        connection.db.drop_collection(name)
    for known in [key for key, collection in connection.collections.items() if collection.name == name]:
        del connection.collections[known]
