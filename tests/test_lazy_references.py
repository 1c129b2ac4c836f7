"""The sync face loads references on first access; the async face never does it behind an attribute."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId

from mongodb_rest import Document
from mongodb_rest.fields import ListField, ReferenceField, StringField

from .conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")


class Person(Document):
    name = StringField(required=True)


class Group(Document):
    title = StringField(required=True)
    owner = ReferenceField(Person)
    members = ListField(ReferenceField(Person))


def test_sync_face_loads_references_on_access(commands: CommandRecorder) -> None:
    ann = Person.sync(name="Ann").save()
    bob = Person.sync(name="Bob").save()
    Group.sync(title="g", owner=ann, members=[ann, bob]).save()
    group = Group.sync.objects.get(title="g")
    commands.clear()
    assert group.owner.name == "Ann"  # type: ignore[union-attr]
    assert isinstance(group.owner, Person) and type(group.owner) is Person.sync
    assert [member.name for member in group.members] == ["Ann", "Bob"]
    assert len(commands.named("find")) == 2  # one for the owner, one for the whole list
    assert group.owner.name == "Ann"  # type: ignore[union-attr]
    assert len(commands.named("find")) == 2  # loaded once


def test_a_dangling_reference_stays_an_id() -> None:
    gone = ObjectId()
    Group.sync(title="g", owner=gone).save()
    assert Group.sync.objects.get().owner == gone


async def test_async_face_returns_the_stored_id(commands: CommandRecorder) -> None:
    ann = await Person(name="Ann").save()
    await Group(title="g", owner=ann).save()
    group = await Group.objects.get()
    commands.clear()
    owner: Any = group.owner
    assert owner == ann.id and commands.named("find") == []  # no hidden query, no hidden await
    await group.fetch("owner")
    assert group.owner.name == "Ann"  # type: ignore[union-attr]
