"""Crafted requests to the library's views and DRF's: each is a 400, 404 or 413 with a JSON body,
never a 500 or Django's HTML error page."""

from __future__ import annotations

import json
from base64 import urlsafe_b64encode
from typing import Any

import pytest
from django.test import RequestFactory, override_settings
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from mongodb_rest import connect, disconnect
from mongodb_rest.rest_framework.pagination import MAX_CURSOR
from mongodb_rest.rest_framework.parsers import JSONParser, nesting_exceeds

from .api import ApiPost

pytestmark = pytest.mark.usefixtures("db_name")
PREFIXES = ["/posts/", "/async-posts/"]  # DRF's viewset on the sync face, the library's on the async one


def deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


class Echo(APIView):
    """A plain DRF view using the library's parser, as DEFAULT_PARSER_CLASSES would give it."""

    authentication_classes: list[Any] = []
    parser_classes = [JSONParser]

    def post(self, request: Any) -> Response:
        return Response({"data": request.data})


class ShallowParser(JSONParser):
    max_depth = 3


class ShallowEcho(Echo):
    parser_classes = [ShallowParser]


def echo(view: type[APIView], body: str) -> Response:
    request = APIRequestFactory().post("/", body, content_type="application/json")
    response: Response = view.as_view()(request)
    return response


def test_nesting_is_measured_outside_strings_and_without_recursion() -> None:
    assert not nesting_exceeds(b'{"a": [1, {"b": "[[[[{{{{"}], "c": "\\"[[[["}', 3)
    assert nesting_exceeds(b'{"a": [1, {"b": []}]}', 3)
    assert not nesting_exceeds(b'{"a": [1, {"b": []}]}', 4)
    assert nesting_exceeds(deep_json(1_000_000).encode(), 64)


def test_json_nested_too_deep_is_a_400() -> None:
    client = APIClient()
    for body in (
        deep_json(10_000),
        json.dumps({"title": "x", "tags": [[[["a"]]]] * 2}) + " " + deep_json(65),
    ):
        response = client.post("/async-posts/", body, content_type="application/json")
        assert response.status_code == 400, response.content
        assert "nest deeper than 64 levels" in response.json()["detail"]
    response = client.post(
        "/async-posts/", json.dumps({"title": "[[{{" * 25}), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert echo(Echo, deep_json(64)).data == {"data": json.loads(deep_json(64))}
    assert echo(Echo, deep_json(10_000)).status_code == 400
    assert echo(ShallowEcho, deep_json(4)).status_code == 400  # the class attribute
    assert echo(ShallowEcho, deep_json(3)).status_code == 200
    with override_settings(MONGODB_JSON_MAX_DEPTH=2):  # the setting
        assert echo(Echo, deep_json(3)).status_code == 400
        assert echo(Echo, deep_json(2)).status_code == 200


@pytest.mark.parametrize("prefix", PREFIXES)
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_bodies_over_the_size_limit_are_a_json_413(prefix: str) -> None:
    client = APIClient()
    big = {"title": "x" * 2000}
    for response in (client.post(prefix, big, format="json"), client.post(prefix, big)):
        assert response.status_code == 413, response.content
        assert response.json() == {"detail": "The request body is too large."}
    assert client.post(prefix, {"title": "small"}, format="json").status_code == 201


@pytest.mark.parametrize("prefix", PREFIXES)
@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5)
def test_forms_of_too_many_fields_are_a_json_400(prefix: str) -> None:
    response = APIClient().post(prefix, {f"field{index}": "x" for index in range(10)})
    assert response.status_code == 400, response.content
    assert "DATA_UPLOAD_MAX_NUMBER_FIELDS" in response.json()["detail"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_search_of_many_terms_is_answered(prefix: str) -> None:
    ApiPost.sync(title="x marks", tags=["x"]).save()
    ApiPost.sync(title="y", tags=["y"]).save()
    response = APIClient().get(f"{prefix}?search={'+'.join(['x'] * 250)}")
    assert response.status_code == 200, response.content
    assert [post["title"] for post in response.json()["results"]] == ["x marks"]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("number", ["9" * 30, str(2**63), str(-(2**63) - 1)])
def test_a_cursor_holding_an_integer_beyond_64_bits_is_a_404(prefix: str, number: str) -> None:
    ApiPost.sync(title="p").save()
    cursor = json.dumps({"p": [{"$numberLong": number}, {"$oid": "0" * 24}], "r": False})
    encoded = urlsafe_b64encode(cursor.encode()).decode()
    response = APIClient().get(f"{prefix}?cursor={encoded}&ordering=views")
    assert response.status_code == 404, response.content
    assert response.json() == {"detail": "Invalid cursor"}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_links_of_a_repeated_ordering_can_be_followed(prefix: str) -> None:
    for index in range(3):
        ApiPost.sync(title=f"{index}" + "t" * 90).save()
    client = APIClient()
    ordering = ",".join(["title"] * 100)
    body = client.get(f"{prefix}?page_size=1&ordering={ordering}").json()
    titles = [body["results"][0]["title"][0]]
    while body["next"] is not None:
        assert len(body["next"].split("cursor=")[1].split("&")[0]) < MAX_CURSOR
        response = client.get(body["next"])
        assert response.status_code == 200, response.content
        body = response.json()
        titles.append(body["results"][0]["title"][0])
    assert titles == ["0", "1", "2"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_geojson_input_is_checked_over_http(prefix: str) -> None:
    client = APIClient()
    for location, message in [
        ([int("1" + "0" * 400), 0], "A coordinate is too large."),
        ({"type": "Point", "coordinates": [1, 2], "evil": 1}, "Unknown GeoJSON Point keys: evil."),
    ]:
        response = client.post(prefix, {"title": "x", "location": location}, format="json")
        assert response.status_code == 400, response.content
        assert response.json() == {"location": [message]}
    assert ApiPost.sync.objects.count() == 0


async def test_the_example_health_check_names_no_driver_class() -> None:
    from example.community.views import health

    disconnect()
    connect("unreachable", host="mongodb://127.0.0.1:9/", serverSelectionTimeoutMS=50)
    response = await health(RequestFactory().get("/api/health/"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "error": "The database is unavailable."}
