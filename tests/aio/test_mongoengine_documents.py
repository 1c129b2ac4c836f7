"""MongoEngine's everyday document API on the async face: calling the manager, plain class attributes,
explicit validation and the instance methods MongoEngine code uses, against a real server."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import Document, Q, ValidationError
from mongodb_rest.fields import IntField, ListField, StringField

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


async def make_players() -> list[Player]:
    return [
        await Player(name="ann", age=30, level="pro").save(),
        await Player(name="bob", age=12).save(),
        await Player(name="cy", age=40, team="red").save(),
    ]


async def names(players: Any) -> list[str]:
    return sorted([player.name async for player in players])


async def test_calling_the_manager_filters() -> None:
    await make_players()
    assert await names(Player.objects(age__gte=18)) == ["ann", "cy"]
    assert await names(Player.objects(age__gte=18, name="cy")) == ["cy"]
    assert await names(Player.objects(Q(name="ann") | Q(name="bob"))) == ["ann", "bob"]
    assert await names(Player.objects(Q(age__lt=20), name="bob")) == ["bob"]
    assert await names(Player.objects()) == ["ann", "bob", "cy"]
    assert await names(Player.objects.filter(age__gte=18)(name="ann")) == ["ann"]
    assert await Player.objects(name="bob").count() == 1


async def test_raw_filters_as_keyword(commands: CommandRecorder) -> None:
    await make_players()
    commands.clear()
    assert await names(Player.objects(__raw__={"age": {"$lt": 20}})) == ["bob"]
    assert commands.named("find")[-1]["filter"] == {"age": {"$lt": 20}}
    assert await names(Player.objects.filter(__raw__={"team": "red"}, age__gte=18)) == ["cy"]
    assert await names(Player.objects(Q(name="ann"), __raw__={"age": 30})) == ["ann"]
    assert (await Player.objects.get(__raw__={"name": "bob"})).age == 12
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


class Checked(Document):
    name = StringField(required=True, max_length=5)
    score = IntField(min_value=0)
    meta = {"collection": "checked"}

    async def clean(self) -> None:
        if self.name == "nope":
            raise ValidationError("No nopes.")


async def test_validate_checks_fields_then_clean(raw: Raw) -> None:
    document = Checked(name="ann", score=1)
    await document.validate()
    document.score = 3
    document.__dict__["score"] = -1  # an in-place change assignment did not check
    with pytest.raises(ValidationError) as caught:
        await document.validate()
    assert caught.value.errors == {"score": ["Input should be greater than or equal to 0"]}
    assert caught.value.to_dict() == {"score": "Input should be greater than or equal to 0"}
    refused = Checked(name="nope")
    with pytest.raises(ValidationError, match="No nopes"):
        await refused.validate()
    await refused.validate(clean=False)
    with pytest.raises(ValidationError, match="No nopes"):
        await refused.save()
    await refused.save(clean=False)
    assert raw.checked.count_documents({}) == 1


async def test_save_without_validation_writes_invalid_documents(raw: Raw) -> None:
    invalid = Checked.model_construct(name="far too long", score=-5)
    with pytest.raises(ValidationError):
        await invalid.save()
    await invalid.save(validate=False)
    assert raw.checked.find_one({}, {"_id": 0}) == {"name": "far too long", "score": -5}
    nope = Checked.model_construct(name="nope")
    await nope.save(validate=False)  # clean() is skipped too
    assert raw.checked.count_documents({}) == 2


def test_validation_error_to_dict_nests_paths() -> None:
    error = ValidationError(
        errors={
            "name": ["Required.", "Too short."],
            "address.city": ["Required."],
            "address": ["Bad address."],
            "tags.1": ["Not a string."],
        }
    )
    assert error.to_dict() == {
        "name": "Required. Too short.",
        "address": {"city": "Required.", "__all__": "Bad address."},
        "tags": {1: "Not a string."},
    }
    assert ValidationError("Whole document.").to_dict() == {"__all__": "Whole document."}


async def test_instance_update_sends_one_update_by_id(raw: Raw, commands: CommandRecorder) -> None:
    ann, bob, _ = await make_players()
    commands.clear()
    assert await ann.update(inc__age=1, set__team="blue") == 1
    (sent,) = commands.named("update")
    assert sent["updates"][0]["q"] == {"_id": ann.id}
    assert sent["updates"][0]["u"] == {"$inc": {"age": 1}, "$set": {"team": "blue"}}
    assert (ann.age, ann.team) == (30, None)  # the instance is unchanged until reloaded
    await ann.reload()
    assert (ann.age, ann.team) == (31, "blue")
    assert raw.players.find_one({"_id": bob.id}, {"_id": 0, "age": 1}) == {"age": 12}
    await bob.delete()
    assert await bob.update(age=1) == 0
    with pytest.raises(ValidationError, match="did you mean 'age'"):
        await ann.update(set__aeg=3)
    with pytest.raises(Exception, match="not been saved"):
        await Player(name="new").update(age=1)


async def test_reload_named_fields_only(raw: Raw, commands: CommandRecorder) -> None:
    ann = (await make_players())[0]
    raw.players.update_one({"_id": ann.id}, {"$set": {"age": 50, "team": "red"}})
    ann.name = "changed"
    commands.clear()
    await ann.reload("age")
    assert commands.named("find")[-1]["projection"] == {"age": 1}
    assert (ann.age, ann.team, ann.name) == (50, None, "changed")
    await ann.save()  # sends the unsaved change, not the reloaded field
    assert commands.named("update")[-1]["updates"][0]["u"] == {"$set": {"name": "changed"}}
    await ann.reload()
    assert (ann.age, ann.team, ann.name) == (50, "red", "changed")
    with pytest.raises(ValidationError, match="did you mean 'team'"):
        await ann.reload("tema")


async def test_switch_db_and_collection_of_one_document(raw: Raw, mongo_uri: str, raw_client: Any) -> None:
    from mongodb_rest import connect

    ann = (await make_players())[0]
    assert ann.switch_collection("archived_players") is ann
    await ann.save()  # written whole into the other collection
    assert raw.archived_players.find_one({"_id": ann.id})["name"] == "ann"
    raw.archived_players.update_one({"_id": ann.id}, {"$set": {"age": 99}})
    await ann.reload()
    assert ann.age == 99
    assert await ann.modify(inc__age=1) and ann.age == 100
    assert raw.archived_players.find_one({"_id": ann.id})["age"] == 100
    await ann.delete()
    assert raw.archived_players.count_documents({}) == 0
    assert raw.players.count_documents({"_id": ann.id}) == 1  # the usual collection is untouched
    assert await Player.objects.count() == 3
    other = Player(name="eve")
    backup = f"{raw.name}_backup"
    connect(backup, alias="players_backup", host=mongo_uri)
    try:
        await other.switch_db("players_backup").save()
        assert raw_client[backup].players.find_one({})["name"] == "eve"
        assert raw.players.count_documents({"name": "eve"}) == 0
        assert await other.update(age=3) == 1
        assert raw_client[backup].players.find_one({})["age"] == 3
    finally:
        raw_client.drop_database(backup)


async def test_write_concern_of_save_and_delete(commands: CommandRecorder) -> None:
    player = Player(name="ann")
    await player.save(write_concern={"w": 1, "j": False})
    assert commands.named("insert")[-1]["writeConcern"] == {"w": 1, "j": False}
    player.age = 3
    await player.save(write_concern={"w": 0})  # unacknowledged: no reply to read
    await player.delete(w=1, j=True)
    assert commands.named("findAndModify")[-1]["writeConcern"] == {"w": 1, "j": True}  # the delete
    with pytest.raises(ValidationError, match="write concern"):
        await player.save(write_concern={"speed": "fast"})


async def test_item_access_dbref_and_choice_displays() -> None:
    player = await Player(name="ann", level="pro", team="red", tags=["rookie", "pro"]).save()
    assert (player["name"], player["level"], player["id"]) == ("ann", "pro", player.id)
    player["age"] = 7
    assert player.age == 7
    with pytest.raises(KeyError):
        player["nope"]
    with pytest.raises(KeyError):
        player["nope"] = 1
    with pytest.raises(ValidationError):
        player["age"] = -1
    assert player.get_level_display() == "Professional"
    assert player.get_team_display() == "red"  # plain values are their own labels
    assert player.get_tags_display() == "Rookie player Professional"
    player.team = None
    assert player.get_team_display() is None
    assert not hasattr(player, "get_name_display")
    ref = player.to_dbref()
    assert (ref.collection, ref.id) == ("players", player.id)
    with pytest.raises(Exception, match="not been saved"):
        Player(name="new").to_dbref()


def test_pydantic_class_members_keep_working_beside_plain_attributes() -> None:
    from functools import cached_property

    from pydantic import computed_field, field_validator

    class Scored(Document):
        LIMIT = 10
        name = StringField()
        points = IntField(default=0)
        meta = {"collection": "scored"}

        @field_validator("name")
        @classmethod
        def shout(cls, value: str | None) -> str | None:
            return value.upper() if value else value

        @computed_field  # type: ignore[prop-decorator]
        @property
        def capped(self) -> int:
            return min(self.points, self.LIMIT)

        @cached_property
        def initial(self) -> str:
            return (self.name or "?")[0]

    scored = Scored(name="ann", points=12)
    assert (scored.name, scored.capped, scored.initial, Scored.LIMIT) == ("ANN", 10, "A", 10)
    assert set(Scored.model_fields) == {"id", "name", "points"}


def test_querysets_are_not_called_by_templates() -> None:
    from django.template.base import Variable

    players = Player.objects(age__gte=18)
    assert Variable("players").resolve({"players": players}) is players  # not players()


def test_embedded_documents_validate_too() -> None:
    from mongodb_rest import EmbeddedDocument

    class Stat(EmbeddedDocument):
        value = IntField(min_value=0)

        def clean(self) -> None:
            if self.value == 13:
                raise ValidationError("Unlucky.")

    stat = Stat(value=1)
    stat.validate()
    stat.__dict__["value"] = -1
    with pytest.raises(ValidationError) as caught:
        stat.validate()
    assert list(caught.value.to_dict()) == ["value"]
    stat.value = 13
    with pytest.raises(ValidationError, match="Unlucky"):
        stat.validate()
    stat.validate(clean=False)
