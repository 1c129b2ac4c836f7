"""``bulk_create()`` decides once per class what depends on the class alone and makes the new keys in
one batch, keeping what each document gets: its key, timestamps, ``_cls``, undeclared fields, its
stored state for later saves, and the refusals of a document it cannot insert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId
from pymongo.database import Database

from mongodb_rest import Document, DynamicDocument, ValidationError, signals
from mongodb_rest.document.keys import new_keys
from mongodb_rest.fields import DateTimeField, IntField, SequenceField, StringField

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Crate(Document):
    label = StringField(required=True)
    weight = IntField()


class Shipment(Document):
    label = StringField()
    created = DateTimeField(auto_now_add=True)
    touched = DateTimeField(auto_now=True)


class Parcel(Document):
    code = StringField(primary_key=True)
    label = StringField()


class Vehicle(Document):
    name = StringField(required=True)
    meta = {"allow_inheritance": True}


class Truck(Vehicle):
    axles = IntField()


class Van(Vehicle):
    def clean(self) -> None:
        self.name = self.name.upper()


class Loose(DynamicDocument):
    label = StringField()


async def test_new_keys_are_given_in_one_batch_and_given_keys_kept(raw: Raw) -> None:
    given = ObjectId()
    created = await Crate.objects.bulk_create(
        [Crate(label="a"), Crate(label="b", id=given), Crate(label="c")]
    )
    assert created[1].id == given
    ids = [crate.id for crate in created]
    assert all(isinstance(oid, ObjectId) for oid in ids) and len(set(ids)) == 3
    assert [crate.pk for crate in created] == ids
    stored = {data["label"]: data["_id"] for data in raw.crate.find()}
    assert stored == {"a": ids[0], "b": given, "c": ids[2]}
    assert all("id" in crate.model_fields_set for crate in created)


async def test_the_batch_does_not_draw_on_object_ids_own_counter() -> None:
    await Crate.objects.bulk_create([Crate(label="first")])  # the collection is prepared once
    before = ObjectId._inc  # ObjectId() advances it once per id
    await Crate.objects.bulk_create([Crate(label=str(n)) for n in range(5)])
    assert ObjectId._inc == before


def test_new_keys_follow_the_object_id_layout() -> None:
    first, second, third = new_keys(3)
    now = datetime.now(UTC)
    assert abs(first.generation_time - now) < timedelta(seconds=2)
    assert first.binary[4:9] == second.binary[4:9] == third.binary[4:9]  # the random part
    assert first.binary[4:9] != ObjectId().binary[4:9]  # its own, as another process's would be
    counters = [int.from_bytes(oid.binary[9:]) for oid in (first, second, third)]
    assert counters[1] == (counters[0] + 1) % 2**24 and counters[2] == (counters[1] + 1) % 2**24
    assert len({*new_keys(1000), first, second, third}) == 1003


async def test_timestamps_are_stamped_and_adopted(raw: Raw) -> None:
    kept = datetime(2020, 5, 17, tzinfo=UTC)
    created = await Shipment.objects.bulk_create([Shipment(label="a"), Shipment(label="b", created=kept)])
    first, second = created
    assert first.created is not None and first.touched is not None and second.created == kept
    assert {"created", "touched"} <= first.model_fields_set
    stored = {data["label"]: data for data in raw.shipment.find()}
    assert stored["a"]["created"].replace(tzinfo=UTC) == first.created
    assert stored["b"]["created"].replace(tzinfo=UTC) == kept
    assert stored["b"]["touched"].replace(tzinfo=UTC) == second.touched


async def test_a_custom_key_must_be_given(raw: Raw, commands: CommandRecorder) -> None:
    commands.clear()
    with pytest.raises(ValidationError, match="required"):
        await Parcel.objects.bulk_create([Parcel(code="p1", label="a"), Parcel(label="b")])
    assert commands.named("insert") == []
    await Parcel.objects.bulk_create([Parcel(code="p1", label="a")])
    assert raw.parcel.find_one() == {"_id": "p1", "label": "a"}


async def test_subclasses_keep_their_class_and_their_own_clean(raw: Raw) -> None:
    created = await Vehicle.objects.bulk_create(
        [Truck(name="t", axles=3), Van(name="v"), Vehicle(name="plain")]
    )
    assert [vehicle.name for vehicle in created] == ["t", "V", "plain"]
    stored = {data["name"]: data["_cls"] for data in raw.vehicle.find()}
    assert stored == {"t": "Vehicle.Truck", "V": "Vehicle.Van", "plain": "Vehicle"}
    assert [type(vehicle) for vehicle in [v async for v in Vehicle.objects.order_by("name")]] == [
        Van,
        Vehicle,
        Truck,
    ]


async def test_a_document_of_another_class_is_refused_before_anything_is_sent(
    raw: Raw, commands: CommandRecorder
) -> None:
    commands.clear()
    with pytest.raises(ValidationError, match="bulk_create\\(\\) takes Truck documents, not Van"):
        await Truck.objects.bulk_create([Truck(name="t"), Van(name="v")])  # type: ignore[list-item]
    assert commands.named("insert") == [] and raw.vehicle.count_documents({}) == 0


async def test_a_saved_document_is_refused(raw: Raw) -> None:
    crate = Crate(label="a")
    await crate.save()
    with pytest.raises(ValidationError, match="takes new documents"):
        await Crate.objects.bulk_create([Crate(label="b"), crate])
    assert raw.crate.count_documents({}) == 1


async def test_undeclared_fields_of_a_dynamic_document_are_stored(raw: Raw) -> None:
    loose = Loose(label="a")
    loose.colour = "red"  # type: ignore[attr-defined]
    await Loose.objects.bulk_create([loose, Loose(label="b", size=3)])
    stored = {data["label"]: data for data in raw.loose.find()}
    assert stored["a"]["colour"] == "red" and stored["b"]["size"] == 3


async def test_a_later_save_sends_only_what_changed(raw: Raw, commands: CommandRecorder) -> None:
    crates = await Crate.objects.bulk_create([Crate(label="a", weight=1), Crate(label="b")])
    commands.clear()
    crates[0].weight = 2
    await crates[0].save()
    await crates[1].save()  # unchanged: nothing sent
    [update] = commands.named("update")
    assert update["updates"][0]["u"] == {"$set": {"weight": 2}}
    assert raw.crate.find_one({"label": "a"})["weight"] == 2  # type: ignore[index]


class Numbered(Document):
    number = SequenceField()
    label = SequenceField(sequence_name="labels", value_decorator=lambda n: f"L{n}")
    name = StringField()


async def test_bulk_create_gives_sequence_fields_consecutive_values(raw: Raw) -> None:
    first = await Numbered(name="first").save()
    given = Numbered(name="given", number=100)
    documents = await Numbered.objects.bulk_create([Numbered(name="a"), given, Numbered(name="b")])
    assert [document.number for document in documents] == [first.number + 1, 100, first.number + 2]
    assert [document.label for document in documents] == ["L2", "L3", "L4"]
    stored = {document["name"]: document["number"] for document in raw["numbered"].find()}
    assert stored == {"first": first.number, "given": 100, "a": first.number + 1, "b": first.number + 2}
    assert (await Numbered(name="next").save()).number == first.number + 3


async def test_a_document_given_twice_is_refused_before_anything_is_counted(raw: Raw) -> None:
    document = Numbered(name="twice")
    with pytest.raises(ValidationError, match="each document once"):
        await Numbered.objects.bulk_create([document, document])
    assert document.number is None
    assert raw["numbered"].count_documents({}) == 0
    assert raw["mongoengine.counters"].find_one({"_id": "numbered.number"}) is None


async def test_sequence_fields_are_numbered_after_pre_bulk_insert_receivers() -> None:
    def add_one(sender: Any, documents: list[Any], **kwargs: Any) -> None:
        documents.append(Numbered(name="added"))

    signals.pre_bulk_insert.connect(add_one, sender=Numbered)
    try:
        documents = await Numbered.objects.bulk_create([Numbered(name="given")])
    finally:
        signals.pre_bulk_insert.disconnect(add_one, sender=Numbered)
    assert [(document.name, document.number) for document in documents] == [("given", 1), ("added", 2)]
