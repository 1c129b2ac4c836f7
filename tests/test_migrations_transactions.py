"""A small data-only migration runs in one transaction with its record, where the server has them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from pymongo.database import Database

from tests.conftest import CommandRecorder, needs_mongodb
from tests.migration_project import MigrationProject, run

V1 = "class Task(Document):\n    title = StringField()\n"
V2 = V1 + '    state = StringField(default="open")\n'


@pytest.fixture
def project(tmp_path: Path, db_name: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[MigrationProject]:
    monkeypatch.syspath_prepend(str(tmp_path))
    made = MigrationProject(tmp_path)
    made.add_app("todo")
    try:
        with override_settings(MONGODB_MIGRATION_MODULES=made.modules()):
            yield made
    finally:
        made.close()


def backfill(project: MigrationProject, raw: Database[dict[str, Any]], commands: CommandRecorder) -> None:
    project.declare("todo", V1)
    run("mongodb_makemigrations", "todo")
    run("mongodb_migrate", "todo")
    raw["task"].insert_many([{"_id": f"t{i}", "title": str(i)} for i in range(5)])
    project.declare("todo", V2)
    run("mongodb_makemigrations", "todo")
    commands.clear()
    run("mongodb_migrate", "todo")
    assert raw["task"].count_documents({"state": "open"}) == 5


def in_a_transaction(commands: CommandRecorder, name: str) -> list[bool]:
    return [command.get("autocommit") is False for command in commands.named(name)]


def test_a_standalone_server_runs_migrations_without_a_transaction(
    project: MigrationProject, raw: Database[dict[str, Any]], commands: CommandRecorder
) -> None:
    if raw.client.topology_description.topology_type_name != "Single":
        pytest.skip("the server has transactions")
    backfill(project, raw, commands)
    assert in_a_transaction(commands, "update") == [False, False]  # the backfill, then the record


@needs_mongodb("transactions (a replica set)")
def test_a_small_backfill_runs_in_one_transaction_with_its_record(
    project: MigrationProject, raw: Database[dict[str, Any]], commands: CommandRecorder
) -> None:
    backfill(project, raw, commands)
    assert set(in_a_transaction(commands, "update")) == {True}  # the backfill and the record


@needs_mongodb("transactions (a replica set)")
def test_a_backfill_over_the_limit_runs_batch_by_batch(
    project: MigrationProject, raw: Database[dict[str, Any]], commands: CommandRecorder
) -> None:
    with override_settings(MONGODB_MIGRATIONS_ATOMIC_LIMIT=4):
        backfill(project, raw, commands)
    assert set(in_a_transaction(commands, "update")) == {False}
