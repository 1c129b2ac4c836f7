"""DRF's ModelViewSet on the sync face and adrf's on the async face, through real HTTP test clients."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import AsyncClient
from pymongo.database import Database
from rest_framework.test import APIClient

from .api import ApiMember

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
ANN = {"name": "Ann", "email": "ann@example.com", "age": 30}


@pytest.mark.parametrize("prefix", ["/members/", "/async-members/"])
def test_crud_over_http(raw: Raw, prefix: str) -> None:
    client = APIClient()
    created = client.post(prefix, ANN, format="json")
    assert created.status_code == 201, created.content
    member_id = created.json()["id"]
    assert raw.api_members.count_documents({}) == 1
    listed = client.get(prefix)
    assert listed.status_code == 200 and [m["name"] for m in listed.json()] == ["Ann"]
    assert client.get(f"{prefix}{member_id}/").json()["email"] == "ann@example.com"
    patched = client.patch(f"{prefix}{member_id}/", {"age": 31}, format="json")
    assert patched.status_code == 200 and patched.json()["age"] == 31
    assert raw.api_members.find_one({})["age"] == 31  # type: ignore[index]
    assert client.delete(f"{prefix}{member_id}/").status_code == 204
    assert raw.api_members.count_documents({}) == 0


@pytest.mark.parametrize("prefix", ["/members/", "/async-members/"])
def test_bad_requests_are_400_or_404_and_change_nothing(raw: Raw, prefix: str) -> None:
    client = APIClient()
    member_id = client.post(prefix, ANN, format="json").json()["id"]
    for body in [
        {**ANN, "email": "nope"},
        {**ANN, "age": "old"},
        {**ANN, "name": {"$ne": ""}},
        {**ANN, "name": "x" * 51},
        {"name": "no email"},
    ]:
        response = client.post(prefix, body, format="json")
        assert response.status_code == 400, (body, response.content)
    malformed = client.post(prefix, data="{not json", content_type="application/json")
    assert malformed.status_code == 400
    for bad_id in ["not-an-id", "0123456789abcdef01234567"]:
        assert client.get(f"{prefix}{bad_id}/").status_code == 404
        assert client.patch(f"{prefix}{bad_id}/", {"age": 1}, format="json").status_code == 404
        assert client.delete(f"{prefix}{bad_id}/").status_code == 404
    assert client.patch(f"{prefix}{member_id}/", {"age": -5}, format="json").status_code == 400
    assert raw.api_members.count_documents({}) == 1
    assert raw.api_members.find_one({})["age"] == 30  # type: ignore[index]


def test_sync_viewset_action_and_queryset_filter(raw: Raw) -> None:
    client = APIClient()
    client.post("/members/", ANN, format="json")
    client.post("/members/", {"name": "Bob", "email": "bob@example.com", "is_active": False}, format="json")
    assert [m["name"] for m in client.get("/members/active_users/").json()] == ["Ann"]
    assert [m["name"] for m in client.get("/members/").json()] == ["Ann"]  # get_queryset filters
    ann_id = client.get("/members/").json()[0]["id"]
    assert client.post(f"/members/{ann_id}/rename/", {"name": "Anna"}, format="json").json() == {
        "status": "renamed"
    }
    assert raw.api_members.find_one({"email": "ann@example.com"})["name"] == "Anna"  # type: ignore[index]
    assert client.post("/members/nope/rename/", {"name": "x"}, format="json").status_code == 404


async def test_a_delete_refused_by_a_deny_reference_is_409_and_deletes_nothing(raw: Raw) -> None:
    from .api import ApiPost

    client = AsyncClient()
    created = await client.post("/async-members/", json.dumps(ANN), content_type="application/json")
    await ApiPost(title="Guard", author=created.json()["id"]).save()
    response = await client.delete(f"/async-members/{created.json()['id']}/")
    assert response.status_code == 409 and "DENY" in response.json()["detail"]
    assert raw.api_members.count_documents({}) == 1


async def test_async_viewset_through_the_async_client(raw: Raw) -> None:
    client = AsyncClient()
    created = await client.post("/async-members/", json.dumps(ANN), content_type="application/json")
    assert created.status_code == 201
    listed = await client.get("/async-members/")
    assert [m["name"] for m in listed.json()] == ["Ann"]
    await ApiMember(name="Bob", email="bob@example.com").save()
    listed = await client.get("/async-members/")  # a fresh query each request, not a cached one
    assert [m["name"] for m in listed.json()] == ["Ann", "Bob"]
    assert (await client.get("/async-members/nope/")).status_code == 404


def test_drf_paginators_on_both_faces() -> None:
    client = APIClient()
    for index in range(5):
        client.post("/members/", {"name": f"m{index}", "email": f"m{index}@example.com"}, format="json")
    page = client.get("/paged-members/?page=2").json()
    assert page["count"] == 5 and [m["name"] for m in page["results"]] == ["m2", "m3"]
    assert client.get("/paged-members/?page=9").status_code == 404
    window = client.get("/async-paged-members/?limit=2&offset=3").json()
    assert window["count"] == 5 and [m["name"] for m in window["results"]] == ["m3", "m4"]


def test_the_exception_handler_serves_drf_views_too(raw: Raw) -> None:
    from .api import ApiPost

    client = APIClient()
    member_id = client.post("/members/", ANN, format="json").json()["id"]
    ApiPost.sync(title="Guard", author=member_id).save()
    response = client.delete(f"/members/{member_id}/")
    assert response.status_code == 409 and "DENY" in response.json()["detail"]
    assert raw.api_members.count_documents({}) == 1


@pytest.mark.parametrize("prefix", ["/members/", "/async-members/"])
def test_options_describes_the_document_routes(prefix: str) -> None:
    client = APIClient()
    member_id = client.post(prefix, ANN, format="json").json()["id"]
    detail = client.options(f"{prefix}{member_id}/")
    assert detail.status_code == 200 and "PUT" in detail.json()["actions"]
    missing = client.options(f"{prefix}0123456789abcdef01234567/")
    assert missing.status_code == 200 and "PUT" not in missing.json().get("actions", {})
    assert "POST" in client.options(prefix).json()["actions"]
