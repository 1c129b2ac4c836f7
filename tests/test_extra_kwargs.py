"""DocumentSerializer's Meta.extra_kwargs and read_only_fields: every option DRF's ModelSerializer
honours is honoured, and a length or bound tighter than the document field's applies while the
document field's own still does."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.core.validators import RegexValidator
from pymongo.database import Database
from rest_framework import serializers

from mongodb_rest import Document
from mongodb_rest.fields import IntField, StringField
from mongodb_rest.rest_framework.serializers import DocumentSerializer

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Profile(Document):
    name = StringField(required=True, max_length=100)
    nickname = StringField(max_length=30)
    bio = StringField(min_length=2)
    age = IntField(min_value=0, max_value=150)
    score = IntField(default=5)
    meta = {"collection": "extra_profiles"}


def serializer_for(extra: dict[str, Any], **meta: Any) -> type[DocumentSerializer]:
    """A DocumentSerializer of Profile with ``extra_kwargs`` and other Meta options."""
    options = {"model": Profile, "fields": "__all__", "extra_kwargs": extra, **meta}
    return type("ProfileSerializer", (DocumentSerializer,), {"Meta": type("Meta", (), options)})


def errors(serializer_class: type[DocumentSerializer], data: dict[str, Any]) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid()
    return dict(serializer.errors)


def test_a_tighter_max_length_applies_and_the_model_limit_still_does() -> None:
    tighter = serializer_for({"name": {"max_length": 50}})
    assert "name" in errors(tighter, {"name": "x" * 60})
    assert errors(tighter, {"name": "x" * 50}) == {}
    looser = serializer_for({"name": {"max_length": 200}})
    assert "name" in errors(looser, {"name": "x" * 150})
    assert errors(looser, {"name": "x" * 100}) == {}


def test_min_length_and_bounds_take_the_tighter_limit() -> None:
    lengths = serializer_for({"name": {"min_length": 5}, "bio": {"min_length": 1}})
    assert "name" in errors(lengths, {"name": "abc"})
    assert "bio" in errors(lengths, {"name": "abcde", "bio": "a"})  # the model's min_length is 2
    bounds = serializer_for({"age": {"min_value": 18, "max_value": 200}})
    assert "age" in errors(bounds, {"name": "Ann", "age": 17})
    assert "age" in errors(bounds, {"name": "Ann", "age": 151})  # the model's max_value is 150
    assert errors(bounds, {"name": "Ann", "age": 150}) == {}


def test_required_allow_null_and_allow_blank() -> None:
    stricter = serializer_for({"nickname": {"required": True, "allow_null": False, "allow_blank": False}})
    assert "nickname" in errors(stricter, {"name": "Ann"})
    assert "nickname" in errors(stricter, {"name": "Ann", "nickname": None})
    assert "nickname" in errors(stricter, {"name": "Ann", "nickname": ""})
    assert errors(serializer_for({}), {"name": "Ann", "nickname": ""}) == {}


def test_looser_required_and_allow_null_leave_the_model_to_refuse_on_save(raw: Raw) -> None:
    looser = serializer_for({"name": {"required": False, "allow_null": True}})
    for data in ({}, {"name": None}):
        serializer = looser(data=data)
        assert serializer.is_valid(), serializer.errors
        with pytest.raises(serializers.ValidationError) as refused:
            serializer.save()
        assert "name" in refused.value.detail
    assert raw.extra_profiles.count_documents({}) == 0


def test_validators_add_to_the_model_limits() -> None:
    upper = serializer_for({"nickname": {"validators": [RegexValidator("^[A-Z]+$")]}})
    assert "nickname" in errors(upper, {"name": "Ann", "nickname": "abc"})
    assert "nickname" in errors(upper, {"name": "Ann", "nickname": "A" * 31})
    assert errors(upper, {"name": "Ann", "nickname": "ABC"}) == {}


def test_read_only_and_write_only(raw: Raw) -> None:
    hidden = serializer_for({"name": {"read_only": True}, "nickname": {"write_only": True}})
    serializer = hidden(data={"name": "x" * 500, "nickname": "Nan", "bio": "Hi"})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"nickname": "Nan", "bio": "Hi"}  # read-only input is ignored
    shown = hidden(Profile.sync(name="Ann", nickname="Nan").save()).data
    assert shown["name"] == "Ann" and "nickname" not in shown


def test_read_only_fields(raw: Raw) -> None:
    locked = serializer_for({}, read_only_fields=["age", "score"])
    serializer = locked(data={"name": "Ann", "age": 40, "score": 9})
    assert serializer.is_valid(), serializer.errors
    profile = serializer.save()
    assert raw.extra_profiles.find_one({}, {"_id": 0}) == {"name": "Ann", "score": 5}
    assert locked(profile).data["score"] == 5
    assert locked().fields["age"].read_only
    with pytest.raises(TypeError, match="read_only_fields must be a list or tuple of field names, not str"):
        _ = serializer_for({}, read_only_fields="age")().fields


def test_default_even_on_a_required_field(raw: Raw) -> None:
    defaults = serializer_for({"name": {"default": "Anonymous"}, "nickname": {"default": "anon"}})
    serializer = defaults(data={})
    assert serializer.is_valid(), serializer.errors
    serializer.save()
    stored = raw.extra_profiles.find_one({}, {"_id": 0, "name": 1, "nickname": 1})
    assert stored == {"name": "Anonymous", "nickname": "anon"}


def test_help_text_label_and_error_messages() -> None:
    described = serializer_for(
        {
            "name": {
                "help_text": "Shown to others.",
                "label": "Full name",
                "max_length": 10,
                "error_messages": {"max_length": "Ten at most.", "required": "Name, please."},
            }
        }
    )
    field = described().fields["name"]
    assert (field.help_text, field.label) == ("Shown to others.", "Full name")
    assert errors(described, {"name": "x" * 11})["name"] == ["Ten at most."]
    assert errors(described, {})["name"] == ["Name, please."]


async def test_source_renames_a_field_on_both_faces(raw: Raw) -> None:
    renamed = serializer_for({"full_name": {"source": "name"}}, fields=["id", "full_name"])
    serializer = renamed(data={"full_name": "Ann"})
    assert await sync_to_async(serializer.is_valid)(), serializer.errors
    profile = await serializer.asave()
    assert raw.extra_profiles.find_one({"_id": profile.id})["name"] == "Ann"  # type: ignore[index]
    assert await renamed(profile).adata == {"id": str(profile.id), "full_name": "Ann"}
    assert "full_name" in errors(renamed, {"full_name": "x" * 101})


def test_extra_kwargs_that_would_change_nothing_are_refused() -> None:
    with pytest.raises(ValueError, match="'nmae', not a field of Profile"):
        _ = serializer_for({"nmae": {"max_length": 5}})().fields

    class Declared(DocumentSerializer):
        name = serializers.CharField()

        class Meta:
            model = Profile
            fields = ["name"]
            extra_kwargs = {"name": {"max_length": 5}}

    with pytest.raises(ValueError, match="declared field; pass these options to its constructor"):
        _ = Declared().fields
    with pytest.raises(ValueError, match="its extra_kwargs source is 'nope'"):
        _ = serializer_for({"alias": {"source": "nope"}}, fields=["alias"])().fields
