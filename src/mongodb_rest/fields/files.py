"""File fields: the file lives in GridFS, the document keeps its id and metadata."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bson import ObjectId
from pydantic import BeforeValidator

from .base import BaseField

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
        self.document.__pydantic_fields_set__.add(self.field.name)

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

    encodes = True
    decodes = True
    immutable = True

    def __init__(self, bucket: str = "fs", **options: Any) -> None:
        super().__init__(**options)
        self.bucket = bucket

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


class ImageField(FileField):
    """An image stored in GridFS, checked with Pillow (the ``images`` extra).

    ``size=(width, height, force)`` shrinks images to fit (``force``: to exactly that size).
    """

    def __init__(self, size: tuple[int, int, bool] | None = None, **options: Any) -> None:
        try:
            import PIL.Image  # noqa: F401
        except ImportError:
            raise ImportError("ImageField needs Pillow: pip install 'mongodb-rest[images]'.") from None
        super().__init__(**options)
        self.size = size

    def prepare(self, data: bytes, content_type: str | None) -> tuple[bytes, str | None]:
        from PIL import Image, UnidentifiedImageError

        from ..errors import ValidationError

        try:
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()
        except (UnidentifiedImageError, OSError) as exc:
            raise ValidationError(errors={self.name: [f"Not a valid image: {exc}"]}) from None
        image_format = image.format or "PNG"
        if self.size is not None:
            width, height, force = self.size
            if force:
                image = image.resize((width, height))
            else:
                image.thumbnail((width, height))
            buffer = io.BytesIO()
            image.save(buffer, format=image_format)
            data = buffer.getvalue()
        return data, content_type or Image.MIME.get(image_format)
