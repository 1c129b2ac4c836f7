# Generated from tests/aio/test_mongoengine_fields.py by tools/unasync.py: do not edit.
"""MongoEngine's field types on this face: stored as MongoEngine stores them, read back, queried."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import pytest
from bson import DBRef, Decimal128
from pymongo.database import Database

from mongodb_rest.fields import (
    DecimalField,
    DictField,
    EmbeddedDocumentField,
    FloatField,
    GenericReferenceField,
    IntField,
    ListField,
    StringField,
    UUIDField,
)
from mongodb_rest.sync import (
    ComplexDateTimeField,
    DefinitionError,
    Document,
    DoesNotExist,
    DynamicDocument,
    DynamicEmbeddedDocument,
    DynamicField,
    EmbeddedDocument,
    EmbeddedDocumentListField,
    EnumField,
    GenericEmbeddedDocumentField,
    GeoPointField,
    MapField,
    MultiLineStringField,
    MultipleObjectsReturned,
    MultiPointField,
    MultiPolygonField,
    SortedListField,
    ValidationError,
)

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Status(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Priority(Enum):
    LOW = 1
    HIGH = 2


class Comment(EmbeddedDocument):
    author = StringField(required=True)
    text = StringField()
    votes = IntField(default=0)


class Post(Document):
    title = StringField(required=True)
    status = EnumField(Status, default=Status.DRAFT)
    priority = EnumField(Priority, choices=[Priority.HIGH])
    comments = EmbeddedDocumentListField(Comment)
    scores = MapField(IntField(min_value=0))
    edited = ComplexDateTimeField()
    tags = SortedListField(StringField())
    ranked = SortedListField(EmbeddedDocumentField(Comment), ordering="votes", reverse=True)
    level: Priority | None = None  # a native Enum annotation is stored the same way


class Place(Document):
    name = StringField()
    spot = GeoPointField()
    stops = MultiPointField()
    routes = MultiLineStringField()
    areas = MultiPolygonField()
    meta = {"indexes": [("spot", "2d"), ("stops", "2dsphere"), ("areas", "2dsphere")]}


def test_enum_field_stores_values_reads_members_and_filters_by_either(raw: Raw) -> None:
    post = Post(title="a", status="published").save()
    assert post.status is Status.PUBLISHED
    Post(title="b").save()
    stored = raw.post.find_one({"_id": post.id})
    assert stored is not None and stored["status"] == "published"
    loaded = Post.objects.get(id=post.id)
    assert loaded.status is Status.PUBLISHED
    assert Post.objects.filter(status=Status.PUBLISHED).count() == 1
    assert Post.objects.filter(status="draft").count() == 1
    assert Post.objects.filter(status__in=[Status.DRAFT, "published"]).count() == 2
    with pytest.raises(ValidationError):
        Post(title="c", status="deleted")
    with pytest.raises(ValidationError, match=r"\[2\]"):
        Post(title="c", priority=Priority.LOW)  # choices narrow the members
    assert Post(title="c", priority=2).priority is Priority.HIGH
    with pytest.raises(ValidationError):
        Post.objects.filter(status="deleted").count()
    native = Post(title="n", level=Priority.HIGH).save()
    assert raw.post.find_one({"_id": native.id}, {"level": 1}) == {"_id": native.id, "level": 2}
    assert (Post.objects.get(level=2)).level is Priority.HIGH


def test_embedded_document_list_helpers(raw: Raw) -> None:
    post = Post(title="a", comments=[Comment(author="ann", text="hi"), Comment(author="bob", votes=2)])
    post.save()
    loaded = Post.objects.get(id=post.id)
    comments = loaded.comments
    assert comments.count() == 2
    assert [c.author for c in comments.filter(author="ann")] == ["ann"]
    assert [c.author for c in comments.exclude(author="ann")] == ["bob"]
    assert comments.get(votes=2).author == "bob"
    assert comments.first().author == "ann"
    with pytest.raises(DoesNotExist):
        comments.get(author="zoe")
    cy = comments.filter(author="ann").create(author="cy")  # appended to the document's list
    assert comments[-1] is cy
    with pytest.raises(MultipleObjectsReturned):
        comments.get(votes=0)
    with pytest.raises(ValidationError, match="no field 'writer'"):
        comments.filter(writer="ann")

    assert comments.filter(author="ann").update(text="edited") == 1
    assert comments.filter(author="cy").delete() == 1
    comments.filter(author="ann").save()  # saves the document holding the list
    stored = raw.post.find_one({"_id": post.id})
    assert stored is not None
    assert [(c["author"], c.get("text")) for c in stored["comments"]] == [("ann", "edited"), ("bob", None)]

    created = loaded.comments.create(author="dee", votes=5)
    assert isinstance(created, Comment) and loaded.comments[-1] is created
    loaded.comments.save()
    reloaded = Post.objects.get(id=post.id)
    assert [c.author for c in reloaded.comments] == ["ann", "bob", "dee"]
    assert Post.objects.filter(comments__author="dee").count() == 1


def test_map_field_validates_every_value(raw: Raw) -> None:
    post = Post(title="a", scores={"x": 1, "y": 2}).save()
    stored = raw.post.find_one({"_id": post.id})
    assert stored is not None and stored["scores"] == {"x": 1, "y": 2}
    assert (Post.objects.get(id=post.id)).scores == {"x": 1, "y": 2}
    assert Post.objects.filter(scores__y=2).count() == 1
    with pytest.raises(ValidationError):
        Post(title="b", scores={"x": -1})
    with pytest.raises(ValidationError):
        Post(title="b", scores={"x": "many"})
    with pytest.raises(TypeError, match="MapField takes a field"):
        MapField(int)  # type: ignore[arg-type]


def test_complex_datetime_keeps_microseconds_and_sorts_as_a_string(raw: Raw) -> None:
    early = datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
    late = datetime(2024, 1, 2, 3, 4, 5, 123457, tzinfo=UTC)
    first = Post(title="early", edited=early).save()
    Post(title="late", edited=late).save()
    stored = raw.post.find_one({"_id": first.id})
    assert stored is not None and stored["edited"] == "2024,01,02,03,04,05,123456"
    assert (Post.objects.get(id=first.id)).edited == early
    assert [p.title for p in Post.objects.filter(edited__gt=early)] == ["late"]
    assert [p.title for p in Post.objects.order_by("-edited")] == ["late", "early"]
    naive = Post(title="naive", edited=datetime(2020, 5, 6, 7, 8, 9, 10)).save()
    assert (Post.objects.get(id=naive.id)).edited == datetime(2020, 5, 6, 7, 8, 9, 10, tzinfo=UTC)


def test_sorted_list_field_is_stored_sorted(raw: Raw) -> None:
    post = Post(
        title="a",
        tags=["pear", "apple", "fig"],
        ranked=[Comment(author="low", votes=1), Comment(author="top", votes=9), Comment(author="mid")],
    )
    post.save()
    stored = raw.post.find_one({"_id": post.id})
    assert stored is not None
    assert stored["tags"] == ["apple", "fig", "pear"]
    assert [c["author"] for c in stored["ranked"]] == ["top", "low", "mid"]
    loaded = Post.objects.get(id=post.id)
    loaded.tags.append("banana")
    loaded.save()
    stored = raw.post.find_one({"_id": post.id})
    assert stored is not None and stored["tags"] == ["apple", "banana", "fig", "pear"]


def test_geo_point_and_multi_geometries(raw: Raw) -> None:
    square = [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]
    place = Place(
        name="park",
        spot=(2, 3),
        stops=[[1, 2], [3, 4]],
        routes=[[[0, 0], [1, 1]], [[2, 2], [3, 3]]],
        areas={"type": "MultiPolygon", "coordinates": [square]},
    )
    place.save()
    stored = raw.place.find_one({"_id": place.id})
    assert stored is not None
    assert stored["spot"] == [2.0, 3.0]
    assert stored["stops"] == {"type": "MultiPoint", "coordinates": [[1.0, 2.0], [3.0, 4.0]]}
    assert stored["routes"]["type"] == "MultiLineString"
    assert stored["areas"]["coordinates"][0][0][2] == [1.0, 1.0]
    loaded = Place.objects.get(id=place.id)
    assert loaded.spot == [2.0, 3.0] and loaded.stops == stored["stops"]
    assert Place.objects.filter(spot=[2, 3]).count() == 1
    with pytest.raises(ValidationError, match="pair of numbers"):
        Place(spot=[1, 2, 3])
    with pytest.raises(ValidationError):
        Place(stops=[1, 2])
    with pytest.raises(ValidationError):
        Place(areas=[[[[0, 0], [0, 1], [1, 1]]]])
    Place.ensure_indexes()
    keys = {tuple(index["key"].items()) for index in raw.place.list_indexes()}
    assert (("spot", "2d"),) in keys and (("areas", "2dsphere"),) in keys


class Shape(EmbeddedDocument):
    name = StringField()
    meta = {"allow_inheritance": True}


class Circle(Shape):
    radius = IntField(required=True)


class Label(EmbeddedDocument):
    text = StringField()


class Drawing(Document):
    main = EmbeddedDocumentField(Shape)
    shapes = ListField(EmbeddedDocumentField(Shape))
    named = DictField(EmbeddedDocumentField(Shape))
    anything = GenericEmbeddedDocumentField()
    loose = ListField()
    extras = DictField()


def test_inheriting_embedded_documents_read_back_as_their_class(raw: Raw) -> None:
    drawing = Drawing(
        main=Circle(name="c", radius=2),
        shapes=[Shape(name="s"), Circle(radius=3)],
        named={"x": Circle(radius=1)},
    )
    drawing.save()
    stored = raw.drawing.find_one({"_id": drawing.id})
    assert stored is not None
    assert stored["main"] == {"name": "c", "radius": 2, "_cls": "Shape.Circle"}
    assert [shape["_cls"] for shape in stored["shapes"]] == ["Shape", "Shape.Circle"]
    assert stored["named"]["x"]["_cls"] == "Shape.Circle"
    loaded = Drawing.objects.get(id=drawing.id)
    assert isinstance(loaded.main, Circle) and loaded.main.radius == 2
    assert [type(shape) for shape in loaded.shapes] == [Shape, Circle]
    assert isinstance(loaded.named["x"], Circle) and loaded.named["x"].radius == 1
    assert Drawing.objects.filter(main=Circle(name="c", radius=2)).count() == 1
    assert Drawing.objects.filter(shapes__name="s").count() == 1
    with pytest.raises(ValidationError, match="radius"):
        Drawing(main=Circle(name="c", radius=2).model_copy(update={"radius": "wide"}))


def test_generic_embedded_field_and_untyped_containers_keep_the_class(raw: Raw) -> None:
    drawing = Drawing(
        anything=Label(text="hi"),
        loose=[Circle(radius=5), 1, {"plain": True}],
        extras={"tag": Label(text="x"), "n": 2},
    )
    drawing.save()
    stored = raw.drawing.find_one({"_id": drawing.id})
    assert stored is not None
    assert stored["anything"] == {"text": "hi", "_cls": "Label"}
    assert stored["loose"] == [{"radius": 5, "_cls": "Shape.Circle"}, 1, {"plain": True}]
    assert stored["extras"] == {"tag": {"text": "x", "_cls": "Label"}, "n": 2}
    loaded = Drawing.objects.get(id=drawing.id)
    assert loaded.anything == Label(text="hi")
    assert loaded.loose[0] == Circle(radius=5) and isinstance(loaded.loose[0], Circle)
    assert loaded.loose[1:] == [1, {"plain": True}]
    assert loaded.extras == {"tag": Label(text="x"), "n": 2}
    assert Drawing.objects.filter(anything=Label(text="hi")).count() == 1
    assert Drawing(anything={"_cls": "Label", "text": "from a dict"}).anything == Label(text="from a dict")
    with pytest.raises(ValidationError, match="embedded document"):
        Drawing(anything={"text": "no class"})
    with pytest.raises(ValidationError, match="embedded document"):
        Drawing(anything="text")


class Mood(DynamicEmbeddedDocument):
    label = StringField()


class Entry(DynamicDocument):
    title = StringField(required=True)
    mood = EmbeddedDocumentField(Mood)
    anything = DynamicField()


def test_dynamic_documents_store_read_and_query_undeclared_fields(raw: Raw) -> None:
    entry = Entry(title="a", weather="sunny", rating=4, mood=Mood(label="ok", colour="blue"))
    entry.tags = ["x", "y"]  # type: ignore[attr-defined]
    entry.save()
    stored = raw.entry.find_one({"_id": entry.id})
    assert stored is not None
    assert stored["weather"] == "sunny" and stored["rating"] == 4 and stored["tags"] == ["x", "y"]
    assert stored["mood"] == {"label": "ok", "colour": "blue"}
    Entry(title="b", rating=2).save()

    loaded = Entry.objects.get(weather="sunny")
    assert loaded.weather == "sunny" and loaded.tags == ["x", "y"]  # type: ignore[attr-defined]
    assert loaded.mood is not None and loaded.mood.colour == "blue"  # type: ignore[attr-defined]
    assert [e.title for e in Entry.objects.filter(rating__gte=3)] == ["a"]
    assert Entry.objects.filter(mood__colour="blue").count() == 1
    assert Entry.objects.filter(tags="y").count() == 1

    assert loaded.to_dict()["weather"] == "sunny" and loaded.to_dict()["mood"]["colour"] == "blue"
    loaded.rating = 5  # type: ignore[attr-defined]
    del loaded.__pydantic_extra__["weather"]  # type: ignore[index]
    loaded.save()  # sends only the undeclared fields that changed
    stored = raw.entry.find_one({"_id": entry.id})
    assert stored is not None and stored["rating"] == 5 and "weather" not in stored
    assert Entry.objects.filter(rating=5).update(set__weather="rain") == 1
    assert (Entry.objects.get(id=entry.id)).weather == "rain"  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="may not start with"):
        Entry(title="c", bad={"$where": "1"})


def test_dynamic_field_holds_any_value(raw: Raw) -> None:
    for value in (3, "text", [1, {"a": 2}], Label(text="in a field")):
        entry = Entry(title=repr(value), anything=value).save()
        assert (Entry.objects.get(id=entry.id)).anything == value
    assert Entry.objects.filter(anything="text").count() == 1
    stored = raw.entry.find_one({"anything._cls": "Label"})
    assert stored is not None and stored["anything"]["text"] == "in a field"


class Account(Document):
    nickname = StringField(null=True)
    code = StringField(unique=True, sparse=False)
    balance = DecimalField(precision=2)
    exact = DecimalField()
    ratio = FloatField(precision=3)
    token = UUIDField(binary=False)
    raw_token = UUIDField()
    owner = GenericReferenceField()


def test_null_sparse_precision_and_binary_options(raw: Raw) -> None:
    token = uuid.uuid4()
    account = Account(code="a", balance=Decimal("1.005"), ratio=0.12345, token=token).save()
    assert account.balance == Decimal("1.01") and account.ratio == 0.123
    stored = raw.account.find_one({"_id": account.id})
    assert stored is not None
    assert stored["nickname"] is None and "exact" not in stored  # null=True stores None as null
    assert stored["balance"] == Decimal128("1.01") and stored["token"] == str(token)
    loaded = Account.objects.get(token=token)
    assert loaded.token == token and loaded.nickname is None
    assert Account.objects.filter(nickname=None).count() == 1
    assert Account.objects.filter(balance=Decimal("1.009")).count() == 1  # rounded like the field
    Account.ensure_indexes()
    index = next(index for index in raw.account.list_indexes() if "code" in index["key"])
    assert index["unique"] is True and not index.get("sparse")


def test_field_options_are_checked_when_the_class_is_defined() -> None:
    with pytest.raises(DefinitionError, match=r"StringField has no option 'max_lenght'; .*max_length"):
        StringField(max_lenght=3)
    with pytest.raises(TypeError):  # DefinitionError is a TypeError, as Python's own complaint was
        IntField(maxvalue=3)
    for bad in ("a.b", "$a", ""):
        with pytest.raises(DefinitionError, match="db_field"):
            StringField(db_field=bad)


def test_binary_floats_made_decimal_round_instead_of_crashing(raw: Raw) -> None:
    inexact = Decimal(0.12)  # noqa: RUF032 - a binary float's 55 digits: more than Decimal128 holds
    account = Account(code="b", exact=inexact, balance=inexact).save()
    assert account.balance == Decimal("0.12")
    assert account.exact == Decimal("0.1199999999999999955591079014993738")  # 34 digits
    stored = raw.account.find_one({"_id": account.id})
    assert stored is not None and stored["exact"] == Decimal128(account.exact)
    assert Account.objects.filter(exact=inexact).count() == 1
    assert Account.objects.filter(balance__gte=inexact).count() == 1
    Account.objects.filter(id=account.id).update(inc__balance=inexact, inc__exact=inexact)
    Account.objects.filter(id=account.id).update(set__ratio=0.5, set__exact=inexact)
    stored = raw.account.find_one({"_id": account.id})
    assert stored is not None and stored["balance"] == Decimal128("0.24")
    with pytest.raises(ValidationError, match="outside the range of a BSON decimal"):
        Account(code="c", exact=Decimal("1e7000"))
    with pytest.raises(ValidationError, match="outside the range"):
        Account.objects.filter(exact=Decimal("1e7000")).count()
    with pytest.raises(ValidationError, match="outside the range"):
        Account.objects.update(inc__ratio=Decimal("1e7000"))


def test_generic_reference_filters_by_id_are_clear_errors() -> None:
    target = Writer(name="Ann").save()
    Account(code="c", owner=target).save()
    assert Account.objects.filter(owner=target).count() == 1
    for value in (target.id, DBRef("writer", target.id)):
        with pytest.raises(ValidationError, match="saved document itself"):
            Account.objects.filter(owner=value).count()


class Writer(Document):
    name = StringField()


def test_new_fields_export_from_the_fields_module() -> None:
    from mongodb_rest import fields

    assert fields.EnumField is EnumField and fields.SortedListField is SortedListField
    assert isinstance(fields.EmbeddedDocumentListField(Comment).field, EmbeddedDocumentField)
    assert isinstance(SortedListField(IntField()), ListField)
