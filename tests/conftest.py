"""Shared fixtures: one real wire-protocol server per test session, a fresh database per test.

``MONGODB_URI`` points the whole suite at another server (e.g. a real MongoDB) instead of the embedded one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from mongodb_rest import connect, disconnect_all


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


@pytest.fixture
def db_name(mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> Iterator[str]:
    """A fresh database registered as the default connection, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    connect(name, host=mongo_uri, serverSelectionTimeoutMS=5000)
    try:
        yield name
    finally:
        disconnect_all()
        raw_client.drop_database(name)


@pytest.fixture
def raw(db_name: str, raw_client: MongoClient[dict[str, Any]]) -> Database[dict[str, Any]]:
    """The test's database through plain PyMongo."""
    return raw_client[db_name]
