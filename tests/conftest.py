"""Shared fixtures: one real wire-protocol server per test session, a fresh database per test.

``MONGODB_URI`` points the whole suite at another server (e.g. a real MongoDB) instead of the embedded one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import django
import pytest
from pymongo import MongoClient, monitoring
from pymongo.database import Database

from mongodb_rest import connect, disconnect_all

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()

EMBEDDED = not os.environ.get("MONGODB_URI")


def needs_mongodb(feature: str) -> pytest.MarkDecorator:
    """Skip on the embedded server, which lacks ``feature``; the test runs against a real MongoDB."""
    return pytest.mark.skipif(EMBEDDED, reason=f"the embedded server lacks {feature} (set MONGODB_URI)")


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    """The server every test talks to over TCP."""
    uri = os.environ.get("MONGODB_URI")
    if uri:
        yield uri
        return
    from mongodb_rest.embedded import start

    server = start()
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(scope="session")
def raw_client(mongo_uri: str) -> Iterator[MongoClient[dict[str, Any]]]:
    """A plain PyMongo client, to check what is really stored."""
    with MongoClient(mongo_uri, tz_aware=True, uuidRepresentation="standard") as client:
        yield client


class CommandRecorder(monitoring.CommandListener):
    """Every command the library's clients send, to assert what goes over the wire."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, dict[str, Any]]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name not in IGNORED_COMMANDS:
            self.commands.append((event.command_name, dict(event.command)))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def named(self, name: str) -> list[dict[str, Any]]:
        """The commands called ``name`` (``find``, ``insert``...) sent so far."""
        return [command for command_name, command in self.commands if command_name == name]

    def clear(self) -> None:
        self.commands.clear()


IGNORED_COMMANDS = {"hello", "isMaster", "ismaster", "ping", "endSessions", "saslStart", "saslContinue"}


@pytest.fixture
def commands() -> CommandRecorder:
    """The commands sent through the default connection during the test."""
    return CommandRecorder()


@pytest.fixture
def db_name(
    mongo_uri: str, raw_client: MongoClient[dict[str, Any]], commands: CommandRecorder
) -> Iterator[str]:
    """A fresh database registered as the default connection, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    connect(
        name, host=mongo_uri, serverSelectionTimeoutMS=5000, event_listeners=[commands], monitor_commands=True
    )
    try:
        yield name
    finally:
        disconnect_all()
        raw_client.drop_database(name)


@pytest.fixture
def raw(db_name: str, raw_client: MongoClient[dict[str, Any]]) -> Database[dict[str, Any]]:
    """The test's database through plain PyMongo."""
    return raw_client[db_name]
