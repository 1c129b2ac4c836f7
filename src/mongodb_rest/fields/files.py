"""File fields: the file lives in GridFS, the document keeps its id and metadata."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bson import ObjectId
from pydantic import BeforeValidator

from ..errors import ValidationError
from .base import BaseField, own_fields_set
from .kinds import FieldKind

if TYPE_CHECKING:
    from ..document.base import BaseDocument


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file in GridFS as a document records it: its GridFS id, name, content type and size."""

    grid_id: ObjectId
    filename: str | None = None
    content_type: str | None = None
    length: int = 0

    def to_mongo(self) -> dict[str, Any]:
        """The embedded form stored in the document."""
        return {
            "grid_id": self.grid_id,
            "filename": self.filename,
            "content_type": self.content_type,
            "length": self.length,
        }

    @classmethod
    def from_mongo(cls, value: Any) -> StoredFile:
        """Read the stored form (a bare GridFS id is accepted too)."""
        if isinstance(value, ObjectId):
            return cls(value)
        return cls(
            value["grid_id"], value.get("filename"), value.get("content_type"), value.get("length") or 0
        )


class BaseFileProxy:
    """What both faces' file proxies share: the field's metadata, read from the document."""

    def __init__(self, document: BaseDocument, field: FileField) -> None:
        self.document = document
        self.field = field
        self._stream: Any = None

    @property
    def stored(self) -> StoredFile | None:
        """What the document records of its file, or None."""
        value: StoredFile | None = self.document.__dict__.get(self.field.name)
        return value

    @property
    def grid_id(self) -> Any:
        """The file's GridFS id."""
        return self.stored.grid_id if self.stored else None

    @property
    def filename(self) -> str | None:
        """The file's name."""
        return self.stored.filename if self.stored else None

    @property
    def content_type(self) -> str | None:
        """The file's content type."""
        return self.stored.content_type if self.stored else None

    @property
    def length(self) -> int:
        """The file's size in bytes."""
        return self.stored.length if self.stored else 0

    def __bool__(self) -> bool:
        return self.stored is not None

    def _set(self, value: StoredFile | None) -> None:
        self.document.__dict__[self.field.name] = value
        own_fields_set(self.document).add(self.field.name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.field.name}: {self.stored!r}>"


def _stored_file(value: Any) -> Any:
    if value is None or isinstance(value, StoredFile):
        return value
    raise ValueError("Assign files with put() or replace() on the field, e.g. doc.file.put(data).")


def read_source(source: Any) -> bytes:
    """The bytes of ``source``: bytes, text, or a file-like object opened in binary mode."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, str):
        return source.encode()
    data = source.read()
    if not isinstance(data, bytes):
        raise TypeError("Files are stored as bytes: open them in binary mode ('rb').")
    return data


class FileField(BaseField[Any]):
    """A file stored in GridFS (``bucket``, default ``fs``). Use ``doc.file.put(data)`` then save.

    On the sync face ``doc.file.read()`` and ``with doc.file as f``; on the async face
    ``await doc.file.read()`` and ``async with doc.file as f``.
    """

    kind = FieldKind("file")
    encodes = True
    decodes = True
    immutable = True

    def __init__(self, bucket: str = "fs", **options: Any) -> None:
        super().__init__(**options)
        self.bucket = bucket

    def builds_values(self, seen: set[type[Any]]) -> bool:
        return False  # its proxy (``put()``, ``replace()``) changes it: compared as ever

    def base_annotation(self) -> Any:
        from typing import Annotated

        return Annotated[Any, BeforeValidator(_stored_file)]

    def to_mongo(self, value: Any) -> Any:
        return value.to_mongo()

    def to_python(self, value: Any) -> Any:
        return StoredFile.from_mongo(value)

    def prepare(self, data: bytes, content_type: str | None) -> tuple[bytes, str | None]:
        """The bytes to store and their content type (images are checked and resized)."""
        return data, content_type


WEB_IMAGE_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
"""Formats ImageField keeps as uploaded (by default); it converts the others."""


class ImageField(FileField):
    """An image stored in GridFS, checked with Pillow (the ``images`` extra).

    ``size=(width, height, force)`` shrinks images to fit (``force``: to exactly that size).
    ``format`` is the format images are stored in; by default PNG, JPEG, GIF and WebP uploads keep
    theirs and any other format Pillow reads (XPM, SUN raster, BMP, TIFF...) is stored as PNG.
    ``max_pixels`` (default 40 megapixels; None: Pillow's own limit only) refuses larger images from
    their header, before decoding them.
    """

    kind = FieldKind("image")

    def __init__(
        self,
        size: tuple[int, int, bool] | None = None,
        format: str | None = None,
        max_pixels: int | None = 40_000_000,
        **options: Any,
    ) -> None:
        try:
            from PIL import Image
        except ImportError:
            raise ImportError("ImageField needs Pillow: pip install 'mongodb-rest[images]'.") from None
        super().__init__(**options)
        Image.init()
        if format is not None and format.upper() not in Image.SAVE:
            raise ValueError(
                f"ImageField(format={format!r}): Pillow cannot write that format; "
                f"use one of {', '.join(sorted(WEB_IMAGE_FORMATS))}."
            )
        self.size = size
        self.format = format.upper() if format is not None else None
        self.max_pixels = max_pixels

    def prepare(self, data: bytes, content_type: str | None) -> tuple[bytes, str | None]:
        """Check, resize and convert an image (CPU-bound: the async face runs it in a worker thread)."""
        from PIL import Image

        image = self._open(data)
        source = image.format or "PNG"
        target = self.format or (source if source in WEB_IMAGE_FORMATS else "PNG")
        try:
            image.load()
            if self.size is None and target == source:
                return data, content_type or Image.MIME.get(target)
            if self.size is not None:
                width, height, force = self.size
                if force:
                    image = image.resize((width, height))
                else:
                    image.thumbnail((width, height))
            if target == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format=target)
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise self._invalid(f"Not a valid image: {exc}") from None
        return buffer.getvalue(), (content_type if target == source else None) or Image.MIME.get(target)

    def _open(self, data: bytes) -> Any:
        """The image, opened lazily (only its header is read); ValidationError when it is not one
        or has more pixels than ``max_pixels``."""
        from PIL import Image, UnidentifiedImageError

        bombs = (Image.DecompressionBombError, Image.DecompressionBombWarning)  # warnings may be errors
        try:
            image = Image.open(io.BytesIO(data))
        except (UnidentifiedImageError, OSError, *bombs) as exc:
            raise self._invalid(f"Not a valid image: {exc}") from None
        width, height = image.size
        if self.max_pixels is not None and width * height > self.max_pixels:
            raise self._invalid(
                f"The image is {width}x{height} pixels; at most {self.max_pixels:,} pixels are accepted."
            )
        return image

    def _invalid(self, message: str) -> Exception:
        return ValidationError(errors={self.name: [message]})
