"""Testing projects that use mongodb_rest: test databases per run, ``MongoTestCase``, a test runner and
``query_counter`` (pytest fixtures: ``mongodb_rest.testing.fixtures``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.test import SimpleTestCase
from django.test.runner import DiscoverRunner

from ..context_managers import query_counter
from .databases import (
    TestDatabases,
    database_name_for_tests,
    empty_test_databases,
    setup_test_databases,
    teardown_test_databases,
)

__all__ = [
    "MongoDiscoverRunner",
    "MongoTestCase",
    "TestDatabases",
    "database_name_for_tests",
    "empty_test_databases",
    "query_counter",
    "setup_test_databases",
    "teardown_test_databases",
]


class MongoTestCase(SimpleTestCase):
    """A Django test case whose connections use test databases: switched for the class (unless the test
    runner already did), emptied after each test, dropped after the class. Test methods may be sync or
    ``async def`` and use either face.

    ``mongodb_aliases`` limits it to some connections (every registered one by default). To use Django's
    SQL databases too, combine it with ``TestCase``: ``class T(MongoTestCase, TestCase)``.
    """

    mongodb_aliases: ClassVar[Iterable[str] | None] = None
    _mongodb_databases: ClassVar[TestDatabases | None] = None

    @classmethod
    def setUpClass(cls) -> None:
        cls._mongodb_databases = setup_test_databases(cls.mongodb_aliases)
        try:
            super().setUpClass()
        except Exception:
            teardown_test_databases(cls._mongodb_databases)
            raise

    @classmethod
    def tearDownClass(cls) -> None:
        try:
            super().tearDownClass()
        finally:
            if cls._mongodb_databases is not None:
                teardown_test_databases(cls._mongodb_databases)
                cls._mongodb_databases = None

    def _post_teardown(self) -> None:
        super()._post_teardown()  # type: ignore[misc]
        empty_test_databases(self.mongodb_aliases)


class MongoDiscoverRunner(DiscoverRunner):
    """``TEST_RUNNER = "mongodb_rest.testing.MongoDiscoverRunner"``: Django's runner, with every connection
    of ``MONGODB_SETTINGS`` on its test database for the whole run (dropped at the end)."""

    def setup_databases(self, **kwargs: Any) -> Any:
        sql = super().setup_databases(**kwargs)
        return sql, setup_test_databases()

    def teardown_databases(self, old_config: Any, **kwargs: Any) -> None:
        sql, mongodb = old_config
        try:
            teardown_test_databases(mongodb)
        finally:
            super().teardown_databases(sql, **kwargs)
