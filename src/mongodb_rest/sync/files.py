# Generated from src/mongodb_rest/aio/files.py by tools/unasync.py: do not edit.
"""The sync face's files: ``doc.file.put(data)``, ``doc.file.read()``, ``with``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from gridfs import GridFSBucket
from gridfs.errors import NoFile

from ..connection import sync_connection
from ..context_managers import target
from ..document.files import Save, Store, save_with_files_flow
from ..document.persistence import held_files, saved_with
from ..driver_errors import translated
from ..errors import OperationError
from ..fields.files import BaseFileProxy, FileField, StoredFile, read_source
from .collections import session

if TYPE_CHECKING:
    from ..document.base import BaseDocument, TopLevelDocument
    from ..document.persistence import FileSwap


def bucket_for(document: type[BaseDocument], name: str) -> Any:
    """The GridFS bucket ``name`` of the document class's database (Motor's bucket for a Motor client)."""
    db = sync_connection(target(document)[0]).db
    return GridFSBucket(db, bucket_name=name)


class FileProxy(BaseFileProxy):
    """A document's file field on the async face: metadata from the document, content from GridFS."""

    def _bucket(self) -> Any:
        return bucket_for(type(self.document), self.field.bucket)

    def put(self, source: Any, filename: str | None = None, content_type: str | None = None) -> StoredFile:
        """Store ``source`` (bytes or a binary file) in GridFS; save the document to keep the reference.

        An image field's checks, resizing and conversion run in the calling thread."""
        if self.stored is not None:
            raise OperationError(f"{self.field.name} already holds a file: use replace() or delete() first.")
        data, content_type = self.field.prepare(read_source(source), content_type)
        name = filename or getattr(source, "name", None) or self.field.name
        with translated(self.document._meta.db_alias):
            grid_id = self._bucket().upload_from_stream(
                str(name), data, metadata={"contentType": content_type}, session=session(type(self.document))
            )
        stored = StoredFile(grid_id, str(name), content_type, len(data))
        self._set(stored)
        return stored

    def replace(
        self, source: Any, filename: str | None = None, content_type: str | None = None
    ) -> StoredFile:
        """Store a new file in place of the current one. The current one is deleted by the save that
        stores the new one (at once if the document was never saved with it), so the stored document
        never names a deleted file."""
        previous = self.stored
        self._set(None)
        try:
            stored = self.put(source, filename, content_type)
        except BaseException:
            self._set(previous)
            raise
        if previous is not None and not saved_with(self.document, self.field, previous):
            delete_stored(type(self.document), self.field, previous)
        return stored

    def delete(self) -> None:
        """Delete the file from GridFS; save the document to forget it there too."""
        if self.stored is not None:
            delete_stored(type(self.document), self.field, self.stored)
            self._set(None)

    def open(self) -> Any:
        """A readable stream of the file (``read(size)``, iteration)."""
        if self.stored is None:
            raise OperationError(f"{self.field.name} holds no file.")
        try:
            with translated(self.document._meta.db_alias):
                return self._bucket().open_download_stream(
                    self.stored.grid_id, session=session(type(self.document))
                )
        except OperationError as exc:
            if isinstance(exc.__cause__, NoFile):
                raise OperationError(
                    f"The file of {self.field.name} ({self.stored.grid_id}) is missing from GridFS."
                ) from None
            raise

    def read(self) -> bytes:
        """The whole content of the file."""
        stream = self.open()
        data: bytes = stream.read()
        return data

    def __enter__(self) -> Any:
        self._stream = self.open()
        return self._stream

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stream = None


def delete_stored(document: type[BaseDocument], field: FileField, stored: StoredFile) -> None:
    """Delete a stored file from GridFS (already gone is fine)."""
    try:
        with translated(document._meta.db_alias):
            bucket_for(document, field.bucket).delete(stored.grid_id, session=session(document))
    except OperationError as exc:
        if not isinstance(exc.__cause__, NoFile):
            raise


def delete_files(document: TopLevelDocument, stored: dict[str, Any] | None) -> None:
    """Delete every file a deleted document held (``stored``: its file fields as they were stored)."""
    for field, held in held_files(document, stored):
        delete_stored(type(document), field, held)


def delete_replaced(document: BaseDocument, swaps: Sequence[FileSwap]) -> None:
    """After a save pointed file fields to new files: delete the files they held before."""
    for swap in swaps:
        if swap.old is not None:
            delete_stored(type(document), _file_field(document, swap.name), swap.old)


def _file_field(document: BaseDocument, name: str) -> FileField:
    field = document._fields[name]
    assert isinstance(field, FileField)
    return field


def undo_replacements(document: BaseDocument, swaps: Sequence[FileSwap]) -> None:
    """After a save lost to another write: delete the files it stored and point its fields back
    to the files it was loaded with."""
    for swap in swaps:
        delete_stored(type(document), _file_field(document, swap.name), swap.new)
        document.__dict__[swap.name] = swap.old


def save_with_files(document: Any, uploads: Mapping[str, Any], validate: bool = True) -> Any:
    """Store each upload (a file object with ``name`` and ``content_type``, as Django's uploaded files;
    None clears the field) in its file field and save ``document`` (``validate``: as ``save()`` takes
    it); the files it held before are deleted once it is saved. If storing or saving fails, the new
    files are deleted and the document keeps its old ones."""
    flow = save_with_files_flow(document, uploads)
    reply: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.send(reply) if error is None else flow.throw(error)
        except StopIteration:
            return document
        reply = error = None
        try:
            if isinstance(step, Store):
                proxy: Any = step.proxy  # this face's FileProxy
                reply = proxy.put(step.upload, step.filename, step.content_type)
            elif isinstance(step, Save):
                document.save(validate=validate)
            else:
                delete_stored(type(document), step.field, step.stored)
        except BaseException as exc:  # the flow undoes what it asked for, then raises it again
            error = exc
