"""Sync DRF code that calls the async face by mistake gets a TypeError naming the fix, not a wrong answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from mongodb_rest import Document
from mongodb_rest.fields import EmailField, StringField
from mongodb_rest.rest_framework.serializers import DocumentSerializer

pytestmark = pytest.mark.usefixtures("db_name")


class Subscriber(Document):
    name = StringField(required=True)
    email = EmailField(required=True)


class ForgetfulSerializer(DocumentSerializer):
    """Checks the e-mail with the async face from DRF's sync validation: always true before."""

    class Meta:
        model = Subscriber
        fields = "__all__"

    def validate_email(self, value: str) -> str:
        if Subscriber.objects.filter(email=value).exists():
            raise serializers.ValidationError("already exists")
        return value


class CarefulSerializer(ForgetfulSerializer):
    def validate_email(self, value: str) -> str:
        if Subscriber.sync.objects.filter(email=value).exists():
            raise serializers.ValidationError("already exists")
        return value


def test_a_sync_validator_calling_the_async_face_raises_instead_of_refusing_everyone() -> None:
    serializer = ForgetfulSerializer(data={"name": "Ann", "email": "ann@example.com"})
    with pytest.raises(TypeError) as raised:
        serializer.is_valid()
    assert str(raised.value) == (
        "Subscriber.objects.filter(...).exists() is a coroutine of the async face, not its result "
        "(it was truth-tested): write `await ...` in async code, or use Subscriber.sync.objects... "
        "in sync code."
    )


def test_the_sync_face_named_by_the_error_validates_correctly() -> None:
    Subscriber.sync(name="Bob", email="bob@example.com").save()
    assert CarefulSerializer(data={"name": "Ann", "email": "ann@example.com"}).is_valid()
    taken = CarefulSerializer(data={"name": "Bob", "email": "bob@example.com"})
    assert not taken.is_valid()
    assert taken.errors == {"email": ["already exists"]}


def test_rendering_an_unawaited_result_names_the_call() -> None:
    data: dict[str, Any] = {"count": Subscriber.objects.count()}
    expected = "Subscriber.objects.count() is a coroutine of the async face"
    with pytest.raises(TypeError, match=re.escape(expected)):
        JSONRenderer().render(data)
