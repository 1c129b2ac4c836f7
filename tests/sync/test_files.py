# Generated from tests/aio/test_files.py by tools/unasync.py: do not edit.
"""GridFS files on the async face: put, read, stream, replace, delete, and cleanup with the document."""

from __future__ import annotations

import io
from typing import Any

import pytest
from bson import ObjectId
from pymongo.database import Database

from mongodb_rest.fields import FileField, ImageField, StringField
from mongodb_rest.sync import Document, OperationError, ValidationError

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Attachment(Document):
    title = StringField(required=True)
    file = FileField()
    thumbnail = ImageField(size=(16, 16, True), bucket="images")


def png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_put_save_read_and_metadata(raw: Raw) -> None:
    doc = Attachment(title="My Document")
    doc.file.put(io.BytesIO(b"%PDF-1.4 content"), content_type="application/pdf", filename="document.pdf")
    doc.save()
    assert raw.fs.files.count_documents({}) == 1
    stored = raw.attachment.find_one({})
    assert stored is not None and stored["file"]["filename"] == "document.pdf"
    loaded = Attachment.objects.get(id=doc.id)
    assert loaded.file.filename == "document.pdf"
    assert loaded.file.content_type == "application/pdf"
    assert loaded.file.length == len(b"%PDF-1.4 content")
    assert loaded.file.read() == b"%PDF-1.4 content"
    with loaded.file as stream:
        assert stream.read(4) == b"%PDF"
    assert not Attachment(title="empty").file


def test_replace_and_delete(raw: Raw) -> None:
    doc = Attachment(title="t")
    doc.file.put(b"one", filename="a.txt")
    doc.save()
    first_id = doc.file.grid_id
    with pytest.raises(OperationError, match="replace"):
        doc.file.put(b"two")
    doc.file.replace(b"two", filename="b.txt")
    doc.save()
    assert (Attachment.objects.get()).file.read() == b"two"
    assert raw.fs.files.count_documents({"_id": first_id}) == 0  # the old file went
    doc.file.delete()
    doc.save()
    assert raw.fs.files.count_documents({}) == 0
    assert "file" not in raw.attachment.find_one({})  # type: ignore[operator]


def test_deleting_the_document_deletes_its_files(raw: Raw) -> None:
    doc = Attachment(title="t")
    doc.file.put(b"data")
    doc.thumbnail.put(png(64, 32))
    doc.save()
    assert raw.fs.files.count_documents({}) == 1 and raw.images.files.count_documents({}) == 1
    doc.delete()
    assert raw.fs.files.count_documents({}) == 0 and raw.images.files.count_documents({}) == 0


def test_images_are_checked_and_resized() -> None:
    from PIL import Image

    doc = Attachment(title="t")
    stored = doc.thumbnail.put(png(64, 32))
    assert stored.content_type == "image/png"
    assert Image.open(io.BytesIO(doc.thumbnail.read())).size == (16, 16)
    with pytest.raises(ValidationError, match="Not a valid image"):
        Attachment(title="t").thumbnail.put(b"not an image")


def test_missing_files_and_bad_assignments(raw: Raw) -> None:
    raw.attachment.insert_one({"title": "dangling", "file": {"grid_id": ObjectId(), "filename": "gone"}})
    doc = Attachment.objects.get(title="dangling")
    with pytest.raises(OperationError, match="missing from GridFS"):
        doc.file.read()
    with pytest.raises(OperationError, match="holds no file"):
        Attachment(title="t").file.read()
    with pytest.raises(ValidationError, match="put"):
        Attachment(title="t", file=b"raw bytes")
    doc.delete()  # a missing file does not stop the delete
    assert raw.attachment.count_documents({}) == 0
