"""Change tracking: a save of a loaded document compares and writes only the fields assigned or read
since it was loaded (in-place changes of lists, dicts and embedded documents included), so an untouched
long list is neither encoded nor compared."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import Document, DynamicDocument, EmbeddedDocument, ValidationError
from mongodb_rest.fields import (
    DateTimeField,
    DictField,
    EmbeddedDocumentField,
    EmbeddedDocumentListField,
    IntField,
    ListField,
    ReferenceField,
    StringField,
)

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
encoded: list[int] = []  # the length of each list CountedList encoded


class CountedList(ListField):
    """A list of strings that records each time it is encoded."""

    def to_mongo(self, value: Any) -> Any:
        encoded.append(len(value))
        return super().to_mongo(value)


class Note(EmbeddedDocument):
    text = StringField()
    tags = ListField(StringField())


class Tracked(Document):
    name = StringField()
    count = IntField(default=0)
    tags = ListField(StringField(max_length=10))
    data = DictField()
    note = EmbeddedDocumentField(Note)
    notes = ListField(EmbeddedDocumentField(Note))
    comments = EmbeddedDocumentListField(Note)

    meta = {"collection": "tracked"}


class Long(Document):
    count = IntField(default=0)
    items = CountedList(StringField())
    touched = DateTimeField(auto_now=True)

    meta = {"collection": "long"}


class Page(DynamicDocument):
    title = StringField()

    meta = {"collection": "pages"}


STORED: dict[str, Any] = {
    "name": "doc",
    "count": 0,
    "tags": ["c", "a", "b"],
    "data": {"k": 1, "inner": {"x": 1}},
    "note": {"text": "hi", "tags": ["n"]},
    "notes": [{"text": "first", "tags": []}, {"text": "second", "tags": []}],
    "comments": [{"text": "one", "tags": []}],
}


async def loaded(raw: Raw) -> Tracked:
    """A Tracked document as stored (written through PyMongo), read back."""
    ident = raw["tracked"].insert_one(copy.deepcopy(STORED)).inserted_id
    return await Tracked.objects.get(id=ident)


def sent_update(commands: CommandRecorder) -> dict[str, Any]:
    """The update document of the one update command sent."""
    (update,) = commands.named("update")
    document: dict[str, Any] = update["updates"][0]["u"]
    return document


def stored(raw: Raw, document: Tracked) -> dict[str, Any]:
    found = raw["tracked"].find_one({"_id": document.id})
    assert found is not None
    return found


def _iadd(document: Tracked) -> None:
    document.tags += ["d"]


def _del_first(document: Tracked) -> None:
    del document.tags[0]


IN_PLACE: list[tuple[Callable[[Tracked], Any], str, Any]] = [
    (lambda d: d.tags.append("d"), "tags", ["c", "a", "b", "d"]),
    (lambda d: d.tags.__setitem__(1, "y"), "tags", ["c", "y", "b"]),
    (_del_first, "tags", ["a", "b"]),
    (lambda d: d.tags.extend(["d", "e"]), "tags", ["c", "a", "b", "d", "e"]),
    (lambda d: d.tags.pop(), "tags", ["c", "a"]),
    (lambda d: d.tags.sort(), "tags", ["a", "b", "c"]),
    (lambda d: d.tags.insert(0, "z"), "tags", ["z", "c", "a", "b"]),
    (lambda d: d.tags.clear(), "tags", []),
    (_iadd, "tags", ["c", "a", "b", "d"]),
    (lambda d: d.data.__setitem__("k", 2), "data", {"k": 2, "inner": {"x": 1}}),
    (lambda d: d.data["inner"].__setitem__("x", 2), "data", {"k": 1, "inner": {"x": 2}}),
    (lambda d: d.data.pop("inner"), "data", {"k": 1}),
    (lambda d: setattr(d.note, "text", "bye"), "note", {"text": "bye", "tags": ["n"]}),
    (lambda d: d.note.tags.append("m"), "note", {"text": "hi", "tags": ["n", "m"]}),
    (
        lambda d: setattr(d.notes[1], "text", "2nd"),
        "notes",
        [{"text": "first", "tags": []}, {"text": "2nd", "tags": []}],
    ),
    (
        lambda d: d.notes.append(Note(text="third")),
        "notes",
        [{"text": "first", "tags": []}, {"text": "second", "tags": []}, {"text": "third", "tags": []}],
    ),
    (lambda d: setattr(d.comments[0], "text", "uno"), "comments", [{"text": "uno", "tags": []}]),
    (
        lambda d: d.comments.create(text="two"),
        "comments",
        [{"text": "one", "tags": []}, {"text": "two", "tags": []}],
    ),
]


@pytest.mark.parametrize(("change", "key", "expected"), IN_PLACE)
async def test_an_in_place_change_is_saved_and_only_its_field_is_set(
    raw: Raw, commands: CommandRecorder, change: Callable[[Tracked], Any], key: str, expected: Any
) -> None:
    document = await loaded(raw)
    change(document)
    commands.clear()
    await document.save()
    assert sent_update(commands) == {"$set": {key: expected}}
    assert stored(raw, document)[key] == expected
    commands.clear()
    await document.save()  # saved: nothing changed since
    assert commands.named("update") == []


async def test_an_assignment_is_saved_alone(raw: Raw, commands: CommandRecorder) -> None:
    document = await loaded(raw)
    document.count += 1
    document.name = None  # a field set to None is unset
    commands.clear()
    await document.save()
    assert sent_update(commands) == {"$set": {"count": 1}, "$unset": {"name": ""}}
    assert "name" not in stored(raw, document)


async def test_a_field_read_but_not_changed_writes_nothing(raw: Raw, commands: CommandRecorder) -> None:
    document = await loaded(raw)
    assert document.tags == ["c", "a", "b"] and document.note is not None and document.data["k"] == 1
    commands.clear()
    await document.save()
    assert commands.named("update") == []


async def test_a_list_kept_across_a_save_is_still_tracked(raw: Raw, commands: CommandRecorder) -> None:
    document = await loaded(raw)
    tags, note = document.tags, document.note
    document.count = 1
    await document.save()
    tags.append("later")  # through references taken before the save
    note.text = "later"
    commands.clear()
    await document.save()
    assert sent_update(commands) == {
        "$set": {"tags": ["c", "a", "b", "later"], "note": {"text": "later", "tags": ["n"]}}
    }


async def test_an_invalid_in_place_change_is_refused(raw: Raw, commands: CommandRecorder) -> None:
    document = await loaded(raw)
    document.tags.append("far too long a tag")
    commands.clear()
    with pytest.raises(ValidationError) as raised:
        await document.save()
    assert list(raised.value.errors) == ["tags.3"]
    assert commands.named("update") == []


async def test_an_untouched_long_list_is_neither_encoded_nor_compared(
    raw: Raw, commands: CommandRecorder
) -> None:
    items = [f"item{i}" for i in range(2000)]
    ident = raw["long"].insert_one({"count": 0, "items": items}).inserted_id
    document = await Long.objects.get(id=ident)
    encoded.clear()
    for _ in range(3):
        document.count += 1
        commands.clear()
        await document.save()
        assert sent_update(commands) == {"$set": {"count": document.count, "touched": document.touched}}
    assert encoded == []  # not once: the list was never read
    document.items.append("last")  # read: encoded and compared from now on
    commands.clear()
    await document.save()
    assert sent_update(commands)["$set"]["items"][-1] == "last"
    assert encoded and set(encoded) == {2001}  # to decide what to validate, then to write
    assert raw["long"].find_one({"_id": ident}) == {
        "_id": ident,
        "count": 3,
        "items": [*items, "last"],
        "touched": document.touched.replace(microsecond=document.touched.microsecond // 1000 * 1000),
    }


async def test_a_reload_forgets_what_was_read(raw: Raw) -> None:
    ident = raw["long"].insert_one({"count": 0, "items": ["a"]}).inserted_id
    document = await Long.objects.get(id=ident)
    assert document.items == ["a"]
    await document.reload()
    encoded.clear()
    document.count = 5
    await document.save()
    assert encoded == []


async def test_copies_track_the_values_they_share(raw: Raw, commands: CommandRecorder) -> None:
    document = await loaded(raw)
    shallow = copy.copy(document)
    shallow.tags.append("shared")  # the list both hold
    commands.clear()
    await document.save()
    assert sent_update(commands) == {"$set": {"tags": ["c", "a", "b", "shared"]}}
    updated = document.model_copy(update={"count": 7})
    commands.clear()
    await updated.save()
    assert sent_update(commands) == {"$set": {"count": 7}}
    restored = pickle.loads(pickle.dumps(document))
    restored.data["k"] = 3
    commands.clear()
    await restored.save()
    assert sent_update(commands) == {"$set": {"data": {"k": 3, "inner": {"x": 1}}}}


async def test_a_document_built_here_compares_every_field(raw: Raw) -> None:
    shared = {"x": 1}
    document = await Tracked(name="new", data={"inner": shared}).save()
    shared["x"] = 2  # the caller's dict, held by the document: no read of the field
    await document.save()
    assert stored(raw, document)["data"] == {"inner": {"x": 2}}


async def test_values_handed_out_by_iteration_are_tracked(raw: Raw, commands: CommandRecorder) -> None:
    document = await loaded(raw)
    dict(document)["tags"].append("d")
    commands.clear()
    await document.save()
    assert sent_update(commands) == {"$set": {"tags": ["c", "a", "b", "d"]}}


async def test_undeclared_fields_of_a_dynamic_document_are_compared(raw: Raw) -> None:
    page = await Page(title="a", marks=[1]).save()
    loaded_page = await Page.objects.get(id=page.id)
    loaded_page.marks.append(2)  # an undeclared field
    await loaded_page.save()
    assert raw["pages"].find_one({"_id": page.id})["marks"] == [1, 2]  # type: ignore[index]


class Rack(Document):
    title = StringField()
    books = ListField(ReferenceField(Tracked))

    meta = {"collection": "racks", "versioned": True}


async def test_a_versioned_document_changed_in_place_is_written_with_its_version(
    raw: Raw, commands: CommandRecorder
) -> None:
    rack = await Rack(title="s").save()
    loaded_rack = await Rack.objects.get(id=rack.id)
    book = await loaded(raw)
    loaded_rack.books.append(book)
    commands.clear()
    await loaded_rack.save()
    assert sent_update(commands) == {"$set": {"books": [book.id]}, "$inc": {"_version": 1}}
    assert raw["racks"].find_one({"_id": rack.id}) == {  # type: ignore[index]
        "_id": rack.id,
        "title": "s",
        "books": [book.id],
        "_version": 2,
    }
    commands.clear()
    await loaded_rack.save()  # nothing changed since: no write, same version
    assert commands.named("update") == [] and loaded_rack.version == 2


async def test_a_partly_loaded_document_writes_only_what_changed(raw: Raw, commands: CommandRecorder) -> None:
    document = await loaded(raw)
    partial = await Tracked.objects.only("tags").get(id=document.id)
    partial.tags.append("d")
    commands.clear()
    await partial.save()
    assert sent_update(commands) == {"$set": {"tags": ["c", "a", "b", "d"]}}
    assert stored(raw, document)["data"] == STORED["data"]  # not loaded, not written
