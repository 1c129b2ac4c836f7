# Generated from tests/aio/test_modify_upsert.py by tools/unasync.py: do not edit.
"""Find-and-modify, upserts and scalar() on the async face: what is stored, what is returned and what
goes over the wire."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from bson import ObjectId
from pymongo.database import Database

from mongodb_rest.fields import DateTimeField, IntField, ListField, StringField
from mongodb_rest.queryset import UpdateResult
from mongodb_rest.sync import Document, OperationError, ValidationError

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


def new_code() -> str:
    return f"T-{str(ObjectId())[-6:]}"


class Ticket(Document):
    title = StringField(required=True, max_length=40)
    owner = StringField()
    priority = IntField(default=1, min_value=0)
    status = StringField(default="open")
    code = StringField(default=new_code)
    labels = ListField(StringField())
    views = IntField(default=0)
    opened_at = DateTimeField(auto_now_add=True)

    meta = {"collection": "tickets"}


class Shape(Document):
    name = StringField(required=True)

    meta = {"collection": "shapes", "allow_inheritance": True}


class Circle(Shape):
    radius = IntField(default=1)


def make_tickets() -> list[Ticket]:
    return [
        Ticket.objects.create(title="low", owner="ann", priority=1),
        Ticket.objects.create(title="high", owner="ann", priority=5),
        Ticket.objects.create(title="other", owner="bob", priority=3),
    ]


def stored(raw: Raw, **query: Any) -> dict[str, Any]:
    data = raw.tickets.find_one(query, {"_id": 0, "opened_at": 0, "code": 0})
    assert data is not None
    return data


def test_modify_returns_the_document_before_or_after(raw: Raw, commands: CommandRecorder) -> None:
    make_tickets()
    commands.clear()
    before = Ticket.objects.filter(title="low").modify(set__status="closed", inc__views=2)
    assert before is not None and (before.status, before.views) == ("open", 0)
    assert stored(raw, title="low")["status"] == "closed"
    after = Ticket.objects.filter(title="low").modify(new=True, inc__views=1)
    assert after is not None and (after.status, after.views) == ("closed", 3)
    sent = commands.named("findAndModify")
    assert len(sent) == 2 and len(commands.commands) == 2  # one round trip each
    assert sent[0]["query"] == {"title": "low"}
    assert sent[0]["update"] == {"$set": {"status": "closed"}, "$inc": {"views": 2}}
    assert not sent[0].get("new") and sent[1]["new"] is True
    assert "upsert" not in sent[0] or sent[0]["upsert"] is False


def test_modify_follows_the_ordering(raw: Raw, commands: CommandRecorder) -> None:
    make_tickets()
    commands.clear()
    top = Ticket.objects.filter(owner="ann").order_by("-priority").modify(set__status="urgent")
    assert top is not None and top.title == "high"
    bottom = Ticket.objects.filter(owner="ann").order_by("priority").modify(set__status="later")
    assert bottom is not None and bottom.title == "low"
    assert stored(raw, title="high")["status"] == "urgent"
    assert stored(raw, title="low")["status"] == "later"
    assert [command["sort"] for command in commands.named("findAndModify")] == [
        {"priority": -1},
        {"priority": 1},
    ]


def test_modify_loads_only_the_selected_fields(raw: Raw, commands: CommandRecorder) -> None:
    make_tickets()
    commands.clear()
    found = Ticket.objects.filter(title="high").only("title").modify(new=True, inc__views=1)
    assert found is not None and found.title == "high" and found.views == 0  # not loaded: the default
    assert commands.named("findAndModify")[0]["fields"] == {"title": 1}
    assert stored(raw, title="high")["views"] == 1
    without = Ticket.objects.filter(title="high").exclude("owner").modify(new=True, inc__views=1)
    assert without is not None and without.owner is None and without.views == 2
    assert commands.named("findAndModify")[1]["fields"] == {"owner": 0}


def test_modify_without_a_match_returns_none(raw: Raw) -> None:
    make_tickets()
    assert Ticket.objects.filter(title="nope").modify(set__status="closed") is None
    assert Ticket.objects.filter(title="nope").modify(new=True, set__status="closed") is None
    assert raw.tickets.count_documents({"status": "closed"}) == 0
    assert raw.tickets.count_documents({}) == 3


def test_modify_remove_deletes_the_first_match(raw: Raw, commands: CommandRecorder) -> None:
    make_tickets()
    commands.clear()
    removed = Ticket.objects.filter(owner="ann").order_by("-priority").modify(remove=True)
    assert removed is not None and removed.title == "high"
    assert sorted(data["title"] for data in raw.tickets.find()) == ["low", "other"]
    sent = commands.named("findAndModify")
    assert sent[0]["remove"] is True and sent[0]["sort"] == {"priority": -1}
    assert Ticket.objects.filter(title="gone").modify(remove=True) is None


def test_modify_misuse_is_refused_before_anything_is_sent(raw: Raw, commands: CommandRecorder) -> None:
    make_tickets()
    commands.clear()
    with pytest.raises(OperationError, match="remove=True"):
        Ticket.objects.modify(remove=True, set__status="closed")
    with pytest.raises(OperationError, match="remove=True"):
        Ticket.objects.modify(remove=True, new=True)
    with pytest.raises(OperationError, match="sliced"):
        Ticket.objects.order_by("priority")[1:].modify(set__status="closed")
    with pytest.raises(ValidationError) as invalid:
        Ticket.objects.filter(title="low").modify(set__priority=-1)
    assert "priority" in invalid.value.errors
    with pytest.raises(ValidationError):
        Ticket.objects.filter(title="low").modify(set__title="x" * 41, upsert=True)
    with pytest.raises(ValidationError):
        Ticket.objects.filter(title="low").modify()
    assert commands.commands == []
    assert raw.tickets.count_documents({"status": "open", "priority": {"$gte": 0}}) == 3


def test_modify_upsert_inserts_when_nothing_matches(raw: Raw) -> None:
    assert Ticket.objects.filter(title="new", owner="cid").modify(upsert=True, inc__views=1) is None
    data = stored(raw, title="new")
    assert data == {"title": "new", "owner": "cid", "views": 1, "priority": 1, "status": "open", "labels": []}
    made = Ticket.objects.filter(title="made").modify(upsert=True, new=True, set__priority=4)
    assert made is not None and (made.title, made.priority, made.status) == ("made", 4, "open")
    assert isinstance(made.id, ObjectId) and isinstance(made.opened_at, datetime)
    assert made.code is not None and made.code.startswith("T-")


def test_upsert_one_updates_or_inserts_and_returns_the_document(raw: Raw, commands: CommandRecorder) -> None:
    tickets = make_tickets()
    commands.clear()
    found = Ticket.objects.filter(title="low").upsert_one(set__owner="dan")
    assert found.id == tickets[0].id and found.owner == "dan" and found.priority == 1
    made = Ticket.objects.filter(title="fresh").upsert_one(set__owner="eve")
    assert (made.title, made.owner, made.status) == ("fresh", "eve", "open")
    assert raw.tickets.count_documents({}) == 4 and stored(raw, title="fresh")["owner"] == "eve"
    assert len(commands.commands) == 2  # one round trip each


def test_update_upsert_inserts_from_the_filter_defaults_and_update(
    raw: Raw, commands: CommandRecorder
) -> None:
    result = Ticket.objects.filter(title="up", owner="ann").update(upsert=True, set__priority=7)
    assert isinstance(result, UpdateResult) and result == 1
    assert result.created and isinstance(result.upserted_id, ObjectId)
    assert (result.matched_count, result.modified_count) == (0, 0)
    data = raw.tickets.find_one({"_id": result.upserted_id})
    assert data is not None
    assert data["priority"] == 7  # the update's value, not the default
    assert (data["title"], data["owner"], data["status"], data["views"], data["labels"]) == (
        "up",
        "ann",
        "open",
        0,
        [],
    )
    assert data["code"].startswith("T-") and isinstance(data["opened_at"], datetime)
    update = commands.named("update")[0]["updates"][0]
    assert update["upsert"] is True
    on_insert = update["u"]["$setOnInsert"]
    assert {
        "title": "up",
        "owner": "ann",
        "status": "open",
        "views": 0,
        "labels": [],
    }.items() <= on_insert.items()
    assert "priority" not in on_insert and "_id" not in on_insert
    again = Ticket.objects.filter(title="up", owner="ann").update(upsert=True, set__priority=8)
    assert again == 1 and not again.created and again.upserted_id is None
    assert (again.matched_count, again.modified_count) == (1, 1)
    assert raw.tickets.count_documents({}) == 1 and stored(raw, title="up")["priority"] == 8


def test_update_one_upsert_and_plain_updates_keep_their_counts(raw: Raw) -> None:
    make_tickets()
    plain = Ticket.objects.filter(owner="ann").update(inc__views=1)
    assert plain == 2 and not plain.created and plain.modified_count == 2
    none = Ticket.objects.filter(owner="zed").update_one(inc__views=1)
    assert none == 0 and not none.created
    made = Ticket.objects.filter(owner="zed", title="z").update_one(upsert=True, inc__views=1)
    assert made == 1 and made.created
    assert stored(raw, owner="zed")["views"] == 1  # the update's $inc, not the default's 0
    assert raw.tickets.count_documents({}) == 4


def test_upsert_stores_a_list_for_an_item_condition(raw: Raw) -> None:
    Ticket.objects.filter(title="t", labels="bug").update_one(upsert=True, set__owner="ann")
    assert stored(raw, title="t")["labels"] == ["bug"]
    with pytest.raises(ValidationError, match="list"):
        Ticket.objects.filter(title="t", labels__0="bug").update(upsert=True, set__owner="bob")
    assert stored(raw, title="t")["owner"] == "ann"


def test_upsert_validation_errors_store_nothing(raw: Raw, commands: CommandRecorder) -> None:
    with pytest.raises(ValidationError) as missing:
        Ticket.objects.filter(owner="ann").update(upsert=True, inc__views=1)
    assert "title" in missing.value.errors and "set_on_insert__title" in str(missing.value.errors)
    with pytest.raises(ValidationError):
        Ticket.objects.filter(title="x").upsert_one(set__priority="high")
    with pytest.raises(ValidationError):
        Ticket.objects.filter(title="x").update_one(upsert=True, set_on_insert__status=5)
    assert commands.commands == [] and raw.tickets.count_documents({}) == 0
    made = Ticket.objects.filter(owner="ann").upsert_one(inc__views=1, set_on_insert__title="given")
    assert (made.title, made.views) == ("given", 1)
    kept = Ticket.objects.filter(owner="ann").upsert_one(inc__views=1, set_on_insert__title="other")
    assert (kept.title, kept.views) == ("given", 2)  # set_on_insert applies only to an insert


def test_upsert_tags_the_class_of_inherited_documents(raw: Raw, commands: CommandRecorder) -> None:
    circle = Circle.objects.filter(name="c").upsert_one(set__radius=3)
    assert isinstance(circle, Circle) and circle.radius == 3
    shape = Shape.objects.filter(name="s").upsert_one(set__name="s")
    assert type(shape) is Shape
    assert {data["name"]: data["_cls"] for data in raw.shapes.find()} == {"c": "Shape.Circle", "s": "Shape"}
    defaulted = Circle.objects.filter(name="d").update(upsert=True, set__name="d")
    assert defaulted.created
    assert raw.shapes.find_one({"name": "d"}, {"_id": 0}) == {
        "name": "d",
        "radius": 1,
        "_cls": "Shape.Circle",
    }
    found = Shape.objects.filter(name="d").first()
    assert isinstance(found, Circle)


def test_document_modify_updates_the_instance(raw: Raw, commands: CommandRecorder) -> None:
    ticket = (make_tickets())[0]
    ticket.owner = "local change"
    commands.clear()
    assert ticket.modify(inc__views=5, set__status="closed") is True
    assert (ticket.views, ticket.status, ticket.owner) == (5, "closed", "ann")  # the stored values
    assert len(commands.commands) == 1
    assert commands.named("findAndModify")[0]["query"] == {"_id": ticket.id}
    assert stored(raw, title="low")["views"] == 5
    assert ticket.modify({"status": "open"}, inc__views=1) is False  # no longer matches
    assert ticket.views == 5 and stored(raw, title="low")["views"] == 5
    assert ticket.modify({"status": "closed", "views__gte": 5}, inc__views=1) is True
    assert ticket.views == 6
    ticket.title = "saved after modify"
    ticket.save()
    assert stored(raw, _id=ticket.id)["title"] == "saved after modify"
    with pytest.raises(OperationError, match="not been saved"):
        Ticket(title="unsaved").modify(inc__views=1)


def test_scalar_gives_values_or_tuples() -> None:
    make_tickets()
    titles = [title for title in Ticket.objects.order_by("priority").scalar("title")]
    assert titles == ["low", "other", "high"]
    pairs = [pair for pair in Ticket.objects.order_by("priority").scalar("title", "owner")]
    assert pairs == [("low", "ann"), ("other", "bob"), ("high", "ann")]
    assert Ticket.objects.order_by("-priority").scalar("priority").first() == 5
    with pytest.raises(TypeError, match="at least one field"):
        Ticket.objects.scalar()


def test_upsert_by_id_keeps_the_id(raw: Raw) -> None:
    wanted = ObjectId()
    result = Ticket.objects.filter(id=wanted).update_one(upsert=True, set__title="by id")
    assert result.created and result.upserted_id == wanted
    assert stored(raw, _id=wanted)["title"] == "by id"
    with pytest.raises(ValidationError, match="required"):
        Ticket.objects.filter(title="t").update(upsert=True, rename__title="owner")
