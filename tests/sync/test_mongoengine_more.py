# Generated from tests/aio/test_mongoengine_more.py by tools/unasync.py: do not edit.
"""The rest of MongoEngine's API on the async face: one import for everything, SequenceField, lazy
and cached references, against a real server."""

from __future__ import annotations

from typing import Any

import pytest
from bson import DBRef, ObjectId
from pymongo.database import Database

import mongodb_rest
from mongodb_rest.errors import DefinitionError
from mongodb_rest.sync import (
    CachedReferenceField,
    Document,
    DoesNotExist,
    GenericLazyReferenceField,
    IntField,
    LazyReference,
    LazyReferenceField,
    ListField,
    NotUniqueError,
    ReferenceField,
    SequenceField,
    StringField,
    ValidationError,
)

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


def test_one_import_gives_what_mongoengine_gave() -> None:
    from mongodb_rest import fields, signals

    names = set(mongodb_rest.__all__)
    assert set(fields.__all__) <= names
    for name in (
        "Document",
        "EmbeddedDocument",
        "DynamicDocument",
        "Q",
        "ValidationError",
        "DoesNotExist",
        "NotUniqueError",
        "OperationError",
        "MultipleObjectsReturned",
        "connect",
        "disconnect",
        "register_connection",
        "queryset_manager",
        "signals",
        "CASCADE",
        "DENY",
        "NULLIFY",
        "PULL",
        "DO_NOTHING",
    ):
        assert name in names, name
    namespace: dict[str, Any] = {}
    exec("from mongodb_rest import *", namespace)
    assert namespace["ListField"] is fields.ListField
    assert namespace["signals"] is signals
    assert namespace["Document"] is mongodb_rest.Document


def test_register_connection_takes_the_alias_first() -> None:
    from mongodb_rest.connection import disconnect, registered

    try:
        mongodb_rest.register_connection("me-archive", db="archive", host="mongodb://127.0.0.1:1")
        assert registered("me-archive").db == "archive"
        mongodb_rest.register_connection("me-named", name="named", host="mongodb://127.0.0.1:1")
        assert registered("me-named").db == "named"
    finally:
        disconnect("me-archive")
        disconnect("me-named")


class Ticket(Document):
    number = SequenceField()
    code = SequenceField(sequence_name="codes", value_decorator=lambda n: f"T-{n:03d}")
    title = StringField()

    meta = {"collection": "tickets"}


def test_sequence_fields_count_atomically_on_first_save(raw: Raw, commands: CommandRecorder) -> None:
    first = Ticket(title="a").save()
    second = Ticket(title="b").save()
    assert (first.number, second.number) == (1, 2)
    assert (first.code, second.code) == ("T-001", "T-002")
    counters = {doc["_id"]: doc["next"] for doc in raw["mongoengine.counters"].find()}
    assert counters == {"tickets.number": 2, "codes.code": 2}
    sent = commands.named("findAndModify")
    assert sent[-1]["findAndModify"] == "mongoengine.counters"
    assert sent[-1]["update"] == {"$inc": {"next": 1}} and sent[-1]["upsert"] is True
    stored = raw["tickets"].find_one({"_id": second.id})
    assert stored is not None and (stored["number"], stored["code"]) == (2, "T-002")

    commands.clear()
    second.title = "changed"
    second.save()  # numbered already: no counter taken
    assert commands.named("findAndModify") == []
    assert (Ticket.objects.get(number=2)).title == "changed"
    given = Ticket(title="c", number=40, code="mine").save()
    assert (given.number, given.code) == (40, "mine")
    assert raw["mongoengine.counters"].find_one({"_id": "tickets.number"}) == {
        "_id": "tickets.number",
        "next": 2,
    }


def test_sequence_fields_belong_to_top_level_documents() -> None:
    from mongodb_rest import EmbeddedDocument

    with pytest.raises(DefinitionError, match="declare it on a Document"):

        class Line(EmbeddedDocument):
            number = SequenceField()


class Author(Document):
    name = StringField(required=True)
    country = StringField()
    age = IntField()

    meta = {"collection": "authors"}


class Editor(Document):
    name = StringField()

    meta = {"collection": "editors"}


