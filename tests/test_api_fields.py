"""Serializer fields beyond scalars, through real requests: GridFS files, GeoJSON points, generic
references, nested references (depth), explicit nested serializers with the user's create()."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import AsyncClient
from pymongo.database import Database
from rest_framework import serializers
from rest_framework.test import APIClient

from mongodb_rest.rest_framework.fields import ObjectIdField
from mongodb_rest.rest_framework.serializers import DocumentListSerializer, DocumentSerializer

from .api import ApiAddress, ApiMember, ApiPost, ApiPostSerializer
from .conftest import CommandRecorder

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


def test_file_upload_metadata_and_download(raw: Raw) -> None:
    client = APIClient()
    upload = SimpleUploadedFile("notes.txt", b"hello gridfs", content_type="text/plain")
    created = client.post("/async-posts/", {"title": "With file", "attachment": upload}, format="multipart")
    assert created.status_code == 201, created.content
    attachment = created.json()["attachment"]
    assert attachment["filename"] == "notes.txt" and attachment["length"] == 12
    assert attachment["content_type"] == "text/plain"
    post_id = created.json()["id"]
    assert attachment["url"] == f"http://testserver/async-posts/{post_id}/files/attachment/"
    download = client.get(attachment["url"])
    assert download.status_code == 200 and download.content == b"hello gridfs"
    assert download["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert raw["fs.files"].count_documents({}) == 1
    replaced = client.patch(
        f"/async-posts/{post_id}/",
        {"attachment": SimpleUploadedFile("v2.txt", b"second", content_type="text/plain")},
        format="multipart",
    )
    assert replaced.status_code == 200 and replaced.json()["attachment"]["filename"] == "v2.txt"
    assert client.get(attachment["url"]).content == b"second"
    assert raw["fs.files"].count_documents({}) == 1  # the replaced file is gone from GridFS
    assert client.get(f"/async-posts/{post_id}/files/title/").status_code == 404
    assert client.get(f"/async-posts/{post_id}/files/nothing/").status_code == 404
    assert client.delete(f"/async-posts/{post_id}/").status_code == 204
    assert raw["fs.files"].count_documents({}) == 0


def test_download_names_any_filename_safely() -> None:
    client = APIClient()
    upload = SimpleUploadedFile("prix €\nnew.txt", b"x", content_type="text/plain")
    created = client.post("/async-posts/", {"title": "t", "attachment": upload}, format="multipart").json()
    download = client.get(created["attachment"]["url"])
    assert download.status_code == 200 and download.content == b"x"
    assert download["Content-Disposition"].startswith("attachment; filename*=utf-8''")


def test_sync_viewset_stores_uploads_too(raw: Raw) -> None:
    client = APIClient()
    upload = SimpleUploadedFile("a.bin", b"\x00\x01", content_type="application/octet-stream")
    created = client.post("/posts/", {"title": "Sync file", "attachment": upload}, format="multipart")
    assert created.status_code == 201, created.content
    assert created.json()["attachment"]["length"] == 2
    assert raw["fs.files"].count_documents({}) == 1


def test_a_refused_document_keeps_no_uploaded_file(raw: Raw) -> None:
    client = APIClient()
    upload = SimpleUploadedFile("a.txt", b"data", content_type="text/plain")
    refused = client.post("/async-posts/", {"title": "x" * 101, "attachment": upload}, format="multipart")
    assert refused.status_code == 400
    not_a_file = client.post("/async-posts/", {"title": "t", "attachment": "text"}, format="json")
    assert not_a_file.status_code == 400 and "attachment" in not_a_file.json()
    assert raw["fs.files"].count_documents({}) == 0 and raw.api_posts.count_documents({}) == 0


@pytest.mark.parametrize("prefix", ["/posts/", "/async-posts/"])
def test_points_are_geojson(raw: Raw, prefix: str) -> None:
    client = APIClient()
    point = {"type": "Point", "coordinates": [10.75, 59.91]}
    created = client.post(prefix, {"title": "Oslo", "location": point}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["location"] == point
    assert raw.api_posts.find_one({})["location"] == point  # type: ignore[index]
    bare = client.post(prefix, {"title": "Bare", "location": [1, 2]}, format="json")
    assert bare.json()["location"] == {"type": "Point", "coordinates": [1.0, 2.0]}
    for bad in [[200, 0], {"type": "Polygon", "coordinates": []}, "here", [1]]:
        response = client.post(prefix, {"title": "Bad", "location": bad}, format="json")
        assert response.status_code == 400 and "location" in response.json(), bad
    assert raw.api_posts.count_documents({}) == 2


@pytest.mark.parametrize("prefix", ["/posts/", "/async-posts/"])
def test_generic_references_by_type_and_id(raw: Raw, prefix: str) -> None:
    client = APIClient()
    member = ApiMember.sync(name="Ann", email="ann@example.com").save()
    about = {"type": "ApiMember", "id": str(member.id)}
    created = client.post(prefix, {"title": "About Ann", "about": about}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["about"] == about
    assert client.get(f"{prefix}{created.json()['id']}/").json()["about"] == about
    assert raw.api_posts.find_one({})["about"]["_ref"].id == member.id  # type: ignore[index]
    missing = {"type": "ApiMember", "id": "0123456789abcdef01234567"}
    response = client.post(prefix, {"title": "Bad", "about": missing}, format="json")
    assert response.status_code == 409 and "about" in response.json()  # well-formed, but nothing there
    for bad in [
        {"type": "Nothing", "id": str(member.id)},
        {"type": "ApiAddress", "id": str(member.id)},
        {"type": "ApiMember", "id": "nope"},
        {"id": str(member.id)},
        str(member.id),
    ]:
        response = client.post(prefix, {"title": "Bad", "about": bad}, format="json")
        assert response.status_code == 400 and "about" in response.json(), bad
    assert raw.api_posts.count_documents({}) == 1


def test_depth_shows_references_nested_with_one_query_per_list(commands: CommandRecorder) -> None:
    ann = ApiMember.sync(name="Ann", email="ann@example.com").save()
    for index in range(3):
        ApiPost.sync(title=f"p{index}", author=ann).save()
    ApiPost.sync(title="anonymous").save()
    client = APIClient()
    commands.clear()
    listed = client.get("/deep-posts/").json()
    assert [len(commands.named("find")), len(listed)] == [2, 4]  # the posts, then their authors at once
    authors = {post["title"]: post["author"] for post in listed}
    assert authors["p0"]["name"] == "Ann" and authors["p0"]["id"] == str(ann.id)
    assert authors["anonymous"] is None
    one = client.get(f"/deep-posts/{ApiPost.sync.objects.get(title='p1').id}/").json()
    assert one["author"]["email"] == "ann@example.com"


async def test_depth_on_the_async_face_serializer() -> None:
    ann = await ApiMember(name="Ann", email="ann@example.com").save()
    post = await ApiPost(title="p", author=ann).save()
    from .api import DeepPostSerializer

    loaded = await ApiPost.objects.get(id=post.id)
    data = await DeepPostSerializer(loaded).adata
    assert data["author"]["name"] == "Ann"
    many = await DeepPostSerializer(ApiPost.objects.all(), many=True).adata
    assert many[0]["author"]["name"] == "Ann"


class AddressSerializer(DocumentSerializer):
    class Meta:
        model = ApiAddress
        fields = "__all__"


class PostWithAddressSerializer(DocumentSerializer):
    """The nested serializers of the documentation, with the user's own create()."""

    address = AddressSerializer()
    author_id = ObjectIdField(source="author.id", read_only=True)

    class Meta:
        model = ApiPost
        fields = ["id", "title", "address", "author_id"]

    def create(self, validated_data: dict[str, Any]) -> Any:
        address_data = validated_data.pop("address")
        post = ApiPost.sync(**validated_data)
        post.address = ApiAddress(**address_data)
        post.title = post.title.upper()
        post.save()
        return post


