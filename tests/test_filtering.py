"""DocumentFilterBackend, DRF's SearchFilter and OrderingFilter on document viewsets of both faces."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo.database import Database
from rest_framework.test import APIClient

from .api import ApiMember, ApiPost

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
PREFIXES = ["/posts/", "/async-posts/"]


@pytest.fixture
def posts(raw: Raw) -> dict[str, Any]:
    ann = ApiMember.sync(name="Ann", email="ann@example.com").save()
    rows = [
        ("Mongo tips", 10, ["db", "tips"], "Oslo", datetime(2024, 1, 5, tzinfo=UTC)),
        ("Django notes", 25, ["web"], "Rome", datetime(2024, 3, 1, tzinfo=UTC)),
        ("mongo and django", 40, ["db", "web"], "Oslo", datetime(2024, 6, 1, tzinfo=UTC)),
    ]
    for title, views, tags, city, published in rows:
        ApiPost.sync(
            title=title,
            views=views,
            tags=tags,
            address={"street": "1 Main", "city": city},
            published=published,
            author=ann if views > 20 else None,
        ).save()
    return {"ann": str(ann.id)}


def titles(client: APIClient, url: str) -> list[str]:
    response = client.get(f"{url}&page_size=50")
    assert response.status_code == 200, response.content
    return sorted(post["title"] for post in response.json()["results"])


@pytest.mark.parametrize("prefix", PREFIXES)
def test_whitelisted_lookups_with_type_conversion(posts: dict[str, Any], prefix: str) -> None:
    client = APIClient()
    assert titles(client, f"{prefix}?views__gte=20&views__lte=30") == ["Django notes"]
    assert titles(client, f"{prefix}?title__icontains=MONGO") == ["Mongo tips", "mongo and django"]
    assert titles(client, f"{prefix}?views__in=10,40") == ["Mongo tips", "mongo and django"]
    assert titles(client, f"{prefix}?tags=web&address__city=Oslo") == ["mongo and django"]
    assert titles(client, f"{prefix}?tags__all=db,web") == ["mongo and django"]
    assert titles(client, f"{prefix}?published__gte=2024-02-01T00:00:00Z&published__lt=2024-05-01") == [
        "Django notes"
    ]
    assert titles(client, f"{prefix}?author={posts['ann']}") == ["Django notes", "mongo and django"]
    assert titles(client, f"{prefix}?views=") == ["Django notes", "Mongo tips", "mongo and django"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_bad_values_are_400_naming_the_parameter(posts: dict[str, Any], prefix: str) -> None:
    client = APIClient()
    for query, parameter in [
        ("views__gte=many", "views__gte"),
        ("author=nope", "author"),
        ("published__gte=yesterday", "published__gte"),
        ("views__in=1,x", "views__in"),
        ("views__in=" + ",".join(["1"] * 101), "views__in"),
        ("views__gte=100000000000000000000", "views__gte"),
        ("views__in=1,-9223372036854775809", "views__in"),
    ]:
        response = client.get(f"{prefix}?{query}")
        assert response.status_code == 400, (query, response.content)
        assert parameter in response.json()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_parameters_cannot_inject_operators_or_reach_other_fields(posts: dict[str, Any], prefix: str) -> None:
    client = APIClient()
    every = ["Django notes", "Mongo tips", "mongo and django"]
    assert titles(client, f"{prefix}?title[$ne]=x") == every  # not a whitelisted parameter: ignored
    assert titles(client, f"{prefix}?views__ne=10&title__regex=.*") == every  # lookups not whitelisted
    assert titles(client, f'{prefix}?title={{"$ne": ""}}') == []  # a string, compared as a string
    assert titles(client, f"{prefix}?title__icontains=.*") == []  # regex characters are literal
    assert titles(client, f"{prefix}?search=(a+)+$") == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_drf_search_and_ordering_filters(posts: dict[str, Any], prefix: str) -> None:
    client = APIClient()
    assert titles(client, f"{prefix}?search=django") == ["Django notes", "mongo and django"]
    assert titles(client, f"{prefix}?search=mongo web") == ["mongo and django"]  # every term matches
    assert titles(client, f"{prefix}?search=tips") == ["Mongo tips"]  # a list field
    ordered = client.get(f"{prefix}?ordering=-views").json()["results"]
    assert [post["views"] for post in ordered] == [40, 25]
    by_title = client.get(f"{prefix}?ordering=title").json()["results"]
    assert [post["title"] for post in by_title] == ["Django notes", "Mongo tips"]
    ignored = client.get(f"{prefix}?ordering=secret").json()["results"]  # not an ordering field
    assert len(ignored) == 2


def test_integers_beyond_64_bits_are_refused_before_they_reach_the_driver() -> None:
    from mongodb_rest import ValidationError

    with pytest.raises(ValidationError) as caught:
        ApiPost.sync.objects.filter(views__gte=10**20).count()
    assert "views" in caught.value.errors
    with pytest.raises(ValidationError):
        ApiPost.sync.objects.filter(views__in=[1, -(2**63) - 1]).count()
    assert ApiPost.sync.objects.filter(views__gte=2**63 - 1).count() == 0


def test_geo_lookup_errors_name_the_lookup() -> None:
    from mongodb_rest import ValidationError

    with pytest.raises(ValidationError) as caught:
        ApiPost.sync.objects.filter(location__near=[10.75, 591]).count()
    assert list(caught.value.errors) == ["location__near"]
    assert "591" in caught.value.errors["location__near"][0]


def test_a_user_backend_that_queries_runs_in_a_thread(posts: dict[str, Any]) -> None:
    listed = APIClient().get("/author-posts/?author_name=Ann")
    assert listed.status_code == 200, listed.content
    assert sorted(post["title"] for post in listed.json()) == ["Django notes", "mongo and django"]
