# Generated from tests/aio/test_index_declarations.py by tools/unasync.py: do not edit.
"""Index declarations: those of one key pattern merge into one index; those that cannot are refused
when the class is defined."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.fields import (
    DateTimeField,
    EmailField,
    PointField,
    ReferenceField,
    StringField,
)
from mongodb_rest.indexes import declared_indexes
from mongodb_rest.sync import DefinitionError, Document

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Subscriber(Document):  # the documentation's "Indexing" example
    name = StringField()
    email = EmailField()
    location = PointField()  # GeoJSON point
    created_at = DateTimeField()

    meta = {
        "indexes": [
            "email",  # Simple index
            ("name", 1),  # Ascending index
            ("created_at", -1),  # Descending index
            [("name", 1), ("email", 1)],  # Compound index
            ("location", "2dsphere"),  # Geospatial index
            {"fields": ["email"], "unique": True, "sparse": True, "background": True},
        ]
    }


class Column(Document):  # the README's BlogPost indexes
    title = StringField(required=True, max_length=200)
    author = ReferenceField(Subscriber)
    created_at = DateTimeField(auto_now_add=True)

    meta = {
        "indexes": [
            "title",
            "-created_at",
            ("author", 1),
            [("author", 1), ("created_at", -1)],
            {"fields": ["title"], "unique": True, "sparse": True, "name": "uniq_title"},
        ],
    }


def _indexes(raw: Raw, collection: str) -> dict[str, dict[str, Any]]:
    return {index["name"]: dict(index) for index in raw[collection].list_indexes() if index["name"] != "_id_"}


def test_the_documentation_example_saves_with_one_index_per_key_pattern(raw: Raw) -> None:
    Subscriber(name="Ann", email="ann@example.com", location=[2.35, 48.85]).save()
    indexes = _indexes(raw, "subscriber")
    assert sorted(indexes) == [
        "created_at_-1",
        "email_1",
        "location_2dsphere",
        "name_1",
        "name_1_email_1",
    ]
    assert indexes["email_1"]["unique"] is True and indexes["email_1"]["sparse"] is True
    assert not Subscriber.index_diff()
    assert Subscriber.objects.count() == 1


def test_the_readme_post_saves_with_its_named_unique_index(raw: Raw) -> None:
    Column(title="Hello").save()
    indexes = _indexes(raw, "column")
    assert sorted(indexes) == ["author_1", "author_1_created_at_-1", "created_at_-1", "uniq_title"]
    assert dict(indexes["uniq_title"]["key"]) == {"title": 1}
    assert indexes["uniq_title"]["unique"] is True and indexes["uniq_title"]["sparse"] is True
    assert not Column.index_diff()
    assert raw.column.count_documents({}) == 1


def test_two_option_sets_on_one_key_pattern_are_refused_when_the_class_is_defined() -> None:
    with pytest.raises(DefinitionError) as error:

        class Clash(Document):
            email = EmailField()
            meta = {"indexes": [{"fields": ["email"], "unique": True}, {"fields": ["email"], "sparse": True}]}

    assert str(error.value) == (
        "Clash declares two different indexes on {email: 1}: meta['indexes'] entry {'fields': ['email'], "
        "'unique': True} with options {'unique': True} and meta['indexes'] entry {'fields': ['email'], "
        "'sparse': True} with options {'sparse': True}. MongoDB keeps one index per key pattern: give "
        "both declarations the same options, or drop one."
    )
    assert isinstance(error.value, TypeError)


def test_a_unique_field_and_a_meta_index_that_disagree_are_refused() -> None:
    with pytest.raises(DefinitionError, match=r"UniqueClash declares two different indexes on \{email: 1\}"):

        class UniqueClash(Document):
            email = EmailField(unique=True)
            meta = {"indexes": [{"fields": ["email"], "unique": True}]}


def test_one_name_for_two_key_patterns_is_refused() -> None:
    with pytest.raises(DefinitionError) as error:

        class Twice(Document):
            name = StringField()
            email = EmailField()
            meta = {
                "indexes": [{"fields": ["name"], "name": "lookup"}, {"fields": ["email"], "name": "lookup"}]
            }

    assert str(error.value) == (
        "Twice gives the index name 'lookup' to two key patterns: meta['indexes'] entry {'fields': ['name'], "
        "'name': 'lookup'} with no options and meta['indexes'] entry {'fields': ['email'], 'name': 'lookup'} "
        "with no options. Give each index a name of its own."
    )


def test_two_names_for_one_key_pattern_are_refused() -> None:
    with pytest.raises(DefinitionError, match=r"Renamed names the index on \{name: 1\} twice"):

        class Renamed(Document):
            name = StringField()
            meta = {"indexes": [{"fields": ["name"], "name": "a"}, {"fields": ["name"], "name": "b"}]}


def test_a_subclass_declaration_that_clashes_with_an_inherited_one_is_refused() -> None:
    class Animal(Document):
        tag = StringField()
        meta = {"allow_inheritance": True, "indexes": [{"fields": ["tag"], "unique": True}]}

    with pytest.raises(DefinitionError, match=r"Dog declares two different indexes on \{tag: 1\}"):

        class Dog(Animal):
            meta = {"indexes": [{"fields": ["tag"], "sparse": True}]}

    class Cat(Animal):  # the bare form merges into the inherited unique index
        meta = {"indexes": ["tag"]}

    assert [model.document for model in declared_indexes(Cat)] == [
        {"key": {"tag": 1}, "unique": True, "name": "tag_1"}
    ]


def test_an_unknown_field_in_an_index_is_refused_with_the_closest_field() -> None:
    with pytest.raises(DefinitionError) as error:

        class Typo(Document):
            email = EmailField()
            meta = {"indexes": ["emial"]}

    assert str(error.value) == (
        "Typo declares an index it cannot have: emial: Typo has no field 'emial'; did you mean 'email'?"
    )
