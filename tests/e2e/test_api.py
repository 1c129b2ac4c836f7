"""The example's API over HTTP, against uvicorn and a real wire-protocol server: CRUD on each resource,
404s, 400s, pagination, filters, avatars in GridFS, geo queries, concurrent writes."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import httpx
from PIL import Image

from .conftest import App

MISSING_ID = "0123456789abcdef01234567"


def user_body(marker: str, n: int = 0, **extra: Any) -> dict[str, Any]:
    return {"name": f"User {n}", "email": f"{marker}.{n}@example.com", "tags": [marker], **extra}


def create(http: httpx.Client, resource: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(f"/api/{resource}/", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def results(http: httpx.Client, url: str) -> list[dict[str, Any]]:
    response = http.get(url)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["results"]
    return found


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(buffer, format="PNG")
    return buffer.getvalue()


def test_root_lists_the_resources(http: httpx.Client, app: App) -> None:
    root = http.get("/api/").json()
    assert root == {name: f"{app.url}/api/{name}/" for name in ("users", "posts", "places")}
    assert http.get("/").headers["location"] == "/api/"


def test_users_crud(http: httpx.Client, app: App, marker: str) -> None:
    body = user_body(marker, age=36, address={"street": "1 Main St", "city": "Oslo"})
    user = create(http, "users", body)
    assert user["email"] == body["email"] and user["address"]["city"] == "Oslo" and user["avatar"] is None
    stored = app.db.users.find_one({"email": body["email"]})
    assert stored is not None and str(stored["_id"]) == user["id"] and stored["age"] == 36
    assert http.get(f"/api/users/{user['id']}/").json() == user
    patched = http.patch(f"/api/users/{user['id']}/", json={"age": 37, "address": {"city": "Bergen"}})
    assert patched.status_code == 200, patched.text
    assert patched.json()["address"] == {"street": "1 Main St", "city": "Bergen", "country": None}
    replaced = http.put(f"/api/users/{user['id']}/", json=user_body(marker, 1))
    assert replaced.status_code == 200 and replaced.json()["name"] == "User 1"
    assert app.db.users.find_one({"_id": stored["_id"]})["email"] == f"{marker}.1@example.com"  # type: ignore[index]
    assert http.delete(f"/api/users/{user['id']}/").status_code == 204
    assert app.db.users.count_documents({"_id": stored["_id"]}) == 0
    assert http.get(f"/api/users/{user['id']}/").status_code == 404


def test_posts_crud_comments_and_cascade(http: httpx.Client, app: App, marker: str) -> None:
    author = create(http, "users", user_body(marker))
    post = create(
        http,
        "posts",
        {"title": "Hello", "body": "First post", "author": author["id"], "tags": [marker, "intro"]},
    )
    assert post["published"] is False and post["comments"] == [] and post["created_at"]
    published = http.patch(f"/api/posts/{post['id']}/", json={"published": True})
    assert published.status_code == 200 and published.json()["published"] is True
    assert published.json()["updated_at"] >= post["updated_at"]
    comment = http.post(f"/api/posts/{post['id']}/comment/", json={"author": "Ann", "text": "Welcome!"})
    assert comment.status_code == 201 and comment.json()["text"] == "Welcome!"
    shown = http.get(f"/api/posts/{post['id']}/").json()
    assert [(c["author"], c["text"]) for c in shown["comments"]] == [("Ann", "Welcome!")]
    assert http.post(f"/api/posts/{post['id']}/comment/", json={"author": "Ann"}).status_code == 400
    missing = http.post(f"/api/posts/{MISSING_ID}/comment/", json={"author": "A", "text": "t"})
    assert missing.status_code == 404
    assert http.delete(f"/api/users/{author['id']}/").status_code == 204  # CASCADE: the posts go too
    assert http.get(f"/api/posts/{post['id']}/").status_code == 404
    assert app.db.posts.count_documents({"tags": marker}) == 0


def test_places_crud_on_the_sync_viewset(http: httpx.Client, app: App, marker: str) -> None:
    place = create(http, "places", {"name": f"Opera {marker}", "location": [10.7528, 59.9075]})
    assert place["location"] == {"type": "Point", "coordinates": [10.7528, 59.9075]}
    assert app.db.places.find_one({"name": f"Opera {marker}"})["location"]["type"] == "Point"  # type: ignore[index]
    moved = http.patch(f"/api/places/{place['id']}/", json={"description": "Walk on the roof."})
    assert moved.status_code == 200 and moved.json()["description"] == "Walk on the roof."
    assert http.get(f"/api/places/{place['id']}/").json()["description"] == "Walk on the roof."
    assert http.delete(f"/api/places/{place['id']}/").status_code == 204
    assert app.db.places.count_documents({"name": f"Opera {marker}"}) == 0


def test_malformed_and_missing_ids_are_404(http: httpx.Client) -> None:
    for resource in ("users", "posts", "places"):
        for bad in ("not-an-id", MISSING_ID, "x" * 200):
            url = f"/api/{resource}/{bad}/"
            assert http.get(url).status_code == 404, url
            assert http.patch(url, json={}).status_code == 404, url
            assert http.delete(url).status_code == 404, url
        assert http.get(f"/api/{resource}/{MISSING_ID}/files/avatar/").status_code == 404


def test_bad_bodies_are_400_and_store_nothing(http: httpx.Client, app: App, marker: str) -> None:
    author = create(http, "users", user_body(marker))
    bad_users = [
        user_body(marker, 1, email="not-an-email"),
        user_body(marker, 2, age=-1),
        user_body(marker, 3, age="old"),
        user_body(marker, 4, address={"street": "no city"}),
        user_body(marker, 5, tags="not-a-list"),
        user_body(marker, 6, unknown="field"),
        {"email": f"{marker}.7@example.com"},
    ]
    for body in bad_users:
        response = http.post("/api/users/", json=body)
        assert response.status_code == 400, (body, response.text)
    taken = http.post("/api/users/", json=user_body(marker, 0))  # the e-mail is unique
    assert taken.status_code == 409 and list(taken.json()) == ["email"], taken.text
    lost = {"title": "Missing author", "author": MISSING_ID, "tags": [marker]}
    missing = http.post("/api/posts/", json=lost)
    assert missing.status_code == 409 and list(missing.json()) == ["author"], missing.text
    bad_posts = [
        {"title": "x" * 201, "author": author["id"]},
        {"title": "No author"},
        {"title": "Bad author", "author": "nope"},
        {"title": "Bad comments", "author": author["id"], "comments": [{"text": "no author"}]},
    ]
    for body in bad_posts:
        response = http.post("/api/posts/", json={**body, "tags": [marker]})
        assert response.status_code == 400, (body, response.text)
    for location in ([200, 0], [1], "here", {"type": "Polygon", "coordinates": []}):
        response = http.post("/api/places/", json={"name": marker, "location": location})
        assert response.status_code == 400 and "location" in response.json(), location
    malformed = http.post("/api/users/", content=b"{not json", headers={"content-type": "application/json"})
    assert malformed.status_code == 400
    assert app.db.users.count_documents({"tags": marker}) == 1
    assert app.db.posts.count_documents({"tags": marker}) == 0
    assert app.db.places.count_documents({"name": marker}) == 0


def test_operator_injection_is_refused_or_inert(http: httpx.Client, app: App, marker: str) -> None:
    create(http, "users", user_body(marker, age=30))
    for body in [
        user_body(marker, 1, name={"$ne": ""}),
        user_body(marker, 2, **{"$where": "sleep(1000)"}),
        user_body(marker, 3, address={"city": {"$gt": ""}}),
        user_body(marker, 4, tags=[{"$ne": 1}]),
    ]:
        response = http.post("/api/users/", json=body)
        assert response.status_code == 400, (body, response.text)
    assert app.db.users.count_documents({"tags": marker}) == 1
    listed = f"/api/users/?tags={marker}"
    assert len(results(http, f"{listed}&name[$ne]=x")) == 1  # not a known parameter: ignored
    assert len(results(http, f"{listed}&age__ne=1&name__regex=.*")) == 1  # lookups not whitelisted
    assert results(http, f'{listed}&name__icontains={{"$ne": ""}}') == []  # a plain string
    assert results(http, f"{listed}&name__icontains=.*") == []  # regex characters are literal
    assert http.get(f"{listed}&age__gte=$gt").status_code == 400


def test_cursor_pagination_walks_every_document_once(http: httpx.Client, marker: str) -> None:
    author = create(http, "users", user_body(marker))
    titles = {f"{marker} post {n}" for n in range(7)}
    for title in sorted(titles):
        create(http, "posts", {"title": title, "author": author["id"], "tags": [marker]})
    url: str | None = f"/api/posts/?tags={marker}&page_size=3&ordering=title"
    pages: list[list[str]] = []
    previous = None
    while url is not None:
        page = http.get(url).json()
        pages.append([post["title"] for post in page["results"]])
        previous, url = page["previous"], page["next"]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [title for page in pages for title in page] == sorted(titles)
    assert previous is not None
    back = http.get(previous).json()
    assert [post["title"] for post in back["results"]] == pages[1]
    newest_first = results(http, f"/api/posts/?tags={marker}&page_size=2")
    assert [post["title"] for post in newest_first] == sorted(titles)[-1:-3:-1]
    assert http.get("/api/posts/?cursor=bogus").status_code == 404
    assert http.get(f"/api/posts/?tags={marker}&page_size=1000").json()["next"] is None  # capped at 100


def test_filters_search_and_ordering(http: httpx.Client, marker: str) -> None:
    people = [("Ann", 25, "Oslo"), ("Bob", 41, "Rome"), ("Cleo", 33, "Oslo"), ("Dan", 67, "Lima")]
    ids = {}
    for n, (name, age, city) in enumerate(people):
        body = user_body(marker, n, name=f"{name} {marker}", age=age, address={"city": city})
        ids[name] = create(http, "users", body)["id"]
    base = f"/api/users/?tags={marker}"

    def names(query: str) -> list[str]:
        return sorted(user["name"].split()[0] for user in results(http, f"{base}&{query}"))

    assert names("age__gte=30&age__lte=50") == ["Bob", "Cleo"]
    assert names("age=67") == ["Dan"]
    assert names("address__city=Oslo") == ["Ann", "Cleo"]
    assert names("name__icontains=cle") == ["Cleo"]
    assert names("search=bob") == ["Bob"]
    oldest = results(http, f"{base}&ordering=-age")
    assert [user["age"] for user in oldest] == [67, 41, 33, 25]
    for query in ("age__gte=old", "age__gte=100000000000000000000", "age=-9223372036854775809"):
        response = http.get(f"{base}&{query}")
        assert response.status_code == 400 and query.split("=")[0] in response.json(), query
    assert names("age__lte=9223372036854775807") == ["Ann", "Bob", "Cleo", "Dan"]
    by_bob = {"title": "By Bob", "author": ids["Bob"], "tags": [marker], "published": True}
    post = create(http, "posts", by_bob)
    create(http, "posts", {"title": "Draft", "author": ids["Ann"], "tags": [marker, "draft"]})
    posts = f"/api/posts/?tags={marker}"
    assert [p["id"] for p in results(http, f"{posts}&author={ids['Bob']}")] == [post["id"]]
    assert [p["title"] for p in results(http, f"{posts}&published=true")] == ["By Bob"]
    assert [p["title"] for p in results(http, f"/api/posts/?tags__all={marker},draft")] == ["Draft"]
    assert http.get(f"{posts}&author=nope").status_code == 400


def test_avatar_upload_download_and_delete(http: httpx.Client, app: App, marker: str) -> None:
    files = {"avatar": ("me.png", png(400, 300), "image/png")}
    created = http.post("/api/users/", data=user_body(marker), files=files)
    assert created.status_code == 201, created.text
    avatar = created.json()["avatar"]
    assert avatar["filename"] == "me.png" and avatar["content_type"] == "image/png"
    user_id = created.json()["id"]
    assert avatar["url"] == f"{app.url}/api/users/{user_id}/files/avatar/"
    download = http.get(avatar["url"])
    assert download.status_code == 200 and download.headers["content-type"] == "image/png"
    assert len(download.content) == avatar["length"]
    assert Image.open(io.BytesIO(download.content)).size == (256, 192)  # shrunk to fit 256 x 256
    stored = app.db.users.find_one({"email": f"{marker}.0@example.com"})
    assert stored is not None
    grid_id = stored["avatar"]["grid_id"]
    assert app.db["fs.files"].count_documents({"_id": grid_id}) == 1
    not_an_image = http.patch(
        f"/api/users/{user_id}/", files={"avatar": ("x.png", b"plain text", "image/png")}
    )
    assert not_an_image.status_code == 400 and "avatar" in not_an_image.json()
    assert http.get(avatar["url"]).content == download.content
    assert http.delete(f"/api/users/{user_id}/").status_code == 204
    assert app.db["fs.files"].count_documents({"_id": grid_id}) == 0


def test_places_near_a_point(http: httpx.Client, marker: str) -> None:
    here = create(http, "places", {"name": f"Opera {marker}", "location": [10.7528, 59.9075]})
    create(http, "places", {"name": f"Sydney {marker}", "location": [151.2153, -33.8568]})
    create(http, "places", {"name": f"Lima {marker}", "location": [-77.0428, -12.0464]})
    near = f"/api/places/?name__icontains={marker}&near=10.7528,59.9075"
    # 50 metres on MongoDB; the embedded server reads distances as flat degrees, so the places compared
    # are on other continents: far by either measure.
    assert [p["id"] for p in results(http, f"{near}&max_distance=50")] == [here["id"]]
    assert len(results(http, f"/api/places/?name__icontains={marker}")) == 3
    for query, parameter in [
        ("near=10.75", "near"),
        ("near=a,b", "near"),
        ("near=10,91", "near"),
        ("near=nan,0", "near"),
        ("near=0,0&max_distance=-1", "max_distance"),
        ("near=0,0&max_distance=far", "max_distance"),
    ]:
        response = http.get(f"/api/places/?{query}")
        assert response.status_code == 400 and parameter in response.json(), query


def test_stats_and_health(http: httpx.Client, app: App, marker: str) -> None:
    before = http.get("/api/stats/").json()
    author = create(http, "users", user_body(marker))
    create(http, "posts", {"title": "Counted", "author": author["id"], "tags": [marker], "published": True})
    after = http.get("/api/stats/").json()
    assert after["users"] == before["users"] + 1 and after["posts"] == before["posts"] + 1
    assert after["published_posts"] == before["published_posts"] + 1
    counts = [entry["posts"] for entry in after["top_tags"]]
    assert 0 < len(counts) <= 10 and counts == sorted(counts, reverse=True)
    for entry in after["top_tags"]:
        assert entry["posts"] == app.db.posts.count_documents({"tags": entry["tag"]})
    assert http.post("/api/stats/").status_code == 405
    assert http.get("/api/health/").json() == {"status": "ok"}


async def test_concurrent_creates_and_comments_are_all_stored(app: App, marker: str) -> None:
    async with httpx.AsyncClient(base_url=app.url, timeout=60) as client:
        responses = await asyncio.gather(
            *(client.post("/api/users/", json=user_body(marker, n)) for n in range(50))
        )
        assert sorted(r.status_code for r in responses) == [201] * 50
        assert len({r.json()["id"] for r in responses}) == 50
        listed = (await client.get(f"/api/users/?tags={marker}&page_size=100")).json()["results"]
        assert len(listed) == 50
        post = await client.post(
            "/api/posts/", json={"title": "Busy", "author": responses[0].json()["id"], "tags": [marker]}
        )
        comment_url = f"/api/posts/{post.json()['id']}/comment/"
        comments = await asyncio.gather(
            *(client.post(comment_url, json={"author": f"u{n}", "text": "hi"}) for n in range(50))
        )
        assert [r.status_code for r in comments] == [201] * 50
    assert app.db.users.count_documents({"tags": marker}) == 50
    stored = app.db.posts.find_one({"tags": marker})
    assert stored is not None and sorted(c["author"] for c in stored["comments"]) == sorted(
        f"u{n}" for n in range(50)
    )
