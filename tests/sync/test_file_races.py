# Generated from tests/aio/test_file_races.py by tools/unasync.py: do not edit.
"""Racing file replacements: one wins, the losers delete their own files; deletes take every file."""

from __future__ import annotations

import io
from functools import partial
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.fields import FileField, ImageField, StringField
from mongodb_rest.sync import Document, WriteConflict

from .concurrency import together

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Member(Document):
    name = StringField()
    avatar = ImageField(bucket="avatars")
    cv = FileField()


def png(width: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, 1)).save(buffer, format="PNG")
    return buffer.getvalue()


def replace_avatar(member: Member, width: int) -> Member:
    member.avatar.replace(png(width))
    return member.save()


def test_racing_replacements_leave_one_file_the_referenced_one(raw: Raw) -> None:
    for _ in range(3):
        user = Member(name="ann")
        user.avatar.put(png(1))
        user.cv.put(b"cv")
        user.save()
        copies = [Member.objects.get(id=user.id) for _ in range(20)]
        results = together([partial(replace_avatar, copy, n + 2) for n, copy in enumerate(copies)])
        conflicts = [result for result in results if isinstance(result, WriteConflict)]
        assert len(conflicts) == 19, results
        assert "avatar file was replaced" in str(conflicts[0])
        stored = raw.member.find_one({"_id": user.id})
        assert stored is not None
        assert [f["_id"] for f in raw.avatars.files.find()] == [stored["avatar"]["grid_id"]]
        assert raw.fs.files.count_documents({}) == 1
        loser = next(copy for copy, result in zip(copies, results, strict=True) if result is not copy)
        assert loser.avatar.grid_id == user.avatar.grid_id  # back to the file it was loaded with
        winner = Member.objects.get(id=user.id)
        assert len(winner.avatar.read()) == stored["avatar"]["length"]
        user.delete()  # a stale copy: its file fields still name the first files
        assert raw.avatars.files.count_documents({}) == 0 and raw.fs.files.count_documents({}) == 0


def test_a_replacement_racing_a_delete_leaves_no_file(raw: Raw) -> None:
    user = Member(name="ann")
    user.avatar.put(png(1))
    user.save()
    copy = Member.objects.get(id=user.id)
    user.delete()
    with pytest.raises(WriteConflict, match="or was deleted"):
        replace_avatar(copy, 2)
    assert raw.avatars.files.count_documents({}) == 0 and raw.member.count_documents({}) == 0


def test_deleting_a_queryset_deletes_every_file(raw: Raw) -> None:
    for name in ["ann", "bob"]:
        member = Member(name=name)
        member.avatar.put(png(1))
        member.cv.put(b"cv")
        member.save()
    assert Member.objects.filter(name__in=["ann", "bob"]).delete() == 2
    assert raw.avatars.files.count_documents({}) == 0 and raw.fs.files.count_documents({}) == 0


def test_a_replaced_file_stays_until_the_save_that_replaces_it(raw: Raw) -> None:
    member = Member(name="ann")
    member.cv.put(b"one")
    member.save()
    member.cv.replace(b"two")
    reader = Member.objects.get(id=member.id)
    assert reader.cv.read() == b"one"  # the stored document still names it
    member.save()
    assert [f["length"] for f in raw.fs.files.find()] == [3]
    assert (Member.objects.get(id=member.id)).cv.read() == b"two"
    draft = Member(name="draft")
    draft.cv.put(b"draft one")
    draft.cv.replace(b"draft two")  # never saved with the first: it goes at once
    assert raw.fs.files.count_documents({}) == 2
