"""An operator dict in place of a value is refused by every field: by the value's type where it refuses
any dict (no check of its own runs then), by a check of its own where a dict could be a value."""

from __future__ import annotations

import pytest

from mongodb_rest import Document, EmbeddedDocument, ValidationError
from mongodb_rest.fields import (
    BooleanField,
    DateField,
    DateTimeField,
    DictField,
    DynamicField,
    EmailField,
    EmbeddedDocumentListField,
    IntField,
    ListField,
    LongField,
    SortedListField,
    StringField,
)


class Spot(EmbeddedDocument):
    name = StringField()


class Target(Document):
    text = StringField()
    email = EmailField()
    count = IntField()
    big = LongField()
    flag = BooleanField()
    moment = DateTimeField()
    day = DateField()
    words = ListField(StringField())
    data = DictField()
    anything = DynamicField()


@pytest.mark.parametrize("name", ["text", "email", "count", "big", "flag", "moment", "day", "words"])
def test_a_type_that_refuses_dicts_refuses_an_operator_dict(name: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Target(**{name: {"$ne": ""}})
    assert list(raised.value.errors) == [name]


@pytest.mark.parametrize(("name", "value"), [("data", {"$where": "1"}), ("anything", {"$ne": ""})])
def test_fields_that_may_hold_dicts_refuse_operator_dicts(name: str, value: object) -> None:
    with pytest.raises(ValidationError, match="Operator dicts are not valid field values"):
        Target(**{name: value})


def test_list_fields_of_every_kind_refuse_an_operator_dict_in_place_of_the_list() -> None:
    class Lists(Document):
        anything = ListField()
        sorted_words = SortedListField(StringField())
        addresses = EmbeddedDocumentListField(Spot)

    for name in ("anything", "sorted_words", "addresses"):
        with pytest.raises(ValidationError) as raised:
            Lists(**{name: {"$set": ["x"]}})
        assert list(raised.value.errors) == [name]


def test_an_operator_dict_in_a_list_of_strings_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        Target(words=["a", {"$gt": ""}])
    assert list(raised.value.errors) == ["words.1"]
