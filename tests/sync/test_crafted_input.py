# Generated from tests/aio/test_crafted_input.py by tools/unasync.py: do not edit.
"""Crafted input on the async face: what the server or BSON cannot take is the library's
ValidationError before or as it is sent, and many filters stay a shallow filter document."""

from __future__ import annotations

from typing import Any

import pytest

from mongodb_rest.sync import Q

from .models import User, user_data

pytestmark = pytest.mark.usefixtures("db_name")


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


def test_many_filters_stay_shallow() -> None:
    User.objects.create(**user_data(name="Ann"))
    assert depth(searched(250).query.filter) == depth(searched(2).query.filter)
    assert [user.name for user in searched(250)] == ["Ann"]
    assert depth(User.objects.filter(alternatives(250)).query.filter) == depth(
        User.objects.filter(alternatives(2)).query.filter
    )
    assert User.objects.filter(alternatives(250)).count() == 1
    chained = User.objects.filter(age=1).filter(age=2).filter(age=3).raw({"$and": [{"name": "x"}]})
    assert chained.query.filter == {"$and": [{"age": 1}, {"age": 2}, {"age": 3}, {"name": "x"}]}
