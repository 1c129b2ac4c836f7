"""pytest fixtures for projects that use mongodb_rest; load them with
``pytest_plugins = ["mongodb_rest.testing.fixtures"]`` in the top ``conftest.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .databases import empty_test_databases, setup_test_databases, teardown_test_databases


@pytest.fixture(scope="session")
def mongodb_test_databases() -> Iterator[dict[str, str]]:
    """Every registered connection on its test database for the session (dropped at the end); yields
    ``{alias: test database name}``."""
    state = setup_test_databases()
    try:
        yield dict(state.names)
    finally:
        teardown_test_databases(state)


@pytest.fixture
def mongodb(mongodb_test_databases: dict[str, str]) -> Iterator[dict[str, str]]:
    """The test databases, emptied after the test; yields ``{alias: test database name}``."""
    try:
        yield mongodb_test_databases
    finally:
        empty_test_databases(mongodb_test_databases)
