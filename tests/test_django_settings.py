"""MONGODB_SETTINGS forms (URI, per alias, Django-style keys, TEST), and clients closed at shutdown and
released after requests."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished
from pymongo import MongoClient, monitoring

from mongodb_rest import Document, connect, disconnect_all, sync
from mongodb_rest import connection as registry
from mongodb_rest.conf import (
    connect_options,
    connections_from_settings,
    overrides_for_tests,
    register_settings,
)
from mongodb_rest.fields import StringField


class Setting(Document):
    name = StringField()
    meta = {"collection": "settings_checked"}


class PoolEvents(monitoring.ConnectionPoolListener):
    """Records when the pools of a client close."""

    def __init__(self) -> None:
        self.closed = 0

    def pool_created(self, event: Any) -> None:
        pass

    def pool_cleared(self, event: Any) -> None:
        pass

    def pool_closed(self, event: Any) -> None:
        self.closed += 1

    def connection_created(self, event: Any) -> None:
        pass

    def connection_ready(self, event: Any) -> None:
        pass

    def connection_closed(self, event: Any) -> None:
        pass

    def connection_check_out_started(self, event: Any) -> None:
        pass

    def connection_check_out_failed(self, event: Any) -> None:
        pass

    def connection_checked_out(self, event: Any) -> None:
        pass

    def connection_checked_in(self, event: Any) -> None:
        pass


@pytest.fixture
def database(mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> Iterator[str]:
    name = f"settings_{uuid.uuid4().hex[:10]}"
    yield name
    disconnect_all()
    raw_client.drop_database(name)


def run_script(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=60
    )


def test_settings_forms() -> None:
    assert connections_from_settings("mongodb://h/app") == {"default": {"host": "mongodb://h/app"}}
    options = {"HOST": "mongodb://h", "NAME": "app", "TEST": {"NAME": "app_tests"}, "maxPoolSize": 5}
    assert connect_options("default", options) == (
        {"host": "mongodb://h", "db": "app", "maxPoolSize": 5},
        {"db": "app_tests"},
    )
    assert connect_options("default", {"db": "app"}) == ({"db": "app"}, {})
    with pytest.raises(ImproperlyConfigured, match=r"MONGODB_SETTINGS\['default'\]\['TEST'\] must be a dict"):
        connect_options("default", {"db": "app", "TEST": "test_app"})
    with pytest.raises(ImproperlyConfigured, match="mongodb:// URI, a dict"):
        connections_from_settings(42)


def test_test_overrides_are_kept_apart_from_the_connection(mongo_uri: str, database: str) -> None:
    aliases = register_settings(
        {
            "default": {"host": mongo_uri, "db": database, "TEST": {"db": f"{database}_t"}},
            "other": {"db": "o"},
        }
    )
    assert aliases == ["default", "other"]
    assert sync.get_db().name == database
    assert "test" not in registry.registered().client_options
    assert overrides_for_tests("default") == {"db": f"{database}_t"} and overrides_for_tests("other") == {}


def test_uri_settings_and_django_style_keys_in_a_project(mongo_uri: str, database: str) -> None:
    uri = mongo_uri.replace("/?", f"/{database}?")
    result = run_script(
        f"""
        import django
        from django.conf import settings
        settings.configure(INSTALLED_APPS=["mongodb_rest"], MONGODB_SETTINGS="{uri}")
        django.setup()
        from mongodb_rest import sync
        from mongodb_rest.conf import register_settings
        upper = {{"HOST": "{mongo_uri}", "NAME": "{database}_u", "TEST": {{"NAME": "t"}}}}
        register_settings({{"upper": upper}})
        print(sync.get_db().name, sync.get_db("upper").name, sync.get_db("upper").command("ping")["ok"])
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [database, f"{database}_u", "1.0"]


def test_clients_close_when_the_process_exits(mongo_uri: str, database: str) -> None:
    result = run_script(
        f"""
        import asyncio, django
        from django.conf import settings
        from pymongo import monitoring

        class Closed(monitoring.ConnectionPoolListener):
            def __getattr__(self, name):
                return lambda event: None
            def pool_closed(self, event):
                print("pool closed", flush=True)

        settings.configure(
            INSTALLED_APPS=["mongodb_rest"],
            MONGODB_SETTINGS={{"db": "{database}", "host": "{mongo_uri}", "event_listeners": [Closed()]}},
        )
        django.setup()
        from mongodb_rest import get_db, sync
        sync.get_db().command("ping")

        async def use_async_face():
            await get_db().command("ping")

        loop = asyncio.new_event_loop()  # left open: the exit handler closes its client
        loop.run_until_complete(use_async_face())
        print("exiting", flush=True)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["exiting", "pool closed", "pool closed"]


def test_request_finished_releases_the_loops_of_finished_requests(mongo_uri: str, database: str) -> None:
    pools = PoolEvents()
    connect(database, host=mongo_uri, event_listeners=[pools])

    loops: list[asyncio.AbstractEventLoop] = []

    async def async_view() -> str | None:
        loops.append(asyncio.get_running_loop())
        found = await Setting.objects.first()
        return found.name if found else None

    assert async_to_sync(async_view)() is None  # a WSGI request to an async view: a loop of its own
    assert pools.closed == 1  # its client closed with its loop
    assert loops[0].is_closed() and loops[0] in registry._async
    request_finished.send(sender=None)
    assert loops[0] not in registry._async


def test_request_finished_keeps_the_clients_of_a_running_server_loop(mongo_uri: str, database: str) -> None:
    pools = PoolEvents()
    connect(database, host=mongo_uri, event_listeners=[pools])

    async def asgi_server() -> None:
        await Setting.objects.create(name="kept")
        await sync_to_async(request_finished.send)(sender=None)  # as Django's ASGI handler sends it
        assert pools.closed == 0
        assert (await Setting.objects.get(name="kept")).name == "kept"
        assert asyncio.get_running_loop() in registry._async

    asyncio.run(asgi_server())
    assert pools.closed == 1  # asyncio.run() shut the loop down, closing its client
