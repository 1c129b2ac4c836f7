"""Racing avatar uploads over HTTP: one PATCH wins, the others are 409s and leave no file behind;
bad images are 400s."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import AsyncClient, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import include, path
from pymongo.database import Database
from rest_framework import viewsets
from rest_framework.test import APIClient

from mongodb_rest import Document
from mongodb_rest.fields import ImageField, StringField
from mongodb_rest.rest_framework.routers import DefaultRouter
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Profile(Document):
    name = StringField(required=True)
    avatar = ImageField(bucket="avatars")
    meta = {"collection": "race_profiles"}


class ProfileSerializer(DocumentSerializer):
    class Meta:
        model = Profile
        fields = "__all__"


class ProfileViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    serializer_class = ProfileSerializer

    def get_queryset(self) -> Any:
        return Profile.sync.objects.all()


class AsyncProfileViewSet(AsyncModelViewSet):
    serializer_class = ProfileSerializer
    queryset = Profile.objects.all()


@pytest.fixture(autouse=True)
def urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


router = DefaultRouter()
router.register("profiles", ProfileViewSet, basename="race-profile")
router.register("async-profiles", AsyncProfileViewSet, basename="race-async-profile")
urlpatterns = [path("", include(router.urls))]

XPM = b'/* XPM */\nstatic char *dot[] = {\n"2 1 2 1",\n"  c None",\n"x c #00FF00",\n"x "\n};\n'


def png(width: int, height: int = 1) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(width: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"a{width}.png", png(width), content_type="image/png")


def created(prefix: str) -> str:
    response = APIClient().post(prefix, {"name": "ann", "avatar": upload(1)}, format="multipart")
    assert response.status_code == 201, response.content
    return f"{prefix}{response.json()['id']}/"


def assert_one_file_then_none(raw: Raw, statuses: list[int], url: str) -> None:
    # a request that loaded the profile after another one saved replaces that one's file: 200 too
    assert 200 in statuses and set(statuses) <= {200, 409}, statuses
    stored = raw.race_profiles.find_one({})
    assert stored is not None
    assert [f["_id"] for f in raw.avatars.files.find()] == [stored["avatar"]["grid_id"]]
    assert APIClient().delete(url).status_code == 204
    assert raw.avatars.files.count_documents({}) == 0


def test_racing_patches_on_the_sync_viewset(raw: Raw) -> None:
    url = created("/profiles/")

    def patch(width: int) -> int:
        return int(APIClient().patch(url, {"avatar": upload(width)}, format="multipart").status_code)

    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(patch, range(2, 22)))
    assert_one_file_then_none(raw, statuses, url)


async def test_racing_patches_on_the_async_viewset(raw: Raw) -> None:
    url = await asyncio.to_thread(created, "/async-profiles/")
    client = AsyncClient()

    async def patch(width: int) -> int:
        body = encode_multipart(BOUNDARY, {"avatar": upload(width)})
        response = await client.patch(url, body, content_type=MULTIPART_CONTENT)
        return int(response.status_code)

    statuses = list(await asyncio.gather(*(patch(width) for width in range(2, 22))))
    await asyncio.to_thread(assert_one_file_then_none, raw, statuses, url)


@pytest.mark.parametrize("prefix", ["/profiles/", "/async-profiles/"])
def test_bad_and_unusual_images(raw: Raw, prefix: str) -> None:
    client = APIClient()
    big = SimpleUploadedFile("big.png", png(7000, 7000), content_type="image/png")
    response = client.post(prefix, {"name": "ann", "avatar": big}, format="multipart")
    assert response.status_code == 400 and "at most 40,000,000 pixels" in str(response.json())
    xpm = SimpleUploadedFile("dot.xpm", XPM, content_type="image/x-xpixmap")
    response = client.post(prefix, {"name": "ann", "avatar": xpm}, format="multipart")
    assert response.status_code == 201, response.content
    stored = raw.race_profiles.find_one({})
    assert stored is not None and stored["avatar"]["content_type"] == "image/png"
    assert raw.avatars.files.count_documents({}) == 1
