# Generated from tests/aio/test_queryset_faces.py by tools/unasync.py: do not edit.
"""``QuerySet.on_face()``: a QuerySet moved to the other face keeps what it selects."""

from __future__ import annotations

import pytest

from mongodb_rest.document.twins import FACES
from mongodb_rest.fields import IntField, StringField
from mongodb_rest.sync import Document

pytestmark = pytest.mark.usefixtures("db_name")


class Plant(Document):
    name = StringField()
    height = IntField()


def test_on_face_keeps_filter_order_fields_and_slice() -> None:
    for name, height in [("fern", 3), ("oak", 30), ("ivy", 1), ("elm", 20)]:
        Plant(name=name, height=height).save()
    selected = Plant.objects.filter(height__gte=2).order_by("-height").only("name")[1:3]
    for face in FACES:
        moved = selected.on_face(face)
        assert moved.model._face == face
        assert moved.query == selected.query
        assert moved is not selected
    there_and_back = Plant.objects.filter(height__gte=2).order_by("-height").on_face("sync").on_face("sync")
    assert [plant.name for plant in there_and_back] == ["oak", "elm", "fern"]
