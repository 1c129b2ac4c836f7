"""Replica-set options of an alias: the write concern, read concern and read preference of its URI
reach every operation of its documents, and a write's own write concern overrides the alias's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pymongo import ReadPreference

from mongodb_rest import Document, connect, disconnect, get_connection
from mongodb_rest.fields import IntField, StringField

from ..conftest import CommandRecorder

_IS_SYNC = False
OPTIONS = "w=majority&readConcernLevel=majority&readPreference=secondaryPreferred"


class Reading(Document):
    sensor = StringField()
    value = IntField()

    meta = {"collection": "readings", "db_alias": "replicated"}


@pytest.fixture
def replicated(db_name: str, mongo_uri: str, commands: CommandRecorder) -> Iterator[None]:
    """The alias ``replicated``: the test database, through a URI with replica-set options."""
    separator = "&" if "?" in mongo_uri else "?"
    connect(db_name, alias="replicated", host=f"{mongo_uri}{separator}{OPTIONS}", event_listeners=[commands])
    yield
    disconnect("replicated")


@pytest.mark.usefixtures("replicated")
async def test_the_alias_uri_sets_the_write_and_read_concern(commands: CommandRecorder) -> None:
    reading = await Reading(sensor="t1", value=1).save()
    assert commands.named("insert")[-1]["writeConcern"] == {"w": "majority"}
    loaded = await Reading.objects.get(id=reading.id)
    assert commands.named("find")[-1]["readConcern"] == {"level": "majority"}
    loaded.value = 2
    await loaded.save(write_concern={"w": 1})  # this write's own concern wins
    assert commands.named("update")[-1]["writeConcern"] == {"w": 1}
    assert await Reading.objects.read_concern({"level": "local"}).count() == 1
    assert commands.named("aggregate")[-1]["readConcern"] == {"level": "local"}
    await loaded.delete(w=1)
    assert commands.named("findAndModify")[-1]["writeConcern"] == {"w": 1}


@pytest.mark.usefixtures("replicated")
async def test_the_alias_uri_sets_the_read_preference_and_writes_are_retryable() -> None:
    client = get_connection("replicated")
    assert client.read_preference == ReadPreference.SECONDARY_PREFERRED
    assert client.options.retry_writes is True  # PyMongo's default, kept
    primary = Reading.objects.read_preference(ReadPreference.PRIMARY)
    assert await primary.count() == 0
