"""Crafted requests to the example under uvicorn: each answer is a JSON 400, 404 or 413, never a 500."""

from __future__ import annotations

import json
from base64 import urlsafe_b64encode

import httpx

from .test_api import create, results, user_body

MAX_BODY = 2_621_440  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE default


def refused(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json", response.text
    body: dict[str, object] = response.json()
    return body


def test_json_nested_too_deep_is_a_400(http: httpx.Client) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    for resource in ("users", "places"):  # the library's async viewset, DRF's own sync one
        response = http.post(f"/api/{resource}/", content=deep, headers={"content-type": "application/json"})
        assert "nest deeper than 64 levels" in str(refused(response, 400)["detail"])


def test_bodies_over_the_size_limit_are_a_json_413(http: httpx.Client, marker: str) -> None:
    big = user_body(marker, name="x" * MAX_BODY)
    for resource in ("users", "places"):
        response = http.post(f"/api/{resource}/", json=big)
        assert refused(response, 413) == {"detail": "The request body is too large."}


def test_a_search_of_many_terms_and_a_repeated_ordering(http: httpx.Client, marker: str) -> None:
    for n in range(3):
        create(http, "users", user_body(marker, n, name=f"{marker} {n}" + "x" * 80))
    assert len(results(http, f"/api/users/?search={'+'.join([marker] * 300)}")) == 3
    url: str | None = f"/api/users/?tags={marker}&page_size=1&ordering={','.join(['name'] * 100)}"
    names = []
    while url is not None:
        response = http.get(url)
        assert response.status_code == 200, response.text
        names.append(response.json()["results"][0]["name"].split()[1][0])
        url = response.json()["next"]
    assert names == ["0", "1", "2"]


def test_forged_cursors_and_geojson_are_refused(http: httpx.Client) -> None:
    position = {"p": [{"$numberLong": "9" * 30}, {"$oid": "0" * 24}], "r": False}
    cursor = urlsafe_b64encode(json.dumps(position).encode()).decode()
    for resource in ("users", "places"):
        refused(http.get(f"/api/{resource}/?ordering=name&cursor={cursor}"), 404)
    for location in ([int("1" + "0" * 400), 0], {"type": "Point", "coordinates": [1, 2], "evil": 1}):
        response = http.post("/api/places/", json={"name": "Far", "location": location})
        assert "location" in refused(response, 400)
