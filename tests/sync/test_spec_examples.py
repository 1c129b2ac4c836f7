# Generated from tests/aio/test_spec_examples.py by tools/unasync.py: do not edit.
"""The documentation's examples, as written (the sync copy of this file runs them without ``await``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.errors import DoesNotExist, MultipleObjectsReturned, ValidationError
from mongodb_rest.fields import *  # noqa: F403
from mongodb_rest.queryset import Q
from mongodb_rest.sync import Document, EmbeddedDocument

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class User(Document):
    name = StringField(required=True, max_length=100)  # noqa: F405
    email = EmailField(required=True)  # noqa: F405
    age = IntField(min_value=0, max_value=150)  # noqa: F405
    created_at = DateTimeField(auto_now_add=True)  # noqa: F405
    is_active = BooleanField(default=True)  # noqa: F405
    tags = ListField(StringField(max_length=50))  # noqa: F405

    meta = {"collection": "users", "indexes": ["email"]}


class Category(Document):
    name = StringField()  # noqa: F405


class AuthorInfo(EmbeddedDocument):
    bio = StringField()  # noqa: F405


class BlogPost(Document):
    title = StringField(required=True, max_length=200)  # noqa: F405
    content = StringField()  # noqa: F405
    author = ReferenceField("User", reverse_delete_rule=CASCADE)  # noqa: F405
    categories = ListField(ReferenceField("Category"))  # noqa: F405
    metadata = DictField()  # noqa: F405
    settings = DictField(default=lambda: {"public": True})  # noqa: F405
    author_info = EmbeddedDocumentField("AuthorInfo")  # noqa: F405
    related_object = GenericReferenceField()  # noqa: F405
    published = BooleanField(default=False)  # noqa: F405
    created_at = DateTimeField(auto_now_add=True)  # noqa: F405
    updated_at = DateTimeField(auto_now=True)  # noqa: F405

    meta = {
        "collection": "blog_posts",
        "indexes": ["title", "author", ("created_at", -1), [("author", 1), ("created_at", -1)]],
        "ordering": ["-created_at"],
    }


class BaseDocument(Document):
    created_at = DateTimeField(auto_now_add=True)  # noqa: F405
    updated_at = DateTimeField(auto_now=True)  # noqa: F405

    meta = {"abstract": True, "allow_inheritance": True}


class Product(BaseDocument):
    name = StringField(required=True)  # noqa: F405
    price = DecimalField(min_value=0)  # noqa: F405
    quantity = IntField(min_value=0, max_value=1000)  # noqa: F405
    rating = FloatField(min_value=0.0, max_value=5.0)  # noqa: F405
    views = LongField(default=0)  # noqa: F405
    code = StringField(regex=r"^[A-Z]{3}\d{3}$")  # noqa: F405
    status = StringField(choices=["active", "inactive", "pending"])  # noqa: F405
    website = URLField()  # noqa: F405


class Event(Document):
    event_date = DateField()  # noqa: F405
    scheduled_at = DateTimeField(default=datetime.now)  # noqa: F405
    avatar = BinaryField()  # noqa: F405
    external_id = UUIDField()  # noqa: F405
    ref = ObjectIdField()  # noqa: F405


class Location(Document):
    name = StringField()  # noqa: F405
    coordinates = PointField()  # [longitude, latitude]  # noqa: F405


def test_quick_start(raw: Raw) -> None:
    user = User(name="John Doe", email="john@example.com", age=30)
    user.save()
    users = User.objects.all()
    assert users.count() == 1
    john = User.objects.filter(name="John Doe").first()
    assert john is not None and john.email == "john@example.com"
    adults = User.objects.filter(age__gte=18)
    assert [u.name for u in adults] == ["John Doe"]
    assert "email_1" in raw.users.index_information()


def test_basic_queries_and_operators() -> None:
    User.objects.create(name="John", email="john@example.com", age=30, tags=["python", "django", "web"])
    User.objects.create(name="Jane", email="jane@example.com", age=16, is_active=False, tags=["spam"])
    active_users = User.objects.filter(is_active=True)
    assert active_users.count() == 1
    user = User.objects.get(email="john@example.com")
    assert user.name == "John"
    assert User.objects.filter(email="john@example.com").exists()
    assert User.objects.filter(age__gt=18).count() == 1
    assert User.objects.filter(age__lt=65).count() == 2
    assert User.objects.filter(age__ne=30).count() == 1
    assert User.objects.filter(name__contains="oh").count() == 1
    assert User.objects.filter(name__icontains="JA").count() == 1
    assert User.objects.filter(name__startswith="J").count() == 2
    assert User.objects.filter(name__endswith="ne").count() == 1
    assert User.objects.filter(name__regex=r"^J.*n$").count() == 1
    assert User.objects.filter(tags__in=["python", "django"]).count() == 1
    assert User.objects.filter(tags__nin=["spam"]).count() == 1
    assert User.objects.filter(tags__all=["python", "web"]).count() == 1
    assert User.objects.filter(tags__size=3).count() == 1
    assert User.objects.filter(age__type=int).count() == 2
    assert User.objects.filter(Q(age__lt=18) | Q(age__gt=65)).count() == 1
    assert User.objects.filter(Q(is_active=True) & Q(age__gte=18)).count() == 1
    assert User.objects.filter(~Q(is_active=False)).count() == 1
    assert [u.name for u in User.objects.order_by("age", "-name")] == ["Jane", "John"]
    assert [u.name for u in User.objects.skip(1).limit(10)] == ["Jane"]


def test_error_handling() -> None:
    User.objects.create(name="John", email="john@example.com")
    User.objects.create(name="John", email="john2@example.com")
    with pytest.raises(User.DoesNotExist):
        User.objects.get(email="nonexistent@example.com")
    with pytest.raises(DoesNotExist):
        User.objects.get(email="nonexistent@example.com")
    with pytest.raises(User.MultipleObjectsReturned):
        User.objects.get(name="John")
    with pytest.raises(MultipleObjectsReturned):
        User.objects.get(name="John")
    with pytest.raises(ValidationError) as caught:
        user = User(name="", email="invalid-email")
        user.save()
    assert set(caught.value.errors) == {"name", "email"}
    assert str(caught.value).startswith("name:")


def test_blog_post_with_references_and_complex_fields(raw: Raw) -> None:
    author = User(name="Ann", email="ann@example.com").save()
    news = Category(name="news").save()
    post = BlogPost(
        title="Hello",
        author=author,
        categories=[news],
        author_info=AuthorInfo(bio="Writer"),
        related_object=news,
        metadata={"views": 1},
    )
    post.save()
    stored = raw.blog_posts.find_one({"_id": post.id})
    assert stored is not None
    assert stored["author"] == author.id and stored["categories"] == [news.id]
    assert stored["settings"] == {"public": True}
    assert stored["related_object"]["_cls"] == "Category"
    assert stored["related_object"]["_ref"].id == news.id
    loaded = BlogPost.objects.first()
    assert loaded is not None and loaded.author_info is not None and loaded.author_info.bio == "Writer"
    assert BlogPost._meta.ordering == ["-created_at"]


def test_field_types(raw: Raw) -> None:
    product = Product(name="Lamp", price=10, quantity=5, rating=4.5, code="ABC123", status="active")
    product.save()
    stored = raw.product.find_one({})
    assert stored is not None and stored["created_at"] is not None and stored["views"] == 0
    assert "product" in raw.list_collection_names() and "base_document" not in raw.list_collection_names()
    event = Event(event_date=datetime(2025, 1, 1).date(), avatar=b"\x89PNG").save()
    assert event.scheduled_at is not None
    location = Location(name="New York", coordinates=[-74.0060, 40.7128])
    location.save()
    assert raw.location.find_one({})["coordinates"]["type"] == "Point"  # type: ignore[index]
