"""The async face: documents and querysets whose database calls are awaited."""

from ..connection import connect, disconnect, disconnect_all
from ..document.base import EmbeddedDocument
from ..errors import (
    ConflictError,
    ConnectionFailure,
    DefinitionError,
    DeleteDenied,
    DoesNotExist,
    MultipleObjectsReturned,
    NotUniqueError,
    OperationError,
    SynchronousOnlyOperation,
    ValidationError,
)
from ..query.q import Q
from .connection import get_connection, get_db
from .document import Document
from .queryset import QuerySet

__all__ = [
    "ConflictError",
    "ConnectionFailure",
    "DefinitionError",
    "DeleteDenied",
    "Document",
    "DoesNotExist",
    "EmbeddedDocument",
    "MultipleObjectsReturned",
    "NotUniqueError",
    "OperationError",
    "Q",
    "QuerySet",
    "SynchronousOnlyOperation",
    "ValidationError",
    "connect",
    "disconnect",
    "disconnect_all",
    "get_connection",
    "get_db",
]
