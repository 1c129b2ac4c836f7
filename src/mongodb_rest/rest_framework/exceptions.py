"""The library's errors as DRF responses: a bad request is a 400, a missing document a 404, never a 500."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import ConnectionFailure, DeleteDenied, DoesNotExist, NotUniqueError, ValidationError
from ..middleware import RETRY_AFTER


class Conflict(exceptions.APIException):
    """409: the request conflicts with what is stored (a delete refused by a DENY reference)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the stored data."
    default_code = "conflict"


class ServiceUnavailable(exceptions.APIException):
    """503: the database cannot be reached (with ``Retry-After``)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    wait = RETRY_AFTER  # DRF's exception handler sends it as Retry-After
    default_detail = "The database is unavailable."
    default_code = "service_unavailable"


def as_api_exception(exc: Exception) -> Any:
    """The DRF exception for one of the library's errors (other exceptions unchanged)."""
    if isinstance(exc, ValidationError):
        return exceptions.ValidationError(exc.errors)
    if isinstance(exc, NotUniqueError):
        return exceptions.ValidationError({exc.field or "non_field_errors": [str(exc)]})
    if isinstance(exc, DoesNotExist):
        return exceptions.NotFound(str(exc))
    if isinstance(exc, DeleteDenied):
        return Conflict(str(exc))
    if isinstance(exc, ConnectionFailure):
        return ServiceUnavailable()
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    """DRF's exception handler, knowing the library's errors: set it as
    ``REST_FRAMEWORK["EXCEPTION_HANDLER"] = "mongodb_rest.rest_framework.exceptions.exception_handler"``
    (the library's async viewsets use it already)."""
    return drf_exception_handler(as_api_exception(exc), context)
