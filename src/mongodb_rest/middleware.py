"""``DatabaseUnavailableMiddleware``: a 503 with ``Retry-After``, not a 500, when MongoDB is down or hung."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.deprecation import MiddlewareMixin
from pymongo import errors as driver

from .errors import ConnectionFailure

__all__ = ["RETRY_AFTER", "DatabaseUnavailableMiddleware", "database_unavailable"]

logger = logging.getLogger("mongodb_rest")

DETAIL = "The database is unavailable."
RETRY_AFTER = 5  # seconds a client is asked to wait before it retries
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head>
<body><h1>Service unavailable</h1>
<p>The database is unavailable. Please try again in a few seconds.</p></body>
</html>
"""


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot answer now: the library's ``ConnectionFailure`` (its
    ``DeadlineExceeded`` too), or PyMongo's own connection failures and timeouts raised by raw driver code."""
    if isinstance(error, ConnectionFailure | driver.ConnectionFailure):
        return True
    return isinstance(error, driver.PyMongoError) and error.timeout


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """Answer a view's database outage with a 503 and ``Retry-After``: JSON (DRF's ``{"detail": ...}``)
    when the request accepts JSON or its path has an ``/api/`` segment, a small HTML page otherwise.

    Add ``"mongodb_rest.middleware.DatabaseUnavailableMiddleware"`` to ``MIDDLEWARE``; it works in sync
    and async stacks. DRF views answer 503 through the library's exception handler already.
    """

    retry_after = RETRY_AFTER  # seconds, in the Retry-After header

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The 503 for a database outage; None (Django's usual handling) for any other error."""
        if not database_unavailable(exception):
            return None
        logger.warning("The database is unavailable: %s", exception)
        if "json" in request.headers.get("Accept", "") or "/api/" in request.path:
            response: HttpResponse = JsonResponse(
                {"detail": DETAIL, "code": "service_unavailable"}, status=503
            )
        else:
            response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(self.retry_after)
        return response
