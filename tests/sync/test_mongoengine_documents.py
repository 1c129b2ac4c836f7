# Generated from tests/aio/test_mongoengine_documents.py by tools/unasync.py: do not edit.
"""MongoEngine's everyday document API on the async face: calling the manager, plain class attributes,
explicit validation and the instance methods MongoEngine code uses, against a real server."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.fields import IntField, ListField, StringField
from mongodb_rest.sync import Document, Q, ValidationError

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


def double(value: int) -> int:
    return value * 2


class Describer:
    """A plain descriptor kept as a class attribute."""

    def __get__(self, instance: object, owner: type) -> str:
        return f"described {owner.__name__}"


class Player(Document):
    LEVELS = (("rookie", "Rookie player"), ("pro", "Professional"))
    TEAMS = ("red", "blue")
    non_field = True
    scoring = staticmethod(double)
    measure = len
    described = Describer()

    name = StringField(required=True)
    age = IntField(min_value=0)
    level = StringField(choices=LEVELS, default="rookie")
    team = StringField(choices=TEAMS)
    tags = ListField(StringField(choices=LEVELS))

    meta = {"collection": "players"}

    @property
    def title(self) -> str:
        return f"{self.name} ({self.level})"

    @classmethod
    def named(cls, name: str) -> Player:
        return cls(name=name)


def make_players() -> list[Player]:
    return [
        Player(name="ann", age=30, level="pro").save(),
        Player(name="bob", age=12).save(),
        Player(name="cy", age=40, team="red").save(),
    ]


def names(players: Any) -> list[str]:
    return sorted([player.name for player in players])


def test_calling_the_manager_filters() -> None:
    make_players()
    assert names(Player.objects(age__gte=18)) == ["ann", "cy"]
    assert names(Player.objects(age__gte=18, name="cy")) == ["cy"]
    assert names(Player.objects(Q(name="ann") | Q(name="bob"))) == ["ann", "bob"]
    assert names(Player.objects(Q(age__lt=20), name="bob")) == ["bob"]
    assert names(Player.objects()) == ["ann", "bob", "cy"]
    assert names(Player.objects.filter(age__gte=18)(name="ann")) == ["ann"]
    assert Player.objects(name="bob").count() == 1


def test_raw_filters_as_keyword(commands: CommandRecorder) -> None:
    make_players()
    commands.clear()
    assert names(Player.objects(__raw__={"age": {"$lt": 20}})) == ["bob"]
    assert commands.named("find")[-1]["filter"] == {"age": {"$lt": 20}}
    assert names(Player.objects.filter(__raw__={"team": "red"}, age__gte=18)) == ["cy"]
    assert names(Player.objects(Q(name="ann"), __raw__={"age": 30})) == ["ann"]
    assert (Player.objects.get(__raw__={"name": "bob"})).age == 12
    with pytest.raises(ValidationError, match="raw"):
        Player.objects(__raw__={"$where": "this.age > 1"})
    with pytest.raises(ValidationError, match="raw"):
        Player.objects(__raw__="age > 1")


def test_plain_class_attributes_are_class_variables() -> None:
    assert Player.LEVELS[0] == ("rookie", "Rookie player")
    assert Player.TEAMS == ("red", "blue")
    assert Player.non_field is True
    assert set(Player.model_fields) == {"id", "name", "age", "level", "team", "tags"}
    player = Player.named("ann")
    assert (player.non_field, player.TEAMS, player.scoring(4), player.measure("abc")) == (True, TEAMS, 8, 3)
    assert player.described == "described Player"
    assert player.title == "ann (rookie)"
    assert "non_field" not in player.to_mongo() and "TEAMS" not in player.to_dict()
    with pytest.raises(AttributeError, match="ClassVar"):
        player.non_field = False


TEAMS = ("red", "blue")


def test_plain_attributes_of_subclasses_and_embedded_documents() -> None:
    from mongodb_rest import EmbeddedDocument

    class Badge(EmbeddedDocument):
        SHAPES = ["round", "square"]
        shape = StringField(choices=SHAPES)

    class Base(Document):
        KIND = "base"
        name = StringField()
        meta = {"allow_inheritance": True, "collection": "bases"}

    class Child(Base):
        KIND = "child"
        LIMIT = 3

    assert (Badge(shape="round").SHAPES, Base.KIND, Child.KIND, Child.LIMIT) == (
        ["round", "square"],
        "base",
        "child",
        3,
    )
    assert set(Child.model_fields) == {"id", "name"}
    with pytest.raises(Exception, match="overridden by a non-annotated attribute"):

        class Shadowing(Base):
            name = "plain"  # type: ignore[assignment]
