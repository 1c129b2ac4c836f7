"""mongodb_makemigrations and mongodb_migrate: detecting changes, writing files, applying and rolling back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError
from django.test import override_settings
from pymongo.database import Database

from tests.migration_project import MigrationProject, run

USER_V1 = """
class User(Document):
    name = StringField(required=True)
    meta = {"collection": "users", "indexes": ["name"]}
"""
USER_V2 = """
class User(Document):
    name = StringField(required=True)
    nickname = StringField(default="anon")
    meta = {"collection": "users", "indexes": ["name"]}
"""
USER_V3 = """
class User(Document):
    name = StringField(required=True)
    handle = StringField(default="anon")
    meta = {"collection": "users", "indexes": ["name"]}
"""


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


def answer(monkeypatch: pytest.MonkeyPatch, reply: str) -> list[str]:
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return reply

    monkeypatch.setattr("builtins.input", ask)
    return asked


def flat(source: str) -> str:
    """``source`` with every run of white space made one space."""
    return " ".join(source.split())


def index_names(raw: Database[dict[str, Any]], collection: str) -> set[str]:
    return {index["name"] for index in raw[collection].list_indexes()}


def test_add_a_field_with_a_default_rename_it_and_roll_back(
    project: MigrationProject, raw: Database[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    project.declare("shop", USER_V1)
    out, _ = run("mongodb_makemigrations", "shop")
    [initial] = project.migrations("shop")
    assert initial.name == "0001_initial.py" and "Create collection users" in out
    source = initial.read_text()
    assert "dependencies = []" in source
    assert "migrations.CreateCollection(" in source and "'name': 'name_1'" in source
    out, _ = run("mongodb_migrate", "shop")
    assert "Applying shop.0001_initial..." in out
    assert "name_1" in index_names(raw, "users")
    [record] = raw["mongodb_migrations"].find()
    assert record["_id"] == "shop.0001_initial" and record["app"] == "shop" and len(record["checksum"]) == 64
    raw["users"].insert_many([{"_id": "a", "name": "Ann"}, {"_id": "b", "name": "Bob", "nickname": "bobby"}])

    project.declare("shop", USER_V2)
    with pytest.raises(CommandError, match="changes no migration records"):
        run("mongodb_makemigrations", "shop", "--check")
    out, _ = run("mongodb_makemigrations", "shop", "--dry-run")
    assert "Add field nickname to users (backfilled with its default)" in out
    assert len(project.migrations("shop")) == 1  # --dry-run writes nothing
    run("mongodb_makemigrations", "shop")
    added = project.migrations("shop")[1]
    assert added.name == "0002_add_field_nickname_to_users.py"
    assert "dependencies = [('shop', '0001_initial')]" in added.read_text()
    assert (
        "migrations.AddField( collection='users', name='nickname', "
        "field=migrations.Field(type='StringField', default='anon'), )" in flat(added.read_text())
    )
    out, _ = run("mongodb_migrate")
    assert "users.nickname: 1/1 documents" in out
    assert {doc["_id"]: doc["nickname"] for doc in raw["users"].find()} == {"a": "anon", "b": "bobby"}
    out, _ = run("mongodb_makemigrations", "shop", "--check")
    assert "No changes detected in app 'shop'." in out

    project.declare("shop", USER_V3)
    asked = answer(monkeypatch, "y")
    run("mongodb_makemigrations", "shop", "--name", "rename_nickname")
    assert asked == ["Did you rename users.nickname to users.handle? [y/N] "]
    renamed = project.migrations("shop")[2]
    assert renamed.name == "0003_rename_nickname.py"
    assert "migrations.RenameField(collection='users', old_name='nickname', new_name='handle')" in flat(
        renamed.read_text()
    )
    run("mongodb_migrate", "shop")
    assert {doc["_id"]: doc.get("handle") for doc in raw["users"].find()} == {"a": "anon", "b": "bobby"}
    assert not raw["users"].count_documents({"nickname": {"$exists": True}})

    out, _ = run("mongodb_migrate", "shop", "0001")
    assert "Unapplying shop.0003_rename_nickname..." in out and "Unapplying shop.0002" in out
    assert list(raw["users"].find({}, {"_id": 1, "name": 1})) == list(raw["users"].find())  # fields gone
    assert [doc["_id"] for doc in raw["mongodb_migrations"].find()] == ["shop.0001_initial"]
    run("mongodb_migrate", "shop", "zero")
    assert "users" not in raw.list_collection_names()
    assert not raw["mongodb_migrations"].count_documents({})


def test_without_input_a_rename_is_a_removed_and_an_added_field(
    project: MigrationProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.declare("shop", USER_V2)
    run("mongodb_makemigrations", "shop")
    project.declare("shop", USER_V3)
    asked = answer(monkeypatch, "y")
    out, _ = run("mongodb_makemigrations", "shop", "--noinput", "--dry-run")
    assert asked == []
    assert "Add field handle to users" in out and "Remove field nickname from users" in out
    answer(monkeypatch, "n")
    out, _ = run("mongodb_makemigrations", "shop", "--dry-run")
    assert "Remove field nickname from users" in out


def test_index_operations_forwards_and_backwards(
    project: MigrationProject, raw: Database[dict[str, Any]]
) -> None:
    project.declare(
        "shop",
        """
        class Place(Document):
            code = StringField(unique=True)
            text = StringField()
            location = PointField()
            seen = DateTimeField()
            kind = StringField()
            meta = {"collection": "places", "indexes": [
                {"fields": ["$text"]},
                ("location", "2dsphere"),
                {"fields": ["seen"], "expireAfterSeconds": 3600},
                {"fields": ["kind"], "partialFilterExpression": {"kind": {"$exists": True}}},
            ]}
        """,
    )
    run("mongodb_makemigrations", "shop")
    run("mongodb_migrate", "shop")
    indexes = {index["name"]: index for index in raw["places"].list_indexes()}
    assert indexes["code_1"]["unique"] is True and indexes["code_1"]["sparse"] is True
    assert indexes["seen_1"]["expireAfterSeconds"] == 3600
    assert "text_text" in indexes and "location_2dsphere" in indexes and "kind_1" in indexes
    project.declare(
        "shop",
        """
        class Place(Document):
            code = StringField(unique=True, required=True)
            text = StringField()
            location = PointField()
            seen = DateTimeField()
            kind = StringField()
            meta = {"collection": "places", "indexes": [
                {"fields": ["$text"]},
                {"fields": ["seen"], "expireAfterSeconds": 60},
                "-kind",
            ]}
        """,
    )
    out, _ = run("mongodb_makemigrations", "shop")
    for line in (
        "Remove index location_2dsphere from places",
        "Remove index kind_1 from places",
        "Alter index code_1 of places",  # no longer sparse: the field is required
        "Alter index seen_1 of places",
        "Add index kind_-1 to places",
        "Alter field code of places",
    ):
        assert line in out
    run("mongodb_migrate", "shop")
    indexes = {index["name"]: index for index in raw["places"].list_indexes()}
    assert set(indexes) == {"_id_", "code_1", "text_text", "seen_1", "kind_-1"}
    assert not indexes["code_1"].get("sparse") and indexes["seen_1"]["expireAfterSeconds"] == 60
    run("mongodb_migrate", "shop", "0001")
    indexes = {index["name"]: index for index in raw["places"].list_indexes()}
    assert set(indexes) == {"_id_", "code_1", "text_text", "seen_1", "kind_1", "location_2dsphere"}
    assert indexes["code_1"]["sparse"] is True and indexes["seen_1"]["expireAfterSeconds"] == 3600
