"""Document serializers show instances by a function compiled once per serializer class and field set:
the output is the same, key for key and type for type, as DRF's own walk of the fields."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from django.test import override_settings
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from mongodb_rest import Document, EmbeddedDocument
from mongodb_rest.fields import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    DictField,
    DynamicField,
    EmailField,
    EmbeddedDocumentField,
    EnumField,
    FloatField,
    GenericReferenceField,
    GeoPointField,
    IntField,
    LazyReferenceField,
    ListField,
    LongField,
    MapField,
    ObjectIdField,
    PointField,
    ReferenceField,
    StringField,
    URLField,
    UUIDField,
)
from mongodb_rest.rest_framework import serializers as document_serializers
from mongodb_rest.rest_framework.serializers import DocumentSerializer

pytestmark = pytest.mark.usefixtures("db_name")


class Shade(enum.Enum):
    RED = "red"
    BLUE = "blue"


class CompiledPlace(EmbeddedDocument):
    city = StringField(required=True)
    zip = IntField()


class CompiledAuthor(Document):
    name = StringField(required=True)


class CompiledItem(Document):
    name = StringField(required=True, max_length=50)
    email = EmailField()
    site = URLField()
    code = StringField(regex=r"^[A-Z]+$")
    status = StringField(choices=["new", "old"])
    shade = EnumField(Shade)
    count = IntField()
    big = LongField()
    ratio = FloatField()
    price = DecimalField(max_digits=8, decimal_places=2)
    active = BooleanField()
    when = DateTimeField()
    day = DateField()
    token = UUIDField()
    other = ObjectIdField()
    place = EmbeddedDocumentField(CompiledPlace)
    places = ListField(EmbeddedDocumentField(CompiledPlace))
    tags = ListField(StringField())
    scores = MapField(IntField())
    extra = DictField()
    anything = DynamicField()
    author = ReferenceField(CompiledAuthor)
    lazy_author = LazyReferenceField(CompiledAuthor)
    target = GenericReferenceField()
    spot = GeoPointField()
    point = PointField()


class CompiledNode(EmbeddedDocument):
    name = StringField()
    child = EmbeddedDocumentField("CompiledNode")


class CompiledTree(Document):
    root = EmbeddedDocumentField(CompiledNode)


class CompiledBag(Document):
    keys = ListField(StringField())  # also the name of a dict method
    count = IntField()


class CompiledOther(Document):
    count = IntField()

    def keys(self) -> list[str]:
        return ["computed"]


class BagSerializer(DocumentSerializer):
    class Meta:
        model = CompiledBag
        fields = ["keys", "count"]


class ItemSerializer(DocumentSerializer):
    class Meta:
        model = CompiledItem
        fields = "__all__"


class DeclaredSerializer(DocumentSerializer):
    """Declared fields, a dotted source, a method field, read-only and write-only fields."""

    city = serializers.CharField(source="place.city", read_only=True)
    shout = serializers.SerializerMethodField()
    secret = serializers.CharField(write_only=True, required=False)
    label = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = CompiledItem
        fields = ["id", "name", "city", "shout", "secret", "label", "count", "author", "active"]
        read_only_fields = ["count"]
        extra_kwargs = {"active": {"write_only": True}}

    def get_shout(self, item: CompiledItem) -> str:
        return item.name.upper()


class NestedSerializer(DocumentSerializer):
    """References shown nested (``depth``)."""

    class Meta:
        model = CompiledItem
        fields = ["id", "name", "author", "place"]
        depth = 1


class OverridingSerializer(DocumentSerializer):
    class Meta:
        model = CompiledItem
        fields = ["id", "name"]

    def to_representation(self, instance: Any) -> Any:
        shown = super().to_representation(instance)
        shown["overridden"] = True
        return shown


class Upper(serializers.CharField):
    def to_representation(self, value: Any) -> str:
        return str(value).upper()


class CustomFieldSerializer(DocumentSerializer):
    name = Upper()

    class Meta:
        model = CompiledItem
        fields = ["id", "name", "count"]


SERIALIZERS = [ItemSerializer, DeclaredSerializer, NestedSerializer, CustomFieldSerializer]


@pytest.fixture
def items() -> list[Any]:
    author = CompiledAuthor.sync(name="Ann").save()
    full = CompiledItem.sync(
        name="Lamp",
        email="lamp@example.com",
        site="https://example.com/lamp",
        code="LMP",
        status="new",
        shade=Shade.BLUE,
        count=3,
        big=2**40,
        ratio=0.25,
        price=Decimal("12.50"),
        active=True,
        when=datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        day=date(2026, 1, 2),
        token=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        other=author.id,
        place=CompiledPlace(city="Oslo", zip=150),
        places=[CompiledPlace(city="Rome"), CompiledPlace(city="Bern", zip=3000)],
        tags=["a", "b"],
        scores={"x": 1, "y": 2},
        extra={"nested": {"at": datetime(2026, 1, 1, tzinfo=UTC)}, "id": author.id},
        anything=[1, "two", 3.0],
        author=author,
        lazy_author=author,
        target=author,
        spot=[10.5, 59.9],
        point={"type": "Point", "coordinates": [10.5, 59.9]},
    ).save()
    empty = CompiledItem.sync(name="Bare", active=False).save()  # every other field None
    return [full, empty]


def assert_identical(shown: Any, expected: Any) -> None:
    """The same value, with the same types and key order all the way down."""
    assert type(shown) is type(expected), (shown, expected)
    if isinstance(expected, dict):
        assert list(shown) == list(expected)
        for key in expected:
            assert_identical(shown[key], expected[key])
    elif isinstance(expected, list):
        assert len(shown) == len(expected)
        for one, other in zip(shown, expected, strict=True):
            assert_identical(one, other)
    else:
        assert shown == expected


def shown_by_drf(show: Any) -> Any:
    """What ``show()`` returns when document serializers show instances by DRF's own walk of their fields."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document_serializers, "compile_representation", _walk)
        return show()


