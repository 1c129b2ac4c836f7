"""Twins keep the declared class's primary key (a sequence, a string, a UUID), and dynamic documents
refuse undeclared names MongoDB cannot store or the library reserves."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.fields import IntField, SequenceField, StringField, UUIDField

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
_IS_SYNC = False

if _IS_SYNC:  # declared on the other face, used through this face's twins
    from mongodb_rest import Document as OtherFaceDocument
else:
    from mongodb_rest.sync import Document as OtherFaceDocument


class TwBadge(OtherFaceDocument):
    id = SequenceField(primary_key=True)
    name = StringField()

    meta = {"collection": "tw_badges"}


class TwCountry(OtherFaceDocument):
    code = StringField(primary_key=True)
    name = StringField()

    meta = {"collection": "tw_countries"}


class TwToken(OtherFaceDocument):
    id = UUIDField(primary_key=True)
    uses = IntField(default=0)

    meta = {"collection": "tw_tokens"}


async def test_a_twin_saves_a_sequence_primary_key(raw: Raw) -> None:
    Badge = TwBadge.twin("aio")
    first = await Badge.objects.create(name="gold")
    second = Badge(name="silver")
    await second.save()
    assert (first.id, second.id) == (1, 2)
    assert list(raw.tw_badges.find(sort=[("_id", 1)])) == [
        {"_id": 1, "name": "gold"},
        {"_id": 2, "name": "silver"},
    ]
    loaded = await Badge.objects.get(pk=2)
    assert loaded.name == "silver" and loaded.id == 2
    await loaded.delete()
    assert [doc["_id"] for doc in raw.tw_badges.find()] == [1]


async def test_a_twin_saves_a_string_primary_key(raw: Raw) -> None:
    Country = TwCountry.twin("aio")
    await Country.objects.create(code="fr", name="France")
    await Country(code="de", name="Germany").save()
    assert raw.tw_countries.find_one({"_id": "fr"}) == {"_id": "fr", "name": "France"}
    loaded = await Country.objects.get(pk="de")
    assert (loaded.code, loaded.id, loaded.name) == ("de", "de", "Germany")
    await loaded.delete()
    assert [doc["_id"] for doc in raw.tw_countries.find()] == ["fr"]


async def test_a_twin_saves_a_uuid_primary_key(raw: Raw) -> None:
    Token = TwToken.twin("aio")
    key = uuid.uuid4()
    await Token.objects.create(id=key, uses=1)
    assert raw.tw_tokens.count_documents({}) == 1
    loaded = await Token.objects.get(pk=key)
    assert loaded.id == key and loaded.uses == 1
    await loaded.delete()
    assert raw.tw_tokens.count_documents({}) == 0