class Book(Document):
    title = StringField()
    author = LazyReferenceField(Author)
    coauthors = ListField(LazyReferenceField(Author))
    anyone = GenericLazyReferenceField()

    meta = {"collection": "books"}


def test_lazy_references_query_only_when_fetched(raw: Raw, commands: CommandRecorder) -> None:
    ann = Author(name="Ann").save()
    bob = Author(name="Bob").save()
    ed = Editor(name="Ed").save()
    Book(title="t", author=ann, coauthors=[bob.id, ann], anyone=ed).save()
    stored = raw["books"].find_one()
    assert stored is not None and stored["author"] == ann.id and stored["coauthors"] == [bob.id, ann.id]
    assert stored["anyone"] == {"_cls": "Editor", "_ref": DBRef("editors", ed.id)}

    commands.clear()
    book = Book.objects.get(title="t")
    reference = book.author
    assert isinstance(reference, LazyReference)
    assert (reference.pk, reference.id) == (ann.id, ann.id)
    assert reference == ann and reference == LazyReference(Author, ann.id)
    assert [item.pk for item in book.coauthors] == [bob.id, ann.id]
    assert len(commands.named("find")) == 1  # the book only
    loaded = reference.fetch()
    assert isinstance(loaded, Author) and loaded.name == "Ann"
    assert reference.fetch() is loaded  # loaded once
    assert len(commands.named("find")) == 2
    editor = book.anyone.fetch()
    assert isinstance(editor, Editor) and editor.name == "Ed"

    book.author = book.coauthors[0]  # a LazyReference is accepted back
    book.save()
    assert (Book.objects.get(author=bob.id)).title == "t"
    assert Book.objects.filter(author=bob).count() == 1

    bob.delete()
    with pytest.raises(DoesNotExist):
        (Book.objects.get()).author.fetch()


def test_lazy_references_refuse_what_they_cannot_store() -> None:
    with pytest.raises(ValidationError):
        Book(author=Author(name="unsaved"))
    with pytest.raises(ValidationError):
        Book(author="not an id")
    with pytest.raises(ValidationError):
        Book(anyone=ObjectId())


class Post(Document):
    title = StringField()
    author = CachedReferenceField(Author, fields=["name", "country"])

    meta = {"collection": "cached_posts"}


def test_cached_references_store_a_copy(raw: Raw, commands: CommandRecorder) -> None:
    ann = Author(name="Ann", country="NZ", age=30).save()
    Post(title="p1", author=ann).save()
    stored = raw["cached_posts"].find_one()
    assert stored is not None
    assert stored["author"] == {"_id": ann.id, "name": "Ann", "country": "NZ"}

    commands.clear()
    post = Post.objects.get(title="p1")
    assert len(commands.named("find")) == 1  # the copy needs no second query
    assert isinstance(post.author, Author)
    assert (post.author.id, post.author.name, post.author.country) == (ann.id, "Ann", "NZ")
    assert post.author == ann
    assert (Post.objects.get(author__name="Ann")).title == "p1"
    assert (Post.objects.get(author__id=ann.id)).title == "p1"
    with pytest.raises(ValidationError, match="author__id"):
        Post.objects.filter(author=ann).count()
    with pytest.raises(ValidationError, match="load the document first"):
        Post(author=ann.id)


def test_cached_copies_follow_the_referenced_document(raw: Raw, commands: CommandRecorder) -> None:
    ann = Author(name="Ann", country="NZ", age=30).save()
    bob = Author(name="Bob", country="FR").save()
    Post(title="p1", author=ann).save()
    Post(title="p2", author=ann).save()
    Post(title="p3", author=bob).save()

    commands.clear()
    ann.age = 31  # not copied: nothing to follow
    ann.save()
    assert len(commands.named("update")) == 1  # the author's own update

    commands.clear()
    ann.name, ann.country = "Annie", None
    ann.save()
    updates = commands.named("update")
    assert len(updates) == 2
    assert updates[1]["update"] == "cached_posts"
    assert updates[1]["updates"][0]["q"] == {"author._id": ann.id}
    assert updates[1]["updates"][0]["u"] == {
        "$set": {"author.name": "Annie"},
        "$unset": {"author.country": ""},
    }
    assert updates[1]["updates"][0].get("multi") is True
    copies = {doc["title"]: doc["author"] for doc in raw["cached_posts"].find()}
    assert copies == {
        "p1": {"_id": ann.id, "name": "Annie"},
        "p2": {"_id": ann.id, "name": "Annie"},
        "p3": {"_id": bob.id, "name": "Bob", "country": "FR"},
    }


