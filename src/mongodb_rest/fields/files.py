"""File fields, stored in GridFS."""

from __future__ import annotations

from typing import Any

from .base import BaseField


class FileField(BaseField[Any]):
    """A file stored in GridFS (not available in this version: declaring one raises)."""

    def __init__(self, **options: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} needs GridFS support, which this version lacks.")


class ImageField(FileField):
    """An image stored in GridFS (not available in this version: declaring one raises)."""

    def __init__(self, size: tuple[int, int, bool] | None = None, **options: Any) -> None:
        super().__init__(**options)
