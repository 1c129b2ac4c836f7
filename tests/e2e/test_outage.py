"""The example when its database hangs or dies: every endpoint, the plain Django view included, answers
a 503 with Retry-After within its five-second deadline; an oversized list is a quick 400."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from mongodb_rest.embedded import EmbeddedServer

from .conftest import Launched, launch

DEADLINE = 5.0  # the example's MONGODB_SETTINGS TIMEOUT
MARGIN = 3.0


@pytest.fixture
def served() -> Iterator[tuple[Launched, EmbeddedServer]]:
    server = EmbeddedServer().start()
    env = {**os.environ, "MONGODB_URI": server.uri, "MONGODB_DB": f"outage_{uuid.uuid4().hex[:8]}"}
    launched = launch("--no-demo", env=env)
    try:
        yield launched, server
    finally:
        if server.running:
            os.kill(server.pid, signal.SIGCONT)
        launched.stop()
        server.stop()


def assert_503(response: httpx.Response, started: float) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "5"
    assert response.json()["detail"] == "The database is unavailable."
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_a_hung_then_dead_database_is_a_503(served: tuple[Launched, EmbeddedServer]) -> None:
    launched, server = served
    with httpx.Client(base_url=launched.url, timeout=60) as http:
        assert http.get("/api/stats/").status_code == 200
        os.kill(server.pid, signal.SIGSTOP)
        for url in ("/api/stats/", "/api/posts/"):
            started = time.monotonic()
            assert_503(http.get(url), started)
        os.kill(server.pid, signal.SIGCONT)
        assert http.get("/api/stats/").status_code == 200
        server.stop()
        for url in ("/api/stats/", "/api/users/"):
            started = time.monotonic()
            assert_503(http.get(url), started)


def test_an_oversized_list_is_a_quick_400(served: tuple[Launched, EmbeddedServer]) -> None:
    launched, _ = served
    with httpx.Client(base_url=launched.url, timeout=60) as http:
        started = time.monotonic()
        response = http.post(
            "/api/users/", json={"name": "Ann", "email": "ann@example.com", "tags": ["x"] * 100_000}
        )
        assert response.status_code == 400
        assert response.json() == {"tags": ["Ensure this field has no more than 20 elements."]}
        assert time.monotonic() - started < 5
