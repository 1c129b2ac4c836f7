"""A serializer's own create()/update() must return a stored document: the documentation's nested
create() written with an async-face model (``user.save()`` never awaited, nothing written) or a returned
coroutine is a TypeError naming the fix, through save() and asave(), directly and over HTTP; written with
the sync face it saves."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient, override_settings
from django.urls import path
from pymongo.database import Database
from rest_framework import viewsets
from rest_framework.test import APIClient

from mongodb_rest import Document, EmbeddedDocument
from mongodb_rest.fields import EmbeddedDocumentField, ListField, StringField
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

pytestmark = [
    pytest.mark.usefixtures("db_name"),
    pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning"),  # the misuse shown
]
Raw = Database[dict[str, Any]]
ANN = {"name": "Ann", "address": {"city": "Oslo"}, "addresses": [{"city": "Rome"}]}
NO_ID = r"returned a document that has no id \(Account\): its save\(\) never ran"


class Place(EmbeddedDocument):
    city = StringField(required=True)


class Account(Document):  # the async face, as the documentation's models are
    name = StringField(required=True, max_length=50)
    address = EmbeddedDocumentField(Place)
    addresses = ListField(EmbeddedDocumentField(Place))
    meta = {"collection": "save_accounts"}


class PlaceSerializer(DocumentSerializer):
    class Meta:
        model = Place
        fields = "__all__"


class NestedSerializer(DocumentSerializer):
    """The documentation's nested create(), with the model the serializer's subclasses name."""

    address = PlaceSerializer()
    addresses = PlaceSerializer(many=True)
    account: Any = Account.sync

    class Meta:
        model = Account
        fields = ["id", "name", "address", "addresses"]

    def create(self, validated_data: dict[str, Any]) -> Any:
        address_data = validated_data.pop("address")
        addresses_data = validated_data.pop("addresses", [])
        account = self.account(**validated_data)
        account.address = Place(**address_data)
        account.addresses = [Place(**data) for data in addresses_data]
        account.save()
        return account


class UnawaitedSerializer(NestedSerializer):
    account = Account  # save() is a coroutine, called without await


class CoroutineSerializer(NestedSerializer):
    def create(self, validated_data: dict[str, Any]) -> Any:
        return Account(name=validated_data["name"]).save()


class UnsavedUpdateSerializer(NestedSerializer):
    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        instance.name = validated_data["name"]
        return instance


class AwaitedSerializer(NestedSerializer):
    async def acreate(self, validated_data: dict[str, Any]) -> Any:
        return await Account(name=validated_data["name"]).save()


class AsyncAccounts(AsyncModelViewSet):
    queryset = Account.objects.all()


class SyncAccounts(viewsets.ModelViewSet):  # type: ignore[type-arg]
    def get_queryset(self) -> Any:
        return Account.sync.objects.all()


SERIALIZERS = {
    "nested": NestedSerializer,
    "unawaited": UnawaitedSerializer,
    "coroutine": CoroutineSerializer,
    "awaited": AwaitedSerializer,
}
urlpatterns = [
    path(f"{face}/{name}/", base.as_view({"post": "create"}, serializer_class=serializer))
    for name, serializer in SERIALIZERS.items()
    for face, base in (("async", AsyncAccounts), ("sync", SyncAccounts))
]


@pytest.fixture(autouse=True)
def these_urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


async def test_the_documented_create_saves_with_the_sync_face_through_save_and_asave(raw: Raw) -> None:
    first = NestedSerializer(data=ANN)
    assert await sync_to_async(first.is_valid)(), first.errors
    created = await first.asave()
    second = NestedSerializer(data={**ANN, "name": "Bob"})
    assert await sync_to_async(second.is_valid)()
    saved = await sync_to_async(second.save)()
    assert created.id is not None and saved.id is not None
    stored = raw.save_accounts.find_one({"_id": created.id}, {"_id": 0})
    assert stored == {"name": "Ann", "address": {"city": "Oslo"}, "addresses": [{"city": "Rome"}]}
    assert raw.save_accounts.count_documents({}) == 2


@pytest.mark.parametrize(
    ("serializer", "message"),
    [(UnawaitedSerializer, NO_ID), (CoroutineSerializer, "returned a coroutine, not a document")],
)
async def test_an_unsaved_or_coroutine_result_is_refused_through_save_and_asave(
    raw: Raw, serializer: type[DocumentSerializer], message: str
) -> None:
    for save in ("save", "asave"):
        candidate = serializer(data=ANN)
        assert await sync_to_async(candidate.is_valid)()
        with pytest.raises(TypeError, match=message) as refused:
            if save == "asave":
                await candidate.asave()
            else:
                await sync_to_async(candidate.save)()
        assert "Model.sync" in str(refused.value) and "await save()" in str(refused.value)
    assert raw.save_accounts.count_documents({}) == 0


async def test_an_update_that_never_saves_is_refused(raw: Raw) -> None:
    account = await Account(name="Ann").save()
    for save in ("save", "asave"):
        candidate = UnsavedUpdateSerializer(account, data={"name": "Bob"}, partial=True)
        assert await sync_to_async(candidate.is_valid)()
        with pytest.raises(
            TypeError, match=r"update\(\) returned a document that differs from what is stored \(Account\)"
        ):
            if save == "asave":
                await candidate.asave()
            else:
                await sync_to_async(candidate.save)()
    assert raw.save_accounts.find_one({})["name"] == "Ann"  # type: ignore[index]


async def test_an_awaited_acreate_saves(raw: Raw) -> None:
    candidate = AwaitedSerializer(data=ANN)
    assert await sync_to_async(candidate.is_valid)()
    assert (await candidate.asave()).id is not None
    assert raw.save_accounts.count_documents({"name": "Ann"}) == 1


@pytest.mark.parametrize("face", ["async", "sync"])
async def test_over_http_a_201_only_when_stored(raw: Raw, face: str) -> None:
    client = AsyncClient()

    async def post(name: str) -> Any:
        return await client.post(f"/{face}/{name}/", json.dumps(ANN), content_type="application/json")

    for name in ("nested", "awaited"):
        assert (await post(name)).status_code == 201
    for name in ("unawaited", "coroutine"):
        with pytest.raises(TypeError, match=r"Model\.sync"):
            await post(name)
    assert raw.save_accounts.count_documents({}) == 2
    api = APIClient()
    with pytest.raises(TypeError, match=NO_ID):
        await sync_to_async(api.post)(f"/{face}/unawaited/", ANN, format="json")
    assert raw.save_accounts.count_documents({}) == 2


async def test_many_true_checks_every_document(raw: Raw) -> None:
    rows = [ANN, {**ANN, "name": "Bob"}]
    saved = NestedSerializer(data=rows, many=True)
    assert await sync_to_async(saved.is_valid)()
    assert [account.name for account in await saved.asave()] == ["Ann", "Bob"]
    for serializer, message in ((UnawaitedSerializer, NO_ID), (CoroutineSerializer, "returned a coroutine")):
        for save in ("save", "asave"):
            candidate = serializer(data=rows, many=True)
            assert await sync_to_async(candidate.is_valid)()
            with pytest.raises(TypeError, match=message):
                if save == "asave":
                    await candidate.asave()
                else:
                    await sync_to_async(candidate.save)()
    assert raw.save_accounts.count_documents({}) == 2
