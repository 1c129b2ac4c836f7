"""The exceptions mongodb_rest raises, shared by both faces."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core import exceptions as django_exceptions
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails

__all__ = [
    "ConflictError",
    "ConnectionFailure",
    "DeadlineExceeded",
    "DefinitionError",
    "DoesNotExist",
    "MongoDBRestError",
    "MultipleObjectsReturned",
    "NotUniqueError",
    "OperationError",
    "SynchronousOnlyOperation",
    "ValidationError",
    "WriteConflict",
]


class MongoDBRestError(Exception):
    """Base class of every error mongodb_rest raises."""


class DefinitionError(MongoDBRestError, TypeError):
    """A document class declares something that cannot work; raised when the class is defined."""


class ValidationError(MongoDBRestError, ValueError):
    """Invalid data: nothing was written.

    ``errors`` maps a field path (``"address.city"``; ``"__all__"`` for the whole document) to messages.
    """

    def __init__(self, message: str | None = None, errors: Mapping[str, Sequence[str]] | None = None) -> None:
        self.errors: dict[str, list[str]] = {key: list(msgs) for key, msgs in (errors or {}).items()}
        if message is None:
            message = "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in self.errors.items())
        elif not self.errors:
            self.errors = {"__all__": [message]}
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str | int, Any]:
        """MongoEngine's nested form of ``errors``: ``{'address': {'city': 'This field is required.'}}``
        (list positions as ints, a path's messages joined by spaces, ``'__all__'`` for the whole)."""
        nested: dict[str | int, Any] = {}
        for path, messages in self.errors.items():
            node = nested
            *parents, leaf = [int(part) if part.isdigit() else part for part in path.split(".")]
            for part in parents:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = node[part] = {} if child is None else {"__all__": child}
                node = child
            text = " ".join(messages)
            if isinstance(node.get(leaf), dict):
                node[leaf]["__all__"] = text
            else:
                node[leaf] = text
        return nested

    @classmethod
    def from_pydantic(cls, error: PydanticValidationError) -> ValidationError:
        """Our ValidationError for Pydantic's, keyed by dotted field path."""
        errors: dict[str, list[str]] = {}
        for item in error.errors(include_url=False):
            path = ".".join(str(part) for part in item["loc"])
            cause = (item.get("ctx") or {}).get("error")
            if isinstance(cause, ValidationError):  # raised by a nested document's own validation
                for key, messages in cause.errors.items():
                    nested = path if key == "__all__" else f"{path}.{key}" if path else key
                    errors.setdefault(nested or "__all__", []).extend(messages)
            else:
                errors.setdefault(path or "__all__", []).append(_message(item))
        return cls(errors=errors)


_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "Unknown field.",
}


def _message(item: ErrorDetails) -> str:
    if item["type"] in _MESSAGES:
        return _MESSAGES[item["type"]]
    cause = (item.get("ctx") or {}).get("error")
    if isinstance(cause, Exception) and str(cause):
        return str(cause)
    return item["msg"]


class DoesNotExist(MongoDBRestError, django_exceptions.ObjectDoesNotExist):
    """No document matched a query that needs one; each document class has its own subclass."""


class MultipleObjectsReturned(MongoDBRestError, django_exceptions.MultipleObjectsReturned):
    """More than one document matched a query that needs exactly one."""


class ConnectionFailure(MongoDBRestError):
    """The server is unreachable or the connection is not configured."""


class DeadlineExceeded(ConnectionFailure):
    """The server did not answer within the operation's deadline (the connection's ``timeout``, or a
    ``deadline()`` block): it is down, hung or overloaded."""


class OperationError(MongoDBRestError):
    """The server refused an operation."""


class DeleteDenied(OperationError):
    """A ``reverse_delete_rule=DENY`` reference refused a delete; nothing was deleted."""


class ConflictError(OperationError):
    """A conditional write found another version of its document stored; nothing was written.

    ``expected`` is the version the write required, ``current`` the stored one (None: the document is
    gone).
    """

    def __init__(self, message: str, expected: int | None = None, current: int | None = None) -> None:
        self.expected = expected
        self.current = current
        super().__init__(message)


class WriteConflict(ConflictError):
    """The stored document changed since it was loaded in a way the write depends on (a file was
    replaced by another writer), or it was deleted; nothing was written: reload it and try again."""


class NotUniqueError(OperationError):
    """A write broke a unique index; ``field`` names the offending key when the server says it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class SynchronousOnlyOperation(MongoDBRestError, django_exceptions.SynchronousOnlyOperation):
    """A blocking call of the sync face was made from a thread that runs an event loop."""
