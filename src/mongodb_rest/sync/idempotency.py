# Generated from src/mongodb_rest/aio/idempotency.py by tools/unasync.py: do not edit.
"""The sync face's idempotency records: claim a key, complete it with the response, release it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from .. import idempotency
from ..connection import sync_connection
from ..driver_errors import translated
from ..idempotency import Decision

CLAIMS = 3  # attempts to claim a key whose record vanished or went stale meanwhile


def records(alias: str) -> Any:
    """The collection of idempotency records on ``alias``; the first use creates its TTL index."""
    connection = sync_connection(alias)
    key = (idempotency.COLLECTION, idempotency.COLLECTION)
    collection = connection.collections.get(key)
    if collection is None:
        collection = connection.db.get_collection(idempotency.COLLECTION)
        with translated(alias):
            collection.create_indexes(idempotency.INDEXES)
        connection.collections[key] = collection
    return collection


def claim(alias: str, claimed: Mapping[str, Any], now: datetime) -> tuple[Decision, Any]:
    """Store the claim ``claimed``: PROCEED when it is now this request's, else the decision the stored
    record calls for, and that record."""
    collection = records(alias)
    with translated(alias):
        for _ in range(CLAIMS):
            try:
                collection.insert_one(dict(claimed))
                return Decision.PROCEED, None
            except DuplicateKeyError:
                stored = collection.find_one({"_id": claimed["_id"]})
            decision = idempotency.decide(stored, claimed["fingerprint"], now)
            if decision is not Decision.RECLAIM:
                return decision, stored
            if stored is not None:  # a claim whose process died: removed unless another took it over
                collection.delete_one(idempotency.unfinished(stored))
    return Decision.CONFLICT, None


def complete(alias: str, claimed: Mapping[str, Any], update: Mapping[str, Any]) -> None:
    """Complete the claim ``claimed`` with ``update`` (see ``idempotency.completion``)."""
    collection = records(alias)
    with translated(alias):
        collection.update_one(idempotency.owned(claimed), update)


def release(alias: str, claimed: Mapping[str, Any]) -> None:
    """Delete the claim ``claimed``: its request failed, a retry may run."""
    collection = records(alias)
    with translated(alias):
        collection.delete_one(idempotency.owned(claimed))