def test_a_cached_copy_saves_only_its_fields(raw: Raw) -> None:
    ann = Author(name="Ann", country="NZ", age=30).save()
    Post(title="p1", author=ann).save()
    copy = (Post.objects.get()).author
    copy.country = "AU"
    copy.save()
    assert raw["authors"].find_one({"_id": ann.id}) == {
        "_id": ann.id,
        "name": "Ann",
        "country": "AU",
        "age": 30,
    }


def test_cached_fields_must_be_declared() -> None:
    with pytest.raises(DefinitionError, match="nickname"):

        class Note(Document):
            author = CachedReferenceField(Author, fields=["nickname"])


class Account(Document):
    email = StringField(primary_key=True)
    name = StringField()

    meta = {"collection": "accounts"}


class Invoice(Document):
    number = SequenceField(primary_key=True)
    account = ReferenceField(Account)

    meta = {"collection": "invoices"}


def test_a_custom_primary_key_is_stored_as_id(raw: Raw, commands: CommandRecorder) -> None:
    ann = Account(email="ann@example.com", name="Ann")
    assert (ann.id, ann.pk, ann.email) == ("ann@example.com",) * 3
    assert "email" not in Account._fields and Account._fields["id"].db_key == "_id"
    assert Account(pk="bob@example.com").email == "bob@example.com"
    ann.save()
    Account(email="bob@example.com", name="Bob").save()
    assert raw["accounts"].find_one({"_id": "ann@example.com"}) == {"_id": "ann@example.com", "name": "Ann"}
    sent = commands.named("update")[0]["updates"][0]  # MongoEngine's save of a given key: an upsert
    assert sent["q"] == {"_id": "ann@example.com"} and sent["upsert"] is True

    assert (Account.objects.get(email="bob@example.com")).name == "Bob"
    assert (Account.objects.get(pk="bob@example.com")).name == "Bob"
    assert (Account.objects.get(id="bob@example.com")).name == "Bob"
    found = Account.objects.in_bulk(["ann@example.com", "nobody@example.com"])
    assert list(found) == ["ann@example.com"] and found["ann@example.com"].name == "Ann"
    assert [a.email for a in Account.objects.order_by("-email")] == [
        "bob@example.com",
        "ann@example.com",
    ]

    again = Account(email="ann@example.com", name="Annie").save()  # replaces, as MongoEngine does
    assert Account.objects.count() == 2
    assert (Account.objects.get(pk="ann@example.com")).name == "Annie"
    with pytest.raises(NotUniqueError):
        Account(email="ann@example.com").save(force_insert=True)
    again.name = "Ann"
    again.save()
    assert raw["accounts"].find_one({"_id": "ann@example.com"}) == {"_id": "ann@example.com", "name": "Ann"}
    with pytest.raises(ValidationError):
        Account(name="no key")


def test_a_sequence_as_the_primary_key_and_references_to_custom_keys(raw: Raw) -> None:
    ann = Account(email="ann@example.com", name="Ann").save()
    first = Invoice(account=ann).save()
    second = Invoice(account="ann@example.com").save()
    assert (first.pk, second.number) == (1, 2)
    assert raw["invoices"].find_one({"_id": 2}) == {"_id": 2, "account": "ann@example.com"}
    assert Invoice.objects.filter(account=ann).count() == 2
    loaded = Invoice.objects.select_related("account").get(pk=1)
    assert isinstance(loaded.account, Account) and loaded.account.name == "Ann"
    with pytest.raises(ValidationError):
        Invoice(account=42)


def test_one_primary_key_per_document() -> None:
    with pytest.raises(DefinitionError, match="several primary keys"):

        class Twice(Document):
            a = StringField(primary_key=True)
            b = StringField(primary_key=True)
