"""SequenceField and CachedReferenceField over DRF (sync and adrf viewsets): a sequence is a read-only
number assigned by the save; a cached reference is shown and written as the referenced key (its stored
copy nested with ``depth``), a written key is loaded so its fields are copied; an unknown key is a 409
(as a reference's), a malformed one a 400."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bson import ObjectId
from django.test import override_settings
from django.urls import path
from pymongo.database import Database
from rest_framework import serializers, viewsets
from rest_framework.test import APIClient

from mongodb_rest import Document, sync
from mongodb_rest.fields import CachedReferenceField, IntField, SequenceField, StringField
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Buyer(Document):
    name = StringField(required=True)
    age = IntField()

    meta = {"collection": "drf_buyers"}


class Ticket(Document):
    number = SequenceField()
    code = SequenceField(sequence_name="drf_codes", value_decorator=lambda n: f"T-{n:03d}")
    buyer = CachedReferenceField(Buyer, fields=["name"])
    note = StringField()

    meta = {"collection": "drf_tickets"}


class TicketSerializer(DocumentSerializer):
    class Meta:
        model = Ticket
        fields = "__all__"


class DeepTicketSerializer(DocumentSerializer):
    class Meta:
        model = Ticket
        fields = "__all__"
        depth = 1


class Tickets(viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = TicketSerializer
    queryset = Ticket.sync.objects.all()


class AsyncTickets(AsyncModelViewSet):
    serializer_class = TicketSerializer
    queryset = Ticket.objects.all()


class DeepTickets(AsyncModelViewSet):
    serializer_class = DeepTicketSerializer
    queryset = Ticket.objects.all()


ROUTES = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update"}
urlpatterns = [
    path("tickets/", Tickets.as_view(ROUTES)),
    path("tickets/<str:pk>/", Tickets.as_view(DETAIL)),
    path("async-tickets/", AsyncTickets.as_view(ROUTES)),
    path("async-tickets/<str:pk>/", AsyncTickets.as_view(DETAIL)),
    path("deep-tickets/", DeepTickets.as_view(ROUTES)),
]
PREFIXES = pytest.mark.parametrize("prefix", ["/tickets/", "/async-tickets/"])


@pytest.fixture(autouse=True)
def these_urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


@pytest.fixture
def ann(raw: Raw) -> ObjectId:
    return raw.drf_buyers.insert_one({"name": "Ann", "age": 30}).inserted_id  # type: ignore[no-any-return]


def test_the_serializer_fields() -> None:
    fields = TicketSerializer().fields
    assert isinstance(fields["number"], serializers.IntegerField) and fields["number"].read_only
    assert fields["code"].read_only and not fields["buyer"].read_only


@PREFIXES
def test_sequences_are_read_only_and_cached_references_are_keys(raw: Raw, ann: ObjectId, prefix: str) -> None:
    client = APIClient()
    first = client.post(prefix, {"buyer": str(ann), "note": "a"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json() == {
        "id": first.json()["id"],
        "number": 1,
        "code": "T-001",
        "buyer": str(ann),
        "note": "a",
    }
    second = client.post(prefix, {"buyer": str(ann), "number": 99, "code": "mine"}, format="json").json()
    assert (second["number"], second["code"]) == (2, "T-002")  # read-only: the input is ignored
    stored = raw.drf_tickets.find_one({"_id": ObjectId(first.json()["id"])})
    assert stored is not None and stored["buyer"] == {"_id": ann, "name": "Ann"}
    assert stored["number"] == 1 and stored["code"] == "T-001"
    assert [ticket["buyer"] for ticket in client.get(prefix).json()] == [str(ann), str(ann)]
    bob = raw.drf_buyers.insert_one({"name": "Bob"}).inserted_id
    patched = client.patch(f"{prefix}{first.json()['id']}/", {"buyer": str(bob)}, format="json")
    assert patched.status_code == 200 and patched.json()["buyer"] == str(bob)
    assert raw.drf_tickets.find_one({"_id": stored["_id"]})["buyer"] == {"_id": bob, "name": "Bob"}  # type: ignore[index]


@PREFIXES
def test_an_unknown_or_malformed_key_is_refused_and_stores_nothing(
    raw: Raw, ann: ObjectId, prefix: str
) -> None:
    client = APIClient()
    ticket_id = client.post(prefix, {"buyer": str(ann)}, format="json").json()["id"]
    before = raw.drf_tickets.find_one()
    for buyer, status in [
        (str(ObjectId()), 409),
        ("nope", 400),
        (12, 400),
        ({"name": "Ann"}, 400),
        (True, 400),
    ]:
        created = client.post(prefix, {"buyer": buyer}, format="json")  # 409: no such buyer, as a reference
        assert created.status_code == status, (buyer, created.content)
        assert "buyer" in created.json()
        patched = client.patch(f"{prefix}{ticket_id}/", {"buyer": buyer}, format="json")
        assert patched.status_code == status, (buyer, patched.content)
    assert raw.drf_tickets.count_documents({}) == 1 and raw.drf_tickets.find_one() == before
    assert raw.mongoengine.counters.find_one({"_id": "drf_tickets.number"})["next"] == 1  # type: ignore[index]


def test_with_depth_the_stored_copy_is_shown_without_a_query(raw: Raw, ann: ObjectId) -> None:
    client = APIClient()
    created = client.post("/deep-tickets/", {"note": "n"}, format="json")
    assert created.status_code == 201  # read-only with depth: the reference is not written
    raw.drf_tickets.insert_one({"number": 7, "buyer": {"_id": ann, "name": "Ann (copied)"}})
    shown = [ticket["buyer"] for ticket in client.get("/deep-tickets/").json()]
    assert shown == [None, {"id": str(ann), "name": "Ann (copied)"}]


class Member(sync.Document):
    email = StringField(primary_key=True)
    name = StringField()

    meta = {"collection": "drf_members"}


class Badge(sync.Document):  # the sync face's: an async-face class's twin fails saving a sequence key
    number = SequenceField(primary_key=True)
    member = CachedReferenceField(Member, fields=["name"])

    meta = {"collection": "drf_badges"}


class BadgeSerializer(DocumentSerializer):
    class Meta:
        model = Badge
        fields = "__all__"


def test_a_sequence_key_and_a_cached_reference_to_a_custom_key(raw: Raw) -> None:
    raw.drf_members.insert_one({"_id": "ann@example.com", "name": "Ann"})
    fields = BadgeSerializer().fields
    assert isinstance(fields["id"], serializers.IntegerField) and fields["id"].read_only
    serializer = BadgeSerializer(data={"id": 5, "member": "ann@example.com"})
    assert serializer.is_valid(), serializer.errors
    badge = serializer.save()
    assert BadgeSerializer(badge).data == {"id": 1, "member": "ann@example.com"}
    assert raw.drf_badges.find_one() == {"_id": 1, "member": {"_id": "ann@example.com", "name": "Ann"}}
    unknown = BadgeSerializer(data={"member": "bob@example.com"})
    assert not unknown.is_valid() and "member" in unknown.errors
