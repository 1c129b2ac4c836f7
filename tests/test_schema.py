"""OpenAPI: DRF's schema generation and drf-spectacular's describe document serializers and views."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

OBJECT_ID_PATTERN = "^[0-9a-fA-F]{24}$"


def check_post_component(post: dict[str, Any]) -> None:
    properties = post["properties"]
    assert properties["id"]["pattern"] == OBJECT_ID_PATTERN and properties["id"]["readOnly"] is True
    assert properties["title"]["type"] == "string" and properties["title"]["maxLength"] == 100
    assert properties["author"]["pattern"] == OBJECT_ID_PATTERN
    assert properties["about"]["properties"]["type"] == {"type": "string"}
    assert properties["location"]["properties"]["type"]["enum"] == ["Point"]
    assert properties["views"]["minimum"] == 0 and properties["views"]["type"] == "integer"
    assert properties["published"]["format"] == "date-time"
    assert "title" in post["required"]


def test_drf_schema_view_describes_documents() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test URLs reuse serializers: duplicated operation ids
        response = APIClient().get("/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    check_post_component(schema["components"]["schemas"]["ApiPost"])
    address = schema["components"]["schemas"]["ApiPost"]["properties"]["address"]
    assert address["required"] == ["street", "city"]
    listing = schema["paths"]["/async-posts/"]["get"]  # an adrf view, described as DRF's list
    assert listing["operationId"] == "listApiPosts"
    names = [parameter["name"] for parameter in listing["parameters"]]
    assert {"cursor", "views__gte", "title__icontains", "search", "ordering"} <= set(names)
    results = listing["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["results"]
    assert results["type"] == "array"
    assert "/members/{id}/" in schema["paths"]  # DRF's own viewset, pk coerced to the id field
    detail = schema["paths"]["/async-posts/{id}/"]["get"]["parameters"][0]
    assert detail["name"] == "id" and detail["schema"]["pattern"] == OBJECT_ID_PATTERN


@pytest.mark.parametrize(
    "configured", ["drf_spectacular.openapi.AutoSchema", "mongodb_rest.rest_framework.spectacular.AutoSchema"]
)
def test_drf_spectacular_describes_documents(configured: str) -> None:
    from drf_spectacular.generators import SchemaGenerator

    rest = {
        "DEFAULT_SCHEMA_CLASS": configured,
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
    }
    urlconf = "tests.spectacular_urls"
    with override_settings(REST_FRAMEWORK=rest, ROOT_URLCONF=urlconf):
        schema = SchemaGenerator(title="t", version="1", urlconf=urlconf).get_schema(
            request=None, public=True
        )
    components = schema["components"]["schemas"]
    check_post_component(components["ApiPost"])
    assert "description" not in components["ApiPost"]
    assert components["ApiPost"]["properties"]["attachment"]["properties"]["url"]["format"] == "uri"
    assert components["PatchedApiPost"]["properties"]["attachment"]["format"] == "binary"
    detail = schema["paths"]["/async-posts/{id}/"]["get"]
    assert detail["parameters"][0]["schema"]["pattern"] == OBJECT_ID_PATTERN
    assert schema["paths"]["/async-posts/"]["get"]["operationId"] == "async_posts_list"
    deep = components["DeepPost"]["properties"]["author"]
    assert deep["allOf"][0]["$ref"] == "#/components/schemas/NestedApiMember"
