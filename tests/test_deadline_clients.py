"""``deadline()`` bounds the operations of a client the user registered (Motor's), whose own options the
library does not set: a hung server fails within the block's deadline."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator

import pytest
from motor.motor_asyncio import AsyncIOMotorClient

from mongodb_rest import DeadlineExceeded, Document, connect, deadline, disconnect
from mongodb_rest.embedded import EmbeddedServer
from mongodb_rest.fields import StringField

MARGIN = 1.5


class Given(Document):
    name = StringField()
    meta = {"db_alias": "given"}


@pytest.fixture
def server() -> Iterator[EmbeddedServer]:
    embedded = EmbeddedServer().start()
    try:
        yield embedded
    finally:
        os.kill(embedded.pid, signal.SIGCONT)
        embedded.stop()


async def test_a_deadline_bounds_a_motor_client(server: EmbeddedServer) -> None:
    client: AsyncIOMotorClient = AsyncIOMotorClient(server.uri)
    connect(f"given_{uuid.uuid4().hex[:8]}", alias="given", client=client)
    try:
        await Given(name="stored").save()
        os.kill(server.pid, signal.SIGSTOP)
        started = time.monotonic()
        with deadline(0.5), pytest.raises(DeadlineExceeded):
            await Given.objects.count()
        assert time.monotonic() - started < 0.5 + MARGIN
    finally:
        os.kill(server.pid, signal.SIGCONT)
        disconnect("given")
        client.close()
