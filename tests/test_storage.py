"""GridFSStorage as Django uses it: save (with name collisions), open, exists, size, url, listdir, delete."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from pymongo.database import Database

from mongodb_rest.storage import GridFSStorage

pytestmark = pytest.mark.usefixtures("db_name")


def test_storage_round_trip(raw: Database[dict[str, Any]]) -> None:
    storage = GridFSStorage(bucket="media", base_url="/files/")
    name = storage.save("avatars/ann.png", ContentFile(b"png-bytes"))
    assert name == "avatars/ann.png"
    assert storage.exists(name) and not storage.exists("avatars/bob.png")
    assert storage.size(name) == len(b"png-bytes")
    with storage.open(name) as handle:
        assert handle.read() == b"png-bytes"
    second = storage.save("avatars/ann.png", ContentFile(b"other"))
    assert second != name and second.startswith("avatars/ann_")  # Django's collision handling
    storage.save("readme.txt", ContentFile(b"hi"))
    assert storage.listdir("") == (["avatars"], ["readme.txt"])
    assert storage.listdir("avatars") == ([], sorted([name.split("/")[1], second.split("/")[1]]))
    assert storage.url(name) == "/files/avatars/ann.png"
    assert storage.get_modified_time(name) is not None
    storage.delete(name)
    assert not storage.exists(name) and storage.exists(second)
    assert raw["media.files"].count_documents({}) == 2
    with pytest.raises(FileNotFoundError):
        storage.open(name)
    with pytest.raises(ValueError):
        storage.open(second, "wb")


def test_storage_is_deconstructible() -> None:
    path, _args, kwargs = GridFSStorage(alias="media", bucket="uploads").deconstruct()
    assert path == "mongodb_rest.storage.GridFSStorage"
    assert kwargs == {"alias": "media", "bucket": "uploads"}