async def test_explicit_nested_serializer_with_user_create(raw: Raw) -> None:
    ann = await ApiMember(name="Ann", email="ann@example.com").save()
    data = {"title": "nested", "address": {"street": "1 Main", "city": "Oslo"}}
    serializer = PostWithAddressSerializer(data=data)
    assert serializer.is_valid(), serializer.errors
    post = await serializer.asave()  # the user's create() runs, in a thread, on the sync face
    assert post.title == "NESTED" and isinstance(post.address, ApiAddress)
    stored = raw.api_posts.find_one({})
    assert stored is not None and stored["address"] == {"street": "1 Main", "city": "Oslo"}
    bad = PostWithAddressSerializer(data={"title": "t", "address": {"street": "s"}})
    assert not bad.is_valid() and "city" in bad.errors["address"]
    with_author = await ApiPost(title="by ann", author=ann).save()
    shown = await PostWithAddressSerializer(await ApiPost.objects.get(id=with_author.id)).adata
    assert shown["author_id"] == str(ann.id)  # source='author.id' without loading the author


def test_partial_update_of_an_embedded_document_keeps_its_other_fields(raw: Raw) -> None:
    client = APIClient()
    created = client.post(
        "/async-posts/", {"title": "t", "address": {"street": "1 Main", "city": "Oslo"}}, format="json"
    ).json()
    patched = client.patch(f"/async-posts/{created['id']}/", {"address": {"city": "Rome"}}, format="json")
    assert patched.status_code == 200, patched.content
    assert raw.api_posts.find_one({})["address"] == {"street": "1 Main", "city": "Rome"}  # type: ignore[index]


