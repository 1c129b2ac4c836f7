"""What a document class needs of its collection before first use: capped creation and indexes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pymongo import IndexModel

from ..indexes import declared_indexes
from . import schema
from .options import collection_name

if TYPE_CHECKING:
    from .base import BaseDocument

DEFAULT_CAPPED_SIZE = 10 * 1024 * 1024
NAMESPACE_EXISTS = 48


def already_exists(error: Exception) -> bool:
    """True when ``create`` failed because the collection exists (some servers send no code)."""
    return getattr(error, "code", None) == NAMESPACE_EXISTS or "already exists" in str(error)


@dataclass(frozen=True, slots=True)
class CollectionSetup:
    """The commands that prepare a collection: ``create`` (capped collections only) and indexes."""

    name: str
    create: dict[str, Any] | None
    indexes: list[IndexModel]
    modify: dict[str, Any] | None = None  # collMod that applies the validator to an existing collection


def collection_setup(
    cls: type[BaseDocument], indexes: bool | None = None, name: str | None = None
) -> CollectionSetup:
    """How to prepare the collection of ``cls`` the first time it is used.

    Declared indexes are included when ``indexes`` is True, or when it is None and ``meta`` leaves
    ``auto_create_index`` on.
    """
    name = name or collection_name(cls)
    meta = cls._meta
    create: dict[str, Any] | None = None
    modify = None
    if meta.capped:
        create = {"create": name, "capped": True, "size": int(meta.max_size or DEFAULT_CAPPED_SIZE)}
        if meta.max_documents is not None:
            create["max"] = int(meta.max_documents)
    if meta.validator:
        rules = schema.validator(cls)
        create = {**(create or {"create": name}), "validator": rules, "validationLevel": "strict"}
        modify = {"collMod": name, "validator": rules, "validationLevel": "strict"}
    wanted = meta.auto_create_index if indexes is None else indexes
    return CollectionSetup(name, create, declared_indexes(cls) if wanted else [], modify)
