"""Documents shared by the async-face tests (the sync tests get a generated copy on their face)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from mongodb_rest import Document, EmbeddedDocument
from mongodb_rest.errors import ValidationError
from mongodb_rest.fields import (
    BinaryField,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    DictField,
    EmailField,
    EmbeddedDocumentField,
    IntField,
    ListField,
    LongField,
    ObjectIdField,
    PointField,
    PolygonField,
    ReferenceField,
    StringField,
    URLField,
    UUIDField,
)


def validate_phone(value: str) -> None:
    if not re.match(r"^\+?1?\d{9,15}$", value):
        raise ValidationError("Invalid phone number format")


class Address(EmbeddedDocument):
    street = StringField(required=True)
    city = StringField(required=True)
    country = StringField(required=True)
    postal_code = StringField()


class User(Document):
    name = StringField(required=True, max_length=100)
    email = EmailField(required=True)
    age = IntField(min_value=0, max_value=150)
    phone = StringField(validation=validate_phone)
    status = StringField(choices=["active", "inactive", "pending"], default="active")
    tags = ListField(StringField(max_length=50))
    address = EmbeddedDocumentField(Address)
    addresses = ListField(EmbeddedDocumentField(Address))
    metadata = DictField()
    parent_email = EmailField()
    created_at = DateTimeField(auto_now_add=True)
    updated_at = DateTimeField(auto_now=True)

    meta = {"collection": "users", "indexes": ["email"], "ordering": ["name"]}

    def clean(self) -> None:
        if self.age is not None and self.age < 13 and not self.parent_email:
            raise ValidationError("Users under 13 must have parent email")


class Product(Document):
    """Native annotations and declared fields on one class."""

    name: str = Field(max_length=100)
    rating: float | None = None
    labels: list[str] = []
    price = DecimalField(min_value=0, max_digits=10, decimal_places=2)
    views = LongField(default=0)
    released = DateField()
    sku = UUIDField()
    data = BinaryField(max_bytes=16)
    website = URLField()
    active = BooleanField(default=True)
    ref_id = ObjectIdField()
    code = StringField(regex=r"^[A-Z]{3}\d{3}$", db_field="c")
    location = PointField()
    slug = StringField(min_length=3)


class Membership(Document):
    user = StringField(required=True)
    group = StringField(required=True, unique_with="user")


class Account(Document):
    username = StringField(required=True, unique=True)
    email = EmailField(unique=True)


class BlogPost(Document):
    title = StringField(required=True, max_length=200)
    author = ReferenceField("User")
    published = BooleanField(default=False)
    created_at = DateTimeField(auto_now_add=True)

    meta = {
        "collection": "blog_posts",
        "indexes": [
            "title",
            "author",
            ("created_at", -1),
            [("author", 1), ("created_at", -1)],
            {"fields": ["-published"], "name": "published_desc", "sparse": True, "background": True},
        ],
        "ordering": ["-created_at"],
    }


class Animal(Document):
    name = StringField(required=True)
    meta = {"allow_inheritance": True}


class Dog(Animal):
    good = BooleanField(default=True)


class Puppy(Dog):
    age_weeks = IntField()


class Cat(Animal):
    lives = IntField(default=9)


class Timestamped(Document):
    created_at = DateTimeField(auto_now_add=True)
    meta = {"abstract": True, "allow_inheritance": True}


class Note(Timestamped):
    text = StringField(required=True)


class Memo(Timestamped):
    text = StringField(required=True)


class LogEntry(Document):
    message = StringField()
    meta = {"max_documents": 5, "max_size": 4096}


class Comment(EmbeddedDocument):
    author = StringField(required=True)
    votes = IntField(default=0)


class Team(Document):
    name = StringField(required=True)
    lead = ReferenceField(User)
    members = ListField(ReferenceField(User))
    comments = ListField(EmbeddedDocumentField(Comment))
    scores = ListField(IntField())
    budget = DecimalField()


class Place(Document):
    name = StringField(required=True)
    location = PointField()
    area = PolygonField()
    meta = {"indexes": [("location", "2dsphere")]}


class Checked(Document):
    name = StringField(required=True, max_length=5)
    age = IntField(min_value=0)
    meta = {"validator": True}


class Manual(Document):
    code = StringField(unique=True)
    meta = {"auto_create_index": False, "indexes": ["-code"]}


class Archived(Document):
    label = StringField()
    meta = {"db_alias": "archive"}


def user_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": "John Doe", "email": "john@example.com", "age": 30}
    data.update(overrides)
    return data
