"""``embedded.mongodb_uri()``: ``$MONGODB_URI``, else one embedded server for the whole process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pymongo import MongoClient

from mongodb_rest import embedded


@pytest.fixture
def no_process_server() -> Iterator[None]:
    """No process-wide server before the test, and the one it started stopped after it."""
    assert embedded._process_server is None
    yield
    server, embedded._process_server = embedded._process_server, None
    if server is not None:
        server.stop()


def test_reads_mongodb_uri(monkeypatch: pytest.MonkeyPatch, no_process_server: None) -> None:
    monkeypatch.setenv("MONGODB_URI", "mongodb://db.example.com:27017/app")
    assert embedded.mongodb_uri() == "mongodb://db.example.com:27017/app"
    assert embedded._process_server is None  # nothing was started


def test_starts_one_server_for_the_process(monkeypatch: pytest.MonkeyPatch, no_process_server: None) -> None:
    pytest.importorskip("mongoeco", reason="needs mongodb-rest[embedded] (Python >= 3.13)")
    monkeypatch.delenv("MONGODB_URI", raising=False)
    uri = embedded.mongodb_uri()
    assert uri.startswith("mongodb://127.0.0.1:")
    assert embedded.mongodb_uri() == uri  # the same server, not a second one
    with MongoClient(uri, serverSelectionTimeoutMS=5000) as client:
        assert client.admin.command("ping")["ok"] == 1


def test_restarts_a_server_that_died(monkeypatch: pytest.MonkeyPatch, no_process_server: None) -> None:
    pytest.importorskip("mongoeco", reason="needs mongodb-rest[embedded] (Python >= 3.13)")
    monkeypatch.delenv("MONGODB_URI", raising=False)
    embedded.mongodb_uri()
    first = embedded._process_server
    assert first is not None
    first.stop()
    uri = embedded.mongodb_uri()
    assert embedded._process_server is not first
    with MongoClient(uri, serverSelectionTimeoutMS=5000) as client:
        assert client.admin.command("ping")["ok"] == 1
