"""MongoDB documents for Django and Django REST Framework: Pydantic models, async first.

``mongodb_rest`` is the async face (``await user.save()``); ``mongodb_rest.sync`` mirrors it with
blocking calls.
"""

from .aio import (
    ConnectionFailure,
    Document,
    DoesNotExist,
    EmbeddedDocument,
    MultipleObjectsReturned,
    NotUniqueError,
    OperationError,
    Q,
    QuerySet,
    SynchronousOnlyOperation,
    ValidationError,
    connect,
    disconnect,
    disconnect_all,
    get_connection,
    get_db,
)

__all__ = [
    "ConnectionFailure",
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
