"""Idempotency-Key over HTTP: a retried create or marked action answers its first response again and
never writes twice, through DRF's ModelViewSet (sync face, APIClient) and adrf's (async face, AsyncClient)."""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import AsyncClient, override_settings
from pymongo.database import Database
from rest_framework.test import APIClient

from mongodb_rest.idempotency import COLLECTION

from . import idempotency_urls
from .conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name", "urls")
Raw = Database[dict[str, Any]]
ANN = {"name": "Ann", "email": "ann@example.com", "age": 30}
PREFIXES = ["/members/", "/async-members/", "/drf-async-members/", "/generic-members/"]


@pytest.fixture
def urls() -> Iterator[None]:
    idempotency_urls.calls.clear()
    with override_settings(ROOT_URLCONF=idempotency_urls.__name__):
        yield


def post(client: APIClient, url: str, body: Any, key: str | None = "key-1") -> Any:
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post(url, body, format="json", **headers)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_retried_create_answers_the_first_response_and_stores_once(raw: Raw, prefix: str) -> None:
    client = APIClient()
    first = post(client, prefix, ANN)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    again = post(client, prefix, ANN)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert raw.api_members.count_documents({}) == 1
    other = post(client, prefix, {**ANN, "email": "ann2@example.com"}, key="key-2")
    assert other.status_code == 201 and raw.api_members.count_documents({}) == 2


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_key_with_another_body_is_422(raw: Raw, prefix: str) -> None:
    client = APIClient()
    assert post(client, prefix, ANN).status_code == 201
    reused = post(client, prefix, {**ANN, "age": 31})
    assert reused.status_code == 422 and "different request" in reused.json()["detail"]
    assert raw.api_members.count_documents({}) == 1


