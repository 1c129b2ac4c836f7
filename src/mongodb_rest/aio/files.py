"""The async face's files: ``await doc.file.put(data)``, ``await doc.file.read()``, ``async with``."""

from __future__ import annotations

from asyncio import to_thread
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile

from ..awaitables import must_await_methods
from ..connection import async_connection
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

_IS_SYNC = False


def bucket_for(document: type[BaseDocument], name: str) -> Any:
    """The GridFS bucket ``name`` of the document class's database (Motor's bucket for a Motor client)."""
    db = async_connection(target(document)[0]).db
    if not _IS_SYNC and type(db).__module__.startswith("motor"):
        from motor.motor_asyncio import AsyncIOMotorGridFSBucket

        return AsyncIOMotorGridFSBucket(db, bucket_name=name)
    return AsyncGridFSBucket(db, bucket_name=name)


@must_await_methods
class FileProxy(BaseFileProxy):
    """A document's file field on the async face: metadata from the document, content from GridFS."""

    def _bucket(self) -> Any:
        return bucket_for(type(self.document), self.field.bucket)

    async def put(
        self, source: Any, filename: str | None = None, content_type: str | None = None
    ) -> StoredFile:
        """Store ``source`` (bytes or a binary file) in GridFS; save the document to keep the reference.

        An image field's checks, resizing and conversion run in a worker thread, off the event loop."""
        if self.stored is not None:
            raise OperationError(f"{self.field.name} already holds a file: use replace() or delete() first.")
        data, content_type = await to_thread(self.field.prepare, read_source(source), content_type)
        name = filename or getattr(source, "name", None) or self.field.name
        with translated(self.document._meta.db_alias):
            grid_id = await self._bucket().upload_from_stream(
                str(name), data, metadata={"contentType": content_type}, session=session(type(self.document))
            )
        stored = StoredFile(grid_id, str(name), content_type, len(data))
        self._set(stored)
        return stored

    async def replace(
        self, source: Any, filename: str | None = None, content_type: str | None = None
    ) -> StoredFile:
        """Store a new file in place of the current one. The current one is deleted by the save that
        stores the new one (at once if the document was never saved with it), so the stored document
        never names a deleted file."""
        previous = self.stored
        self._set(None)
        try:
            stored = await self.put(source, filename, content_type)
        except BaseException:
            self._set(previous)
            raise
        if previous is not None and not saved_with(self.document, self.field, previous):
            await delete_stored(type(self.document), self.field, previous)
        return stored

    async def delete(self) -> None:
        """Delete the file from GridFS; save the document to forget it there too."""
        if self.stored is not None:
            await delete_stored(type(self.document), self.field, self.stored)
            self._set(None)

    async def open(self) -> Any:
        """A readable stream of the file (``read(size)``, iteration)."""
        if self.stored is None:
            raise OperationError(f"{self.field.name} holds no file.")
        try:
            with translated(self.document._meta.db_alias):
                return await self._bucket().open_download_stream(
                    self.stored.grid_id, session=session(type(self.document))
                )
        except OperationError as exc:
            if isinstance(exc.__cause__, NoFile):
                raise OperationError(
                    f"The file of {self.field.name} ({self.stored.grid_id}) is missing from GridFS."
                ) from None
            raise

    async def read(self) -> bytes:
        """The whole content of the file."""
        stream = await self.open()
        data: bytes = await stream.read()
        return data

    async def __aenter__(self) -> Any:
        self._stream = await self.open()
        return self._stream

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stream = None


async def delete_stored(document: type[BaseDocument], field: FileField, stored: StoredFile) -> None:
    """Delete a stored file from GridFS (already gone is fine)."""
    try:
        with translated(document._meta.db_alias):
            await bucket_for(document, field.bucket).delete(stored.grid_id, session=session(document))
    except OperationError as exc:
        if not isinstance(exc.__cause__, NoFile):
            raise


async def delete_files(document: TopLevelDocument, stored: dict[str, Any] | None) -> None:
    """Delete every file a deleted document held (``stored``: its file fields as they were stored)."""
    for field, held in held_files(document, stored):
        await delete_stored(type(document), field, held)


async def delete_replaced(document: BaseDocument, swaps: Sequence[FileSwap]) -> None:
    """After a save pointed file fields to new files: delete the files they held before."""
    for swap in swaps:
        if swap.old is not None:
            await delete_stored(type(document), _file_field(document, swap.name), swap.old)


def _file_field(document: BaseDocument, name: str) -> FileField:
    field = document._fields[name]
    assert isinstance(field, FileField)
    return field


async def undo_replacements(document: BaseDocument, swaps: Sequence[FileSwap]) -> None:
    """After a save lost to another write: delete the files it stored and point its fields back
    to the files it was loaded with."""
    for swap in swaps:
        await delete_stored(type(document), _file_field(document, swap.name), swap.new)
        document.__dict__[swap.name] = swap.old


async def save_with_files(document: Any, uploads: Mapping[str, Any], validate: bool = True) -> Any:
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
                reply = await proxy.put(step.upload, step.filename, step.content_type)
            elif isinstance(step, Save):
                await document.save(validate=validate)
            else:
                await delete_stored(type(document), step.field, step.stored)
        except BaseException as exc:  # the flow undoes what it asked for, then raises it again
            error = exc
