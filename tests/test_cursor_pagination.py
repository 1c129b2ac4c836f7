"""Keyset CursorPagination: pages forward and back on both faces, never a skip sent to the server."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from .api import ApiPost
from .conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
PREFIXES = ["/posts/", "/async-posts/"]


@pytest.fixture
def seven_posts(db_name: str) -> None:
    for index, views in enumerate([5, 3, 5, 1, 5, 2, 4]):
        ApiPost.sync(title=f"p{index}", views=views).save()


def walk(client: APIClient, url: str | None) -> tuple[list[list[str]], str | None]:
    """Every page from ``url`` on, following ``next``; and the last page's ``previous``."""
    pages: list[list[str]] = []
    previous = None
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        pages.append([post["title"] for post in body["results"]])
        url, previous = body["next"], body["previous"]
    return pages, previous


@pytest.mark.usefixtures("seven_posts")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_pages_forward_and_back_without_skip(prefix: str, commands: CommandRecorder) -> None:
    client = APIClient()
    commands.clear()
    pages, previous = walk(client, prefix)
    assert pages == [["p6", "p5"], ["p4", "p3"], ["p2", "p1"], ["p0"]]  # newest first: ordering -id
    assert all("skip" not in find for find in commands.named("find"))
    back: list[list[str]] = []
    while previous is not None:
        body = client.get(previous).json()
        back.append([post["title"] for post in body["results"]])
        previous = body["previous"]
    assert back == [["p2", "p1"], ["p4", "p3"], ["p6", "p5"]]


@pytest.mark.usefixtures("seven_posts")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_ordering_with_ties_keeps_every_document_once(prefix: str) -> None:
    pages, _ = walk(APIClient(), f"{prefix}?ordering=-views")
    flat = [title for page in pages for title in page]
    assert sorted(flat) == [f"p{index}" for index in range(7)]
    assert flat[:3] == ["p0", "p2", "p4"] and flat[3:] == ["p6", "p1", "p5", "p3"]


@pytest.mark.usefixtures("seven_posts")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_document_added_between_pages_shifts_nothing(prefix: str) -> None:
    client = APIClient()
    first = client.get(prefix).json()
    ApiPost.sync(title="new", views=0).save()  # newer than every page already shown
    second = client.get(first["next"]).json()
    assert [post["title"] for post in second["results"]] == ["p4", "p3"]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "e30=",  # {}
        "eyJwIjogWzEsIDJdLCAiciI6IGZhbHNlfQ==",  # two values for a one-key ordering
        "eyJwIjogW3siJG5lIjogMX1dLCAiciI6IGZhbHNlfQ==",  # an operator dict as a position
        "A" * 5000,
        "eyJwIjogW3siJG9pZCI6ICJ6eiJ9XSwgInIiOiBmYWxzZX0=",  # {"$oid": "zz"}
        "eyJwIjogW3siJG51bWJlckRlY2ltYWwiOiAieCJ9XSwgInIiOiBmYWxzZX0=",  # {"$numberDecimal": "x"}
        "eyJwIjogW3siJGRhdGUiOiAxZTQwMH1dLCAiciI6IGZhbHNlfQ==",  # {"$date": 1e400}
    ],
)
def test_malformed_cursors_are_404(prefix: str, cursor: str) -> None:
    response = APIClient().get(f"{prefix}?cursor={cursor}")
    assert response.status_code == 404, response.content


def test_cursor_positions_are_typed_values(seven_posts: Any) -> None:
    client = APIClient()
    body = client.get("/async-posts/?ordering=views").json()
    assert [post["views"] for post in body["results"]] == [1, 2]
    body = client.get(body["next"]).json()
    assert [post["views"] for post in body["results"]] == [3, 4]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("ordering", ["published", "-published"])
def test_null_values_in_the_ordering_field_lose_no_document(db_name: str, prefix: str, ordering: str) -> None:
    from datetime import UTC, datetime

    for index in range(5):
        published = datetime(2024, 1, index + 1, tzinfo=UTC) if index % 2 else None
        ApiPost.sync(title=f"p{index}", published=published).save()
    client = APIClient()
    pages, previous = walk(client, f"{prefix}?ordering={ordering}")
    flat = [title for page in pages for title in page]
    assert sorted(flat) == [f"p{index}" for index in range(5)]
    back: list[str] = []
    while previous is not None:
        body = client.get(previous).json()
        back = [post["title"] for post in body["results"]] + back
        previous = body["previous"]
    assert back + pages[-1] == flat
