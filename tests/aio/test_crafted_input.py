"""Crafted input on the async face: what the server or BSON cannot take is the library's
ValidationError before or as it is sent, and many filters stay a shallow filter document."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import bson
import pytest
from bson import Int64
from bson.raw_bson import RawBSONDocument
from pymongo.database import Database

from mongodb_rest import Q, ValidationError

from .models import Place, User, user_data

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


def nested(depth: int) -> dict[str, Any]:
    """A dict ``depth`` dicts deep."""
    top: dict[str, Any] = {}
    inner = top
    for _ in range(depth - 1):
        inner["a"] = {}
        inner = inner["a"]
    return top


def depth(value: Any) -> int:
    """How many dicts and lists deep ``value`` nests."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, level)
            stack.extend((inner, level + 1) for inner in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((inner, level + 1) for inner in item)
    return deepest


def searched(terms: int) -> Any:
    """Users matching ``terms`` search terms over two fields, as DRF's SearchFilter chains them."""
    search = User.objects.all()
    for _ in range(terms):
        search = search.filter(Q(name__icontains="an") | Q(email__icontains="an"))
    return search


def alternatives(count: int) -> Q:
    """``count`` alternatives joined by OR, each an AND."""
    ored = Q()
    for index in range(count):
        ored |= Q(age=index) & Q(name="Ann")
    return ored


async def test_many_filters_stay_shallow() -> None:
    await User.objects.create(**user_data(name="Ann"))
    assert depth(searched(250).query.filter) == depth(searched(2).query.filter)
    assert [user.name async for user in searched(250)] == ["Ann"]
    assert depth(User.objects.filter(alternatives(250)).query.filter) == depth(
        User.objects.filter(alternatives(2)).query.filter
    )
    assert await User.objects.filter(alternatives(250)).count() == 1
    chained = User.objects.filter(age=1).filter(age=2).filter(age=3).raw({"$and": [{"name": "x"}]})
    assert chained.query.filter == {"$and": [{"age": 1}, {"age": 2}, {"age": 3}, {"name": "x"}]}


async def test_integers_beyond_64_bits_are_validation_errors(raw: Raw) -> None:
    user = await User.objects.create(**user_data(metadata={"n": 2**63 - 1}))
    with pytest.raises(ValidationError, match="8-byte ints"):  # bson's refusal, as the library's error
        await User.objects.filter(id=user.id).update(inc__age=2**64)
    with pytest.raises(ValidationError, match="64-bit"):
        await User.objects.create(**user_data(metadata={"n": [2**64]}))
    with pytest.raises(ValidationError, match="64-bit"):  # bson's Int64 holds any int until encoded
        await User.objects.create(**user_data(metadata={"n": Int64(2**64)}))
    with pytest.raises(ValidationError, match="64-bit"):
        await User.objects.filter(id=user.id).update(set__metadata={"n": -(2**63) - 1})
    with pytest.raises(ValidationError, match="64-bit"):
        await User.objects.filter(metadata={"n": 2**64}).count()
    with pytest.raises(ValidationError, match="8-byte ints"):
        await User.objects.raw({"age": 2**64}).count()
    assert raw.users.find_one({})["metadata"] == {"n": 2**63 - 1}


async def test_values_nested_too_deep_are_validation_errors(raw: Raw) -> None:
    user = await User.objects.create(**user_data(metadata=nested(99)))
    for too_deep in (nested(100), nested(1000)):
        with pytest.raises(ValidationError, match="Nested too deep"):
            await User.objects.create(**user_data(metadata=too_deep))
        with pytest.raises(ValidationError, match="Nested too deep"):
            await User.objects.filter(id=user.id).update(set__metadata=too_deep)
        with pytest.raises(ValidationError, match="Nested too deep"):
            await User.objects.filter(metadata=too_deep).count()
    with pytest.raises(ValidationError, match="BSON"):  # deeper than bson's encoder goes
        await User.objects.raw({"metadata": nested(100_000)}).count()
    assert depth(raw.users.find_one({})["metadata"]) == 99


async def test_javascript_is_refused_in_any_mapping_and_in_raw_bson() -> None:
    hidden = [
        {"$and": [MappingProxyType({"$where": "1"})]},
        {"$or": [RawBSONDocument(bson.encode({"$where": "1"}))]},
        {"$nor": [RawBSONDocument(bson.encode({"$and": [{"$where": "1"}]}))]},
        {"$expr": {"$let": {"vars": {}, "in": MappingProxyType({"$function": {}})}}},
    ]
    for query in hidden:
        with pytest.raises(ValidationError, match="JavaScript"):
            await User.objects.raw(query).count()


async def test_update_paths_into_dicts_take_the_keys_save_takes(raw: Raw) -> None:
    user = await User.objects.create(**user_data(metadata={"a": {"b": 1}}))
    for key in ("set__metadata__$x", "set__metadata__a.b", "unset__metadata__a__$where", "metadata__x.y"):
        with pytest.raises(ValidationError, match="may not start with"):
            await User.objects.filter(id=user.id).update(**{key: 1})
        with pytest.raises(ValidationError, match="may not start with"):
            await User.objects.create(**user_data(metadata={"k": {key.split("__")[-1]: 1}}))
    await User.objects.filter(id=user.id).update(set__metadata__a__c=2)
    assert raw.users.find_one({})["metadata"] == {"a": {"b": 1, "c": 2}}


async def test_geojson_input_is_exact(raw: Raw) -> None:
    with pytest.raises(ValidationError, match="too large"):
        await Place.objects.create(name="far", location=[10**400, 0])
    with pytest.raises(ValidationError, match="Unknown GeoJSON Point keys: evil"):
        await Place.objects.create(name="evil", location={"type": "Point", "coordinates": [1, 2], "evil": 1})
    await Place.objects.create(name="here", location={"type": "Point", "coordinates": [1, 2]})
    assert raw.place.find_one({})["location"] == {"type": "Point", "coordinates": [1.0, 2.0]}
