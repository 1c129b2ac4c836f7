"""DocumentSerializer: fields derived from documents, accepting and refusing what the model does,
saving through the sync face (DRF) and the async face (adrf)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from pymongo.database import Database
from rest_framework import serializers

from mongodb_rest import Document, EmbeddedDocument, ValidationError
from mongodb_rest.fields import (
    DecimalField,
    EmailField,
    EmbeddedDocumentField,
    IntField,
    ListField,
    ReferenceField,
    StringField,
)
from mongodb_rest.rest_framework.serializers import DocumentSerializer

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Address(EmbeddedDocument):
    street = StringField(required=True)
    city = StringField(required=True)


class Member(Document):
    name = StringField(required=True, max_length=20)
    email = EmailField(required=True, unique=True)
    age = IntField(min_value=0, max_value=150)
    status = StringField(choices=["active", "inactive"], default="active")
    balance = DecimalField(max_digits=6, decimal_places=2)
    tags = ListField(StringField(max_length=10))
    address = EmbeddedDocumentField(Address)
    addresses = ListField(EmbeddedDocumentField(Address))

    def clean(self) -> None:
        if self.name == "root":
            raise ValidationError("That name is reserved.")


class Post(Document):
    title = StringField(required=True)
    author = ReferenceField(Member)


class MemberSerializer(DocumentSerializer):
    greeting = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = "__all__"
        read_only_fields = ["status"]

    def get_greeting(self, obj: Member) -> str:
        return f"Hello {obj.name}"


class PostSerializer(DocumentSerializer):
    class Meta:
        model = Post
        fields = ["id", "title", "author"]


VALID = {
    "name": "Ann",
    "email": "ann@example.com",
    "age": 30,
    "balance": "12.50",
    "tags": ["a"],
    "address": {"street": "1 Main", "city": "Oslo"},
    "addresses": [{"street": "2 Side", "city": "Rome"}],
}


def test_sync_create_update_and_representation(raw: Raw) -> None:
    serializer = MemberSerializer(data=VALID)
    assert serializer.is_valid(), serializer.errors
    member = serializer.save()
    assert isinstance(member, Member) and member.id is not None
    stored = raw.member.find_one({})
    assert stored is not None and stored["address"] == {"street": "1 Main", "city": "Oslo"}
    data = MemberSerializer(Member.sync.objects.get()).data
    assert data["id"] == str(member.id) and data["greeting"] == "Hello Ann"
    assert data["balance"] == "12.50" and data["address"] == {"street": "1 Main", "city": "Oslo"}
    assert data["addresses"] == [{"street": "2 Side", "city": "Rome"}] and data["status"] == "active"
    update = MemberSerializer(Member.sync.objects.get(), data={"age": 31}, partial=True)
    assert update.is_valid(), update.errors
    update.save()
    assert raw.member.find_one({})["age"] == 31  # type: ignore[index]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**VALID, "name": ""}, "name"),
        ({**VALID, "name": "x" * 21}, "name"),
        ({**VALID, "email": "invalid"}, "email"),
        ({**VALID, "age": -1}, "age"),
        ({**VALID, "age": "old"}, "age"),
        ({**VALID, "balance": "1.234"}, "balance"),
        ({**VALID, "tags": ["x" * 11]}, "tags"),
        ({**VALID, "address": {"street": "s"}}, "address"),
        ({**VALID, "name": {"$ne": ""}}, "name"),
        ({key: value for key, value in VALID.items() if key != "email"}, "email"),
    ],
)
def test_serializer_refuses_what_the_model_refuses(raw: Raw, data: dict[str, Any], field: str) -> None:
    serializer = MemberSerializer(data=data)
    assert not serializer.is_valid()
    assert field in serializer.errors
    assert raw.member.count_documents({}) == 0


def test_model_errors_during_save_are_validation_errors(raw: Raw) -> None:
    serializer = MemberSerializer(data={**VALID, "name": "root"})
    assert serializer.is_valid()
    with pytest.raises(serializers.ValidationError):
        serializer.save()
    first = MemberSerializer(data=VALID)
    assert first.is_valid()
    first.save()
    duplicate = MemberSerializer(data={**VALID, "name": "Other"})
    assert duplicate.is_valid()
    with pytest.raises(serializers.ValidationError) as caught:
        duplicate.save()
    assert "email" in caught.value.detail
    assert raw.member.count_documents({}) == 1


class ReadOnlySerializer(DocumentSerializer):
    class Meta:
        model = Post
        fields = ["id", "title", "author"]
        read_only_fields = ["author"]
        extra_kwargs = {"title": {"max_length": 5}}


def test_read_only_fields_and_extra_kwargs(raw: Raw) -> None:
    author = Member.sync(**{**VALID, "address": None, "addresses": []}).save()
    post = Post.sync(title="Hi", author=author).save()
    assert ReadOnlySerializer(post).data["author"] == str(author.id)
    ignored = ReadOnlySerializer(data={"title": "Hello", "author": "not even an id"})
    assert ignored.is_valid(), ignored.errors  # read-only input is ignored
    assert "author" not in ignored.validated_data
    too_long = ReadOnlySerializer(data={"title": "Too long"})
    assert not too_long.is_valid() and "title" in too_long.errors
    assert raw.post.count_documents({}) == 1


def test_references_are_ids_validated_to_exist(raw: Raw) -> None:
    author = Member.sync(**{**VALID, "address": None, "addresses": []}).save()
    created = PostSerializer(data={"title": "Hi", "author": str(author.id)})
    assert created.is_valid(), created.errors
    post = created.save()
    assert PostSerializer(post).data["author"] == str(author.id)
    for bad in ("nope", "0123456789abcdef01234567"):
        refused = PostSerializer(data={"title": "Hi", "author": bad})
        assert not refused.is_valid() and "author" in refused.errors
    assert raw.post.count_documents({}) == 1


async def test_async_face_adata_and_asave(raw: Raw) -> None:
    serializer = MemberSerializer(data=VALID)
    assert await sync_to_async(serializer.is_valid)()
    member = await serializer.asave()
    assert isinstance(member, Member) and raw.member.count_documents({}) == 1
    loaded = await Member.objects.get(id=member.id)
    data = await MemberSerializer(loaded).adata
    assert data["name"] == "Ann" and data["balance"] == "12.50"
    update = MemberSerializer(loaded, data={"balance": Decimal("3.10")}, partial=True)
    assert await sync_to_async(update.is_valid)()
    await update.asave()
    assert str(raw.member.find_one({})["balance"]) == "3.10"  # type: ignore[index]


class CheckedSerializer(DocumentSerializer):
    """The documentation's validation example: validate_<field>() and validate()."""

    class Meta:
        model = Member
        fields = ["name", "email", "age"]

    def validate_email(self, value: str) -> str:
        if Member.sync.objects.filter(email=value).exists():
            raise serializers.ValidationError("Email already exists")
        return value

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("age", 0) < 18 and data["name"].startswith("Premium"):
            raise serializers.ValidationError("Premium accounts require age 18+")
        return data


def test_field_and_object_validators(raw: Raw) -> None:
    first = CheckedSerializer(data={"name": "Ann", "email": "ann@example.com", "age": 30})
    assert first.is_valid(), first.errors
    first.save()
    again = CheckedSerializer(data={"name": "Bob", "email": "ann@example.com", "age": 30})
    assert not again.is_valid() and again.errors["email"] == ["Email already exists"]
    young = CheckedSerializer(data={"name": "Premium Kid", "email": "kid@example.com", "age": 10})
    assert not young.is_valid()
    assert young.errors["non_field_errors"] == ["Premium accounts require age 18+"]
    assert raw.member.count_documents({}) == 1
