"""Dynamic documents over DRF (sync and adrf viewsets): undeclared fields are shown after the declared
ones and written as JSON values; bad names and values are a 400 that stores nothing; a document that is
not dynamic, or a serializer listing its fields, still refuses unknown keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.urls import path
from pymongo.database import Database
from rest_framework import serializers, viewsets
from rest_framework.test import APIClient

from mongodb_rest import DynamicDocument, DynamicEmbeddedDocument
from mongodb_rest.fields import EmbeddedDocumentField, IntField, StringField
from mongodb_rest.rest_framework.schemas import AutoSchema
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Note(DynamicEmbeddedDocument):
    text = StringField()


class Page(DynamicDocument):
    title = StringField(required=True)
    views = IntField()
    note = EmbeddedDocumentField(Note)

    meta = {"collection": "drf_pages"}


class PageSerializer(DocumentSerializer):
    class Meta:
        model = Page
        exclude = ["views"]


class ShoutingPageSerializer(DocumentSerializer):
    shout = serializers.SerializerMethodField()  # not shown inline: adata walks the fields

    class Meta:
        model = Page
        exclude = ["views", "note"]

    def get_shout(self, page: Any) -> str:
        return str(page.title).upper()


class ListedPageSerializer(DocumentSerializer):
    class Meta:
        model = Page
        fields = ["id", "title"]


class Pages(viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = PageSerializer
    queryset = Page.sync.objects.all()


class AsyncPages(AsyncModelViewSet):
    serializer_class = PageSerializer
    queryset = Page.objects.all()


class ShoutingPages(AsyncModelViewSet):
    serializer_class = ShoutingPageSerializer
    queryset = Page.objects.all()


class ListedPages(AsyncModelViewSet):
    serializer_class = ListedPageSerializer
    queryset = Page.objects.all()


ROUTES = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "patch": "partial_update"}
urlpatterns = [
    path("pages/", Pages.as_view(ROUTES)),
    path("pages/<str:pk>/", Pages.as_view(DETAIL)),
    path("async-pages/", AsyncPages.as_view(ROUTES)),
    path("async-pages/<str:pk>/", AsyncPages.as_view(DETAIL)),
    path("listed-pages/", ListedPages.as_view(ROUTES)),
    path("shouting-pages/<str:pk>/", ShoutingPages.as_view(DETAIL)),
]
PREFIXES = pytest.mark.parametrize("prefix", ["/pages/", "/async-pages/"])


@pytest.fixture(autouse=True)
def these_urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


@PREFIXES
def test_undeclared_fields_are_shown_after_the_declared_ones_and_written(raw: Raw, prefix: str) -> None:
    client = APIClient()
    raw.drf_pages.insert_one({"title": "stored", "mood": "calm", "views": 3, "note": {"text": "n", "pin": 1}})
    listed = client.get(prefix).json()
    assert listed == [
        {"id": listed[0]["id"], "title": "stored", "note": {"text": "n", "pin": 1}, "mood": "calm"}
    ]
    body = {"title": "new", "rating": 4, "tags": ["a", {"b": None}], "note": {"text": "x", "stars": 2.5}}
    created = client.post(prefix, body, format="json")
    assert created.status_code == 201, created.content
    assert list(created.json()) == ["id", "title", "note", "rating", "tags"]
    assert created.json()["note"] == {"text": "x", "stars": 2.5}
    stored = raw.drf_pages.find_one({"title": "new"})
    assert stored is not None
    assert (stored["rating"], stored["tags"], stored["note"]) == (4, ["a", {"b": None}], body["note"])
    patched = client.patch(f"{prefix}{stored['_id']}/", {"rating": 5, "mood": "glad"}, format="json")
    assert patched.status_code == 200, patched.content
    assert (patched.json()["rating"], patched.json()["mood"]) == (5, "glad")
    again = raw.drf_pages.find_one({"_id": stored["_id"]})
    assert again is not None and (again["rating"], again["mood"], again["tags"]) == (
        5,
        "glad",
        ["a", {"b": None}],
    )
    shown = client.get(f"{prefix}{stored['_id']}/").json()
    assert list(shown) == ["id", "title", "note", "rating", "tags", "mood"]
    removed = client.patch(f"{prefix}{stored['_id']}/", {"mood": None}, format="json")
    assert removed.status_code == 200 and "mood" not in removed.json()
    assert "mood" not in raw.drf_pages.find_one({"_id": stored["_id"]})  # type: ignore[operator]


@PREFIXES
def test_bad_names_and_values_are_a_400_and_store_nothing(raw: Raw, prefix: str) -> None:
    client = APIClient()
    page_id = client.post(prefix, {"title": "t", "mood": "calm"}, format="json").json()["id"]
    before = raw.drf_pages.find_one()
    for body, key in [
        ({"_id": "abc"}, "_id"),
        ({"_cls": "Page"}, "_cls"),
        ({"$set": {"title": "x"}}, "$set"),
        ({"a.b": 1}, "a.b"),
        ({"views": 2}, "views"),  # excluded: still refused
        ({"huge": 2**64}, "huge"),
        ({"nested": {"$gt": 1}}, "nested"),
    ]:
        created = client.post(prefix, {"title": "x", **body}, format="json")
        assert created.status_code == 400, (body, created.content)
        assert key in created.json(), created.json()
        patched = client.patch(f"{prefix}{page_id}/", body, format="json")
        assert patched.status_code == 400, (body, patched.content)
    assert raw.drf_pages.count_documents({}) == 1
    assert raw.drf_pages.find_one() == before


def test_an_async_view_walking_its_fields_shows_undeclared_ones_too(raw: Raw) -> None:
    page_id = raw.drf_pages.insert_one({"title": "t", "mood": "calm", "views": 1}).inserted_id
    shown = APIClient().get(f"/shouting-pages/{page_id}/").json()
    assert shown == {"id": str(page_id), "title": "t", "shout": "T", "mood": "calm"}


def test_values_nested_deeper_than_the_parsers_limit_are_refused() -> None:
    deep: Any = "x"
    for _ in range(65):  # the library's JSON parser refuses such a body; other parsers may not
        deep = [deep]
    serializer = PageSerializer(data={"title": "x", "deep": deep})
    assert not serializer.is_valid()
    assert serializer.errors == {"deep": ["Nested deeper than 64 levels."]}
    with override_settings(MONGODB_JSON_MAX_DEPTH=100):
        assert PageSerializer(data={"title": "x", "deep": deep}).is_valid()


def test_listed_fields_and_documents_that_are_not_dynamic_refuse_unknown_keys(raw: Raw) -> None:
    client = APIClient()
    refused = client.post("/listed-pages/", {"title": "t", "mood": "calm"}, format="json")
    assert refused.status_code == 400 and refused.json() == {"mood": ["Unknown field."]}
    raw.drf_pages.insert_one({"title": "stored", "mood": "calm"})
    assert [set(page) for page in client.get("/listed-pages/").json()] == [{"id", "title"}]
    assert raw.drf_pages.count_documents({}) == 1


def test_the_openapi_schema_allows_undeclared_fields() -> None:
    schema = AutoSchema()
    schema.view = Pages()
    schema.direction = "request"
    assert schema.map_serializer(PageSerializer()).get("additionalProperties") is not False
    assert schema.map_serializer(ListedPageSerializer())["additionalProperties"] is False
