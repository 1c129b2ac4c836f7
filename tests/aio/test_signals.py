"""Signals on the async face: sync and async receivers, what they may change, and what raising prevents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import Document
from mongodb_rest.fields import DateTimeField, ReferenceField, StringField
from mongodb_rest.signals import (
    Signal,
    post_bulk_insert,
    post_delete,
    post_init,
    post_save,
    pre_bulk_insert,
    pre_delete,
    pre_init,
    pre_save,
)

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Author(Document):
    name = StringField(required=True)
    updated_at = DateTimeField()


class Article(Document):
    title = StringField(required=True)
    author = ReferenceField(Author)


class Bystander(Document):
    name = StringField()


@pytest.fixture
def connected() -> Iterator[list[tuple[Signal, Any, Any]]]:
    """Receivers connected by a test, disconnected after it."""
    made: list[tuple[Signal, Any, Any]] = []
    yield made
    for signal, receiver, sender in made:
        signal.disconnect(receiver, sender=sender)


def connect(made: list[tuple[Signal, Any, Any]], signal: Signal, receiver: Any, sender: Any = None) -> None:
    signal.connect(receiver, sender=sender)
    made.append((signal, receiver, sender))


async def test_pre_save_changes_are_saved_and_post_save_says_created(raw: Raw, connected: list[Any]) -> None:
    seen: list[tuple[str, bool]] = []
    stamp = datetime(2024, 1, 1, tzinfo=UTC)

    def update_timestamp(sender: Any, document: Any, **kwargs: Any) -> None:
        document.updated_at = stamp

    async def record(sender: Any, document: Any, created: bool, **kwargs: Any) -> None:
        seen.append((document.name, created))

    connect(connected, pre_save, update_timestamp, Author)
    connect(connected, post_save, record, Author)
    author = await Author(name="Ann").save()
    assert raw.author.find_one({})["updated_at"] == stamp  # type: ignore[index]
    author.name = "Anne"
    await author.save()
    await Bystander(name="not an author").save()
    assert seen == [("Ann", True), ("Anne", False)]


async def test_a_raising_pre_save_receiver_stores_nothing(raw: Raw, connected: list[Any]) -> None:
    def refuse(sender: Any, document: Any, **kwargs: Any) -> None:
        raise RuntimeError("not today")

    connect(connected, pre_save, refuse, Author)
    with pytest.raises(RuntimeError, match="not today"):
        await Author(name="Ann").save()
    assert raw.author.count_documents({}) == 0


async def test_delete_receivers_and_a_raising_pre_delete(raw: Raw, connected: list[Any]) -> None:
    deleted: list[str] = []

    def cleanup_references(sender: Any, document: Any, **kwargs: Any) -> None:
        Article.sync.objects.filter(author=document).delete()  # a sync receiver may use the sync face

    async def record(sender: Any, document: Any, **kwargs: Any) -> None:
        deleted.append(document.name)

    connect(connected, pre_delete, cleanup_references, Author)
    connect(connected, post_delete, record, Author)
    ann = await Author(name="Ann").save()
    await Article(title="a", author=ann).save()
    await Article(title="b", author=ann).save()
    await ann.delete()
    assert raw.article.count_documents({}) == 0 and deleted == ["Ann"]

    await Author(name="Bob").save()
    await Author(name="Cid").save()
    assert await Author.objects.delete() == 2  # one by one, so every receiver fires
    assert sorted(deleted) == ["Ann", "Bob", "Cid"]

    def protect(sender: Any, document: Any, **kwargs: Any) -> None:
        raise PermissionError("protected")

    connect(connected, pre_delete, protect, Author)
    dee = await Author(name="Dee").save()
    with pytest.raises(PermissionError):
        await dee.delete()
    assert raw.author.count_documents({}) == 1


async def test_init_signals(connected: list[Any]) -> None:
    loaded: list[str] = []

    def default_name(sender: Any, document: Any, values: dict[str, Any], **kwargs: Any) -> None:
        values.setdefault("name", "anonymous")

    def record(sender: Any, document: Any, **kwargs: Any) -> None:
        loaded.append(document.name)

    connect(connected, pre_init, default_name, Author)
    connect(connected, post_init, record, Author)
    author = await Author().save()
    assert author.name == "anonymous"
    assert (await Author.objects.get(id=author.id)).name == "anonymous"
    assert loaded == ["anonymous", "anonymous"]  # built, then loaded


async def test_bulk_insert_signals(connected: list[Any]) -> None:
    events: list[tuple[str, int]] = []

    def before(sender: Any, documents: list[Any], **kwargs: Any) -> None:
        events.append(("pre", len(documents)))

    async def after(sender: Any, documents: list[Any], loaded: bool, **kwargs: Any) -> None:
        events.append(("post", sum(1 for document in documents if document.id is not None)))

    connect(connected, pre_bulk_insert, before, Author)
    connect(connected, post_bulk_insert, after, Author)
    await Author.objects.bulk_create([Author(name="a"), Author(name="b")])
    assert events == [("pre", 2), ("post", 2)]


async def test_decorator_forms_and_disconnect(raw: Raw) -> None:
    calls: list[str] = []

    @pre_save.connect
    def anything(sender: Any, document: Any, **kwargs: Any) -> None:
        calls.append(f"any:{sender.__name__}")

    @pre_save.connect(sender=Bystander)
    async def bystanders(sender: Any, document: Any, **kwargs: Any) -> None:
        calls.append("bystander")

    try:
        assert anything is not None and bystanders is not None  # the decorators return the receiver
        await Bystander(name="x").save()
        await Author(name="y").save()
    finally:
        pre_save.disconnect(anything)
        pre_save.disconnect(bystanders, sender=Bystander)
    await Author(name="z").save()
    assert sorted(calls) == ["any:Author", "any:Bystander", "bystander"]
