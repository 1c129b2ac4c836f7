"""Idempotency keys: their records and what a request may do with the record a first attempt left (no I/O).

A record is claimed by inserting it under a unique ``_id`` (the claim is the lock), then completed with the
response, or deleted again when the request failed. Its ``expires`` field feeds a TTL index.
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from pymongo import IndexModel

COLLECTION = "mongodb_rest_idempotency"
INDEXES = [IndexModel("expires", expireAfterSeconds=0, name="expires_ttl")]
MAX_KEY_LENGTH = 255


class Decision(enum.Enum):
    """What a request does with its key, given the record stored under it."""

    PROCEED = "proceed"  # the claim is ours: run the request
    REPLAY = "replay"  # a first attempt finished: answer its response again
    CONFLICT = "conflict"  # a first attempt is still running: 409
    MISMATCH = "mismatch"  # the key was used for another request: 422
    RECLAIM = "reclaim"  # the record is gone or its claim went stale (a crashed process): claim again


def key_error(key: str) -> str | None:
    """Why ``key`` is not a usable Idempotency-Key (empty, too long, not printable ASCII), or None."""
    if not key:
        return "The Idempotency-Key header is empty."
    if len(key) > MAX_KEY_LENGTH:
        return f"The Idempotency-Key header is longer than {MAX_KEY_LENGTH} characters."
    if not all(" " <= char <= "~" for char in key):
        return "The Idempotency-Key header may hold printable ASCII characters only."
    return None


def record_id(key: str, scope: str, user: str) -> str:
    """The ``_id`` of the record of ``key`` sent to ``scope`` (a view's operation) by ``user``."""
    return hashlib.sha256(json.dumps([scope, user, key]).encode()).hexdigest()


def fingerprint(method: str, path: str, body: bytes) -> str:
    """A hash of what a request asks for: a key reused for another request is told apart by it."""
    digest = hashlib.sha256(f"{method.upper()} {path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def claim(record: str, request: str, now: datetime, lock_timeout: timedelta) -> dict[str, Any]:
    """The record claiming key ``record`` for a request of fingerprint ``request`` till its lock times out."""
    locked_until = now + lock_timeout
    return {
        "_id": record,
        "fingerprint": request,
        "token": uuid.uuid4().hex,  # this attempt's: only it completes or releases the claim
        "locked_until": locked_until,
        "expires": locked_until,
    }


def decide(stored: Mapping[str, Any] | None, request: str, now: datetime) -> Decision:
    """What a request of fingerprint ``request`` does, given the record ``stored`` under its key."""
    if stored is None:
        return Decision.RECLAIM
    if stored["fingerprint"] != request:
        return Decision.MISMATCH
    if "status" in stored:
        return Decision.REPLAY
    if stored["locked_until"] > now:
        return Decision.CONFLICT
    return Decision.RECLAIM


def owned(claimed: Mapping[str, Any]) -> dict[str, Any]:
    """The filter matching the claim ``claimed`` while it is still this attempt's."""
    return {"_id": claimed["_id"], "token": claimed["token"]}


def unfinished(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The filter matching the claim ``stored`` while it is neither completed nor claimed again."""
    return {**owned(stored), "status": {"$exists": False}}


def completion(outcome: Mapping[str, Any], now: datetime, expiry: timedelta) -> dict[str, Any]:
    """The update that completes a claim with the response ``outcome`` (status, body...), kept ``expiry``."""
    return {"$set": {**outcome, "expires": now + expiry}, "$unset": {"locked_until": ""}}
