# Generated from tests/aio/test_versioned.py by tools/unasync.py: do not edit.
"""Versioned documents: every write increments the stored version, and a write guarded by a version
(a loaded document's save(), if_version=...) refuses to overwrite another writer's change."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from bson import ObjectId
from pymongo.database import Database

from mongodb_rest.errors import DefinitionError
from mongodb_rest.fields import CASCADE, IntField, ReferenceField, StringField
from mongodb_rest.sync import ConflictError, Document, NotUniqueError, OperationError, ValidationError

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
_IS_SYNC = True


class Post(Document):
    title = StringField(required=True, max_length=40)
    slug = StringField(unique=True)
    likes = IntField(default=0)

    meta = {"collection": "posts", "versioned": True}


class Note(Document):
    text = StringField()

    meta = {"collection": "notes", "versioned": True, "version_field": "_rev"}


class Reply(Document):
    post = ReferenceField(Post, reverse_delete_rule=CASCADE)

    meta = {"collection": "replies"}


class Plain(Document):
    text = StringField()

    meta = {"collection": "plain"}


def version_of(raw: Raw, post: Document, key: str = "_version") -> Any:
    data = raw[post._meta.collection].find_one({"_id": post.id})
    assert data is not None
    return data.get(key)


def test_a_new_document_starts_at_version_1(raw: Raw) -> None:
    post = Post(title="hello")
    assert post.version is None
    post.save()
    assert post.version == 1 and version_of(raw, post) == 1
    loaded = Post.objects.get(id=post.id)
    assert loaded.version == 1


def test_every_save_increments_the_version_in_the_same_write(raw: Raw, commands: CommandRecorder) -> None:
    post = Post.objects.create(title="hello")
    commands.clear()
    post.title = "changed"
    post.save()
    (update,) = commands.named("update")
    assert update["updates"][0]["q"] == {"_id": post.id, "_version": 1}
    assert update["updates"][0]["u"] == {"$set": {"title": "changed"}, "$inc": {"_version": 1}}
    assert len(commands.commands) == 1
    assert post.version == 2 and version_of(raw, post) == 2
    post.save()  # nothing changed: nothing written, same version
    assert post.version == 2 and len(commands.commands) == 1


def test_the_version_field_is_configurable(raw: Raw) -> None:
    note = Note.objects.create(text="a")
    note.text = "b"
    note.save()
    assert note.version == 2 and version_of(raw, note, "_rev") == 2
    assert version_of(raw, note) is None


def test_a_stale_save_raises_conflict_and_writes_nothing(raw: Raw) -> None:
    post = Post.objects.create(title="hello")
    first = Post.objects.get(id=post.id)
    second = Post.objects.get(id=post.id)
    first.title = "first"
    first.save()
    second.title = "second"
    with pytest.raises(ConflictError) as caught:
        second.save()
    error = caught.value
    assert isinstance(error, OperationError)
    assert (error.expected, error.current) == (1, 2)
    assert "Post" in str(error) and str(post.id) in str(error)
    assert "expected version 1, stored version 2" in str(error)
    assert second.version == 1
    stored = raw.posts.find_one({"_id": post.id})
    assert stored is not None and stored["title"] == "first" and stored["_version"] == 2


def test_force_skips_the_check_and_takes_the_stored_version(raw: Raw) -> None:
    post = Post.objects.create(title="hello")
    stale = Post.objects.get(id=post.id)
    post.title = "other"
    post.save()
    stale.likes = 5
    stale.save(force=True)
    assert stale.version == 3 and version_of(raw, post) == 3
    stale.likes = 6
    stale.save()  # conditional again, on the version the forced write left
    assert version_of(raw, post) == 4


def test_saving_by_id_without_loading_counts_the_version(raw: Raw) -> None:
    post = Post.objects.create(title="hello", slug="a")
    again = Post(id=post.id, title="replaced")
    again.save()
    assert again.version == 2
    stored = raw.posts.find_one({"_id": post.id})
    assert stored is not None and stored["title"] == "replaced" and "slug" not in stored
    new = Post(id=ObjectId(), title="new")
    new.save()
    assert new.version == 1 and version_of(raw, new) == 1


def test_update_modify_and_upsert_increment_the_version(raw: Raw) -> None:
    post = Post.objects.create(title="hello")
    Post.objects.filter(id=post.id).update(inc__likes=1)
    assert version_of(raw, post) == 2
    Post.objects.filter(id=post.id).update_one(title="b")
    assert version_of(raw, post) == 3
    modified = Post.objects.filter(id=post.id).modify(new=True, title="c")
    assert modified is not None and modified.version == 4
    assert post.modify(likes=9) and post.version == 5
    created = Post.objects.filter(title="new").upsert_one(likes=1)
    assert created.version == 1


def test_update_one_and_modify_with_if_version(raw: Raw) -> None:
    post = Post.objects.create(title="hello")
    result = Post.objects.filter(id=post.id).update_one(if_version=1, title="b")
    assert result.matched_count == 1 and version_of(raw, post) == 2
    with pytest.raises(ConflictError) as caught:
        Post.objects.filter(id=post.id).update_one(if_version=1, title="c")
    assert (caught.value.expected, caught.value.current) == (1, 2)
    with pytest.raises(ConflictError):
        Post.objects.filter(id=post.id).modify(if_version=1, title="c")
    with pytest.raises(ConflictError):
        post.modify(if_version=1, title="c")
    stored = raw.posts.find_one({"_id": post.id})
    assert stored is not None and stored["title"] == "b" and stored["_version"] == 2
    assert post.modify(if_version=2, title="d") and post.version == 3
    missing = Post.objects.filter(title="nothing").update_one(if_version=1, title="x")
    assert missing.matched_count == 0  # no match at all is not a conflict


def test_delete_with_if_version(raw: Raw) -> None:
    post = Post.objects.create(title="hello")
    with pytest.raises(ConflictError):
        post.delete(if_version=7)
    assert raw.posts.count_documents({}) == 1
    post.delete(if_version=1)
    assert raw.posts.count_documents({}) == 0


def test_a_stale_delete_applies_no_delete_rule(raw: Raw) -> None:
    post = Post.objects.create(title="hello")
    Reply(post=post).save()
    Post.objects.filter(id=post.id).update(likes=1)
    with pytest.raises(ConflictError):
        post.delete(if_version=1)
    assert raw.replies.count_documents({}) == 1 and raw.posts.count_documents({}) == 1
    post.delete(if_version=2)
    assert raw.replies.count_documents({}) == 0 and raw.posts.count_documents({}) == 0


def test_if_version_on_an_unversioned_document_names_the_fix() -> None:
    plain = Plain.objects.create(text="a")
    with pytest.raises(OperationError, match="versioned"):
        plain.delete(if_version=1)
    with pytest.raises(OperationError, match="versioned"):
        Plain.objects.update_one(if_version=1, text="b")
    with pytest.raises(OperationError, match="positive integer"):
        Post.objects.update_one(if_version="1", title="b")
    with pytest.raises(OperationError, match="upsert"):
        Post.objects.update_one(if_version=1, upsert=True, title="b")


def test_unversioned_documents_are_written_as_before(raw: Raw, commands: CommandRecorder) -> None:
    plain = Plain.objects.create(text="a")
    plain.text = "b"
    plain.save()
    sent = commands.named("update")[0]["updates"][0]
    assert (sent["q"], sent["u"]) == ({"_id": plain.id}, {"$set": {"text": "b"}})
    Plain.objects.update(text="c")
    assert commands.named("update")[1]["updates"][0]["u"] == {"$set": {"text": "c"}}
    stored = raw.plain.find_one()
    assert stored is not None and "_version" not in stored
    assert not hasattr(plain, "version")


def test_a_failed_write_leaves_the_version_unchanged(raw: Raw) -> None:
    Post.objects.create(title="one", slug="taken")
    post = Post.objects.create(title="two", slug="free")
    post.__dict__["title"] = "x" * 50  # an in-place change save() validates
    with pytest.raises(ValidationError):
        post.save()
    post.title = "two"
    post.slug = "taken"
    with pytest.raises(NotUniqueError):
        post.save()
    assert post.version == 1 and version_of(raw, post) == 1
    post.slug = "other"
    post.save()
    assert post.version == 2


def test_bulk_create_and_partial_loads_carry_the_version(raw: Raw) -> None:
    posts = Post.objects.bulk_create([Post(title="a"), Post(title="b")])
    assert [post.version for post in posts] == [1, 1]
    assert [data["_version"] for data in raw.posts.find()] == [1, 1]
    partial = Post.objects.only("likes").get(id=posts[0].id)
    assert partial.version == 1
    partial.likes = 3
    partial.save()
    assert version_of(raw, posts[0]) == 2


def test_a_field_colliding_with_the_version_is_refused() -> None:
    with pytest.raises(DefinitionError, match="version"):

        class Clash(Document):
            version = IntField()

            meta = {"collection": "clash", "versioned": True}

    with pytest.raises(DefinitionError, match="version_field"):

        class Bad(Document):
            meta = {"collection": "bad", "versioned": True, "version_field": "$v"}


def concurrently(calls: list[Any]) -> list[Any]:
    """Run ``calls`` at once (tasks on the async face, threads on the sync one); results or errors."""
    if _IS_SYNC:
        with ThreadPoolExecutor(len(calls)) as pool:
            futures = [pool.submit(call) for call in calls]
        return [future.exception() or future.result() for future in futures]
    return list(asyncio.gather(*(call() for call in calls), return_exceptions=True))


def test_concurrent_saves_of_one_loaded_document_let_exactly_one_win(raw: Raw) -> None:
    post = Post.objects.create(title="hello")
    copies = [Post.objects.get(id=post.id) for _ in range(20)]
    for number, copy in enumerate(copies):
        copy.title = f"writer {number}"
    results = concurrently([copy.save for copy in copies])
    winners = [result for result in results if isinstance(result, Post)]
    assert len(winners) == 1
    assert all(isinstance(result, ConflictError) for result in results if result not in winners)
    stored = raw.posts.find_one({"_id": post.id})
    assert stored is not None and stored["title"] == winners[0].title and stored["_version"] == 2
