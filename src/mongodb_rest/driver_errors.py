"""Translation of PyMongo's exceptions into mongodb_rest's, shared by both faces."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bson.errors import InvalidDocument
from pymongo import errors as driver

from .errors import ConnectionFailure, DeadlineExceeded, NotUniqueError, OperationError, ValidationError

DUPLICATE_KEY = 11000
DOCUMENT_VALIDATION_FAILURE = 121
NO_TRANSACTIONS = "Transaction numbers are only allowed"
UNENCODABLE = (OverflowError, RecursionError)  # bson's errors for values it cannot encode


def _duplicate_field(details: Mapping[str, Any] | None) -> str | None:
    pattern = (details or {}).get("keyPattern") or (details or {}).get("keyValue") or {}
    return ", ".join(pattern) or None


class translated:
    """Run driver calls, raising mongodb_rest errors for PyMongo's (credentials never included).

    Every value sent is encoded to BSON inside a driver call, so this is also where what BSON cannot
    hold (integers beyond 64 bits, nesting too deep for the encoder) becomes a ValidationError.
    """

    __slots__ = ("alias",)

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        if error is None or not isinstance(error, (driver.PyMongoError, InvalidDocument, *UNENCODABLE)):
            return
        raise _translate(error, self.alias) from error


def _translate(error: BaseException, alias: str) -> Exception:
    """The mongodb_rest error for a PyMongo one."""
    if isinstance(error, driver.PyMongoError) and error.timeout:
        return DeadlineExceeded(f"Cannot reach MongoDB (connection {alias!r}) in time: {error}")
    if isinstance(error, driver.DuplicateKeyError):
        field = _duplicate_field(error.details)
        return NotUniqueError(f"Duplicate value for unique field(s) {field}.", field=field)
    if isinstance(error, driver.BulkWriteError):
        write_errors = error.details.get("writeErrors", [])
        duplicate = next((item for item in write_errors if item.get("code") == DUPLICATE_KEY), None)
        if duplicate is not None:
            field = _duplicate_field(duplicate)
            return NotUniqueError(f"Duplicate value for unique field(s) {field}.", field=field)
        return OperationError(f"Bulk write failed: {write_errors[:1]}")
    if isinstance(error, driver.ConnectionFailure):
        return ConnectionFailure(f"Cannot reach MongoDB (connection {alias!r}): {error}")
    if isinstance(error, driver.WriteError):
        if error.code == DOCUMENT_VALIDATION_FAILURE:
            return ValidationError(f"The collection's schema validator refused the document: {error}")
        return OperationError(f"MongoDB refused the write (code {error.code}): {error}")
    if isinstance(error, UNENCODABLE):
        return ValidationError(f"The value cannot be encoded as BSON: {error}")
    if isinstance(error, (InvalidDocument, driver.DocumentTooLarge)):
        return ValidationError(f"The document cannot be stored: {error}")
    if isinstance(error, driver.OperationFailure):
        if NO_TRANSACTIONS in str(error):
            return OperationError(
                f"The server of connection {alias!r} does not support transactions (they need a replica set "
                "or a sharded cluster); use atomic(durable=False) to run without one."
            )
        return OperationError(f"MongoDB refused the operation (code {error.code}): {error.details or error}")
    return OperationError(str(error))
