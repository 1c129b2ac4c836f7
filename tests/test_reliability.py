"""Every endpoint refuses bad input with a 400 or 404 and a message, and changes nothing stored;
concurrent partial updates of one document keep each other's fields."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from django.test import AsyncClient
from pymongo.database import Database
from rest_framework.test import APIClient

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]

MEMBER = {"name": "Ann", "email": "ann@example.com", "age": 30}
POST = {"title": "Hello", "views": 1, "tags": ["a"], "address": {"street": "1 Main", "city": "Oslo"}}
ENDPOINTS = [  # (list URL, detail URL pattern, collection, a valid body)
    ("/members/", "/members/{}/", "api_members", MEMBER),
    ("/async-members/", "/async-members/{}/", "api_members", MEMBER),
    ("/generic-members/", "/generic-members/{}/", "api_members", MEMBER),
    ("/posts/", "/posts/{}/", "api_posts", POST),
    ("/async-posts/", "/async-posts/{}/", "api_posts", POST),
]
MEMBER_BAD = [
    {**MEMBER, "age": "thirty"},
    {**MEMBER, "age": 1.5},
    {**MEMBER, "age": [30]},
    {**MEMBER, "name": {"$ne": ""}},
    {**MEMBER, "email": {"$gt": ""}},
    {**MEMBER, "name": ["Ann"]},
    {**MEMBER, "name": "x" * 100_000},
    {**MEMBER, "is_active": "maybe"},
    {**MEMBER, "role": "admin"},
    {**MEMBER, "$set": {"name": "x"}},
]
POST_BAD = [
    {**POST, "views": -1},
    {**POST, "views": {"$inc": 5}},
    {**POST, "title": "x" * 101},
    {**POST, "tags": "a"},
    {**POST, "tags": [{"$ne": 1}]},
    {**POST, "address": {"street": ["1 Main"]}},
    {**POST, "address": {"$set": {"city": "x"}}},
    {**POST, "address": "Oslo"},
    {**POST, "author": {"$ne": None}},
    {**POST, "published": "last week"},
    {**POST, "id": {"$exists": True}, "extra": 1},
]
CONFLICTING = {"api_members": [], "api_posts": [{**POST, "author": "0123456789abcdef01234567"}]}  # 409s
INCOMPLETE = {"api_members": {"name": "Nameless"}, "api_posts": {"views": 3}}  # bad for POST and PUT
BAD_BODIES = ["{not json", "[1, 2]", "null", '"text"', "{" * 2000 + "}" * 2000]
BAD_IDS = ["nope", "0123456789abcdef01234567", "%24ne", "{}", "1" * 30]


def snapshot(raw: Raw, collection: str) -> list[dict[str, Any]]:
    return list(raw[collection].find({}, sort=[("_id", 1)]))


@pytest.mark.parametrize(("url", "detail", "collection", "valid"), ENDPOINTS)
def test_bad_input_is_refused_and_changes_nothing(
    raw: Raw, url: str, detail: str, collection: str, valid: dict[str, Any]
) -> None:
    client = APIClient()
    created = client.post(url, valid, format="json")
    assert created.status_code == 201, created.content
    document_url = detail.format(created.json()["id"])
    before = snapshot(raw, collection)
    for body in MEMBER_BAD if valid is MEMBER else POST_BAD:
        for method, target in [("post", url), ("put", document_url), ("patch", document_url)]:
            response = getattr(client, method)(target, body, format="json")
            assert response.status_code == 400, (method, body, response.content)
            assert response.json(), "a 400 says what is wrong"
    for body in CONFLICTING[collection]:
        for method, target in [("post", url), ("put", document_url), ("patch", document_url)]:
            response = getattr(client, method)(target, body, format="json")
            assert response.status_code == 409, (method, body, response.content)
    for method, target in [("post", url), ("put", document_url)]:
        response = getattr(client, method)(target, INCOMPLETE[collection], format="json")
        assert response.status_code == 400, (method, response.content)
    for text in BAD_BODIES:
        for method, target in [("post", url), ("put", document_url), ("patch", document_url)]:
            response = getattr(client, method)(target, data=text, content_type="application/json")
            assert response.status_code == 400, (method, text[:20], response.content)
    for bad_id in BAD_IDS:
        target = detail.format(bad_id)
        assert client.get(target).status_code == 404
        assert client.put(target, valid, format="json").status_code == 404
        assert client.patch(target, {"age": 1}, format="json").status_code == 404
        assert client.delete(target).status_code == 404
    assert snapshot(raw, collection) == before


async def test_concurrent_patches_keep_each_others_fields(raw: Raw) -> None:
    client = AsyncClient()
    created = await client.post("/async-posts/", json.dumps(POST), content_type="application/json")
    url = f"/async-posts/{created.json()['id']}/"

    async def patch(body: dict[str, Any]) -> int:
        response = await client.patch(url, json.dumps(body), content_type="application/json")
        return int(response.status_code)

    bodies = [{"title": "New title"}, {"views": 99}, {"tags": ["x", "y"]}, {"address": {"city": "Rome"}}]
    assert await asyncio.gather(*(patch(body) for body in bodies)) == [200] * 4
    stored = raw.api_posts.find_one({})
    assert stored is not None
    assert (stored["title"], stored["views"], stored["tags"]) == ("New title", 99, ["x", "y"])
    assert stored["address"] == {"street": "1 Main", "city": "Rome"}


def test_concurrent_patches_through_the_sync_viewset(raw: Raw) -> None:
    from concurrent.futures import ThreadPoolExecutor

    created = APIClient().post("/posts/", POST, format="json").json()
    url = f"/posts/{created['id']}/"
    bodies = [{"title": "T"}, {"views": 7}, {"tags": ["z"]}]
    with ThreadPoolExecutor(3) as pool:
        codes = list(pool.map(lambda body: APIClient().patch(url, body, format="json").status_code, bodies))
    assert codes == [200, 200, 200]
    stored = raw.api_posts.find_one({})
    assert stored is not None and (stored["title"], stored["views"], stored["tags"]) == ("T", 7, ["z"])
