"""Test databases are migrated as Django's test runner migrates, unless TEST MIGRATE is False."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from pymongo import MongoClient

from mongodb_rest import conf as mongodb_conf
from mongodb_rest import disconnect_all
from mongodb_rest.conf import register_settings
from mongodb_rest.testing import empty_test_databases, setup_test_databases, teardown_test_databases
from tests.migration_project import MigrationProject

CREATE_NOTES = """
from mongodb_rest import document_migrations as migrations


def seed(db):
    db.notes.insert_one({"_id": "welcome", "text": "seeded by a migration"})


dependencies = []

operations = [
    migrations.CreateCollection(name="notes", indexes=[{"name": "text_1", "key": [["text", 1]]}]),
    migrations.RunPython(seed, migrations.RunPython.noop),
]
"""


@pytest.fixture
def project(
    tmp_path: Path, mongo_uri: str, raw_client: MongoClient[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> Iterator[MigrationProject]:
    monkeypatch.syspath_prepend(str(tmp_path))
    made = MigrationProject(tmp_path)
    made.add_app("notebook")
    made.write_migration("notebook", "0001_initial", CREATE_NOTES)
    try:
        with override_settings(MONGODB_MIGRATION_MODULES=made.modules()):
            yield made
    finally:
        made.close()
        disconnect_all()
        mongodb_conf._test_overrides.clear()


def test_test_databases_are_migrated_again_after_each_test(
    project: MigrationProject, mongo_uri: str, raw_client: MongoClient[dict[str, Any]]
) -> None:
    register_settings({"host": mongo_uri, "db": "notebook"})
    state = setup_test_databases(["default"])
    try:
        db = raw_client["test_notebook"]
        assert {index["name"] for index in db["notes"].list_indexes()} == {"_id_", "text_1"}
        assert [doc["_id"] for doc in db["mongodb_migrations"].find()] == ["notebook.0001_initial"]
        db["notes"].insert_one({"_id": "mine", "text": "a test's own"})
        empty_test_databases(["default"])
        assert [doc["_id"] for doc in db["notes"].find()] == ["welcome"]
        assert {index["name"] for index in db["notes"].list_indexes()} == {"_id_", "text_1"}
    finally:
        teardown_test_databases(state)
    assert "test_notebook" not in raw_client.list_database_names()


def test_test_migrate_false_leaves_test_databases_empty(
    project: MigrationProject, mongo_uri: str, raw_client: MongoClient[dict[str, Any]]
) -> None:
    register_settings({"host": mongo_uri, "db": "notebook", "TEST": {"MIGRATE": False}})
    state = setup_test_databases(["default"])
    try:
        assert "notes" not in raw_client["test_notebook"].list_collection_names()
    finally:
        teardown_test_databases(state)
