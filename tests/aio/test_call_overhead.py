"""What single-document calls resolve once and reuse (a lookup's or update's path and field, a class's
sequence and guarded reference fields) stays right, and what they look up on every call (switches,
transactions, deadlines, signal receivers) still applies after a first call."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import Document, DynamicDocument, ValidationError, connect, deadline
from mongodb_rest.context_managers import atomic, switch_collection, switch_db
from mongodb_rest.fields import IntField, ReferenceField, SequenceField, StringField
from mongodb_rest.fields.references import NULLIFY
from mongodb_rest.signals import post_init, post_save, pre_save

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Gadget(Document):
    name = StringField(db_field="n")
    size = IntField(min_value=0)


class Widget(Document):
    name = StringField(db_field="label")
    size = IntField(db_field="s")


class Loose(DynamicDocument):
    name = StringField()


class Numbered(Document):
    name = StringField()
    meta = {"allow_inheritance": True}


class Ticket(Numbered):  # a subclass adding a sequence field
    number = SequenceField()


class Owner(Document):
    name = StringField()


class Pet(Document):
    name = StringField()
    owner = ReferenceField(Owner, reverse_delete_rule=NULLIFY)


def last(commands: CommandRecorder, name: str) -> dict[str, Any]:
    return commands.named(name)[-1]


async def test_a_lookup_resolves_on_its_own_class(commands: CommandRecorder) -> None:
    await Gadget(name="a", size=1).save()
    await Widget(name="a", size=1).save()
    for _ in range(2):  # the second time from what the first resolved
        assert (await Gadget.objects.get(name="a", size__gte=1)).name == "a"
        assert last(commands, "find")["filter"] == {"n": "a", "size": {"$gte": 1}}
        assert (await Widget.objects.get(name="a", size__gte=1)).name == "a"
        assert last(commands, "find")["filter"] == {"label": "a", "s": {"$gte": 1}}
    assert [w.name async for w in Widget.objects.filter(name__not__in=["b"])] == ["a"]
    assert last(commands, "find")["filter"] == {"label": {"$not": {"$in": ["b"]}}}


async def test_a_lookup_converts_each_value_anew() -> None:
    await Gadget(name="a", size=1).save()
    assert await Gadget.objects.filter(size=1).count() == 1
    assert await Gadget.objects.filter(size=2).count() == 0
    with pytest.raises(ValidationError):
        await Gadget.objects.filter(size="many").count()  # the same key, a value it cannot take
    assert await Gadget.objects.filter(size="1").count() == 1


async def test_an_unknown_lookup_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(ValidationError, match="did you mean 'name'"):
            await Gadget.objects.get(nmae="a")
        with pytest.raises(ValidationError, match="unknown lookup"):
            await Gadget.objects.get(size__gtee=1)


async def test_undeclared_fields_of_a_dynamic_document(raw: Raw) -> None:
    raw.loose.insert_one({"name": "a", "mood": "calm"})
    for _ in range(2):
        assert (await Loose.objects.get(mood="calm")).name == "a"
        assert await Loose.objects.filter(mood__ne="calm").count() == 0


async def test_an_update_resolves_on_its_own_class(commands: CommandRecorder) -> None:
    gadget = await Gadget(name="a", size=1).save()
    widget = await Widget(name="a", size=1).save()
    for size in (2, 3):
        await Gadget.objects.filter(id=gadget.id).update_one(name="b", inc__size=size)
        assert last(commands, "update")["updates"][0]["u"] == {"$set": {"n": "b"}, "$inc": {"size": size}}
        await Widget.objects.filter(id=widget.id).update_one(name="b", inc__size=size)
        assert last(commands, "update")["updates"][0]["u"] == {"$set": {"label": "b"}, "$inc": {"s": size}}
    assert (await Gadget.objects.get(id=gadget.id)).size == 6


async def test_an_update_validates_each_value_and_refuses_every_time() -> None:
    gadget = await Gadget(name="a", size=1).save()
    for _ in range(2):
        with pytest.raises(ValidationError):
            await Gadget.objects.filter(id=gadget.id).update_one(size=-1)  # min_value, checked per value
        with pytest.raises(ValidationError, match="cannot be changed"):
            await Gadget.objects.filter(id=gadget.id).update_one(id=gadget.id)
        with pytest.raises(ValidationError):
            await Gadget.objects.filter(id=gadget.id).update_one(set__nmae="b")
    assert await Gadget.objects.filter(id=gadget.id).update_one(size=0) == 1


async def test_switches_apply_after_a_first_call(raw: Raw, mongo_uri: str, db_name: str) -> None:
    gadget = await Gadget(name="home").save()
    assert (await Gadget.objects.get(id=gadget.id)).name == "home"
    with switch_collection(Gadget, "gadget_archive"):
        assert await Gadget.objects.filter(id=gadget.id).count() == 0
        await Gadget(name="archived").save()
        assert (await Gadget.objects.get(name="archived")).name == "archived"
    assert raw.gadget_archive.count_documents({}) == 1
    assert (await Gadget.objects.get(id=gadget.id)).name == "home"  # back where it was
    connect(f"{db_name}_other", alias="other", host=mongo_uri)
    with switch_db(Gadget, "other"):
        assert await Gadget.objects.count() == 0
        other = await Gadget(name="elsewhere").save()
    assert await Gadget.objects.filter(id=other.id).count() == 0
    moved = await Gadget(name="moved").switch_collection("gadget_archive").save()
    assert raw.gadget_archive.count_documents({"_id": moved.id}) == 1
    assert raw.gadget.count_documents({"_id": moved.id}) == 0


async def test_a_transaction_applies_after_a_first_call(commands: CommandRecorder) -> None:
    await Gadget(name="a").save()
    await Gadget.objects.get(name="a")
    assert "txnNumber" not in last(commands, "find")
    async with atomic():
        await Gadget.objects.get(name="a")
        assert "txnNumber" in last(commands, "find")
        await Gadget(name="b").save()
        assert "txnNumber" in last(commands, "insert")
    await Gadget.objects.get(name="b")
    assert "txnNumber" not in last(commands, "find")


async def test_a_deadline_applies_after_a_first_call(commands: CommandRecorder) -> None:
    await Gadget(name="a").save()
    await Gadget.objects.get(name="a")
    assert last(commands, "find")["maxTimeMS"] <= 5000  # the connection's default timeout, 5 s
    with deadline(100):
        await Gadget.objects.get(name="a")
        assert 5000 < last(commands, "find")["maxTimeMS"] <= 100_000
        await Gadget.objects.filter(name="a").update_one(size=1)
        assert 5000 < last(commands, "update")["maxTimeMS"] <= 100_000
    await Gadget.objects.get(name="a")
    assert last(commands, "find")["maxTimeMS"] <= 5000


async def test_receivers_connected_after_a_first_call_fire() -> None:
    gadget = await Gadget(name="a").save()
    await Gadget.objects.get(id=gadget.id)
    seen: list[str] = []

    def on_init(sender: Any, document: Any, **kwargs: Any) -> None:
        seen.append(f"init {document.name}")

    def on_save(sender: Any, document: Any, created: bool, **kwargs: Any) -> None:
        seen.append(f"saved {document.name} {created}")

    def on_pre_save(sender: Any, document: Any, **kwargs: Any) -> None:
        seen.append(f"saving {document.name}")

    receivers = [(post_init, on_init), (pre_save, on_pre_save), (post_save, on_save)]
    for signal, receiver in receivers:
        signal.connect(receiver, sender=Gadget)
    try:
        await Gadget.objects.get(id=gadget.id)
        await Gadget(name="b").save()
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver, sender=Gadget)
    assert seen == ["init a", "init b", "saving b", "saved b True"]
    seen.clear()
    await Gadget.objects.get(id=gadget.id)
    await Gadget(name="c").save()
    assert seen == []  # disconnected: none fires


async def test_sequences_are_found_per_class(raw: Raw) -> None:
    await Numbered(name="plain").save()  # no sequence field: no counter
    assert "mongoengine.counters" not in raw.list_collection_names()
    first = await Ticket(name="one").save()
    second = await Ticket(name="two").save()
    assert (first.number, second.number) == (1, 2)
    given = await Ticket(name="given", number=10).save()
    assert given.number == 10  # a value given is kept


async def test_references_with_delete_rules_are_checked_on_every_save() -> None:
    owner = await Owner(name="ann").save()
    await Numbered(name="no references").save()
    await Pet(name="rex", owner=owner).save()  # checked: the owner exists
    gone = await Owner(name="bob").save()
    await gone.delete()
    with pytest.raises(ValidationError, match="does not exist"):
        await Pet(name="tom", owner=gone).save()
    assert await Pet.objects.filter(name="tom").count() == 0
