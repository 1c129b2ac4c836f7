"""``MongoExceptionReporterFilter``: Django's error pages and reports without MongoDB passwords."""

from __future__ import annotations

from pprint import pformat
from typing import Any

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter

from .connection import redact

__all__ = ["MongoExceptionReporterFilter"]


class _Redacted:
    """A frame variable shown by its redacted representation."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


class MongoExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's ``SafeExceptionReporterFilter`` that also hides the password of every ``mongodb://`` URI
    in settings (``MONGODB_URI``, ``MONGODB_SETTINGS['host']``...), ``request.META`` and the traceback's
    variables. Set ``DEFAULT_EXCEPTION_REPORTER_FILTER = "mongodb_rest.debug.MongoExceptionReporterFilter"``.
    """

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        """The setting's value, its URIs' passwords replaced by ``***`` (and Django's own cleansing)."""
        if isinstance(value, str):
            value = redact(value)
        return super().cleanse_setting(key, value)

    def cleanse_special_types(self, request: HttpRequest | None, value: Any) -> Any:
        """A traceback variable as Django shows it, shown redacted when its representation holds a URI
        with a password."""
        value = super().cleanse_special_types(request, value)
        try:
            text = pformat(value)
        except Exception:  # Django shows such values its own way
            return value
        cleaned = redact(text)
        return value if cleaned == text else _Redacted(cleaned)
