"""Twins keep the declared class's primary key (a sequence, a string, a UUID), and dynamic documents
refuse undeclared names MongoDB cannot store or the library reserves."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import DynamicDocument, DynamicEmbeddedDocument, ValidationError
from mongodb_rest.fields import EmbeddedDocumentField, IntField, SequenceField, StringField, UUIDField

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


class DnNote(DynamicEmbeddedDocument):
    text = StringField()


class DnPage(DynamicDocument):
    title = StringField()
    note = EmbeddedDocumentField(DnNote)

    meta = {"collection": "dn_pages"}


BAD_NAMES = ["_id", "_cls", "_secret", "$set", "a.b", "", "nul\x00"]


@pytest.mark.parametrize("name", BAD_NAMES)
async def test_a_dynamic_document_refuses_a_reserved_or_unstorable_name(raw: Raw, name: str) -> None:
    with pytest.raises(ValidationError, match=r"is not a field name") as refused:
        DnPage(title="t", **{name: 1})
    assert repr(name) in str(refused.value)
    with pytest.raises(ValidationError, match=r"is not a field name"):
        DnNote(text="t", **{name: 1})
    page = DnPage(title="t", mood="calm", note=DnNote(text="n"))
    for target in (page, page.note):
        with pytest.raises(ValidationError, match=r"is not a field name"):
            setattr(target, name, 1)
    assert page.to_mongo() == {"title": "t", "mood": "calm", "note": {"text": "n"}}
    await page.save()
    if name:
        with pytest.raises(ValidationError, match=r"is not a field name"):
            await DnPage.objects.filter(pk=page.pk).update(**{f"set__{name}": 1})
        with pytest.raises(ValidationError, match=r"is not a field name"):
            await DnPage.objects.filter(pk=page.pk).update(**{f"set__note__{name}": 1})
    assert raw.dn_pages.find_one({}, {"_id": 0}) == {"title": "t", "mood": "calm", "note": {"text": "n"}}


async def test_a_dynamic_document_keeps_its_plain_undeclared_names(raw: Raw) -> None:
    page = DnPage(title="t", mood="calm", note=DnNote(text="n", colour="red"))
    page.views_2 = 3
    page.note.size = 1
    await page.save()
    await DnPage.objects.filter(pk=page.pk).update(set__rating=5, set__note__shade="dark")
    assert raw.dn_pages.find_one({}, {"_id": 0}) == {
        "title": "t",
        "note": {"text": "n", "colour": "red", "size": 1, "shade": "dark"},
        "mood": "calm",
        "views_2": 3,
        "rating": 5,
    }


async def test_stored_reserved_names_still_load_as_they_are(raw: Raw) -> None:
    stored = {"title": "t", "_secret": 1, "odd$": 2, "note": {"text": "n", "_kept": 3}}
    page_id = raw.dn_pages.insert_one(dict(stored)).inserted_id
    page = await DnPage.objects.get(pk=page_id)
    assert page.title == "t" and page.to_mongo() == {"_id": page_id, **stored}
    await DnPage.objects.filter(pk=page_id).update(unset___secret=True)  # cleared by unset
    assert "_secret" not in raw.dn_pages.find_one()  # type: ignore[operator]


async def test_a_dynamic_filter_refuses_an_operator_as_a_name(raw: Raw) -> None:
    raw.dn_pages.insert_one({"title": "t", "_secret": 1})
    for key in ("$where", "note__$where", "$expr"):
        with pytest.raises(ValidationError, match=r"may not start with '\$'"):
            await DnPage.objects.filter(**{key: "sleep(100) || true"}).count()
    assert await DnPage.objects.filter(_secret=1).count() == 1  # a name others wrote is still readable


async def test_a_dynamic_rename_refuses_an_unstorable_target(raw: Raw) -> None:
    page = DnPage(title="t", mood="calm")
    await page.save()
    refused = r"is not a field name|may not start with|takes the new field name"
    for target in ("_hidden", "$set", "note__$x"):
        with pytest.raises(ValidationError, match=refused):
            await DnPage.objects.filter(pk=page.pk).update(rename__mood=target)
    await DnPage.objects.filter(pk=page.pk).update(rename__mood="feeling")
    assert raw.dn_pages.find_one({}, {"_id": 0}) == {"title": "t", "feeling": "calm"}
