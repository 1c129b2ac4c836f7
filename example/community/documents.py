"""The community's documents, declared once for both faces: ``User.objects`` is the async face,
``User.sync.objects`` the sync one, on the same collections."""

from __future__ import annotations

from datetime import UTC, datetime

from mongodb_rest import Document, EmbeddedDocument
from mongodb_rest.fields import (
    CASCADE,
    BooleanField,
    DateTimeField,
    EmailField,
    EmbeddedDocumentField,
    ImageField,
    IntField,
    ListField,
    PointField,
    ReferenceField,
    StringField,
)


class Address(EmbeddedDocument):
    """A postal address, stored inside its user."""

    street = StringField(max_length=100)
    city = StringField(required=True, max_length=50)
    country = StringField(max_length=50)


class User(Document):
    """A member of the community; the avatar lives in GridFS."""

    name = StringField(required=True, max_length=100)
    email = EmailField(required=True, unique=True)
    age = IntField(min_value=0, max_value=150)
    tags = ListField(StringField(max_length=30), max_length=20)
    address = EmbeddedDocumentField(Address)
    avatar = ImageField(size=(256, 256, False))
    created_at = DateTimeField(auto_now_add=True)

    meta = {"collection": "users", "ordering": ["name"], "indexes": ["tags"]}


MAX_COMMENTS = 1000  # per post: a document stays well under MongoDB's 16 MB


class Comment(EmbeddedDocument):
    """A comment, stored inside its post."""

    author = StringField(required=True, max_length=100)
    text = StringField(required=True, max_length=1000)
    created_at = DateTimeField(default=lambda: datetime.now(UTC))


class Post(Document):
    """A blog post by a user; deleting the user deletes their posts. Versioned: an edit based on a
    stale read is refused (ConflictError; over HTTP If-Match answers 412)."""

    title = StringField(required=True, max_length=200)
    body = StringField(max_length=10_000)
    author = ReferenceField(User, required=True, reverse_delete_rule=CASCADE)
    tags = ListField(StringField(max_length=30), max_length=20)
    comments = ListField(EmbeddedDocumentField(Comment), max_length=MAX_COMMENTS)
    published = BooleanField(default=False)
    created_at = DateTimeField(auto_now_add=True)
    updated_at = DateTimeField(auto_now=True)

    meta = {
        "collection": "posts",
        "ordering": ["-created_at"],
        "indexes": ["tags", ("author", 1)],
        "versioned": True,
    }


class Place(Document):
    """A place on the map: ``location`` is a GeoJSON point, ``[longitude, latitude]``."""

    name = StringField(required=True, max_length=100)
    description = StringField(max_length=1000)
    location = PointField(required=True)

    meta = {"collection": "places", "ordering": ["name"], "indexes": [("location", "2dsphere")]}
