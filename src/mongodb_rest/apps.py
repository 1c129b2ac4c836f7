"""The Django app: registers the connections of ``settings.MONGODB_SETTINGS`` when Django starts."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .connection import DEFAULT_ALIAS, connect


def connections_from_settings(value: Any) -> dict[str, dict[str, Any]]:
    """``MONGODB_SETTINGS`` as ``{alias: connect() keyword arguments}``.

    Accepts one dict (the default alias; an ``alias`` key names another) or a dict of dicts by alias.
    """
    if not isinstance(value, dict):
        raise ImproperlyConfigured("MONGODB_SETTINGS must be a dict, or a dict of dicts keyed by alias.")
    if not value:
        return {}  # no settings: connections are registered with connect()
    if value and all(isinstance(item, dict) for item in value.values()):
        return {alias: dict(options) for alias, options in value.items()}
    options = dict(value)
    return {options.pop("alias", DEFAULT_ALIAS): options}


class MongoDBRestConfig(AppConfig):
    """``'mongodb_rest'`` in ``INSTALLED_APPS``."""

    name = "mongodb_rest"
    verbose_name = "MongoDB"

    def ready(self) -> None:
        for alias, options in connections_from_settings(getattr(settings, "MONGODB_SETTINGS", {})).items():
            options = {key.lower() if key.isupper() else key: value for key, value in options.items()}
            connect(alias=alias, **options)
