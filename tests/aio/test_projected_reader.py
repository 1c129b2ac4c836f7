"""How stored documents are read: the generated readers (whole and partial), cached iteration and
select_related's join, with stored data of every shape (exact, missing keys, nulls, undeclared keys)."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId
from pymongo.database import Database

from mongodb_rest import Document, DynamicDocument, EmbeddedDocument
from mongodb_rest.fields import (
    BooleanField,
    EmbeddedDocumentField,
    IntField,
    ListField,
    ReferenceField,
    StringField,
)
from mongodb_rest.query import related

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Spot(EmbeddedDocument):
    city = StringField()
    zip_code = StringField(db_field="zip")


class Writer(Document):
    name = StringField()
    meta = {"collection": "reader_writers"}


class Entry(Document):
    title = StringField(required=True)
    views = IntField(default=0)
    tags = ListField(StringField())
    spot = EmbeddedDocumentField(Spot)
    spots = ListField(EmbeddedDocumentField(Spot))
    writer = ReferenceField(Writer)
    writers = ListField(ReferenceField(Writer))
    public = BooleanField(default=True)
    meta = {"collection": "reader_entries"}


class Loose(DynamicDocument):
    title = StringField()
    meta = {"collection": "reader_loose"}


def stored(document: Entry, name: str) -> Any:
    """A field's value as read; a reference as its id (reading it on the sync face loads it)."""
    return document.__dict__[name] if name in ("writer", "writers") else getattr(document, name)


async def stored_entry() -> tuple[Entry, Writer]:
    writer = await Writer.objects.create(name="Ann")
    entry = await Entry.objects.create(
        title="a",
        views=3,
        tags=["x", "y"],
        spot=Spot(city="Oslo", zip_code="0150"),
        spots=[Spot(city="Rome")],
        writer=writer,
        writers=[writer],
        public=False,
    )
    return entry, writer


async def test_a_whole_read_gives_every_field_of_each_kind() -> None:
    entry, writer = await stored_entry()
    loaded = await Entry.objects.get(id=entry.id)
    assert (loaded.title, loaded.views, loaded.tags, loaded.public) == ("a", 3, ["x", "y"], False)
    assert loaded.spot == Spot(city="Oslo", zip_code="0150")  # built from the stored dict when read
    assert loaded.spots == [Spot(city="Rome")]
    assert stored(loaded, "writer") == writer.id and stored(loaded, "writers") == [writer.id]
    assert not loaded._is_partial()


@pytest.mark.parametrize(
    ("selected", "loaded_names"),
    [
        (lambda qs: qs.only("title", "spot"), {"id", "title", "spot"}),
        (lambda qs: qs.only("tags", "writer"), {"id", "tags", "writer"}),
        (lambda qs: qs.only("spots", "writers"), {"id", "spots", "writers"}),
        (lambda qs: qs.exclude("spot", "writers"), set(Entry._fields) - {"spot", "writers"}),
    ],
)
async def test_a_partial_read_fills_the_loaded_fields_and_defaults_the_others(
    selected: Any, loaded_names: set[str]
) -> None:
    entry, writer = await stored_entry()
    document = await selected(Entry.objects.filter(id=entry.id)).get()
    assert document._is_partial() and document.__pydantic_fields_set__ == loaded_names
    whole = {
        "id": entry.id,
        "title": "a",
        "views": 3,
        "tags": ["x", "y"],
        "spot": Spot(city="Oslo", zip_code="0150"),
        "spots": [Spot(city="Rome")],
        "writer": writer.id,
        "writers": [writer.id],
        "public": False,
    }
    defaults = {"title": None, "views": 0, "tags": [], "spot": None, "spots": [], "writer": None}
    defaults |= {"writers": [], "public": True}
    for name, value in whole.items():
        assert stored(document, name) == (value if name in loaded_names else defaults[name]), name


async def test_unloaded_defaults_are_each_documents_own() -> None:
    await stored_entry()
    await stored_entry()
    first, second = [entry async for entry in Entry.objects.only("title")]
    first.tags.append("mine")
    assert second.tags == []


async def test_saving_a_partial_document_writes_only_what_it_loaded_or_was_assigned(raw: Raw) -> None:
    entry, _ = await stored_entry()
    document = await Entry.objects.only("title", "spot").get(id=entry.id)
    document.title = "b"
    document.views = 9  # not loaded, assigned: written
    await document.save()
    stored = raw.reader_entries.find_one({"_id": entry.id})
    assert stored is not None
    assert (stored["title"], stored["views"], stored["tags"], stored["public"]) == ("b", 9, ["x", "y"], False)
    assert stored["spot"] == {"city": "Oslo", "zip": "0150"}


async def test_stored_data_missing_keys_takes_each_fields_default(raw: Raw) -> None:
    raw.reader_entries.insert_one({"_id": ObjectId(), "title": "bare"})
    document = await Entry.objects.get(title="bare")
    assert (document.views, document.tags, document.spots, document.public) == (0, [], [], True)
    assert document.spot is None and stored(document, "writer") is None
    partial = await Entry.objects.only("title", "tags").get(title="bare")
    assert partial.tags == [] and partial.title == "bare"