def _walk(serializer: Any) -> Any:
    return partial(serializers.Serializer.to_representation, serializer)


@pytest.mark.parametrize("serializer_class", SERIALIZERS)
def test_sync_list_is_shown_as_drf_shows_it(items: list[Any], serializer_class: Any) -> None:
    def show() -> Any:
        return serializer_class(CompiledItem.sync.objects.order_by("name"), many=True).data

    shown = show()
    expected = shown_by_drf(show)
    assert type(shown) is ReturnList and type(expected) is ReturnList
    assert_identical(list(shown), list(expected))
    assert JSONRenderer().render(shown) == JSONRenderer().render(expected)


@pytest.mark.parametrize("serializer_class", SERIALIZERS)
def test_one_document_is_shown_as_drf_shows_it(items: list[Any], serializer_class: Any) -> None:
    for item in items:

        def show(item: Any = item) -> Any:
            return serializer_class(CompiledItem.sync.objects.get(id=item.id)).data

        shown, expected = show(), shown_by_drf(show)
        assert type(shown) is ReturnDict
        assert_identical(dict(shown), dict(expected))


@pytest.mark.parametrize("serializer_class", [ItemSerializer, DeclaredSerializer, CustomFieldSerializer])
async def test_async_list_is_shown_as_drf_shows_it(items: list[Any], serializer_class: Any) -> None:
    shown = await serializer_class(CompiledItem.objects.order_by("name"), many=True).adata
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document_serializers, "compile_representation", _walk)
        expected = await serializer_class(CompiledItem.objects.order_by("name"), many=True).adata
    assert type(shown) is ReturnList and type(expected) is ReturnList
    assert_identical(list(shown), list(expected))


def test_plain_fields_are_read_without_get_attribute(items: list[Any]) -> None:
    """Fields built by the mapping are read as attributes; declared, dotted and method fields, and the
    library's reference field (which reads the stored id), by their own get_attribute."""
    serializer = DeclaredSerializer(CompiledItem.sync.objects.order_by("name"), many=True)
    calls: dict[str, int] = {}
    for name, field in serializer.child.fields.items():
        calls[name] = 0
        field.get_attribute = _counting(field.get_attribute, calls, name)  # type: ignore[method-assign]
    assert len(serializer.data) == 2
    assert calls == {
        "id": 0,
        "name": 0,
        "city": 2,
        "shout": 2,
        "secret": 0,
        "label": 2,
        "count": 0,
        "author": 2,
        "active": 0,
    }


def _counting(get_attribute: Any, calls: dict[str, int], name: str) -> Any:
    def counted(instance: Any) -> Any:
        calls[name] += 1
        return get_attribute(instance)

    return counted


