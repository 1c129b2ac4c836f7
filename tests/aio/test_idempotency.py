"""Idempotency records on the async face: a key is claimed once, completed, replayed, released, taken
over when its claim went stale; what is stored and what its TTL index is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.database import Database

import mongodb_rest.idempotency as idempotency
from mongodb_rest.aio import idempotency as records
from mongodb_rest.idempotency import Decision

from ..conftest import CommandRecorder
from .concurrency import together

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
LOCK = timedelta(seconds=60)
DAY = timedelta(days=1)


def claim_of(key: str = "k1", body: bytes = b'{"a": 1}') -> dict[str, Any]:
    record = idempotency.record_id(key, "tests.View.create", "")
    request = idempotency.fingerprint("POST", "/things/", body)
    return idempotency.claim(record, request, datetime.now(UTC), LOCK)


async def test_a_key_is_claimed_once_then_completed_and_replayed(raw: Raw) -> None:
    now = datetime.now(UTC)
    first = claim_of()
    assert await records.claim("default", first, now) == (Decision.PROCEED, None)
    decision, stored = await records.claim("default", claim_of(), now)
    assert decision is Decision.CONFLICT and stored["token"] == first["token"]
    await records.complete("default", first, idempotency.completion({"status": 201, "data": "{}"}, now, DAY))
    decision, stored = await records.claim("default", claim_of(), now)
    assert decision is Decision.REPLAY and stored["status"] == 201 and stored["data"] == "{}"
    kept = raw[idempotency.COLLECTION].find_one({})
    assert kept is not None and "locked_until" not in kept
    assert abs(kept["expires"].replace(tzinfo=UTC) - (now + DAY)) < timedelta(seconds=1)
    index = raw[idempotency.COLLECTION].index_information()["expires_ttl"]
    assert index["key"] == [("expires", 1)] and index["expireAfterSeconds"] == 0


async def test_another_request_under_the_key_is_a_mismatch() -> None:
    now = datetime.now(UTC)
    await records.claim("default", claim_of(), now)
    decision, _ = await records.claim("default", claim_of(body=b'{"a": 2}'), now)
    assert decision is Decision.MISMATCH
    other_key = await records.claim("default", claim_of("k2", body=b'{"a": 2}'), now)
    assert other_key == (Decision.PROCEED, None)


async def test_a_released_key_can_be_claimed_again_and_only_by_its_owner(raw: Raw) -> None:
    now = datetime.now(UTC)
    first = claim_of()
    await records.claim("default", first, now)
    await records.release("default", claim_of())  # another attempt's token: releases nothing
    assert raw[idempotency.COLLECTION].count_documents({}) == 1
    await records.release("default", first)
    assert await records.claim("default", claim_of(), now) == (Decision.PROCEED, None)


async def test_a_stale_claim_is_taken_over(raw: Raw, commands: CommandRecorder) -> None:
    stale = claim_of()
    await records.claim("default", stale, datetime.now(UTC))
    later = datetime.now(UTC) + LOCK + timedelta(seconds=1)
    commands.clear()
    retry = claim_of()
    assert await records.claim("default", retry, later) == (Decision.PROCEED, None)
    assert raw[idempotency.COLLECTION].find_one({})["token"] == retry["token"]  # type: ignore[index]
    deleted = commands.named("delete")[0]["deletes"][0]["q"]
    assert deleted == {"_id": stale["_id"], "token": stale["token"], "status": {"$exists": False}}


async def test_twenty_claims_at_once_let_exactly_one_proceed() -> None:
    now = datetime.now(UTC)

    async def attempt() -> Decision:
        decision, _ = await records.claim("default", claim_of(), now)
        return decision

    decisions = await together([attempt for _ in range(20)])
    assert decisions.count(Decision.PROCEED) == 1
    assert set(decisions) == {Decision.PROCEED, Decision.CONFLICT}


def test_keys_are_checked() -> None:
    assert idempotency.key_error("order-1 retry") is None
    assert idempotency.key_error("x" * 255) is None
    for bad in ["", "x" * 256, "tab\there", "caf\u00e9", "bell\x07"]:
        assert idempotency.key_error(bad) is not None, bad


def test_records_are_scoped_by_view_and_user() -> None:
    ids = {
        idempotency.record_id("k", "a.View.create", ""),
        idempotency.record_id("k", "a.View.create", "7"),
        idempotency.record_id("k", "b.View.create", ""),
        idempotency.record_id("k2", "a.View.create", ""),
    }
    assert len(ids) == 4
