# Generated from tests/aio/test_build_cost.py by tools/unasync.py: do not edit.
"""Building a document pays for what the library adds over Pydantic only where Pydantic's core cannot
do it: bounds inside the core schema, an embedded document built once by its ``__init__`` (its
signals), and the same values and refusals as ever."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError as PydanticValidationError

from mongodb_rest.document.base import BaseDocument
from mongodb_rest.fields import EmbeddedDocumentField, IntField, ListField, LongField, StringField
from mongodb_rest.sync import Document, DynamicEmbeddedDocument, EmbeddedDocument, ValidationError, signals

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


class Named(EmbeddedDocument):
    name = StringField()

    def __init__(self, **values: Any) -> None:
        values.setdefault("name", "from __init__")
        super().__init__(**values)


class Holder(Document):
    street = EmbeddedDocumentField(Street)
    streets = ListField(EmbeddedDocumentField(Street))
    named = EmbeddedDocumentField(Named)


def count_inits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built: list[str] = []
    init = BaseDocument.__init__

    def counted(self: BaseDocument, /, **values: Any) -> None:
        built.append(type(self).__name__)
        init(self, **values)

    monkeypatch.setattr(BaseDocument, "__init__", counted)
    return built


def test_an_embedded_document_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built = count_inits(monkeypatch)
    holder = Holder(street={"name": "Main", "number": 3}, streets=[{"number": 1}, {"number": 2}])
    assert built == ["Holder", "Street", "Street", "Street"]
    assert holder.street == Street(name="Main", number=3)
    assert [street.number for street in holder.streets] == [1, 2]
    assert holder.to_mongo()["street"] == {"name": "Main", "number": 3}


class NativeHolder(Document):
    street: Street | None = None
    streets: list[Street] = []


def test_init_signals_of_natively_annotated_embedded_documents_are_sent() -> None:
    seen: list[str] = []

    def before(sender: Any, document: Any, values: dict[str, Any], **kwargs: Any) -> None:
        seen.append("pre")
        values.setdefault("name", "from pre_init")

    def after(sender: Any, document: Any, **kwargs: Any) -> None:
        seen.append("post")

    signals.pre_init.connect(before, sender=Street)
    signals.post_init.connect(after, sender=Street)
    try:
        holder = NativeHolder(street={"number": 1}, streets=[{"number": 2}])
        loaded = Street.model_validate_json('{"number": 3}')
    finally:
        signals.pre_init.disconnect(before, sender=Street)
        signals.post_init.disconnect(after, sender=Street)
    assert seen == ["pre", "post"] * 3
    assert holder.street is not None and holder.street.name == "from pre_init"
    assert holder.streets[0].name == loaded.name == "from pre_init"


def test_an_embedded_documents_own_init_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Holder(named={}).named.name == "from __init__"
    built = count_inits(monkeypatch)
    Holder(named={"name": "given"})
    assert built == ["Holder", "Named"]


def test_init_signals_of_embedded_documents_are_sent() -> None:
    seen: list[tuple[str, str]] = []

    def before(sender: Any, document: Any, values: dict[str, Any], **kwargs: Any) -> None:
        seen.append(("pre", sender.__name__))
        values.setdefault("name", "from pre_init")

    def after(sender: Any, document: Any, **kwargs: Any) -> None:
        seen.append(("post", sender.__name__))

    signals.pre_init.connect(before, sender=Street)
    signals.post_init.connect(after, sender=Street)
    try:
        holder = Holder(street={"number": 1}, streets=[{"number": 2}])
    finally:
        signals.pre_init.disconnect(before, sender=Street)
        signals.post_init.disconnect(after, sender=Street)
    assert seen == [("pre", "Street"), ("post", "Street")] * 2
    assert holder.street is not None and holder.street.name == "from pre_init"


@pytest.mark.parametrize(
    ("value", "errors"),
    [
        ({"$set": {"name": "x"}}, {"street": ["Operator dicts are not valid field values."]}),
        ({"number": 0, "$inc": 1}, {"street": ["Operator dicts are not valid field values."]}),
        ({"number": 0}, {"street.number": ["Input should be greater than or equal to 1"]}),
        ({"number": True}, {"street.number": ["A boolean is not a number."]}),
        ({"zip": "1"}, {"street.zip": ["Unknown field."]}),
        (
            {"name": 5, "zip": "1"},
            {"street.name": ["Input should be a valid string"], "street.zip": ["Unknown field."]},
        ),
        (5, {"street": ["Input should be a valid dictionary or instance of Street"]}),
        ({1: "x"}, {"street": ["Keys should be strings."]}),  # not a TypeError from a keyword call
    ],
)
def test_embedded_refusals_keep_their_messages(value: Any, errors: dict[str, list[str]]) -> None:
    with pytest.raises(ValidationError) as built:
        Holder(street=value)
    assert built.value.errors == errors
    with pytest.raises(ValidationError) as assigned:
        Holder().street = value
    assert assigned.value.errors == errors
    with pytest.raises(ValidationError) as listed:
        Holder(streets=[{"number": 1}, value])
    assert listed.value.errors == {
        key.replace("street", "streets.1", 1): messages for key, messages in errors.items()
    }


def test_an_embedded_update_value_keeps_its_message() -> None:
    with pytest.raises(ValidationError) as caught:
        Holder._fields["street"].to_stored({"number": 0})
    assert caught.value.errors == {"street": ["number: Input should be greater than or equal to 1"]}


def test_a_dynamic_embedded_document_refuses_operators_among_undeclared_keys() -> None:
    class Note(DynamicEmbeddedDocument):
        text = StringField()

    class Noted(Document):
        note = EmbeddedDocumentField(Note)

    assert Noted(note={"text": "t", "mood": "calm"}).to_mongo()["note"] == {"text": "t", "mood": "calm"}
    with pytest.raises(ValidationError) as caught:
        Noted(note={"text": "t", "$set": {"text": "u"}})
    assert caught.value.errors == {"note": ["Operator dicts are not valid field values."]}


def test_model_validate_of_an_embedded_document_runs_its_init() -> None:
    assert Named.model_validate({}).name == "from __init__"
    with pytest.raises(PydanticValidationError) as caught:
        Street.model_validate({"number": 0})
    assert caught.value.errors(include_url=False)[0]["msg"] == (
        "Value error, number: Input should be greater than or equal to 1"
    )
