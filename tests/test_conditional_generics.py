"""The async generic views of one document answer conditional requests as the viewsets do, and their
OpenAPI operations declare it."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from django.test import AsyncClient
from pymongo.database import Database
from rest_framework.schemas.openapi import SchemaGenerator

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


async def test_a_generic_detail_view_answers_if_none_match_and_if_match(raw: Raw) -> None:
    client = AsyncClient()
    body = {"name": "Gen", "email": "gen@example.com", "age": 3}
    created = await client.post("/generic-members/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    url = f"/generic-members/{created.json()['id']}/"
    etag = (await client.get(url))["ETag"]
    assert (await client.get(url, headers={"If-None-Match": etag})).status_code == 304
    ok = await client.patch(url, {"age": 4}, content_type="application/json", headers={"If-Match": etag})
    assert ok.status_code == 200 and ok["ETag"] != etag
    stale = await client.patch(url, {"age": 5}, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412 and stale["ETag"] == ok["ETag"]
    assert raw["api_members"].find_one({"name": "Gen"})["age"] == 4  # type: ignore[index]
    assert (await client.delete(url, headers={"If-Match": etag})).status_code == 412
    assert (await client.delete(url, headers={"If-Match": ok["ETag"]})).status_code == 204


def test_the_generic_detail_operations_declare_the_headers() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test URLs reuse serializers: duplicated operation ids
        schema = SchemaGenerator(title="t", version="1").get_schema(request=None, public=True)
    detail = schema["paths"]["/generic-members/{id}/"]
    assert "If-None-Match" in [parameter["name"] for parameter in detail["get"]["parameters"]]
    assert "304" in detail["get"]["responses"]
    for method in ("put", "patch", "delete"):
        assert "If-Match" in [parameter["name"] for parameter in detail[method]["parameters"]]
        assert "412" in detail[method]["responses"]
    assert "If-Match" not in str(schema["paths"]["/generic-members/"])
