# Generated from src/mongodb_rest/aio/__init__.py by tools/unasync.py: do not edit.
"""The sync face: documents and querysets whose database calls block."""

from ..connection import connect, disconnect, disconnect_all
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
from ..fields import (
    ComplexDateTimeField,
    DynamicField,
    EmbeddedDocumentListField,
    EnumField,
    GenericEmbeddedDocumentField,
    GeoPointField,
    MapField,
    MultiLineStringField,
    MultiPointField,
    MultiPolygonField,
    SortedListField,
)
from ..query.q import Q
from .connection import get_connection, get_db
from .document import Document, DynamicDocument
from .queryset import QuerySet

__all__ = [
    "ComplexDateTimeField",
    "ConflictError",
    "ConnectionFailure",
    "DeadlineExceeded",
    "DefinitionError",
    "DeleteDenied",
    "Document",
    "DoesNotExist",
    "DynamicDocument",
    "DynamicEmbeddedDocument",
    "DynamicField",
    "EmbeddedDocument",
    "EmbeddedDocumentListField",
    "EnumField",
    "GenericEmbeddedDocumentField",
    "GeoPointField",
    "MapField",
    "MultiLineStringField",
    "MultiPointField",
    "MultiPolygonField",
    "MultipleObjectsReturned",
    "NotUniqueError",
    "OperationError",
    "Q",
    "QuerySet",
    "SortedListField",
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
]
