"""Per-operation deadlines: a hung server (SIGSTOPped) fails an operation within the connection's
``timeout``, ``deadline()`` changes it for a block, a dead server fails as fast."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from mongodb_rest import ConnectionFailure, DeadlineExceeded, Document, connect, deadline, disconnect
from mongodb_rest.embedded import EmbeddedServer
from mongodb_rest.fields import StringField

TIMEOUT = 1.0
MARGIN = 1.5  # scheduling slack on a busy machine


class Probe(Document):
    name = StringField()
    meta = {"db_alias": "faulty"}


@pytest.fixture
def server() -> Iterator[EmbeddedServer]:
    """A server of the test's own, registered as alias "faulty" with a one-second deadline."""
    embedded = EmbeddedServer().start()
    connect(f"faults_{uuid.uuid4().hex[:8]}", host=embedded.uri, alias="faulty", timeout=TIMEOUT)
    try:
        yield embedded
    finally:
        disconnect("faulty")
        embedded.stop()


@pytest.fixture
def hung(server: EmbeddedServer) -> Iterator[EmbeddedServer]:
    """The server, with one document stored, then stopped (SIGSTOP): it accepts connections, never answers."""
    os.kill(server.pid, signal.SIGSTOP)
    try:
        yield server
    finally:
        os.kill(server.pid, signal.SIGCONT)


@pytest.fixture(autouse=True)
async def stored(server: EmbeddedServer) -> None:
    await Probe(name="stored").save()


async def test_a_hung_server_fails_within_the_deadline(hung: EmbeddedServer) -> None:
    for operation in (Probe.objects.count, Probe.objects.first, Probe(name="new").save):
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded) as raised:
            await operation()
        assert time.monotonic() - started < TIMEOUT + MARGIN
        assert isinstance(raised.value, ConnectionFailure)  # a 503 through the DRF exception handler
        assert "Cannot reach MongoDB (connection 'faulty') in time" in str(raised.value)


async def test_a_deadline_block_shortens_the_wait(hung: EmbeddedServer) -> None:
    started = time.monotonic()
    with deadline(0.3), pytest.raises(DeadlineExceeded):
        await Probe.objects.count()
    assert time.monotonic() - started < 0.3 + MARGIN


async def test_deadline_none_waits_for_a_slow_server(hung: EmbeddedServer) -> None:
    resume = threading.Timer(TIMEOUT + 0.5, os.kill, (hung.pid, signal.SIGCONT))
    resume.start()
    started = time.monotonic()
    try:
        with deadline(None):
            assert await Probe.objects.count() == 1
    finally:
        resume.cancel()
    assert time.monotonic() - started > TIMEOUT + 0.4
    assert await Probe.objects.count() == 1  # the connection's own deadline applies again


async def test_a_dead_server_fails_within_the_deadline(server: EmbeddedServer) -> None:
    server.stop()
    started = time.monotonic()
    with pytest.raises(ConnectionFailure):
        await Probe.objects.count()
    assert time.monotonic() - started < TIMEOUT + MARGIN


def test_deadline_refuses_a_non_positive_number() -> None:
    for seconds in (0, -1):
        with pytest.raises(ValueError, match="positive number of seconds"), deadline(seconds):
            pass
