"""Command logging on ``mongodb_rest.queries`` (values redacted at INFO) and query_counter, on both faces."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from pymongo import MongoClient

from mongodb_rest import Document, connect, disconnect, sync
from mongodb_rest.context_managers import query_counter
from mongodb_rest.errors import OperationError
from mongodb_rest.fields import IntField, StringField
from mongodb_rest.query_log import full_command, shape


class LoggedUser(Document):
    name = StringField(required=True)
    email = StringField()
    age = IntField()
    meta = {"collection": "logged_users"}


class LoggedEvent(Document):
    kind = StringField()
    meta = {"collection": "logged_events", "db_alias": "events"}


@pytest.fixture
def events_db(mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> Iterator[str]:
    name = f"events_{uuid.uuid4().hex[:10]}"
    connect(name, alias="events", host=mongo_uri, monitor_commands=True)
    yield name
    disconnect("events")
    raw_client.drop_database(name)


@pytest.fixture
def query_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="mongodb_rest.queries")
    return caplog


def messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "mongodb_rest.queries"]


def test_counter_counts_sync_face_commands(db_name: str) -> None:
    with query_counter() as queries:
        LoggedUser.sync.objects.create(name="Ann", age=30)
        assert LoggedUser.sync.objects.filter(age__gte=18).count() == 1
        assert [u.name for u in LoggedUser.sync.objects.all()] == ["Ann"]
    assert queries == 3
    assert queries.commands == ["insert logged_users", "aggregate logged_users", "find logged_users"]
    LoggedUser.sync.objects.first()
    assert queries == 3  # closed: nothing more counted
    assert int(queries) == 3 and queries < 4 and queries >= 3


async def test_counter_counts_async_face_commands(db_name: str) -> None:
    await LoggedUser.objects.create(name="Bob")
    with query_counter() as queries:
        assert (await LoggedUser.objects.get(name="Bob")).name == "Bob"
        await LoggedUser.objects.filter(name="Bob").update(age=5)
    assert queries == 2
    assert "update logged_users" in queries.commands


def test_counter_counts_batches_and_nests(db_name: str) -> None:
    LoggedUser.sync.objects.bulk_create([LoggedUser(name=f"u{i}") for i in range(5)])
    with query_counter() as outer:
        with query_counter() as inner:
            assert len(list(LoggedUser.sync.objects.iterator(chunk_size=2))) == 5
        LoggedUser.sync.objects.first()
    assert inner.commands[0] == "find logged_users"
    assert inner.commands.count("getMore logged_users") >= 2
    assert outer == inner.count + 1


def test_counter_limited_to_one_alias(db_name: str, events_db: str) -> None:
    with query_counter(alias="events") as events, query_counter() as everything:
        LoggedEvent.sync.objects.create(kind="login")
        LoggedUser.sync.objects.create(name="Cy")
    assert events.commands == ["insert logged_events"]
    assert everything == 2


def test_info_records_redact_values(db_name: str, query_log: pytest.LogCaptureFixture) -> None:
    LoggedUser.sync.objects.create(name="Dee", email="secret@example.com", age=41)
    LoggedUser.sync.objects.filter(email="secret@example.com", age__in=[41, 42]).first()
    LoggedUser.sync.objects.filter(name="Dee").update(email="other@example.com")
    LoggedUser.sync.objects.filter(name="Dee").delete()
    logged = messages(query_log)
    assert all("secret@example.com" not in m and "other@example.com" not in m for m in logged)
    details = [m.split(" ms", 1)[1] for m in logged]
    assert all("Dee" not in d and "41" not in d for d in details)
    insert, find, update, delete = logged
    assert insert.startswith(f"(default) insert {db_name}.logged_users ") and insert.endswith("documents=1")
    assert find.startswith(f"(default) find {db_name}.logged_users ")
    assert find.endswith(' filter={"age":{"$in":"?"},"email":"?"}')
    assert ' u={"$set":{"email":"?"}}' in update and 'q={"name":"?"}' in update
    assert delete.endswith('q={"name":"?"}')
    record = next(r for r in query_log.records if r.getMessage() == find)
    assert record.levelno == logging.INFO
    assert record.command_name == "find" and record.collection == "logged_users"  # type: ignore[attr-defined]
    assert record.alias == "default" and 0 <= record.duration < 5  # type: ignore[attr-defined]
    assert " ms " in find


async def test_async_face_is_logged(db_name: str, query_log: pytest.LogCaptureFixture) -> None:
    await LoggedUser.objects.create(name="Eve")
    await LoggedUser.objects.filter(name="Eve").first()
    assert [m.split()[1] for m in messages(query_log)] == ["insert", "find"]


def test_debug_records_carry_the_whole_command(db_name: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="mongodb_rest.queries")
    LoggedUser.sync.objects.filter(email="visible@example.com").first()
    (record,) = [r for r in caplog.records if r.name == "mongodb_rest.queries"]
    assert record.levelno == logging.DEBUG
    assert '"filter":{"email":"visible@example.com"}' in record.getMessage()
    assert "lsid" not in record.getMessage()


def test_failed_commands_are_logged(db_name: str, query_log: pytest.LogCaptureFixture) -> None:
    with pytest.raises(OperationError):
        LoggedUser.sync.objects.raw({"age": {"$nosuchoperator": 1}}).first()
    (failed,) = messages(query_log)
    assert failed.startswith(f"(default) find {db_name}.logged_users") and " failed (" in failed
    assert '"$nosuchoperator":"?"' in failed


def test_passwords_are_masked_in_full_commands() -> None:
    logged = full_command({"createUser": "bob", "pwd": "s3cret", "roles": [{"role": "read", "db": "x"}]})
    assert "s3cret" not in logged and '"pwd":"***"' in logged
    assert shape({"$or": [{"a": 1}, {"b": {"$in": [1, 2, 3]}}]}) == {"$or": [{"a": "?"}, {"b": {"$in": "?"}}]}


def test_connections_without_monitoring_send_no_events(
    mongo_uri: str, raw_client: MongoClient[dict[str, Any]], query_log: pytest.LogCaptureFixture
) -> None:
    name = f"quiet_{uuid.uuid4().hex[:10]}"
    connect(name, host=mongo_uri)  # DEBUG is off: no monitoring, as Django logs no queries then
    try:
        LoggedUser.sync.objects.create(name="Quiet")
        assert messages(query_log) == []
        assert sync.get_connection()._event_listeners.enabled_for_commands is False
        with pytest.raises(OperationError, match="monitor_commands=True"), query_counter():
            pass
    finally:
        disconnect()
        raw_client.drop_database(name)


def test_debug_turns_monitoring_on(mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> None:
    name = f"debug_{uuid.uuid4().hex[:10]}"
    with override_settings(DEBUG=True):
        connect(name, host=mongo_uri)
    try:
        with query_counter() as queries:
            LoggedUser.sync.objects.create(name="Loud")
        assert queries == 1
    finally:
        disconnect()
        raw_client.drop_database(name)


def test_registering_the_same_settings_again_is_accepted(mongo_uri: str) -> None:
    first = connect("same_settings", host=mongo_uri, alias="again")
    try:
        assert connect("same_settings", host=mongo_uri, alias="again") is first
    finally:
        disconnect("again")
