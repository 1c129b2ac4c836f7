"""The library's errors as DRF responses: a bad request is a 400, a missing document a 404, a body over
Django's size limit a 413, never a 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import (
    ConflictError,
    ConnectionFailure,
    DeleteDenied,
    DoesNotExist,
    NotUniqueError,
    ValidationError,
)
from ..middleware import RETRY_AFTER

CONFLICTS = frozenset({"unique", "does_not_exist"})  # codes of messages about what is stored


class Conflict(exceptions.APIException):
    """409: the request conflicts with what is stored (a delete refused by a DENY reference, a versioned
    document changed or a file replaced by another write since it was read, a value a unique index
    already holds, a reference to a document that does not exist)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the stored data."
    default_code = "conflict"


class ServiceUnavailable(exceptions.APIException):
    """503: the database cannot be reached (with ``Retry-After``)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    wait = RETRY_AFTER  # DRF's exception handler sends it as Retry-After
    default_detail = "The database is unavailable."
    default_code = "service_unavailable"


class RequestTooLarge(exceptions.APIException):
    """413: the body is larger than ``settings.DATA_UPLOAD_MAX_MEMORY_SIZE``."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def as_api_exception(exc: Exception) -> Any:
    """The DRF exception for one of the library's errors (other exceptions unchanged)."""
    if isinstance(exc, ValidationError):
        return exceptions.ValidationError(exc.errors)
    if isinstance(exc, NotUniqueError):
        return exceptions.ValidationError({exc.field or "non_field_errors": [str(exc)]}, code="unique")
    if isinstance(exc, DoesNotExist):
        return exceptions.NotFound(str(exc))
    if isinstance(exc, (DeleteDenied, ConflictError)):
        return Conflict(str(exc))
    if isinstance(exc, ConnectionFailure):
        return ServiceUnavailable()
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return exceptions.ParseError(str(exc))
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    """DRF's exception handler, knowing the library's errors: set it as
    ``REST_FRAMEWORK["EXCEPTION_HANDLER"] = "mongodb_rest.rest_framework.exceptions.exception_handler"``
    (the library's async viewsets use it already)."""
    api_exc = as_api_exception(exc)
    found = codes(api_exc.get_codes()) if isinstance(api_exc, exceptions.ValidationError) else set()
    if found and found <= CONFLICTS:
        api_exc = Conflict(api_exc.detail)  # well-formed, refused only for what is stored: a 409
    return drf_exception_handler(api_exc, context)


def codes(value: Any) -> set[str]:
    """Every code of DRF's ``get_codes()`` answer (nested dicts and lists of codes)."""
    if isinstance(value, dict):
        return set().union(*map(codes, value.values()))
    if isinstance(value, list):
        return set().union(*map(codes, value))
    return {str(value)}