@pytest.mark.parametrize("prefix", PREFIXES)
def test_malformed_keys_are_400_and_store_nothing(raw: Raw, prefix: str) -> None:
    client = APIClient()
    for key in ["", "x" * 256, "bell\x07", "caf\u00e9"]:
        response = post(client, prefix, ANN, key=key)
        assert response.status_code == 400 and "Idempotency-Key" in response.json(), key
    assert raw.api_members.count_documents({}) == 0
    assert COLLECTION not in raw.list_collection_names()
    assert post(client, prefix, ANN, key="x" * 255).status_code == 201


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_request_without_the_key_is_unchanged(raw: Raw, prefix: str, commands: CommandRecorder) -> None:
    client = APIClient()
    assert post(client, prefix, ANN, key=None).status_code == 201
    assert post(client, prefix, ANN, key=None).status_code == 201
    assert raw.api_members.count_documents({}) == 2
    assert not [command for _, command in commands.commands if COLLECTION in command.values()]
    assert COLLECTION not in raw.list_collection_names()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_claim_still_running_is_409_and_a_stale_one_is_taken_over(raw: Raw, prefix: str) -> None:
    client = APIClient()
    assert post(client, prefix, ANN).status_code == 201
    records = raw[COLLECTION]
    running = {"$unset": {"status": "", "data": "", "headers": ""}}  # as if the first were still running
    records.update_one({}, {**running, "$set": {"locked_until": datetime.now(UTC) + timedelta(minutes=1)}})
    conflict = post(client, prefix, ANN)
    assert conflict.status_code == 409 and "still running" in conflict.json()["detail"]
    records.update_one({}, {"$set": {"locked_until": datetime.now(UTC) - timedelta(seconds=1)}})
    taken_over = post(client, prefix, ANN)  # the first attempt's process died: the retry runs
    assert taken_over.status_code == 201 and "Idempotent-Replayed" not in taken_over
    assert post(client, prefix, ANN)["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_failed_request_releases_its_key(raw: Raw, prefix: str) -> None:
    client = APIClient()
    invalid = {**ANN, "email": "nope"}
    assert post(client, prefix, invalid).status_code == 400
    assert raw[COLLECTION].count_documents({}) == 0
    created = post(client, prefix, invalid | {"email": "ann@example.com"})  # the key is free again
    assert created.status_code == 201 and "Idempotent-Replayed" not in created


def test_users_keys_never_collide(raw: Raw) -> None:
    class Someone:
        is_authenticated = True

        def __init__(self, pk: int) -> None:
            self.pk = pk

    for pk in (1, 2):
        client = APIClient()
        client.force_authenticate(user=Someone(pk))
        response = post(client, "/members/", {**ANN, "email": f"u{pk}@example.com"})
        assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert raw.api_members.count_documents({}) == 2


def test_records_expire_as_configured(raw: Raw) -> None:
    with override_settings(MONGODB_IDEMPOTENCY_EXPIRY=120):
        post(APIClient(), "/members/", ANN)
    record = raw[COLLECTION].find_one({})
    assert record is not None and record["status"] == 201 and "locked_until" not in record
    remaining = record["expires"].replace(tzinfo=UTC) - datetime.now(UTC)
    assert timedelta(seconds=100) < remaining <= timedelta(seconds=120)


def test_marked_actions_replay_and_unmarked_ones_ignore_the_key(raw: Raw) -> None:
    client = APIClient()
    member_id = post(client, "/members/", ANN, key=None).json()["id"]
    for _ in range(2):
        assert post(client, f"/members/{member_id}/rename/", {"name": "Anna"}).json() == {"name": "Anna"}
    assert idempotency_urls.calls == ["rename"]
    reused = post(client, f"/members/{member_id}/rename/", {"name": "Bo"})
    assert reused.status_code == 422  # the key was used for a rename to Anna
    assert raw.api_members.find_one({})["name"] == "Anna"  # type: ignore[index]
    for _ in range(2):
        assert post(client, "/members/plain/", {}).json() == {"ran": True}
    for _ in range(2):
        assert post(client, "/members/unavailable/", {}).status_code == 503  # a 5xx releases the key
    assert idempotency_urls.calls == ["rename", "plain", "plain", "unavailable", "unavailable"]


def test_a_body_parsed_before_the_view_is_fingerprinted_by_its_data() -> None:
    client = APIClient()

    def send(name: str) -> Any:  # multipart: a permission parsing it leaves no raw body to read
        return client.post("/members/checked/", {"name": name}, format="multipart", HTTP_IDEMPOTENCY_KEY="m")

    for _ in range(2):
        assert send("Ann").json() == {"name": "Ann"}
    assert send("Bob").status_code == 422
    assert idempotency_urls.calls == ["checked"]


async def test_marked_async_actions_replay_and_release_on_exceptions(raw: Raw) -> None:
    client = AsyncClient(raise_request_exception=False)
    body = json.dumps(ANN)
    created = await client.post("/async-members/", body, content_type="application/json")
    member_id = created.json()["id"]
    for _ in range(2):
        renamed = await client.post(
            f"/async-members/{member_id}/rename/",
            json.dumps({"name": "Anna"}),
            content_type="application/json",
            headers={"Idempotency-Key": "rename-1"},
        )
        assert renamed.json() == {"name": "Anna"}
    assert renamed["Idempotent-Replayed"] == "true"
    for _ in range(2):
        exploded = await client.post(
            "/async-members/explode/", "{}", content_type="application/json", headers={"Idempotency-Key": "e"}
        )
        assert exploded.status_code == 500
    assert idempotency_urls.calls == ["arename", "explode", "explode"]
    assert raw[COLLECTION].count_documents({}) == 1


async def test_twenty_async_retries_at_once_create_one_document(raw: Raw) -> None:
    client = AsyncClient()
    body = json.dumps(ANN)

    async def attempt() -> Any:
        return await client.post(
            "/async-members/", body, content_type="application/json", headers={"Idempotency-Key": "once"}
        )

    responses = await asyncio.gather(*(attempt() for _ in range(20)))
    assert {response.status_code for response in responses} <= {201, 409}
    assert raw.api_members.count_documents({}) == 1
    created = [response for response in responses if response.status_code == 201]
    assert len([response for response in created if "Idempotent-Replayed" not in response]) == 1
    replay = await attempt()
    assert replay.status_code == 201 and replay.json() == created[0].json()


def test_twenty_sync_retries_in_threads_create_one_document(raw: Raw) -> None:
    def attempt() -> Any:
        return post(APIClient(), "/members/", ANN, key="once")

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(lambda _: attempt(), range(20)))
    assert {response.status_code for response in responses} <= {201, 409}
    assert raw.api_members.count_documents({}) == 1
    fresh = [response for response in responses if "Idempotent-Replayed" not in response]
    assert len([response for response in fresh if response.status_code == 201]) == 1


def test_the_schema_documents_the_header_and_its_answers() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the viewsets share a serializer: duplicated operation ids
        schema = APIClient().get("/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for url in ["/members/", "/async-members/", "/generic-members/", "/members/{id}/rename/"]:
        operation = schema["paths"][url]["post"]
        header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
        assert header["in"] == "header" and header["required"] is False
        assert {"409", "422"} <= set(operation["responses"])
    listing = schema["paths"]["/members/"]["get"]
    assert "Idempotency-Key" not in [p["name"] for p in listing["parameters"]]
    assert "409" not in schema["paths"]["/members/plain/"]["post"]["responses"]


def test_drf_spectacular_documents_the_header() -> None:
    from drf_spectacular.generators import SchemaGenerator

    rest = {
        "DEFAULT_SCHEMA_CLASS": "mongodb_rest.rest_framework.spectacular.AutoSchema",
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
    }
    urlconf = idempotency_urls.__name__
    with override_settings(REST_FRAMEWORK=rest), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = SchemaGenerator(title="t", version="1", urlconf=urlconf).get_schema(
            request=None, public=True
        )
    for url in ["/async-members/", "/members/"]:
        operation = schema["paths"][url]["post"]
        assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
        assert {"409", "422"} <= set(operation["responses"])
