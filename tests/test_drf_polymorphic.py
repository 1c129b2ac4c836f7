"""Embedded documents of a class allowing inheritance over DRF (sync and adrf viewsets): each value is
shown with its own class's fields and its ``_cls``, input naming a subclass is validated as it, an unknown
class is a 400 naming the known ones, and the OpenAPI schema is one of the classes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.urls import path
from pymongo.database import Database
from rest_framework import viewsets
from rest_framework.test import APIClient

from mongodb_rest import Document, EmbeddedDocument
from mongodb_rest.fields import (
    EmbeddedDocumentField,
    FloatField,
    IntField,
    ListField,
    StringField,
)
from mongodb_rest.rest_framework.schemas import AutoSchema
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Shape(EmbeddedDocument):
    color = StringField()

    meta = {"allow_inheritance": True}


class Circle(Shape):
    radius = FloatField(required=True, min_value=0)


class Square(Shape):
    side = IntField(required=True)


class Drawing(Document):
    title = StringField(required=True)
    main = EmbeddedDocumentField(Shape)
    shapes = ListField(EmbeddedDocumentField(Shape))

    meta = {"collection": "drf_drawings"}


class DrawingSerializer(DocumentSerializer):
    class Meta:
        model = Drawing
        fields = "__all__"


class Drawings(viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = DrawingSerializer
    queryset = Drawing.sync.objects.all()


class AsyncDrawings(AsyncModelViewSet):
    serializer_class = DrawingSerializer
    queryset = Drawing.objects.all()


ROUTES = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "patch": "partial_update"}
urlpatterns = [
    path("drawings/", Drawings.as_view(ROUTES)),
    path("drawings/<str:pk>/", Drawings.as_view(DETAIL)),
    path("async-drawings/", AsyncDrawings.as_view(ROUTES)),
    path("async-drawings/<str:pk>/", AsyncDrawings.as_view(DETAIL)),
]
PREFIXES = pytest.mark.parametrize("prefix", ["/drawings/", "/async-drawings/"])
BODY = {
    "title": "t",
    "main": {"_cls": "Shape.Circle", "color": "red", "radius": 1.5},
    "shapes": [{"_cls": "Square", "side": 2}, {"color": "blue"}],
}


@pytest.fixture(autouse=True)
def these_urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


@PREFIXES
def test_each_value_is_shown_and_stored_as_its_own_class(raw: Raw, prefix: str) -> None:
    client = APIClient()
    created = client.post(prefix, BODY, format="json")
    assert created.status_code == 201, created.content
    shown = {
        "main": {"_cls": "Shape.Circle", "color": "red", "radius": 1.5},
        "shapes": [{"_cls": "Shape.Square", "color": None, "side": 2}, {"_cls": "Shape", "color": "blue"}],
    }
    assert {key: created.json()[key] for key in shown} == shown
    stored = raw.drf_drawings.find_one()
    assert stored is not None
    assert stored["main"] == {"_cls": "Shape.Circle", "color": "red", "radius": 1.5}
    assert stored["shapes"] == [{"_cls": "Shape.Square", "side": 2}, {"_cls": "Shape", "color": "blue"}]
    listed = client.get(prefix).json()
    assert [{key: item[key] for key in shown} for item in listed] == [shown]
    detail = client.get(f"{prefix}{stored['_id']}/").json()
    assert {key: detail[key] for key in shown} == shown
    replaced = client.patch(
        f"{prefix}{stored['_id']}/", {"main": {"_cls": "Shape.Square", "side": 3}}, format="json"
    )
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["main"] == {"_cls": "Shape.Square", "color": None, "side": 3}
    assert raw.drf_drawings.find_one()["main"] == {"_cls": "Shape.Square", "side": 3}  # type: ignore[index]


@PREFIXES
def test_bad_input_is_a_400_naming_the_fix_and_stores_nothing(raw: Raw, prefix: str) -> None:
    client = APIClient()
    created = client.post(prefix, BODY, format="json").json()
    before = raw.drf_drawings.find_one()
    unknown = client.post(prefix, {**BODY, "main": {"_cls": "Triangle", "sides": 3}}, format="json")
    assert unknown.status_code == 400
    message = unknown.json()["main"][0]
    assert "'Triangle'" in message and "Shape, Shape.Circle, Shape.Square" in message
    for main, key in [
        ({"_cls": "Shape", "radius": 1.0}, "radius"),  # a subclass's field on the base class: unknown
        ({"_cls": "Shape.Circle", "radius": -1}, "radius"),  # the subclass's own checks
        ({"_cls": "Shape.Circle"}, "radius"),  # ... and required fields
        ({"_cls": "Shape.Circle", "radius": 1, "side": 2}, "side"),
    ]:
        response = client.post(prefix, {**BODY, "main": main}, format="json")
        assert response.status_code == 400, (main, response.content)
        assert key in response.json()["main"], response.json()
    not_an_object = client.post(prefix, {**BODY, "shapes": ["circle"]}, format="json")
    assert not_an_object.status_code == 400
    in_list = client.post(prefix, {**BODY, "shapes": [{"_cls": "Hexagon"}]}, format="json")
    assert in_list.status_code == 400 and "Hexagon" in str(in_list.json()["shapes"])
    refused = client.patch(
        f"{prefix}{created['id']}/", {"main": {"_cls": "Shape.Circle", "radius": "wide"}}, format="json"
    )
    assert refused.status_code == 400
    assert raw.drf_drawings.count_documents({}) == 1
    assert raw.drf_drawings.find_one() == before


def test_the_openapi_schema_is_one_of_the_classes() -> None:
    schema = AutoSchema()
    schema.view = Drawings()
    main = schema.map_field(DrawingSerializer().fields["main"])
    options = {option["properties"]["_cls"]["enum"][0]: option for option in main["oneOf"]}
    assert sorted(options) == ["Shape", "Shape.Circle", "Shape.Square"]
    assert "radius" in options["Shape.Circle"]["properties"]
    assert "radius" not in options["Shape"]["properties"]
    items = schema.map_field(DrawingSerializer().fields["shapes"])["items"]
    assert len(items["oneOf"]) == 3


def test_drf_spectacular_describes_one_of_the_classes() -> None:
    from drf_spectacular.generators import SchemaGenerator

    rest = {
        "DEFAULT_SCHEMA_CLASS": "mongodb_rest.rest_framework.spectacular.AutoSchema",
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
    }
    with override_settings(REST_FRAMEWORK=rest, ROOT_URLCONF=__name__):
        schema = SchemaGenerator(title="t", version="1", urlconf=__name__).get_schema(
            request=None, public=True
        )
    components = schema["components"]["schemas"]
    main = components["Drawing"]["properties"]["main"]
    options = {option["properties"]["_cls"]["enum"][0]: option for option in main["oneOf"]}
    assert sorted(options) == ["Shape", "Shape.Circle", "Shape.Square"]
    assert (
        "radius" in options["Shape.Circle"]["properties"] and "side" in options["Shape.Square"]["properties"]
    )
    assert len(components["Drawing"]["properties"]["shapes"]["items"]["oneOf"]) == 3
