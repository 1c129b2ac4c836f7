"""The library's Django system checks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning
from django.utils.module_loading import import_string

from .connection import ConnectionSettings, redact, registered_connections
from .debug import MongoExceptionReporterFilter

FILTER = "mongodb_rest.debug.MongoExceptionReporterFilter"


def _has_password(connection: ConnectionSettings) -> bool:
    options = connection.client_options
    hosts = options.get("host")
    uris = hosts if isinstance(hosts, list) else [hosts]
    return bool(options.get("password")) or any(isinstance(uri, str) and redact(uri) != uri for uri in uris)


def check_exception_reporter_filter(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """W001: a connection has a password but Django's error pages would show it (with ``DEBUG`` or in
    error e-mails), as Django's default filter does not know MongoDB URIs."""
    with_password = [connection.alias for connection in registered_connections() if _has_password(connection)]
    if not with_password:
        return []
    filter_class = import_string(settings.DEFAULT_EXCEPTION_REPORTER_FILTER)
    if isinstance(filter_class, type) and issubclass(filter_class, MongoExceptionReporterFilter):
        return []
    return [
        Warning(
            f"The MongoDB connection(s) {', '.join(with_password)} have a password that Django's error pages "
            "and error reports show: its exception reporter filter does not hide MongoDB URIs.",
            hint=f'Set DEFAULT_EXCEPTION_REPORTER_FILTER = "{FILTER}".',
            id="mongodb_rest.W001",
        )
    ]
