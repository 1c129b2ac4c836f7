"""Delete rules under concurrency: saves racing a delete leave no document referencing a deleted one."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import DeleteDenied, Document, ValidationError
from mongodb_rest.fields import CASCADE, DENY, NULLIFY, PULL, ListField, ReferenceField, StringField

from ..conftest import CommandRecorder
from .concurrency import together

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
ROUNDS = 4


class Author(Document):
    name = StringField()


class Post(Document):
    title = StringField()
    author = ReferenceField(Author, reverse_delete_rule=CASCADE)


class Note(Document):
    title = StringField()
    author = ReferenceField(Author, reverse_delete_rule=NULLIFY)
    readers = ListField(ReferenceField(Author, reverse_delete_rule=PULL))


class Holder(Document):
    name = StringField()


class Lease(Document):
    holder = ReferenceField(Holder, reverse_delete_rule=DENY)


class Memo(Document):
    title = StringField()
    author = ReferenceField(Author)  # no delete rule: nothing checked


def outcomes(results: list[Any], allowed: tuple[type, ...]) -> None:
    """Every racing call returned or raised one of the ``allowed`` errors."""
    for result in results:
        assert not isinstance(result, BaseException) or isinstance(result, allowed), result


async def test_creates_racing_a_cascade_delete_leave_no_orphan(raw: Raw) -> None:
    for _ in range(ROUNDS):
        author = await Author(name="ann").save()
        calls = [partial(Post.objects.create, title=str(n), author=author) for n in range(57)]
        calls.insert(12, author.delete)
        results = await together(calls)
        outcomes(results, (ValidationError,))
        assert raw.author.count_documents({}) == 0
        assert raw.post.count_documents({}) == 0, "posts survived their deleted author"
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert all("does not exist (it was deleted)" in r.errors["author"][0] for r in refused)


async def test_updates_racing_a_cascade_delete_leave_no_orphan(raw: Raw) -> None:
    for _ in range(ROUNDS):
        keeper, victim = await Author(name="keeper").save(), await Author(name="victim").save()
        posts = [await Post(title=str(n), author=keeper).save() for n in range(20)]
        for post in posts:
            post.author = victim
        calls: list[Any] = [post.save for post in posts]
        calls.insert(5, victim.delete)
        outcomes(await together(calls), (ValidationError,))
        assert raw.post.count_documents({"author": {"$ne": keeper.id}}) == 0
        await keeper.delete()


async def test_creates_racing_nullify_and_pull_leave_no_dangling_reference(raw: Raw) -> None:
    for _ in range(ROUNDS):
        author, other = await Author(name="ann").save(), await Author(name="bob").save()
        calls = [
            partial(Note.objects.create, title=str(n), author=author, readers=[author, other])
            for n in range(40)
        ]
        calls.insert(10, author.delete)
        outcomes(await together(calls), (ValidationError,))
        assert raw.note.count_documents({"$or": [{"author": author.id}, {"readers": author.id}]}) == 0
        assert raw.note.count_documents({"readers": [other.id]}) == raw.note.count_documents({})
        await other.delete()
        raw.note.delete_many({})


async def test_creates_racing_a_denied_delete_leave_no_orphan(raw: Raw) -> None:
    for position in range(0, 40, 4):
        holder = await Holder(name="sam").save()
        calls: list[Any] = [partial(Lease.objects.create, holder=holder) for _ in range(40)]
        calls.insert(position, holder.delete)
        outcomes(await together(calls), (ValidationError, DeleteDenied))
        holders = {h["_id"] for h in raw.holder.find()}
        assert all(lease["holder"] in holders for lease in raw.lease.find()), "a lease names a deleted holder"
        raw.lease.delete_many({})
        raw.holder.delete_many({})


async def test_a_reference_to_a_deleted_document_is_refused_and_undone(
    raw: Raw, commands: CommandRecorder
) -> None:
    gone = await Author(name="gone").save()
    await gone.delete()
    ann = await Author(name="ann").save()
    with pytest.raises(ValidationError, match=rf"Author {gone.id} does not exist.*Post was not saved"):
        await Post(title="t", author=gone).save()
    assert raw.post.count_documents({}) == 0
    post = await Post(title="t", author=ann).save()
    post.author = gone.id
    with pytest.raises(ValidationError, match="change to author was undone"):
        await post.save()
    assert raw.post.find_one({})["author"] == ann.id  # type: ignore[index]
    post.author = gone.id
    with pytest.raises(ValidationError):  # written again, refused again: not silently skipped
        await post.save()
    bob = await Author(name="bob").save()
    commands.clear()
    post.author = bob
    await post.save()
    checks = commands.named("find")
    assert [(c["find"], c["filter"], c["projection"]) for c in checks] == [
        ("author", {"_id": {"$in": [bob.id]}}, {"_id": 1})
    ]
    commands.clear()
    post.title = "again"
    await post.save()  # the references did not change: nothing to check
    await Memo(title="m", author=gone).save()  # no delete rule: not checked
    assert commands.named("find") == []


async def test_bulk_creates_racing_a_cascade_delete_leave_no_orphan(raw: Raw) -> None:
    for position in range(0, 20, 4):
        author = await Author(name="ann").save()
        calls: list[Any] = [
            partial(Post.objects.bulk_create, [Post(title=f"{n}.{i}", author=author) for i in range(3)])
            for n in range(20)
        ]
        calls.insert(position, author.delete)
        outcomes(await together(calls), (ValidationError,))
        assert raw.post.count_documents({}) == 0, "posts survived their deleted author"


async def test_bulk_create_is_undone_whole_when_a_reference_is_gone(raw: Raw) -> None:
    ann, gone = await Author(name="ann").save(), await Author(name="gone").save()
    await gone.delete()
    posts = [Post(title="fine", author=ann), Post(title="orphan", author=gone)]
    with pytest.raises(ValidationError, match=rf"Author {gone.id} does not exist.*None of the 2 Post"):
        await Post.objects.bulk_create(posts)
    assert raw.post.count_documents({}) == 0
    posts[1].author = ann
    await Post.objects.bulk_create(posts)  # inserted anew
    assert raw.post.count_documents({"author": ann.id}) == 2


class Entry(Document):
    title = StringField()
    meta = {"allow_inheritance": True, "collection": "entry"}


class SignedEntry(Entry):
    author = ReferenceField(Author, reverse_delete_rule=CASCADE)


async def test_bulk_create_checks_the_references_a_subclass_declares(raw: Raw) -> None:
    gone = await Author(name="gone").save()
    await gone.delete()
    entries = [Entry(title="plain"), SignedEntry(title="orphan", author=gone)]
    with pytest.raises(ValidationError, match=rf"Author {gone.id} does not exist.*None of the 2 Entry"):
        await Entry.objects.bulk_create(entries)
    assert raw.entry.count_documents({}) == 0
