"""A PATCH of one field of a document holding a long list, through DRF's and adrf's viewsets: the save
sends that field alone and neither encodes nor compares the list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import AsyncClient, override_settings
from django.urls import path
from pymongo.database import Database
from rest_framework import viewsets
from rest_framework.test import APIClient

from mongodb_rest import Document
from mongodb_rest.fields import IntField, ListField, StringField
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

from .conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
encoded: list[int] = []  # the length of each list CountedList encoded
ITEMS = [f"item{i}" for i in range(2000)]


class CountedList(ListField):
    """A list of strings that records each time it is encoded."""

    def to_mongo(self, value: Any) -> Any:
        encoded.append(len(value))
        return super().to_mongo(value)


class Shelf(Document):
    title = StringField(max_length=20)
    count = IntField(default=0)
    items = CountedList(StringField())

    meta = {"collection": "shelves"}


class ShelfSerializer(DocumentSerializer):
    class Meta:
        model = Shelf
        fields = ["id", "title", "count", "items"]


class Shelves(viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = ShelfSerializer

    def get_queryset(self) -> Any:
        return Shelf.sync.objects.all()


class AsyncShelves(AsyncModelViewSet):
    serializer_class = ShelfSerializer
    queryset = Shelf.objects.all()


urlpatterns = [
    path("shelves/<str:pk>/", Shelves.as_view({"patch": "partial_update"})),
    path("async-shelves/<str:pk>/", AsyncShelves.as_view({"patch": "partial_update"})),
]


@pytest.fixture(autouse=True)
def these_urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


def stored_shelf(raw: Raw) -> Any:
    ident = raw.shelves.insert_one({"title": "books", "count": 0, "items": ITEMS}).inserted_id
    encoded.clear()
    return ident


def check_patched(raw: Raw, commands: CommandRecorder, ident: Any, response: Any) -> None:
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "novels" and len(response.json()["items"]) == 2000
    (update,) = commands.named("update")
    assert update["updates"][0]["u"] == {"$set": {"title": "novels"}}
    assert encoded == []  # the list was neither encoded nor compared
    assert raw.shelves.find_one({"_id": ident}) == {
        "_id": ident,
        "title": "novels",
        "count": 0,
        "items": ITEMS,
    }


def test_a_patch_of_one_field_sends_and_compares_that_field(raw: Raw, commands: CommandRecorder) -> None:
    ident = stored_shelf(raw)
    commands.clear()
    response = APIClient().patch(f"/shelves/{ident}/", {"title": "novels"}, format="json")
    check_patched(raw, commands, ident, response)


async def test_an_async_patch_of_one_field_sends_and_compares_that_field(
    raw: Raw, commands: CommandRecorder
) -> None:
    ident = stored_shelf(raw)
    commands.clear()
    response = await AsyncClient().patch(
        f"/async-shelves/{ident}/", json.dumps({"title": "novels"}), content_type="application/json"
    )
    check_patched(raw, commands, ident, response)


def test_a_patch_of_the_list_writes_it(raw: Raw, commands: CommandRecorder) -> None:
    ident = stored_shelf(raw)
    commands.clear()
    response = APIClient().patch(f"/shelves/{ident}/", {"items": ["one"]}, format="json")
    assert response.status_code == 200, response.content
    (update,) = commands.named("update")
    assert update["updates"][0]["u"] == {"$set": {"items": ["one"]}}
    assert raw.shelves.find_one({"_id": ident})["items"] == ["one"]  # type: ignore[index]