async def test_stored_nulls_stay_none(raw: Raw) -> None:
    keys = ("title", "views", "tags", "spot", "spots", "writer", "writers", "public")
    raw.reader_entries.insert_one({"_id": ObjectId(), **dict.fromkeys(keys), "title": "nulls"})
    document = await Entry.objects.get(title="nulls")
    assert [getattr(document, key) for key in keys[1:]] == [None] * 7
    partial = await Entry.objects.only("title", "tags", "spot").get(title="nulls")
    assert partial.tags is None and partial.spot is None


async def test_undeclared_stored_keys_are_left_out_unless_the_document_is_dynamic(raw: Raw) -> None:
    raw.reader_entries.insert_one({"_id": ObjectId(), "title": "odd", "legacy": 1, "views": 2})
    document = await Entry.objects.get(title="odd")
    assert document.views == 2 and "legacy" not in document.__dict__
    assert not document.__pydantic_extra__
    every = {"title": "all", "views": 1, "tags": ["t"], "spot": None, "spots": [], "writer": None}
    every |= {"writers": [], "public": False}
    raw.reader_entries.insert_one({"_id": ObjectId(), **every, "legacy": 1})  # every key, and one more
    raw.reader_entries.insert_one({"_id": ObjectId(), **every, "title": "no views", "views_": 1, "old": 2})
    raw.reader_entries.update_one({"title": "no views"}, {"$unset": {"views": ""}})
    whole = await Entry.objects.get(title="all")
    assert (whole.views, whole.tags, whole.public) == (1, ["t"], False) and "legacy" not in whole.__dict__
    missing = await Entry.objects.get(title="no views")  # as many keys, one of them missing
    assert (missing.views, missing.tags, missing.public) == (0, ["t"], False)
    raw.reader_loose.insert_one({"_id": ObjectId(), "title": "odd", "legacy": 1})
    loose = await Loose.objects.get(title="odd")
    assert loose.legacy == 1  # type: ignore[attr-defined]


async def test_an_embedded_document_reads_exact_partial_and_extra_keys(raw: Raw) -> None:
    spots = [{"city": "Oslo", "zip": "0150"}, {"city": "Rome"}, {"city": "Nice", "zip": "06000", "old": 1}]
    raw.reader_entries.insert_one({"_id": ObjectId(), "title": "spots", "spots": spots})
    document = await Entry.objects.get(title="spots")
    assert document.spots == [
        Spot(city="Oslo", zip_code="0150"),
        Spot(city="Rome"),
        Spot(city="Nice", zip_code="06000"),
    ]


async def test_iterating_reads_everything_once_and_caches_it(commands: CommandRecorder, raw: Raw) -> None:
    raw.reader_entries.insert_many([{"title": f"t{i:03}"} for i in range(150)])
    entries = Entry.objects.order_by("title").batch_size(60)
    commands.clear()
    iterator = entries.__aiter__()
    first = await iterator.__anext__()
    assert len(commands.named("find")) == 1 and len(commands.named("getMore")) == 2  # all read at once
    titles = [first.title] + [entry.title async for entry in iterator]
    assert titles == [f"t{i:03}" for i in range(150)]
    assert [entry.title async for entry in entries] == titles
    assert len(commands.named("find")) == 1  # the second iteration answered from the cache
    streamed = [entry.title async for entry in Entry.objects.order_by("title").no_cache()]
    assert streamed == titles


async def test_select_related_asks_for_at_most_so_many_ids_per_query(
    commands: CommandRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    writers = [await Writer.objects.create(name=f"w{i}") for i in range(5)]
    for i in range(5):
        await Entry.objects.create(
            title=f"e{i}", writer=writers[i], writers=[writers[i], writers[(i + 1) % 5]]
        )
    monkeypatch.setattr(related, "IDS_PER_QUERY", 2)
    commands.clear()
    entries = [entry async for entry in Entry.objects.select_related("writer", "writers").order_by("title")]
    finds = commands.named("find")
    assert [len(find["filter"]["_id"]["$in"]) for find in finds[1:]] == [2, 2, 1, 2, 2, 1]
    assert [entry.writer.name for entry in entries] == [f"w{i}" for i in range(5)]  # type: ignore[union-attr]
    assert [[w.name for w in entry.writers] for entry in entries][4] == ["w4", "w0"]


async def test_select_related_keeps_references_whose_document_is_gone(raw: Raw) -> None:
    writer = await Writer.objects.create(name="Ann")
    gone = ObjectId()
    await Entry.objects.create(title="e", writer=writer, writers=[writer])
    raw.reader_entries.update_one({"title": "e"}, {"$push": {"writers": gone}})
    entry = await Entry.objects.select_related("writer", "writers").get(title="e")
    assert isinstance(entry.writer, Writer)
    assert isinstance(entry.writers[0], Writer) and entry.writers[1] == gone
    unset = await Entry.objects.create(title="none")
    assert (await Entry.objects.select_related("writer").get(id=unset.id)).writer is None
