"""The library project inside the test process: its apps, middleware and URLs, with a SQLite database
for users, sessions and permissions (the suite's own settings have no SQL database)."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

from .library import settings as library


@contextlib.contextmanager
def library_project(sqlite: Path) -> Iterator[None]:
    """Run the library project's settings, its SQLite database migrated (documents' permissions too)."""
    databases = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite)}}
    overrides = override_settings(
        MIDDLEWARE=library.MIDDLEWARE,
        TEMPLATES=library.TEMPLATES,
        ROOT_URLCONF=library.ROOT_URLCONF,
        STATIC_URL=library.STATIC_URL,
        DATABASES=databases,
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Overriding setting DATABASES")
        overrides.enable()
    previous: Any = connections.__dict__.get("settings")
    _reset_connections(connections.configure_settings(databases))
    setup_test_environment()  # the test client then records templates and contexts
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield
    finally:
        teardown_test_environment()
        connections.close_all()
        _reset_connections(previous)
        overrides.disable()


def _reset_connections(databases: Any) -> None:
    """Point Django's connection handler at ``databases`` (the handler caches its settings)."""
    with contextlib.suppress(AttributeError):
        del connections["default"]
    if databases is None:
        connections.__dict__.pop("settings", None)
    else:
        connections.settings = databases
