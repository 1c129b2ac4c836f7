"""Building a document pays for what the library adds over Pydantic only where Pydantic's core cannot
do it: bounds inside the core schema, an embedded document built inside its holder's validation, and
the same values and refusals as ever."""

from __future__ import annotations

from typing import Any

import pytest

from mongodb_rest import Document, EmbeddedDocument, ValidationError
from mongodb_rest.fields import EmbeddedDocumentField, IntField, ListField, LongField, StringField

pytestmark = pytest.mark.usefixtures("db_name")


class Street(EmbeddedDocument):
    name = StringField()
    number = IntField(min_value=1)


class Resident(Document):
    name = StringField(required=True)
    age = IntField()
    floor = IntField(min_value=-2, max_value=40)
    points = LongField()
    tags = ListField(StringField())
    street = EmbeddedDocumentField(Street)


def python_functions(schema: Any) -> list[str]:
    """The names of the Python functions a core schema calls."""
    found: list[str] = []
    if isinstance(schema, dict):
        function = schema.get("function")
        if isinstance(function, dict) and "function" in function:
            inner = function["function"]
            found.append(getattr(inner, "__name__", None) or getattr(inner.func, "__name__", repr(inner)))
        for value in schema.values():
            found += python_functions(value)
    elif isinstance(schema, list):
        for value in schema:
            found += python_functions(value)
    return found


def field_schema(name: str) -> Any:
    return Resident.__pydantic_core_schema__["schema"]["fields"][name]


@pytest.mark.parametrize("name", ["age", "floor", "points"])
def test_integer_bounds_are_checked_by_the_core(name: str) -> None:
    assert python_functions(field_schema(name)) == ["_refuse_bool"]


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"age": True}, {"age": ["A boolean is not a number."]}),
        ({"age": 2**63}, {"age": ["Input should be less than or equal to 9223372036854775807"]}),
        ({"age": -(2**63) - 1}, {"age": ["Input should be greater than or equal to -9223372036854775808"]}),
        ({"floor": 41}, {"floor": ["Input should be less than or equal to 40"]}),
        ({"floor": -3}, {"floor": ["Input should be greater than or equal to -2"]}),
        ({"floor": False}, {"floor": ["A boolean is not a number."]}),
        ({"points": 2**64}, {"points": ["Input should be less than or equal to 9223372036854775807"]}),
        ({"age": 1.5}, {"age": ["Input should be a valid integer, got a number with a fractional part"]}),
    ],
)
def test_integer_refusals_keep_their_messages(values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    with pytest.raises(ValidationError) as caught:
        Resident(name="n", **values)
    assert caught.value.errors == errors
    document = Resident(name="n")
    with pytest.raises(ValidationError) as assigned:
        setattr(document, *next(iter(values.items())))
    assert assigned.value.errors == errors


def test_integers_in_range_are_kept() -> None:
    document = Resident(name="n", age="5", floor=40, points=-(2**63))
    assert (document.age, document.floor, document.points) == (5, 40, -(2**63))
