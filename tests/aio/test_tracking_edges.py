"""Edges of change tracking and private attributes: deleted fields are unset, fields from plain Pydantic
mixins are tracked, and private attributes keep their defaults through subclasses, own hooks and loads."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, PrivateAttr
from pymongo.database import Database

from mongodb_rest import Document, EmbeddedDocument
from mongodb_rest.fields import EmbeddedDocumentField, IntField, ListField, StringField

from ..conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class EdgeBase(Document):
    name = StringField()
    _base_note: str = PrivateAttr(default="base")

    meta = {"collection": "edge_base", "allow_inheritance": True}


class EdgeWithCache(EdgeBase):
    _cache: dict[str, Any] = PrivateAttr(default_factory=dict)


class EdgeCacheChild(EdgeWithCache):
    _level: int = PrivateAttr(default=3)


class EdgeWithHook(EdgeBase):
    _ready: bool = PrivateAttr(default=False)
    _extra: int = PrivateAttr(default=7)

    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        self._ready = True


class EdgeHookChild(EdgeWithHook):
    _seen: list[str] = PrivateAttr(default_factory=list)


class EdgeImmutableChild(EdgeBase):
    _flag: bool = PrivateAttr(default=True)


class EdgeInner(EmbeddedDocument):
    city = StringField()
    _hits: int = PrivateAttr(default=0)
    _log: list[str] = PrivateAttr(default_factory=list)


class EdgeOuter(Document):
    name = StringField()
    count = IntField()
    tags = ListField(StringField())
    inner = EmbeddedDocumentField(EdgeInner)
    _note: list[str] = PrivateAttr(default_factory=list)
    _limit: int = PrivateAttr(default=5)
    _marks: list[str] = PrivateAttr(default=[])  # copied for each instance, as Pydantic does
    _unset: int = PrivateAttr()  # no default: left out

    meta = {"collection": "edge_outer"}


class TagsMixin(BaseModel):
    tags: list[str] = []


class EdgeMixed(Document, TagsMixin):
    name = StringField()

    meta = {"collection": "edge_mixed"}


def stored(raw: Raw, collection: str, ident: Any) -> dict[str, Any]:
    found = raw[collection].find_one({"_id": ident})
    assert found is not None
    return found


def test_subclass_with_a_mutable_private_default_keeps_every_private() -> None:
    first, second = EdgeWithCache(name="a"), EdgeWithCache(name="b")
    assert first._cache == {} and first._base_note == "base"
    first._cache["k"] = 1
    assert second._cache == {}  # each instance its own
    child = EdgeCacheChild(name="c")
    assert (child._cache, child._level, child._base_note) == ({}, 3, "base")


def test_subclass_with_its_own_hook_keeps_every_private() -> None:
    document = EdgeWithHook(name="a")
    assert (document._ready, document._extra, document._base_note) == (True, 7, "base")
    child = EdgeHookChild(name="b")
    assert (child._ready, child._extra, child._seen, child._base_note) == (True, 7, [], "base")
    assert EdgeImmutableChild(name="c")._flag is True


def test_twin_runs_the_hook_of_its_class() -> None:
    for cls in (EdgeHookChild.aio, EdgeHookChild.sync):
        document = cls(name="a")
        assert (document._ready, document._extra, document._seen) == (True, 7, [])
        assert EdgeWithCache.aio(name="b")._cache == EdgeWithCache.sync(name="b")._cache == {}


async def test_loaded_subclasses_have_their_privates() -> None:
    await EdgeWithCache(name="cache").save()
    await EdgeHookChild(name="hook").save()
    cached = await EdgeBase.objects.get(name="cache")
    hooked = await EdgeBase.objects.get(name="hook")
    assert isinstance(cached, EdgeWithCache) and cached._cache == {}
    assert isinstance(hooked, EdgeHookChild) and hooked._seen == [] and hooked._extra == 7


async def test_loaded_document_has_its_private_defaults(raw: Raw) -> None:
    ident = raw["edge_outer"].insert_one({"name": "a", "inner": {"city": "x"}}).inserted_id
    raw["edge_outer"].insert_one({"name": "b"})
    first = await EdgeOuter.objects.get(id=ident)
    second = await EdgeOuter.objects.get(name="b")
    assert (first._note, first._limit, first._marks) == ([], 5, [])
    first._note.append("seen")
    first._marks.append("seen")
    assert second._note == [] and second._marks == []  # a fresh list per loaded document
    assert "_unset" not in first.__pydantic_private__  # type: ignore[operator]
    assert (first.inner._hits, first.inner._log) == (0, [])
    partial = await EdgeOuter.objects.only("name").get(id=ident)
    assert (partial._note, partial._limit) == ([], 5)
    first.name = "renamed"
    await first.save()  # the private defaults change nothing stored
    assert stored(raw, "edge_outer", ident) == {"_id": ident, "name": "renamed", "inner": {"city": "x"}}


async def test_loaded_embedded_document_keeps_privates_and_undeclared_keys(raw: Raw) -> None:
    ident = raw["edge_outer"].insert_one({"name": "a", "inner": {"city": "x", "old": 1}}).inserted_id
    document = await EdgeOuter.objects.get(id=ident)
    assert (document.inner._hits, document.inner._log) == (0, [])
    document.inner.city = "y"
    await document.save()
    assert stored(raw, "edge_outer", ident)["inner"] == {"city": "y", "old": 1}


async def test_deleting_a_field_unsets_it(raw: Raw, commands: CommandRecorder) -> None:
    ident = raw["edge_outer"].insert_one({"name": "a", "count": 3}).inserted_id
    document = await EdgeOuter.objects.get(id=ident)
    del document.name
    commands.clear()
    await document.save()
    (update,) = commands.named("update")
    assert update["updates"][0]["u"] == {"$unset": {"name": ""}}
    assert stored(raw, "edge_outer", ident) == {"_id": ident, "count": 3}


async def test_deleting_a_list_field(raw: Raw) -> None:
    document = EdgeOuter(tags=["a"])
    del document.tags
    assert "tags" not in document.__dict__ and "tags" not in document.to_mongo()
    with pytest.raises(AttributeError):
        del document.tags
    ident = raw["edge_outer"].insert_one({"name": "a", "tags": ["t"]}).inserted_id
    loaded = await EdgeOuter.objects.get(id=ident)
    del loaded.tags
    await loaded.save()
    assert stored(raw, "edge_outer", ident) == {"_id": ident, "name": "a"}


async def test_field_from_a_plain_model_mixin_is_tracked(raw: Raw) -> None:
    ident = raw["edge_mixed"].insert_one({"name": "a", "tags": ["a"]}).inserted_id
    document = await EdgeMixed.objects.get(id=ident)
    document.tags.append("b")
    await document.save()
    assert stored(raw, "edge_mixed", ident)["tags"] == ["a", "b"]


async def test_change_through_the_instance_dict_is_saved_once_the_field_is_read(raw: Raw) -> None:
    ident = raw["edge_outer"].insert_one({"name": "a", "tags": ["a"]}).inserted_id
    document = await EdgeOuter.objects.get(id=ident)
    vars(document)["tags"].append("b")
    await document.save()
    assert stored(raw, "edge_outer", ident)["tags"] == ["a"]  # not tracked: documented
    assert document.tags == ["a", "b"]  # reading it through the attribute marks it
    await document.save()
    assert stored(raw, "edge_outer", ident)["tags"] == ["a", "b"]
