"""``bulk_create()`` pumps the core plan: signals and ``clean()`` in order, one insert, documents
validated once when unchanged since built and again, refused, when changed in place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import Document, ValidationError
from mongodb_rest.fields import IntField, ListField, StringField
from mongodb_rest.signals import post_bulk_insert, pre_bulk_insert

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
events: list[str] = []


class Entry(Document):
    name = StringField(required=True)
    tags = ListField(StringField())
    rank = IntField(default=7)

    async def clean(self) -> None:
        events.append(f"clean {self.name}")
        if self.name == "refused":
            raise ValidationError("No entry may be called refused.")


@pytest.fixture
def receivers(raw: Raw) -> Iterator[None]:
    def before(sender: Any, documents: list[Any], **kwargs: Any) -> None:
        events.append(f"pre {len(documents)}")

    async def after(sender: Any, documents: list[Any], loaded: bool, **kwargs: Any) -> None:
        events.append(f"post {raw.entry.count_documents({})} stored, loaded={loaded}")

    events.clear()
    pre_bulk_insert.connect(before, sender=Entry)
    post_bulk_insert.connect(after, sender=Entry)
    yield
    pre_bulk_insert.disconnect(before, sender=Entry)
    post_bulk_insert.disconnect(after, sender=Entry)


@pytest.mark.usefixtures("receivers")
async def test_signals_and_clean_run_in_order_around_one_insert(commands: CommandRecorder) -> None:
    commands.clear()
    created = await Entry.objects.bulk_create(Entry(name=name) for name in ("a", "b", "c"))
    assert events == ["pre 3", "clean a", "clean b", "clean c", "post 3 stored, loaded=True"]
    assert [command["documents"][0]["name"] for command in commands.named("insert")] == ["a"]
    assert len(commands.named("insert")[0]["documents"]) == 3
    assert all(entry.id is not None for entry in created)


@pytest.mark.usefixtures("receivers")
async def test_nothing_is_inserted_when_one_document_is_refused(raw: Raw, commands: CommandRecorder) -> None:
    commands.clear()
    with pytest.raises(ValidationError, match="refused"):
        await Entry.objects.bulk_create([Entry(name="a"), Entry(name="refused"), Entry(name="c")])
    assert events == ["pre 3", "clean a", "clean refused"]  # stopped there, and no post signal
    assert commands.named("insert") == [] and raw.entry.count_documents({}) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda entry: entry.tags.append(1), "tags.1"),  # a wrong type, appended in place
        (lambda entry: entry.__dict__.update(name=123), "name"),  # bypassing validated assignment
    ],
)
async def test_a_document_changed_in_place_is_validated_again(raw: Raw, change: Any, field: str) -> None:
    entries = [Entry(name="a", tags=["x"]), Entry(name="b", tags=["x"])]
    change(entries[1])
    with pytest.raises(ValidationError) as raised:
        await Entry.objects.bulk_create(entries)
    assert list(raised.value.errors) == [field]
    assert raw.entry.count_documents({}) == 0


async def test_an_assignment_of_a_wrong_type_is_refused_at_once() -> None:
    entry = Entry(name="a")
    with pytest.raises(ValidationError):
        entry.name = 123  # type: ignore[assignment]


async def test_a_value_equal_but_of_another_type_is_validated_again(raw: Raw) -> None:
    entry = Entry(name="a")
    entry.__dict__["rank"] = 7.0  # equal to the validated 7, but a float: validated again, stored as 7
    await Entry.objects.bulk_create([entry])
    assert type(raw.entry.find_one()["rank"]) is int  # type: ignore[index]
