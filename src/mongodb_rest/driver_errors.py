"""Translation of PyMongo's exceptions into mongodb_rest's, shared by both faces."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from bson.errors import InvalidDocument
from pymongo import errors as driver

from .errors import ConnectionFailure, NotUniqueError, OperationError, ValidationError

DUPLICATE_KEY = 11000
DOCUMENT_VALIDATION_FAILURE = 121
NO_TRANSACTIONS = "Transaction numbers are only allowed"


def _duplicate_field(details: Mapping[str, Any] | None) -> str | None:
    pattern = (details or {}).get("keyPattern") or (details or {}).get("keyValue") or {}
    return ", ".join(pattern) or None


@contextmanager
def translated(alias: str = "default") -> Iterator[None]:
    """Run a driver call, raising mongodb_rest errors for PyMongo's (credentials never included)."""
    try:
        yield
    except driver.DuplicateKeyError as exc:
        field = _duplicate_field(exc.details)
        raise NotUniqueError(f"Duplicate value for unique field(s) {field}.", field=field) from exc
    except driver.BulkWriteError as exc:
        write_errors = exc.details.get("writeErrors", [])
        duplicate = next((error for error in write_errors if error.get("code") == DUPLICATE_KEY), None)
        if duplicate is not None:
            field = _duplicate_field(duplicate)
            raise NotUniqueError(f"Duplicate value for unique field(s) {field}.", field=field) from exc
        raise OperationError(f"Bulk write failed: {write_errors[:1]}") from exc
    except (driver.ConnectionFailure, driver.ServerSelectionTimeoutError) as exc:
        raise ConnectionFailure(f"Cannot reach MongoDB (connection {alias!r}): {exc}") from exc
    except driver.WriteError as exc:
        if exc.code == DOCUMENT_VALIDATION_FAILURE:
            raise ValidationError(f"The collection's schema validator refused the document: {exc}") from exc
        raise OperationError(f"MongoDB refused the write (code {exc.code}): {exc}") from exc
    except (InvalidDocument, driver.DocumentTooLarge) as exc:
        raise ValidationError(f"The document cannot be stored: {exc}") from exc
    except driver.OperationFailure as exc:
        if NO_TRANSACTIONS in str(exc):
            raise OperationError(
                f"The server of connection {alias!r} does not support transactions (they need a replica set "
                "or a sharded cluster); use atomic(durable=False) to run without one."
            ) from exc
        raise OperationError(
            f"MongoDB refused the operation (code {exc.code}): {exc.details or exc}"
        ) from exc
    except driver.PyMongoError as exc:
        raise OperationError(str(exc)) from exc
