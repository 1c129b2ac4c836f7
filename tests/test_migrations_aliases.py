"""Each collection is migrated on the database of the alias its documents are stored through."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError
from django.test import override_settings
from pymongo import MongoClient
from pymongo.database import Database

from mongodb_rest import connect, disconnect
from tests.migration_project import MigrationProject, run

DOCUMENTS = """
class Order(Document):
    total = IntField(default=0)
    meta = {"collection": "orders"}


class Hit(Document):
    path = StringField()
    meta = {"collection": "hits", "db_alias": "stats", "indexes": ["path"]}
"""


@pytest.fixture
def stats(mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> Iterator[Database[dict[str, Any]]]:
    name = f"stats_{uuid.uuid4().hex[:10]}"
    connect(name, alias="stats", host=mongo_uri)
    yield raw_client[name]
    disconnect("stats")
    raw_client.drop_database(name)


@pytest.fixture
def project(tmp_path: Path, db_name: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[MigrationProject]:
    monkeypatch.syspath_prepend(str(tmp_path))
    made = MigrationProject(tmp_path)
    made.add_app("shop")
    try:
        with override_settings(MONGODB_MIGRATION_MODULES=made.modules()):
            yield made
    finally:
        made.close()


def test_each_alias_gets_its_own_collections_and_record(
    project: MigrationProject, raw: Database[dict[str, Any]], stats: Database[dict[str, Any]]
) -> None:
    project.declare("shop", DOCUMENTS)
    run("mongodb_makemigrations", "shop")
    assert "database='stats'" in project.migrations("shop")[0].read_text()
    run("mongodb_migrate")
    assert "orders" in raw.list_collection_names() and "hits" not in raw.list_collection_names()
    assert "hits" not in stats.list_collection_names()
    run("mongodb_migrate", "--database", "stats")
    assert "hits" in stats.list_collection_names() and "orders" not in stats.list_collection_names()
    assert {index["name"] for index in stats["hits"].list_indexes()} == {"_id_", "path_1"}
    assert [doc["_id"] for doc in stats["mongodb_migrations"].find()] == ["shop.0001_initial"]
    run("mongodb_migrate", "shop", "zero", "--database", "stats")
    assert "hits" not in stats.list_collection_names() and "orders" in raw.list_collection_names()


def test_documents_moved_to_another_alias_are_refused(project: MigrationProject) -> None:
    project.declare("shop", DOCUMENTS)
    run("mongodb_makemigrations", "shop")
    project.declare("shop", DOCUMENTS.replace('"db_alias": "stats", ', ""))
    with pytest.raises(
        CommandError, match="moved from connection 'stats' to 'default': migrations do not move"
    ):
        run("mongodb_makemigrations", "shop")
