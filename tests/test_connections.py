"""Connections: every connect() form, lazy per-face clients, user clients, dead servers, several loops."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient, MongoClient, ReadPreference

from mongodb_rest import ConnectionFailure, Document, connect, disconnect, disconnect_all, get_db, sync
from mongodb_rest import connection as registry
from mongodb_rest.fields import StringField


class Item(Document):
    name = StringField(required=True)
    meta = {"db_alias": "items"}


class SyncItem(sync.Document):
    name = StringField(required=True)
    meta = {"db_alias": "items", "collection": "item"}


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    yield
    disconnect_all()


@pytest.fixture
def items_db(mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> Iterator[str]:
    name = f"items_{uuid.uuid4().hex[:10]}"
    yield name
    raw_client.drop_database(name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connect_by_name_registers_without_network() -> None:
    settings = connect("my_database")
    assert settings.db == "my_database"
    assert settings.client_options["host"] == "localhost"
    client = sync.get_connection()
    assert isinstance(client, MongoClient)
    assert sync.get_db().name == "my_database"


def test_connect_with_every_documented_option() -> None:
    connect(
        db="my_database",
        host="db.example.com",
        port=27018,
        username="user",
        password="s3cret-pw",
        authentication_source="admin",
        authentication_mechanism="SCRAM-SHA-1",
        read_preference="secondaryPreferred",
        maxPoolSize=100,
        minPoolSize=10,
        maxIdleTimeMS=30000,
        serverSelectionTimeoutMS=5000,
        alias="full",
    )
    client = sync.get_connection("full")
    options = client.options
    assert options.pool_options.max_pool_size == 100
    assert options.pool_options.min_pool_size == 10
    assert options.server_selection_timeout == 5
    assert client.read_preference == ReadPreference.SECONDARY_PREFERRED
    assert client.codec_options.tz_aware is True
    assert "s3cret-pw" not in repr(registry.registered("full"))
    assert "s3cret-pw" not in repr(client)


def test_read_preference_object_is_accepted() -> None:
    connect("db", read_preference=ReadPreference.NEAREST, alias="nearest")
    assert sync.get_connection("nearest").read_preference == ReadPreference.NEAREST


def test_connect_with_a_uri() -> None:
    settings = connect("mongodb://user:pa55word@localhost:27017/database", alias="uri")
    assert settings.db == "database"
    assert "pa55word" not in repr(settings)
    assert "user:***@" in repr(settings)
    assert connect(host="mongodb://localhost/other", alias="host-uri").db == "other"
    assert connect("named", host="mongodb://localhost/ignored", alias="both").db == "named"


def test_bad_settings_raise_and_register_nothing() -> None:
    with pytest.raises(ConnectionFailure, match="needs a database name"):
        connect(host="mongodb://localhost/", alias="nodb")
    with pytest.raises(ConnectionFailure, match="Invalid settings"):
        connect("db", maxPoolSize="many", alias="bad")
    with pytest.raises(ConnectionFailure, match="Invalid"):
        connect("mongodb://local host:bad/db", alias="bad-uri")
    for alias in ("nodb", "bad", "bad-uri"):
        with pytest.raises(ConnectionFailure, match="No connection"):
            registry.registered(alias)


def test_same_alias_twice() -> None:
    connect("one", alias="twice")
    connect("one", alias="twice")  # the same settings again: fine
    with pytest.raises(ConnectionFailure, match="already registered"):
        connect("two", alias="twice")
    disconnect("twice")
    assert connect("two", alias="twice").db == "two"


def test_unknown_alias_is_a_clear_error() -> None:
    with pytest.raises(ConnectionFailure, match="No connection 'nowhere'"):
        sync.get_db("nowhere")


def test_sync_face_round_trip(mongo_uri: str, items_db: str, raw_client: MongoClient[dict[str, Any]]) -> None:
    connect(items_db, host=mongo_uri, alias="items")
    SyncItem(name="a").save()
    assert raw_client[items_db].item.count_documents({}) == 1
    assert SyncItem.objects.get(name="a").name == "a"


async def test_async_client_is_per_loop_and_lazy(mongo_uri: str, items_db: str) -> None:
    connect(items_db, host=mongo_uri, alias="items")
    client = registry.async_connection("items").client
    assert isinstance(client, AsyncMongoClient)
    assert registry.async_connection("items").client is client  # one per alias and loop
    await Item(name="x").save()
    assert get_db("items").name == items_db
    assert await Item.objects.count() == 1


def test_two_event_loops_in_one_process(mongo_uri: str, items_db: str) -> None:
    connect(items_db, host=mongo_uri, alias="items")
    clients = []

    async def use_the_async_face(name: str) -> int:
        clients.append(registry.async_connection("items").client)
        await Item(name=name).save()
        return await Item.objects.count()

    assert asyncio.run(use_the_async_face("first")) == 1
    assert asyncio.run(use_the_async_face("second")) == 2
    assert clients[0] is not clients[1]
    assert all(client._closed for client in clients)  # closed as each loop shut down
    assert SyncItem.objects.count() == 2  # the sync face sees both


def test_loops_that_end_leave_no_errors_behind(mongo_uri: str, items_db: str) -> None:
    script = textwrap.dedent(
        f"""
        import asyncio, gc
        from mongodb_rest import Document, connect
        from mongodb_rest.fields import StringField

        connect("{items_db}", host="{mongo_uri}")

        class Thing(Document):
            name = StringField()

        async def use():
            await Thing(name="x").save()
            return await Thing.objects.count()

        print(asyncio.run(use()), asyncio.run(use()), asyncio.run(use()))
        gc.collect()
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "2", "3"]
    assert result.stderr == ""


