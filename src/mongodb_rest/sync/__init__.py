# Generated from src/mongodb_rest/aio/__init__.py by tools/unasync.py: do not edit.
"""The sync face: documents and querysets whose database calls block."""

from .. import fields, signals
from ..connection import connect, disconnect, disconnect_all, register_connection
from ..deadlines import deadline
from ..document.base import EmbeddedDocument
from ..document.dynamic import DynamicEmbeddedDocument
from ..document.managers import queryset_manager
from ..errors import (
    ConflictError,
    ConnectionFailure,
    DeadlineExceeded,
    DefinitionError,
    DeleteDenied,
    DoesNotExist,
    MultipleObjectsReturned,
    NotUniqueError,
    OperationError,
    SynchronousOnlyOperation,
    ValidationError,
    WriteConflict,
)
from ..fields import *  # noqa: F403 - every field class, as MongoEngine exports them
from ..query.q import Q
from .connection import get_connection, get_db
from .document import Document, DynamicDocument
from .queryset import QuerySet

__all__ = [
    "ConflictError",
    "ConnectionFailure",
    "DeadlineExceeded",
    "DefinitionError",
    "DeleteDenied",
    "Document",
    "DoesNotExist",
    "DynamicDocument",
    "DynamicEmbeddedDocument",
    "EmbeddedDocument",
    "MultipleObjectsReturned",
    "NotUniqueError",
    "OperationError",
    "Q",
    "QuerySet",
    "SynchronousOnlyOperation",
    "ValidationError",
    "WriteConflict",
    "connect",
    "deadline",
    "disconnect",
    "disconnect_all",
    "get_connection",
    "get_db",
    "queryset_manager",
    "register_connection",
    "signals",
]
__all__ += fields.__all__