def test_many_uses_the_document_list_serializer_without_touching_meta() -> None:
    assert isinstance(ApiPostSerializer(many=True), DocumentListSerializer)
    assert not hasattr(ApiPostSerializer.Meta, "list_serializer_class")

    class Custom(serializers.ListSerializer):  # type: ignore[type-arg]
        pass

    class WithList(DocumentSerializer):
        class Meta:
            model = ApiPost
            fields = ["title"]
            list_serializer_class = Custom

    assert isinstance(WithList(many=True, allow_empty=False), Custom)


@pytest.mark.parametrize("prefix", ["/posts/", "/async-posts/"])
def test_unknown_fields_are_refused(raw: Raw, prefix: str) -> None:
    client = APIClient()
    response = client.post(prefix, {"title": "t", "titel": "typo", "$where": "1"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"$where": ["Unknown field."], "titel": ["Unknown field."]}
    nested = client.post(
        prefix, {"title": "t", "address": {"street": "s", "city": "c", "x": 1}}, format="json"
    )
    assert nested.status_code == 400 and "address" in nested.json()
    assert raw.api_posts.count_documents({}) == 0


async def test_async_generic_views() -> None:
    client = AsyncClient()
    body = json.dumps({"name": "Gen", "email": "gen@example.com"})
    created = await client.post("/generic-members/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    member_id = created.json()["id"]
    assert [m["name"] for m in (await client.get("/generic-members/")).json()] == ["Gen"]
    patch = json.dumps({"age": 7})
    patched = await client.patch(f"/generic-members/{member_id}/", patch, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["age"] == 7
    assert (await client.get("/generic-members/bad-id/")).status_code == 404
    assert (await client.delete(f"/generic-members/{member_id}/")).status_code == 204
    assert await ApiMember.objects.count() == 0


async def test_object_id_fields_on_missing_attributes_follow_drf() -> None:
    class Ghostly(DocumentSerializer):
        ghost = ObjectIdField(source="nothing.id", read_only=True)
        fallback = ObjectIdField(source="nothing.id", read_only=True, default="0123456789abcdef01234567")

        class Meta:
            model = ApiPost
            fields = ["title", "ghost", "fallback"]

    post = await ApiPost(title="t").save()
    data = await Ghostly(await ApiPost.objects.get(id=post.id)).adata
    assert data == {"title": "t", "fallback": "0123456789abcdef01234567"}  # ghost skipped, as DRF does
