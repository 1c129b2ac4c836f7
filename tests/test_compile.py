"""The pure core: lookups, Q trees, updates, sorts and index specs compile without any server."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from bson import Decimal128, ObjectId

from mongodb_rest import Document, EmbeddedDocument, Q, ValidationError
from mongodb_rest.document.persistence import diff
from mongodb_rest.fields import (
    DecimalField,
    EmbeddedDocumentField,
    IntField,
    ListField,
    StringField,
)
from mongodb_rest.indexes import declared_indexes, index_model
from mongodb_rest.query.updates import compile_update


class Place(EmbeddedDocument):
    city = StringField(db_field="c")


class Person(Document):
    name = StringField(required=True, max_length=20)
    age = IntField(min_value=0)
    tags = ListField(StringField())
    place = EmbeddedDocumentField(Place)
    balance = DecimalField()
    meta = {"ordering": ["-age"]}


def flt(**lookups: Any) -> dict[str, Any]:
    return Person.objects.filter(**lookups).query.filter


def test_lookups_compile_to_filters() -> None:
    assert flt(age__gte=18, age__lt=65) == {"age": {"$gte": 18, "$lt": 65}}
    assert flt(age="30") == {"age": 30}
    assert flt(name__ne="x") == {"name": {"$ne": "x"}}
    assert flt(tags="python") == {"tags": "python"}
    assert flt(tags__in=["a", "b"]) == {"tags": {"$in": ["a", "b"]}}
    assert flt(tags__size=3) == {"tags": {"$size": 3}}
    assert flt(place__city="Oslo") == {"place.c": "Oslo"}
    assert flt(balance=Decimal("1.50")) == {"balance": Decimal128("1.50")}
    oid = ObjectId()
    assert flt(id=str(oid)) == {"_id": oid}
    assert flt(pk=oid) == {"_id": oid}
    assert flt(age__exists=False) == {"age": {"$exists": False}}
    assert flt(age__type=int) == {"age": {"$type": "int"}}


def test_string_lookups_escape_user_input() -> None:
    assert flt(name__contains="a.b*") == {"name": {"$regex": r"a\.b\*"}}
    assert flt(name__icontains="jo") == {"name": {"$regex": "jo", "$options": "i"}}
    assert flt(name__startswith="J") == {"name": {"$regex": "^J"}}
    assert flt(name__iendswith="(x)") == {"name": {"$regex": r"\(x\)$", "$options": "i"}}
    assert flt(name__iexact="Ann") == {"name": {"$regex": "^Ann$", "$options": "i"}}
    assert flt(name__regex=r"^J.*n$") == {"name": {"$regex": r"^J.*n$"}}


@pytest.mark.parametrize(
    "lookups",
    [
        {"age": "old"},
        {"age": True},
        {"name": {"$ne": ""}},
        {"name__contains": 5},
        {"tags__in": "python"},
        {"tags__size": -1},
        {"age__exists": "yes"},
        {"age__type": "float64"},
        {"name__regex": "("},
        {"nickname": "x"},
        {"place__street": "x"},
        {"id": "12345"},
    ],
)
def test_bad_lookups_raise_validation_errors(lookups: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Person.objects.filter(**lookups).query  # noqa: B018


def test_q_objects_combine() -> None:
    either = Person.objects.filter(Q(age__lt=18) | Q(age__gt=65)).query.filter
    assert either == {"$or": [{"age": {"$lt": 18}}, {"age": {"$gt": 65}}]}
    both = Person.objects.filter(Q(name="a") & Q(age__gte=18)).query.filter
    assert both == {"name": "a", "age": {"$gte": 18}}
    negated = Person.objects.filter(~Q(name="a")).query.filter
    assert negated == {"$nor": [{"name": "a"}]}
    mixed = Person.objects.filter((Q(age__gte=18) & Q(age__lte=65)) | Q(name="vip"), tags="x").query.filter
    assert mixed == {"tags": "x", "$or": [{"age": {"$gte": 18, "$lte": 65}}, {"name": "vip"}]}
    assert Person.objects.exclude(name="a", age=3).query.filter == {"$nor": [{"age": 3, "name": "a"}]}
    assert Person.objects.filter(age=3).filter(age=4).query.filter == {"$and": [{"age": 3}, {"age": 4}]}


def test_ordering_skip_and_limit() -> None:
    assert Person.objects.all().query.sort == [("age", -1)]
    plan = Person.objects.order_by("name", "-place__city").skip(5).limit(10).query
    assert plan.sort == [("name", 1), ("place.c", -1)] and plan.skip == 5 and plan.limit == 10
    assert Person.objects.all()[20:30].query.skip == 20
    assert Person.objects.all()[20:30].query.limit == 10
    assert Person.objects.limit(10)[5:].query.limit == 5
    with pytest.raises(ValidationError):
        Person.objects.order_by("nickname")
    with pytest.raises(ValueError):
        Person.objects.limit(-1)


def test_updates_compile_and_validate() -> None:
    assert compile_update(Person, {"name": "x", "inc__age": 1}) == {"$set": {"name": "x"}, "$inc": {"age": 1}}
    assert compile_update(Person, {"dec__age": 2}) == {"$inc": {"age": -2}}
    assert compile_update(Person, {"push__tags": "a"}) == {"$push": {"tags": "a"}}
    assert compile_update(Person, {"push_all__tags": ["a", "b"]}) == {
        "$push": {"tags": {"$each": ["a", "b"]}}
    }
    assert compile_update(Person, {"add_to_set__tags": ["a"]}) == {"$addToSet": {"tags": {"$each": ["a"]}}}
    assert compile_update(Person, {"pull__tags": "a", "pop__tags": 1}) == {
        "$pull": {"tags": "a"},
        "$pop": {"tags": 1},
    }
    assert compile_update(Person, {"unset__age": True}) == {"$unset": {"age": ""}}
    assert compile_update(Person, {"age": None}) == {"$unset": {"age": ""}}
    assert compile_update(Person, {"place__city": "Rome"}) == {"$set": {"place.c": "Rome"}}
    assert compile_update(Person, {"balance": "2.5"}) == {"$set": {"balance": Decimal128("2.5")}}
    for bad in ({"name": "x" * 21}, {"age": -1}, {"name": None}, {}, {"pop__tags": 2}, {"mul__age": "2"}):
        with pytest.raises(ValidationError):
            compile_update(Person, bad)


def test_save_diff() -> None:
    before = {"_id": 1, "a": 1, "b": [1], "c": "x"}
    after = {"_id": 1, "a": 1, "b": [1, 2], "d": True}
    assert diff(before, after, ["_id", "a", "b", "c", "d"]) == {
        "$set": {"b": [1, 2], "d": True},
        "$unset": {"c": ""},
    }
    assert diff({"a": 1}, {"a": 1.0}, ["a"]) == {"$set": {"a": 1.0}}  # a type change is a change
    assert diff(before, before, ["a", "b", "c"]) == {}


class Indexed(Document):
    email = StringField(unique=True)
    name = StringField()
    created_at = IntField()
    location = StringField()
    handle = StringField()
    meta = {
        "indexes": [
            "name",
            "-created_at",
            ("name", 1),
            [("name", 1), ("email", -1)],
            ("location", "2dsphere"),
            {"fields": ["$name"], "name": "text_name"},
            {
                "fields": ["handle"],
                "unique": True,
                "sparse": True,
                "partialFilterExpression": {"name": {"$exists": True}},
            },
            {"fields": ["created_at"], "expireAfterSeconds": 3600},
        ]
    }


def test_index_specifications() -> None:
    documents = [model.document for model in declared_indexes(Indexed)]
    keys = [list(document["key"].items()) for document in documents]
    assert keys[:3] == [[("name", 1)], [("created_at", -1)], [("name", 1), ("email", -1)]]  # one name_1
    assert keys[3] == [("location", "2dsphere")]
    assert documents[4]["name"] == "text_name" and keys[4] == [("name", "text")]
    assert documents[5]["unique"] is True and documents[5]["partialFilterExpression"] == {
        "name": {"$exists": True}
    }
    assert documents[6]["expireAfterSeconds"] == 3600
    assert documents[7] == {"key": {"email": 1}, "name": "email_1", "unique": True, "sparse": True}
    with pytest.raises(ValueError):
        index_model(Indexed, {"fields": ["name"], "uniq": True})
    with pytest.raises(ValueError):
        index_model(Indexed, ("name", 7))
    with pytest.raises(ValidationError):
        index_model(Indexed, "nickname")


def test_driver_errors_become_clear_errors() -> None:
    from pymongo.errors import DuplicateKeyError, OperationFailure, ServerSelectionTimeoutError, WriteError

    from mongodb_rest.driver_errors import translated
    from mongodb_rest.errors import ConnectionFailure, NotUniqueError, OperationError

    no_transactions = OperationFailure(
        "Transaction numbers are only allowed on a replica set member or mongos", 20
    )
    with (
        pytest.raises(OperationError, match=r"does not support transactions.*durable=False"),
        translated("main"),
    ):
        raise no_transactions
    duplicate = DuplicateKeyError("E11000", 11000, {"keyPattern": {"email": 1}})
    with pytest.raises(NotUniqueError) as caught, translated():
        raise duplicate
    assert caught.value.field == "email"
    with pytest.raises(ValidationError, match="schema validator"), translated():
        raise WriteError("Document failed validation", 121)
    with pytest.raises(ConnectionFailure, match="'analytics'"), translated("analytics"):
        raise ServerSelectionTimeoutError("127.0.0.1:1: connection refused")