async def test_user_given_async_clients(mongo_uri: str, items_db: str) -> None:
    given = AsyncMongoClient(mongo_uri)
    connect(items_db, client=given, alias="items")
    await Item(name="given").save()
    assert registry.async_connection("items").client is given
    with pytest.raises(ConnectionFailure, match="async client"):
        await asyncio.to_thread(SyncItem.objects.count)
    disconnect("items")
    assert await given.admin.command("ping")  # a client the user gave stays open
    await given.close()


async def test_motor_client_is_accepted(mongo_uri: str, items_db: str) -> None:
    motor = pytest.importorskip("motor.motor_asyncio", reason="needs the motor extra")
    client = motor.AsyncIOMotorClient(mongo_uri)
    connect(items_db, client=client, alias="items")
    await Item(name="motor").save()
    assert [item.name async for item in Item.objects.all()] == ["motor"]
    assert (await Item.objects.get(name="motor")).id is not None
    client.close()


def test_user_given_sync_client(mongo_uri: str, items_db: str) -> None:
    given: MongoClient[dict[str, Any]] = MongoClient(mongo_uri)
    connect(items_db, client=given, alias="items")
    SyncItem(name="s").save()
    assert sync.get_connection("items") is given

    async def use_async_face() -> None:
        await Item.objects.count()

    with pytest.raises(ConnectionFailure, match="sync MongoClient"):
        asyncio.run(use_async_face())
    given.close()


def test_dead_server_raises_connection_failure_on_both_faces() -> None:
    port = free_port()
    connect(f"mongodb://app:hunter22@127.0.0.1:{port}/dead", serverSelectionTimeoutMS=300, alias="items")
    with pytest.raises(ConnectionFailure) as caught:
        SyncItem(name="lost").save()
    assert "hunter22" not in str(caught.value)

    async def use_async_face() -> None:
        await Item.objects.first()

    with pytest.raises(ConnectionFailure) as caught:
        asyncio.run(use_async_face())
    assert "hunter22" not in str(caught.value)


def test_django_settings_register_connections(mongo_uri: str, items_db: str) -> None:
    script = textwrap.dedent(
        f"""
        import django
        from django.conf import settings
        settings.configure(
            INSTALLED_APPS=["mongodb_rest"],
            MONGODB_SETTINGS={{
                "default": {{"db": "{items_db}", "host": "{mongo_uri}"}},
                "analytics": {{"host": "{mongo_uri.replace("/?", f"/{items_db}_a?")}"}},
            }},
        )
        django.setup()
        from mongodb_rest import sync
        print(sync.get_db().name, sync.get_db("analytics").name, sync.get_db().command("ping")["ok"])
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [items_db, f"{items_db}_a", "1.0"]


def test_settings_shapes() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from mongodb_rest.apps import connections_from_settings

    assert connections_from_settings({"db": "x", "host": "h"}) == {"default": {"db": "x", "host": "h"}}
    assert connections_from_settings({"db": "x", "alias": "other"}) == {"other": {"db": "x"}}
    assert connections_from_settings({"a": {"db": "x"}, "b": {"db": "y"}}) == {
        "a": {"db": "x"},
        "b": {"db": "y"},
    }
    assert connections_from_settings({}) == {}
    with pytest.raises(ImproperlyConfigured):
        connections_from_settings(["db"])
