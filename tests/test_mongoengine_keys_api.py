"""A document with a custom primary key over DRF: the key (served as ``id``) is written by the client,
and the detail route looks documents up by it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import AsyncClient, override_settings
from django.urls import path
from pymongo.database import Database

from mongodb_rest import Document, StringField
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Handle(Document):
    slug = StringField(primary_key=True, max_length=20)
    title = StringField()

    meta = {"collection": "handles"}


class HandleSerializer(DocumentSerializer):
    class Meta:
        model = Handle
        fields = ["id", "title"]


class Handles(AsyncModelViewSet):
    queryset = Handle.objects.all()
    serializer_class = HandleSerializer


urlpatterns = [
    path("handles/", Handles.as_view({"post": "create"})),
    path("handles/<str:pk>/", Handles.as_view({"get": "retrieve"})),
]


@pytest.fixture(autouse=True)
def these_urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


async def test_the_client_gives_the_key_and_reads_by_it(raw: Raw) -> None:
    client = AsyncClient()
    created = await client.post(
        "/handles/", json.dumps({"id": "ann", "title": "Ann"}), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json() == {"id": "ann", "title": "Ann"}
    assert raw.handles.find_one() == {"_id": "ann", "title": "Ann"}
    found = await client.get("/handles/ann/")
    assert (found.status_code, found.json()) == (200, {"id": "ann", "title": "Ann"})
    assert (await client.get("/handles/nobody/")).status_code == 404
    too_long = await client.post(
        "/handles/", json.dumps({"id": "x" * 21, "title": "X"}), content_type="application/json"
    )
    assert too_long.status_code == 400
