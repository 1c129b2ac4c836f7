"""Test databases for projects: MongoTestCase, the test runner and the pytest fixtures, on both faces."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import unittest
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from pymongo import AsyncMongoClient, MongoClient

from mongodb_rest import conf as mongodb_conf
from mongodb_rest import connect, disconnect_all, sync
from mongodb_rest import connection as registry
from mongodb_rest.conf import register_settings
from mongodb_rest.testing import (
    MongoDiscoverRunner,
    database_name_for_tests,
    setup_test_databases,
    teardown_test_databases,
)

from . import mongo_cases


@pytest.fixture
def project(mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> Iterator[str]:
    """A project's MONGODB_SETTINGS: its real database, an archive alias with a TEST name."""
    real = f"app_{uuid.uuid4().hex[:10]}"
    register_settings(
        {
            "default": {"host": mongo_uri, "db": real},
            "archive": {
                "host": mongo_uri,
                "db": f"{real}_archive",
                "TEST": {"NAME": f"{real}_archive_tests"},
            },
        }
    )
    raw_client[real].notes.insert_one({"text": "real data"})
    yield real
    disconnect_all()
    mongodb_conf._test_overrides.clear()
    for name in raw_client.list_database_names():
        if real in name:
            raw_client.drop_database(name)


def run_cases(case: type[unittest.TestCase]) -> unittest.TestResult:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(case)
    return unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)


def test_mongo_test_case_gives_each_run_its_own_databases(
    project: str, raw_client: MongoClient[dict[str, Any]]
) -> None:
    mongo_cases.seen.clear()
    result = run_cases(mongo_cases.NoteCases)
    assert result.wasSuccessful(), result.errors + result.failures
    assert result.testsRun == 3
    assert mongo_cases.seen == [
        ("sync", f"test_{project}"),
        ("archive", f"{project}_archive_tests"),
        ("async", f"test_{project}"),
    ]
    databases = raw_client.list_database_names()
    assert f"test_{project}" not in databases and f"{project}_archive_tests" not in databases
    assert [d["text"] for d in raw_client[project].notes.find()] == ["real data"]  # untouched
    assert registry.registered().db == project and registry.registered("archive").db == f"{project}_archive"
    assert sync.get_db().name == project


def test_mongo_test_case_limited_to_some_aliases(project: str) -> None:
    mongo_cases.seen.clear()
    result = run_cases(mongo_cases.DefaultOnlyCases)
    assert result.wasSuccessful(), result.errors + result.failures
    assert mongo_cases.seen == [
        ("default-only", f"test_{project}"),
        ("archive-untouched", f"{project}_archive"),
    ]


def test_runner_switches_for_the_whole_run(project: str, raw_client: MongoClient[dict[str, Any]]) -> None:
    runner = MongoDiscoverRunner(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        assert sync.get_db().name == f"test_{project}"
        mongo_cases.seen.clear()
        assert run_cases(mongo_cases.NoteCases).wasSuccessful()
        assert sync.get_db().name == f"test_{project}"  # the cases left the runner's switch alone
    finally:
        runner.teardown_databases(old_config)
    assert sync.get_db().name == project
    assert f"test_{project}" not in raw_client.list_database_names()


def test_test_database_names(project: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert database_name_for_tests("default") == f"test_{project}"
    assert database_name_for_tests("archive") == f"{project}_archive_tests"
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw3")
    assert database_name_for_tests("default") == f"test_{project}_gw3"


def test_a_test_database_that_is_the_real_one_is_refused(
    mongo_uri: str, raw_client: MongoClient[dict[str, Any]]
) -> None:
    real = f"app_{uuid.uuid4().hex[:10]}"
    register_settings({"default": {"host": mongo_uri, "db": real, "TEST": {"NAME": real}}})
    raw_client[real].notes.insert_one({"text": "keep me"})
    try:
        with pytest.raises(ImproperlyConfigured, match=f"its own database '{real}': tests drop it"):
            setup_test_databases()
        assert registry.registered().db == real
        assert raw_client[real].notes.count_documents({}) == 1
    finally:
        disconnect_all()
        mongodb_conf._test_overrides.clear()
        raw_client.drop_database(real)


def test_async_client_objects_are_refused_and_kept(mongo_uri: str) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri)
    connect("app", client=client)
    try:
        with pytest.raises(ImproperlyConfigured, match="registered with an async client object"):
            setup_test_databases(["default"])
        assert registry.registered().client is client and registry.registered().db == "app"
    finally:
        disconnect_all()


def test_sync_client_objects_switch_databases(
    mongo_uri: str, raw_client: MongoClient[dict[str, Any]]
) -> None:
    real = f"app_{uuid.uuid4().hex[:10]}"
    with MongoClient(mongo_uri) as client:
        connect(real, client=client)
        state = setup_test_databases()
        try:
            sync.get_db().notes.insert_one({"text": "test"})
            assert sync.get_db().name == f"test_{real}"
        finally:
            teardown_test_databases(state)
            disconnect_all()
        assert client.admin.command("ping")["ok"] == 1  # the user's client stays open
    assert f"test_{real}" not in raw_client.list_database_names()


def test_pytest_fixtures_in_a_project(
    mongo_uri: str, raw_client: MongoClient[dict[str, Any]], tmp_path: Path
) -> None:
    real = f"app_{uuid.uuid4().hex[:10]}"
    raw_client[real].notes.insert_one({"text": "real data"})
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = session\n"
        "asyncio_default_test_loop_scope = session\n"
    )
    (tmp_path / "conftest.py").write_text(
        textwrap.dedent(
            f"""
            import django
            from django.conf import settings

            settings.configure(
                INSTALLED_APPS=["mongodb_rest"], MONGODB_SETTINGS={{"host": "{mongo_uri}", "db": "{real}"}}
            )
            django.setup()
            pytest_plugins = ["mongodb_rest.testing.fixtures"]
            """
        )
    )
    (tmp_path / "test_project.py").write_text(
        textwrap.dedent(
            f"""
            from mongodb_rest import Document, sync
            from mongodb_rest.fields import StringField


            class Note(Document):
                text = StringField(unique=True)
                meta = {{"collection": "notes"}}


            def test_sync_face(mongodb):
                assert mongodb == {{"default": "test_{real}"}}
                Note.sync.objects.create(text="a")
                assert sync.get_db().name == "test_{real}" and Note.sync.objects.count() == 1


            async def test_async_face_starts_empty(mongodb):
                assert await Note.objects.count() == 0
                await Note.objects.create(text="a")


            async def test_async_face_again(mongodb):
                assert [n.text async for n in Note.objects.all()] == []
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "3 passed" in result.stdout
        assert f"test_{real}" not in raw_client.list_database_names()
        assert raw_client[real].notes.count_documents({}) == 1
    finally:
        raw_client.drop_database(real)
