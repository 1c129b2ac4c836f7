"""GridFSStorage: a Django storage backend keeping files in GridFS (``STORAGES['default']``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from django.core.files import File
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from gridfs import GridFSBucket

from .connection import DEFAULT_ALIAS, sync_connection
from .driver_errors import translated


@deconstructible
class GridFSStorage(Storage):
    """Files in the GridFS bucket ``bucket`` of connection ``alias``; names are GridFS filenames.

    ``STORAGES = {"default": {"BACKEND": "mongodb_rest.storage.GridFSStorage",
    "OPTIONS": {"alias": "default", "bucket": "media"}}}``. It runs on the sync face, as Django's
    storage API is synchronous.
    """

    def __init__(self, alias: str = DEFAULT_ALIAS, bucket: str = "fs", base_url: str | None = None) -> None:
        self.alias = alias
        self.bucket = bucket
        self.base_url = base_url

    def _db(self) -> Any:
        return sync_connection(self.alias).db

    def _bucket(self) -> GridFSBucket:
        return GridFSBucket(self._db(), bucket_name=self.bucket)

    def _latest(self, name: str) -> dict[str, Any]:
        with translated(self.alias):
            found = self._db()[f"{self.bucket}.files"].find_one({"filename": name}, sort=[("uploadDate", -1)])
        if found is None:
            raise FileNotFoundError(f"No file named {name!r} in GridFS bucket {self.bucket!r}.")
        return dict(found)

    def _open(self, name: str, mode: str = "rb") -> File[bytes]:
        if any(flag in mode for flag in "wa+"):
            raise ValueError("GridFS files are opened for reading only; save() writes new ones.")
        latest = self._latest(name)
        with translated(self.alias):
            stream = self._bucket().open_download_stream(latest["_id"])
        return File(stream, name=name)

    def _save(self, name: str, content: Any) -> str:
        content_type = getattr(content, "content_type", None)
        if hasattr(content, "seek"):
            content.seek(0)
        with translated(self.alias):
            self._bucket().upload_from_stream(name, content, metadata={"contentType": content_type})
        return name

    def delete(self, name: str) -> None:
        """Delete every version of ``name``."""
        with translated(self.alias):
            files = self._db()[f"{self.bucket}.files"]
            for found in files.find({"filename": name}, {"_id": 1}):
                self._bucket().delete(found["_id"])

    def exists(self, name: str) -> bool:
        with translated(self.alias):
            found: int = self._db()[f"{self.bucket}.files"].count_documents({"filename": name}, limit=1)
        return found > 0

    def size(self, name: str) -> int:
        return int(self._latest(name)["length"])

    def url(self, name: str | None) -> str:
        base = self.base_url
        if base is None:
            from django.conf import settings

            base = settings.MEDIA_URL if settings.configured else "/media/"
        return urljoin(base or "/", name or "")

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        with translated(self.alias):
            names = self._db()[f"{self.bucket}.files"].distinct(
                "filename", {"filename": {"$regex": f"^{re.escape(prefix)}"}}
            )
        directories: set[str] = set()
        files: set[str] = set()
        for full in names:
            rest = full[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.add(rest)
        return sorted(directories), sorted(files)

    def get_created_time(self, name: str) -> datetime:
        return self._latest(name)["uploadDate"]  # type: ignore[no-any-return]

    get_modified_time = get_created_time
