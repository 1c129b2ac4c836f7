"""The library's documents: every kind of field the admin edits."""

from __future__ import annotations

from mongodb_rest import Document, EmbeddedDocument
from mongodb_rest.errors import ValidationError
from mongodb_rest.fields import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    DictField,
    EmailField,
    EmbeddedDocumentField,
    FileField,
    IntField,
    ListField,
    ReferenceField,
    StringField,
)

GENRES = [("novel", "Novel"), ("poetry", "Poetry"), ("essay", "Essay")]


class Author(Document):
    name = StringField(required=True, max_length=100)
    email = EmailField()
    meta = {"collection": "library_authors", "ordering": ["name"], "indexes": ["name"]}

    def __str__(self) -> str:
        return self.name or ""


class Review(EmbeddedDocument):
    reviewer = StringField(required=True)
    stars = IntField(min_value=1, max_value=5)


class Book(Document):
    title = StringField(required=True, max_length=200)
    isbn = StringField(unique=True, regex=r"^\d{13}$", help_text="13 digits")
    genre = StringField(choices=GENRES, default="novel")
    in_print = BooleanField(default=True)
    pages = IntField(min_value=1)
    price = DecimalField(min_value=0, decimal_places=2)
    published = DateField()
    added_at = DateTimeField(auto_now_add=True)
    author = ReferenceField(Author)
    co_authors = ListField(ReferenceField(Author))
    tags = ListField(StringField(max_length=30))
    reviews = ListField(EmbeddedDocumentField(Review))
    details = DictField()
    cover = FileField()
    meta = {"collection": "library_books", "ordering": ["title"], "indexes": ["-added_at"]}

    def __str__(self) -> str:
        return self.title or ""

    def clean(self) -> None:
        if self.genre == "poetry" and self.pages is not None and self.pages > 2000:
            raise ValidationError("A poetry book of more than 2000 pages? Check the page count.")
