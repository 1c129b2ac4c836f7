"""The Django app: registers the connections of ``settings.MONGODB_SETTINGS`` when Django starts, closes
clients at shutdown, registers its system checks, and creates the documents' permissions after ``migrate``."""

from __future__ import annotations

import atexit
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks
from django.core.signals import request_finished
from django.db.models.signals import post_migrate

from .checks import check_exception_reporter_filter
from .conf import connections_from_settings, register_settings
from .connection import close_connections, release_closed_loops

__all__ = ["MongoDBRestConfig", "connections_from_settings"]


def _release_closed_loops(**kwargs: Any) -> None:
    release_closed_loops()


class MongoDBRestConfig(AppConfig):
    """``'mongodb_rest'`` in ``INSTALLED_APPS``."""

    name = "mongodb_rest"
    verbose_name = "MongoDB"

    def ready(self) -> None:
        register_settings(getattr(settings, "MONGODB_SETTINGS", {}))
        checks.register(check_exception_reporter_filter, checks.Tags.security)
        atexit.unregister(close_connections)  # once, however often Django starts
        atexit.register(close_connections)
        request_finished.connect(_release_closed_loops, dispatch_uid="mongodb_rest.release_closed_loops")
        if apps.is_installed("django.contrib.auth") and apps.is_installed("django.contrib.contenttypes"):
            from .contrib.permissions import create_permissions_after_migrate

            post_migrate.connect(
                create_permissions_after_migrate, dispatch_uid="mongodb_rest.create_permissions"
            )
