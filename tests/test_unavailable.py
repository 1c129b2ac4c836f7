"""DatabaseUnavailableMiddleware: a plain view's database outage (a dead or hung server) is a 503 with
Retry-After, in JSON for API requests and as a small HTML page otherwise."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpRequest, JsonResponse
from django.test import AsyncClient, Client, override_settings
from django.urls import path
from pymongo import MongoClient

from mongodb_rest import Document, connect, disconnect
from mongodb_rest.embedded import EmbeddedServer
from mongodb_rest.fields import StringField
from mongodb_rest.middleware import DatabaseUnavailableMiddleware

TIMEOUT = 0.5


class Outage(Document):
    name = StringField()
    meta = {"db_alias": "outage"}


def sync_count(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"count": Outage.sync.objects.count()})


async def async_count(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"count": await Outage.objects.count()})


def raw_driver(request: HttpRequest) -> JsonResponse:
    with MongoClient(request.GET["uri"], timeoutMS=int(TIMEOUT * 1000)) as client:
        return JsonResponse({"found": client.db.things.find_one() is not None})


def broken(request: HttpRequest) -> JsonResponse:
    raise RuntimeError("not a database outage")


urlpatterns = [
    path("api/count/", sync_count),
    path("count/", sync_count),
    path("api/async-count/", async_count),
    path("async-count/", async_count),
    path("raw/", raw_driver),
    path("broken/", broken),
]
pytestmark = pytest.mark.usefixtures("settings_with_middleware")


@pytest.fixture
def settings_with_middleware() -> Iterator[None]:
    with override_settings(
        ROOT_URLCONF=__name__, MIDDLEWARE=["mongodb_rest.middleware.DatabaseUnavailableMiddleware"]
    ):
        yield


@pytest.fixture
def server() -> Iterator[EmbeddedServer]:
    embedded = EmbeddedServer().start()
    connect(f"outage_{uuid.uuid4().hex[:8]}", host=embedded.uri, alias="outage", timeout=TIMEOUT)
    try:
        yield embedded
    finally:
        disconnect("outage")
        embedded.stop()


@pytest.fixture
def hung(server: EmbeddedServer) -> Iterator[EmbeddedServer]:
    os.kill(server.pid, signal.SIGSTOP)
    try:
        yield server
    finally:
        os.kill(server.pid, signal.SIGCONT)


def assert_unavailable(response: Any, *, json: bool) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(DatabaseUnavailableMiddleware.retry_after)
    if json:
        assert response.json() == {"detail": "The database is unavailable.", "code": "service_unavailable"}
    else:
        assert response["Content-Type"].startswith("text/html")
        assert b"Service unavailable" in response.content


def test_a_dead_server_is_a_503(server: EmbeddedServer) -> None:
    client = Client()
    assert client.get("/count/").json() == {"count": 0}
    server.stop()
    assert_unavailable(client.get("/api/count/"), json=True)
    assert_unavailable(client.get("/count/", headers={"Accept": "application/json"}), json=True)
    assert_unavailable(client.get("/count/", headers={"Accept": "text/html,*/*;q=0.8"}), json=False)


def test_a_hung_server_is_a_503_within_the_deadline(hung: EmbeddedServer) -> None:
    assert_unavailable(Client().get("/api/count/"), json=True)
    assert_unavailable(Client().get("/count/"), json=False)


async def test_async_views_too(hung: EmbeddedServer) -> None:
    assert_unavailable(await AsyncClient().get("/api/async-count/"), json=True)
    assert_unavailable(await AsyncClient().get("/async-count/"), json=False)


def test_raw_driver_errors_are_mapped(server: EmbeddedServer) -> None:
    uri = server.uri
    server.stop()
    assert_unavailable(Client().get("/raw/", {"uri": uri}, headers={"Accept": "application/json"}), json=True)


def test_other_errors_are_left_to_django() -> None:
    with pytest.raises(RuntimeError, match="not a database outage"):
        Client().get("/broken/")
