"""Each migration operation forwards and backwards, and what the autodetector writes for it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError
from django.test import override_settings
from pymongo.database import Database

from mongodb_rest.document_migrations import AlterValidator, CreateCollection
from mongodb_rest.document_migrations.autodetector import detect
from mongodb_rest.document_migrations.state import state_from_documents
from tests.conftest import needs_mongodb
from tests.migration_project import MigrationProject, run


@pytest.fixture
def project(tmp_path: Path, db_name: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[MigrationProject]:
    monkeypatch.syspath_prepend(str(tmp_path))
    made = MigrationProject(tmp_path)
    made.add_app("crm")
    try:
        with override_settings(MONGODB_MIGRATION_MODULES=made.modules()):
            yield made
    finally:
        made.close()


def test_a_type_change_writes_a_conversion_to_fill_in(
    project: MigrationProject, raw: Database[dict[str, Any]]
) -> None:
    project.declare("crm", "class Lead(Document):\n    score = StringField()\n")
    run("mongodb_makemigrations", "crm")
    run("mongodb_migrate", "crm")
    project.declare("crm", "class Lead(Document):\n    score = IntField()\n")
    out, _ = run("mongodb_makemigrations", "crm")
    assert "Alter field score of lead" in out and "Run Python convert_lead_score" in out
    source = project.migrations("crm")[1].read_text()
    assert "def convert_lead_score(db):" in source
    assert "migrations.RunPython(code=convert_lead_score)" in source
    with pytest.raises(CommandError, match=r"crm\.0002_auto_\w+ failed and is not recorded: .*Fill in"):
        run("mongodb_migrate", "crm")
    assert [doc["_id"] for doc in raw["mongodb_migrations"].find()] == ["crm.0001_initial"]


def test_run_python_on_both_faces_and_run_command(
    project: MigrationProject, raw: Database[dict[str, Any]]
) -> None:
    project.write_migration(
        "crm",
        "0001_hand_written",
        """
        from mongodb_rest import document_migrations as migrations


        def seed(db):
            db.notes.insert_one({"_id": "sync", "text": "hello"})


        def unseed(db):
            db.notes.delete_one({"_id": "sync"})


        async def seed_async(db):
            await db.notes.insert_one({"_id": "async", "text": "hi"})


        async def unseed_async(db):
            await db.notes.delete_one({"_id": "async"})


        dependencies = []

        operations = [
            migrations.RunCommand({"create": "notes"}, {"drop": "notes"}),
            migrations.RunPython(seed, unseed),
            migrations.RunPython(seed_async, unseed_async),
            migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
        ]
        """,
    )
    out, _ = run("mongodb_migrate", "crm")
    assert "crm.0001_hand_written: OK" in out
    assert sorted(doc["_id"] for doc in raw["notes"].find()) == ["async", "sync"]
    run("mongodb_migrate", "crm", "zero")
    assert "notes" not in raw.list_collection_names()
    project.write_migration(
        "crm",
        "0001_hand_written",
        """
        from mongodb_rest import document_migrations as migrations

        dependencies = []
        operations = [migrations.RunCommand({"create": "notes"})]
        """,
    )
    run("mongodb_migrate", "crm")
    with pytest.raises(CommandError, match=r"cannot be unapplied: Run command .* has no reverse_command"):
        run("mongodb_migrate", "crm", "zero")


def test_a_collection_deleted_and_a_field_removed_come_back_on_rollback(
    project: MigrationProject, raw: Database[dict[str, Any]]
) -> None:
    project.declare(
        "crm",
        """
        class Lead(Document):
            name = StringField()
            source = StringField(default="web")
            meta = {"collection": "leads", "indexes": ["name"]}


        class Memo(Document):
            text = StringField()
            meta = {"indexes": ["text"]}
        """,
    )
    run("mongodb_makemigrations", "crm")
    run("mongodb_migrate", "crm")
    raw["leads"].insert_one({"_id": "x", "name": "Ann", "source": "fair"})
    raw["memo"].insert_one({"_id": "m", "text": "gone soon"})
    project.declare(
        "crm",
        """
        class Lead(Document):
            name = StringField()
            meta = {"collection": "leads", "indexes": ["name"]}
        """,
    )
    out, _ = run("mongodb_makemigrations", "crm", "--noinput")
    assert "Delete collection memo and its documents" in out and "Remove field source from leads" in out
    run("mongodb_migrate", "crm")
    assert "memo" not in raw.list_collection_names()
    assert raw["leads"].find_one() == {"_id": "x", "name": "Ann"}
    run("mongodb_migrate", "crm", "0001")
    assert raw["leads"].find_one() == {"_id": "x", "name": "Ann", "source": "web"}  # the default again
    assert not raw["memo"].count_documents({})  # recreated empty, with its indexes
    assert {index["name"] for index in raw["memo"].list_indexes()} == {"_id_", "text_1"}


def test_a_collection_renamed(project: MigrationProject, raw: Database[dict[str, Any]]) -> None:
    project.declare(
        "crm", 'class Lead(Document):\n    name = StringField()\n    meta = {"collection": "leads"}\n'
    )
    run("mongodb_makemigrations", "crm")
    run("mongodb_migrate", "crm")
    raw["leads"].insert_one({"_id": "x", "name": "Ann"})
    project.declare(
        "crm", 'class Lead(Document):\n    name = StringField()\n    meta = {"collection": "prospects"}\n'
    )
    out, _ = run("mongodb_makemigrations", "crm", "--noinput")
    assert "Rename collection leads to prospects" in out and "Delete" not in out
    try:
        run("mongodb_migrate", "crm")
    except CommandError as exc:
        if "renameCollection only supports namespaces in the current database" not in str(exc):
            raise
        pytest.skip(
            "the test server refuses renameCollection sent to the admin database, as MongoDB takes it"
        )
    assert raw["prospects"].find_one() == {"_id": "x", "name": "Ann"}
    run("mongodb_migrate", "crm", "0001")
    assert raw["leads"].find_one() == {"_id": "x", "name": "Ann"}


def test_validator_and_capped_options_are_tracked(project: MigrationProject) -> None:
    documents = project.declare(
        "crm",
        """
        class Audit(Document):
            line = StringField(required=True)
            meta = {"validator": True, "max_documents": 10, "max_size": 4096}
        """,
    )
    declared = state_from_documents([documents.Audit])
    [created] = detect(declared.of_app("nothing"), declared)
    assert isinstance(created, CreateCollection)
    assert (
        created.options["capped"] is True and created.options["size"] == 4096 and created.options["max"] == 10
    )
    assert created.options["validator"]["$jsonSchema"]["required"] == ["line"]
    without = project.declare("crm", "class Audit(Document):\n    line = StringField(required=True)\n")
    [altered] = detect(declared, state_from_documents([without.Audit]))
    assert altered == AlterValidator("audit", None)


def test_a_required_field_without_default_is_flagged(project: MigrationProject) -> None:
    project.declare("crm", "class Lead(Document):\n    name = StringField()\n")
    run("mongodb_makemigrations", "crm")
    project.declare(
        "crm", "class Lead(Document):\n    name = StringField()\n    owner = StringField(required=True)\n"
    )
    _, err = run("mongodb_makemigrations", "crm")
    assert "lead.owner is required and has no default: documents stored before this migration lack it" in err


@needs_mongodb("collMod")
def test_alter_validator_forwards_and_backwards(
    project: MigrationProject, raw: Database[dict[str, Any]]
) -> None:
    project.declare("crm", "class Audit(Document):\n    line = StringField(required=True)\n")
    run("mongodb_makemigrations", "crm")
    run("mongodb_migrate", "crm")
    project.declare(
        "crm",
        'class Audit(Document):\n    line = StringField(required=True)\n    meta = {"validator": True}\n',
    )
    out, _ = run("mongodb_makemigrations", "crm")
    assert "Alter the validator of audit" in out
    run("mongodb_migrate", "crm")
    assert raw["audit"].options()["validator"]["$jsonSchema"]["required"] == ["line"]
    run("mongodb_migrate", "crm", "0001")
    assert not raw["audit"].options().get("validator")


def test_a_callable_default_is_called_for_each_backfill(
    project: MigrationProject, raw: Database[dict[str, Any]]
) -> None:
    project.declare("crm", "class Lead(Document):\n    name = StringField()\n")
    run("mongodb_makemigrations", "crm")
    run("mongodb_migrate", "crm")
    raw["lead"].insert_one({"_id": "x", "name": "Ann"})
    project.declare(
        "crm",
        "import datetime\nclass Lead(Document):\n    name = StringField()\n"
        "    seen = DateTimeField(default=datetime.datetime.now)\n",
    )
    run("mongodb_makemigrations", "crm")
    assert "default_factory='datetime.datetime.now'" in project.migrations("crm")[1].read_text()
    run("mongodb_migrate", "crm")
    assert isinstance(raw["lead"].find_one()["seen"], datetime.datetime)
    project.declare(
        "crm",
        "class Lead(Document):\n    name = StringField()\n    seen = DateTimeField(default=lambda: None)\n",
    )
    with pytest.raises(CommandError, match=r"Lead\.seen is a callable without an importable name"):
        run("mongodb_makemigrations", "crm")
