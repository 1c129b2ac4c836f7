"""Test databases: each registered connection switched to a database of its own, dropped afterwards."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

from ..conf import overrides_for_tests
from ..connection import (
    ConnectionSettings,
    connect,
    disconnect,
    forget_prepared_collections,
    registered,
    sync_connection,
)
from ..connection import _settings as _registrations
from ..document_migrations.executor import Executor
from ..document_migrations.loader import Graph, migration_apps
from ..query_log import QueryListener

if TYPE_CHECKING:
    from collections.abc import Iterable


@dataclass
class TestDatabases:
    """The aliases one ``setup_test_databases()`` call switched, and what they were before."""

    __test__ = False  # not a test class, for pytest

    names: dict[str, str] = field(default_factory=dict)  # alias -> test database
    originals: dict[str, ConnectionSettings] = field(default_factory=dict)


_switched: dict[str, str] = {}  # alias -> test database, while switched (by any caller)


def database_name_for_tests(alias: str) -> str:
    """The test database of ``alias``: ``MONGODB_SETTINGS[alias]['TEST']['NAME']``, else ``test_<db>`` as
    Django names test databases; pytest-xdist workers add their id (``test_app_gw1``)."""
    name = overrides_for_tests(alias).get("db") or f"test_{registered(alias).db}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"{name}_{worker}" if worker else str(name)


def setup_test_databases(aliases: Iterable[str] | None = None) -> TestDatabases:
    """Switch ``aliases`` (every registered one by default) to their test databases, emptied first.

    Aliases already switched (by an enclosing run) are left as they are. Undo with
    ``teardown_test_databases()``.
    """
    state = TestDatabases()
    for alias in list(_registrations) if aliases is None else list(aliases):
        if alias in _switched:
            continue
        original = registered(alias)
        name = database_name_for_tests(alias)
        if name == original.db and not overrides_for_tests(alias).get("host"):
            raise ImproperlyConfigured(
                f"The test database of connection {alias!r} is its own database {name!r}: tests drop it."
            )
        disconnect(alias)
        try:
            _register(alias, original, name, overrides_for_tests(alias))
        except Exception:
            _restore(alias, original)
            raise
        state.names[alias], state.originals[alias] = name, original
        _switched[alias] = name
        _drop(alias)
        _migrate(alias)
    return state


def empty_test_databases(aliases: Iterable[str] | None = None) -> None:
    """Drop the content of the test databases of ``aliases`` (every switched one by default) between
    tests; collections and their indexes are prepared again on next use."""
    for alias in list(_switched) if aliases is None else [a for a in aliases if a in _switched]:
        _drop(alias)
        _migrate(alias)


def teardown_test_databases(state: TestDatabases) -> None:
    """Drop the test databases ``state`` switched to and give their aliases back their own databases."""
    for alias, original in state.originals.items():
        try:
            _drop(alias)
        finally:
            _switched.pop(alias, None)
            disconnect(alias)
            _restore(alias, original)


def _register(alias: str, original: ConnectionSettings, name: str, overrides: dict[str, Any]) -> None:
    if original.client is not None:
        if original.async_client_given:
            raise ImproperlyConfigured(
                f"Connection {alias!r} was registered with an async client object; test databases need "
                "connect(host=...) settings or a MongoClient."
            )
        connect(name, alias=alias, client=original.client)
        return
    options = {
        **original.client_options,
        **{k: v for k, v in overrides.items() if k not in ("db", "migrate")},
    }
    connect(name, alias=alias, monitor_commands=True, **options)  # query_counter works in tests


def _restore(alias: str, original: ConnectionSettings) -> None:
    if original.client is not None:
        connect(original.db, alias=alias, client=original.client)
    else:
        monitored = any(
            isinstance(item, QueryListener) for item in original.client_options.get("event_listeners") or ()
        )
        connect(original.db, alias=alias, monitor_commands=monitored, **original.client_options)


def _migrate(alias: str) -> None:
    """Apply the project's migrations to the test database of ``alias`` (what concerns the documents
    stored through it), as Django's test runner migrates; ``TEST: {"MIGRATE": False}`` leaves it empty."""
    if not overrides_for_tests(alias).get("migrate", True):
        return
    graph = Graph.load(migration_apps())
    if graph.nodes:
        Executor(sync_connection(alias).db, alias, graph).migrate()


def _drop(alias: str) -> None:
    connection = sync_connection(alias)
    connection.client.drop_database(connection.settings.db)
    forget_prepared_collections(alias)
