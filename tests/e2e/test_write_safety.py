"""Write safety over HTTP against the example under uvicorn: a lost update refused with 412, a 304 for an
unchanged post, concurrent edits with one tag of which exactly one wins, and a retried create stored once."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from .conftest import App


def author_and_post(http: httpx.Client, marker: str) -> tuple[str, dict[str, Any]]:
    user = http.post("/api/users/", json={"name": "Ann", "email": f"{marker}@example.com"})
    assert user.status_code == 201, user.text
    post = http.post("/api/posts/", json={"title": "Draft", "author": user.json()["id"], "tags": [marker]})
    assert post.status_code == 201, post.text
    return user.json()["id"], post.json()


def test_a_lost_update_is_refused_and_an_unchanged_post_is_not_sent(
    http: httpx.Client, app: App, marker: str
) -> None:
    _, post = author_and_post(http, marker)
    url = f"/api/posts/{post['id']}/"
    read = http.get(url)
    etag = read.headers["etag"]
    assert http.get(url, headers={"If-None-Match": etag}).status_code == 304
    ann = http.patch(url, json={"title": "Edited by Ann"}, headers={"If-Match": etag})
    assert ann.status_code == 200, ann.text
    bob = http.patch(url, json={"title": "Edited by Bob"}, headers={"If-Match": etag})
    assert bob.status_code == 412 and bob.headers["etag"] == ann.headers["etag"]
    assert app.db.posts.find_one({"tags": marker})["title"] == "Edited by Ann"  # type: ignore[index]
    assert http.delete(url, headers={"If-Match": etag}).status_code == 412
    assert http.patch(url, json={"title": "x"}, headers={"If-Match": "no quotes"}).status_code == 400
    assert http.delete(url, headers={"If-Match": ann.headers["etag"]}).status_code == 204


def test_concurrent_edits_with_one_tag_have_one_winner(app: App, marker: str) -> None:
    async def race() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=app.url, timeout=30) as client:
            user = await client.post("/api/users/", json={"name": "Ann", "email": f"{marker}@example.com"})
            post = await client.post("/api/posts/", json={"title": "t", "author": user.json()["id"]})
            url = f"/api/posts/{post.json()['id']}/"
            etag = (await client.get(url)).headers["etag"]
            return await asyncio.gather(
                *(
                    client.patch(url, json={"title": f"edit {n}"}, headers={"If-Match": etag})
                    for n in range(20)
                )
            )

    answers = asyncio.run(race())
    statuses = sorted(response.status_code for response in answers)
    assert statuses == [200] + [412] * 19
    (winner,) = [response.json()["title"] for response in answers if response.status_code == 200]
    assert app.db.posts.find_one({"title": {"$regex": "^edit "}, "_version": 2})["title"] == winner  # type: ignore[index]


def test_a_retried_create_is_stored_once(http: httpx.Client, app: App, marker: str) -> None:
    body = {"name": "Ann", "email": f"{marker}@example.com"}
    headers = {"Idempotency-Key": f"create-{marker}"}
    first = http.post("/api/users/", json=body, headers=headers)
    retry = http.post("/api/users/", json=body, headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json() and retry.headers["idempotent-replayed"] == "true"
    assert app.db.users.count_documents({"email": body["email"]}) == 1
    other = http.post("/api/users/", json={**body, "name": "Bob"}, headers=headers)
    assert other.status_code == 422