def test_compiled_once_per_serializer_class_and_field_set(items: list[Any]) -> None:
    first = ItemSerializer(many=True).child.representer()
    second = ItemSerializer(many=True).child.representer()
    assert first.__name__ == "represent_ItemSerializer"
    assert first is not second and first.__code__ is second.__code__  # one compilation, bound twice
    fewer = ItemSerializer(many=True).child
    fewer.fields.pop("name")
    assert fewer.representer().__code__ is not first.__code__  # another field set, another function


def test_overridden_to_representation_is_called(items: list[Any]) -> None:
    data = OverridingSerializer(CompiledItem.sync.objects.order_by("name"), many=True).data
    assert [row["overridden"] for row in data] == [True, True]
    assert list(data[0]) == ["id", "name", "overridden"]


def test_instances_other_than_documents_are_walked_by_drf(items: list[Any]) -> None:
    """A dict (the validated data of a serializer without an instance) is read by key, as DRF reads it,
    even for keys that are also dict methods."""
    serializer = BagSerializer(data={"keys": ["a"], "count": 2})
    assert serializer.is_valid(), serializer.errors
    assert serializer.data == {"keys": ["a"], "count": 2}


def test_missing_attribute_falls_back_to_drf(items: list[Any]) -> None:
    """An instance lacking a plain field's attribute gets DRF's answer (here the declared default)."""

    class DefaultSerializer(DocumentSerializer):
        class Meta:
            model = CompiledItem
            fields = ["name", "count"]

    serializer = DefaultSerializer()
    document = CompiledItem.sync(name="Gone")
    del document.__dict__["count"]
    assert serializer.to_representation(document) == shown_by_drf(
        lambda: DefaultSerializer().to_representation(document)
    )


@pytest.mark.parametrize(
    "settings",
    [
        {"DATETIME_FORMAT": "%Y-%m-%d %H:%M", "COERCE_DECIMAL_TO_STRING": False},
        {"DATETIME_FORMAT": None, "DATE_FORMAT": "%d/%m/%Y"},
        {"COERCE_DECIMAL_TO_STRING": True},
    ],
)
def test_drf_settings_are_honoured(items: list[Any], settings: dict[str, Any]) -> None:
    def show() -> Any:
        return ItemSerializer(CompiledItem.sync.objects.order_by("name"), many=True).data

    with override_settings(REST_FRAMEWORK={**_drf_settings(), **settings}, TIME_ZONE="Asia/Tokyo"):
        shown, expected = show(), shown_by_drf(show)
    assert_identical(list(shown), list(expected))
    if "DATETIME_FORMAT" in settings:
        assert shown[1]["when"] == expected[1]["when"]
    if settings.get("COERCE_DECIMAL_TO_STRING") is False:
        assert shown[1]["price"] == Decimal("12.50")


def _drf_settings() -> dict[str, Any]:
    from django.conf import settings

    return dict(settings.REST_FRAMEWORK)


class AsyncOverridingSerializer(DocumentSerializer):
    class Meta:
        model = CompiledItem
        fields = ["id", "name"]

    async def ato_representation(self, instance: Any) -> Any:
        shown = await super().ato_representation(instance)
        shown["awaited"] = True
        return shown


async def test_overridden_ato_representation_is_awaited_for_lists(items: list[Any]) -> None:
    data = await AsyncOverridingSerializer(CompiledItem.objects.order_by("name"), many=True).adata
    assert [row["awaited"] for row in data] == [True, True]


def test_embedded_documents_of_their_own_type_are_compiled_as_they_are_shown() -> None:
    class TreeSerializer(DocumentSerializer):
        class Meta:
            model = CompiledTree
            fields = "__all__"

    tree = CompiledTree(root=CompiledNode(name="a", child=CompiledNode(name="b")))
    shown = TreeSerializer(tree).data
    assert shown == {"id": None, "root": {"name": "a", "child": {"name": "b", "child": None}}}
    assert_identical(dict(shown), dict(shown_by_drf(lambda: TreeSerializer(tree).data)))


def test_a_document_of_another_class_is_walked_by_drf() -> None:
    """A method named like a field is called, as DRF calls callable attributes."""
    shown = BagSerializer().to_representation(CompiledOther(count=1))
    assert shown == {"keys": ["computed"], "count": 1}
    assert BagSerializer().to_representation(CompiledBag(keys=["a"], count=1)) == {"keys": ["a"], "count": 1}
