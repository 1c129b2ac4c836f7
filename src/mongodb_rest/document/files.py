"""Saving a document with new files as a core flow: store them, save, then delete the files replaced
(or, when storing or saving fails, the new ones)."""

from __future__ import annotations

from collections.abc import Generator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import OperationError
from ..fields.files import BaseFileProxy, FileField, StoredFile

if TYPE_CHECKING:
    from .base import TopLevelDocument


@dataclass(frozen=True, slots=True)
class Store:
    """Ask the face to store ``upload`` through the file proxy ``proxy`` (its ``put()``); the face
    sends back the StoredFile."""

    proxy: BaseFileProxy
    upload: Any
    filename: str | None
    content_type: str | None


@dataclass(frozen=True, slots=True)
class Save:
    """Ask the face to save the document."""


@dataclass(frozen=True, slots=True)
class Drop:
    """Ask the face to delete the stored file ``stored`` of ``field`` from GridFS (gone already is fine)."""

    field: FileField
    stored: StoredFile


FileStep = Store | Save | Drop


def save_with_files_flow(
    document: TopLevelDocument, uploads: Mapping[str, Any]
) -> Generator[FileStep, Any, None]:
    """Store each upload (a file object with ``name`` and ``content_type``, as Django's uploaded files;
    None clears the field) in its file field of ``document``, then save it; the files it held before
    are deleted once it is saved. If storing or saving fails (the face throws the error in), the new
    files are deleted, as far as GridFS lets, the fields point to their old files again and the
    error goes on."""
    proxies: list[BaseFileProxy] = [getattr(document, name) for name in uploads]
    previous = [proxy.stored for proxy in proxies]
    stored: list[tuple[FileField, StoredFile]] = []
    try:
        for proxy, upload in zip(proxies, uploads.values(), strict=True):
            proxy._set(None)
            if upload is not None:
                name, content_type = getattr(upload, "name", None), getattr(upload, "content_type", None)
                stored.append((proxy.field, (yield Store(proxy, upload, name, content_type))))
        yield Save()
    except GeneratorExit:
        raise
    except BaseException:
        for proxy, old in zip(proxies, previous, strict=True):
            proxy._set(old)
        for field, new in stored:
            with suppress(OperationError):  # best effort: the error to report is the one that stopped us
                yield Drop(field, new)
        raise
    for proxy, old in zip(proxies, previous, strict=True):
        if old is not None:
            yield Drop(proxy.field, old)
