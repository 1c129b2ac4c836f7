"""Tests for the embedded mongoeco server launcher (real child processes, no mocks)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient

pytest.importorskip("mongoeco", reason="needs mongodb-rest[embedded] (Python >= 3.13)")

from mongodb_rest.embedded import EmbeddedServer, start

Client = MongoClient[dict[str, Any]]


def _client(uri: str) -> Client:
    return MongoClient(uri, serverSelectionTimeoutMS=2000)


def _refuses_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return False
    except ConnectionRefusedError:
        return True


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddedServer]:
    embedded = start()
    try:
        yield embedded
    finally:
        embedded.stop()


@pytest.fixture
def client(server: EmbeddedServer) -> Iterator[Client]:
    with _client(server.uri) as mongo:
        yield mongo


def test_uri_and_port(server: EmbeddedServer) -> None:
    assert server.running
    assert server.uri == f"mongodb://127.0.0.1:{server.port}/?directConnection=true"
    assert server.port > 0


def test_ping(client: Client) -> None:
    assert client.admin.command("ping")["ok"] == 1.0


def test_reports_mongodb_7(client: Client) -> None:
    assert client.admin.command("buildInfo")["version"].startswith("7.0")


def test_insert_find_round_trip(client: Client) -> None:
    collection = client.test_embedded.round_trip
    collection.drop()
    inserted = collection.insert_one({"name": "ada", "tags": ["x", "y"], "n": 3})
    found = collection.find_one({"name": "ada"})
    assert found == {"_id": inserted.inserted_id, "name": "ada", "tags": ["x", "y"], "n": 3}
    assert collection.count_documents({}) == 1


def test_context_manager_and_stop() -> None:
    with EmbeddedServer() as embedded:
        port = embedded.port
        with _client(embedded.uri) as mongo:
            assert mongo.admin.command("ping")["ok"] == 1.0
        embedded.stop()
        assert not embedded.running
        assert _refuses_connections(port)
        with pytest.raises(RuntimeError, match="not running"):
            embedded.uri  # noqa: B018
    embedded.stop()  # idempotent, also after __exit__ already stopped it


def test_sqlite_path_persists_across_restart(tmp_path: Path) -> None:
    path = tmp_path / "data.sqlite3"
    with EmbeddedServer(path=str(path)) as embedded, _client(embedded.uri) as mongo:
        port = embedded.port
        mongo.persisted.items.insert_many([{"_id": 1, "v": "a"}, {"_id": 2, "v": "b"}])
    assert not embedded.running  # __exit__ stopped it
    assert _refuses_connections(port)
    assert path.exists()
    with EmbeddedServer(path=path) as embedded, _client(embedded.uri) as mongo:
        assert list(mongo.persisted.items.find().sort("_id")) == [{"_id": 1, "v": "a"}, {"_id": 2, "v": "b"}]


def test_start_failure_names_the_cause(tmp_path: Path) -> None:
    bad_path = tmp_path / "missing-dir" / "data.sqlite3"
    embedded = EmbeddedServer(path=str(bad_path))
    with pytest.raises(RuntimeError, match=r"failed to start(.|\n)*stderr:(.|\n)*unable to open database"):
        embedded.start()
    assert not embedded.running


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM semantics are POSIX")
def test_cli_prints_uri_and_exits_zero_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "mongodb_rest.embedded", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("mongodb://127.0.0.1:")
        assert line.endswith("/?directConnection=true")
        with _client(line) as mongo:
            assert mongo.admin.command("ping")["ok"] == 1.0
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
        assert process.returncode == 0, stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
