"""``settings.MONGODB_SETTINGS``: the connections Django registers at start-up, and their TEST overrides."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .connection import DEFAULT_ALIAS, connect

TEST_KEY = "test"
_test_overrides: dict[str, dict[str, Any]] = {}


def connections_from_settings(value: Any) -> dict[str, dict[str, Any]]:
    """``MONGODB_SETTINGS`` as ``{alias: options}``.

    Accepts a ``mongodb://`` URI (the default alias), one dict (the default alias; an ``alias`` key names
    another) or a dict of dicts by alias.
    """
    if isinstance(value, str):
        return {DEFAULT_ALIAS: {"host": value}}
    if not isinstance(value, dict):
        raise ImproperlyConfigured(
            "MONGODB_SETTINGS must be a mongodb:// URI, a dict, or a dict of dicts keyed by alias."
        )
    if not value:
        return {}  # no settings: connections are registered with connect()
    if all(isinstance(item, dict) for item in value.values()):
        return {alias: dict(options) for alias, options in value.items()}
    options = dict(value)
    return {options.pop("alias", DEFAULT_ALIAS): options}


def connect_options(alias: str, options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``connect()`` keyword arguments of one alias's settings, and its ``TEST`` overrides.

    Upper-case keys (Django's style: ``HOST``, ``NAME``...) are read in lower case; ``name`` means ``db``.
    """
    kwargs = {_key(key): item for key, item in options.items()}
    test = kwargs.pop(TEST_KEY, None) or {}
    if not isinstance(test, dict):
        raise ImproperlyConfigured(f"MONGODB_SETTINGS[{alias!r}]['TEST'] must be a dict, not {test!r}.")
    return kwargs, {_key(key): item for key, item in test.items()}


def _key(key: str) -> str:
    key = key.lower() if key.isupper() else key
    return "db" if key == "name" else key


def register_settings(value: Any) -> list[str]:
    """Register every connection ``MONGODB_SETTINGS`` describes; return their aliases."""
    aliases = []
    for alias, options in connections_from_settings(value).items():
        kwargs, test = connect_options(alias, options)
        connect(alias=alias, **kwargs)
        _test_overrides[alias] = test
        aliases.append(alias)
    return aliases


def overrides_for_tests(alias: str) -> dict[str, Any]:
    """What ``MONGODB_SETTINGS[alias]['TEST']`` changes for the test databases (``db``, ``host``...)."""
    return dict(_test_overrides.get(alias, {}))
