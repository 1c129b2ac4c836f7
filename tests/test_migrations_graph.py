"""Migration files and their graph: two apps with dependencies, cycles, bad files, --plan, --fake, --list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError
from django.test import override_settings
from pymongo.database import Database

from mongodb_rest import Document
from mongodb_rest.document import registry
from mongodb_rest.fields import StringField
from tests.migration_project import MigrationProject, run

CREATE_AUTHORS = """
from mongodb_rest import document_migrations as migrations

dependencies = []

operations = [migrations.CreateCollection(name="authors", fields={"name": migrations.Field("StringField")})]
"""
CREATE_POSTS = """
from mongodb_rest import document_migrations as migrations

dependencies = [("people", "0001_initial")]

operations = [migrations.CreateCollection(name="posts", fields={"title": migrations.Field("StringField")})]
"""


@pytest.fixture
def project(tmp_path: Path, db_name: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[MigrationProject]:
    monkeypatch.syspath_prepend(str(tmp_path))
    made = MigrationProject(tmp_path)
    made.add_app("people")
    made.add_app("blog")
    made.write_migration("people", "0001_initial", CREATE_AUTHORS)
    made.write_migration("blog", "0001_initial", CREATE_POSTS)
    try:
        with override_settings(MONGODB_MIGRATION_MODULES=made.modules()):
            yield made
    finally:
        made.close()


def applied(raw: Database[dict[str, Any]]) -> list[str]:
    return sorted(doc["_id"] for doc in raw["mongodb_migrations"].find())


def test_an_app_is_migrated_after_the_apps_it_depends_on(
    project: MigrationProject, raw: Database[dict[str, Any]]
) -> None:
    out, _ = run("mongodb_migrate", "blog", "--plan")
    assert out.splitlines() == [
        "Apply people.0001_initial",
        "    Create collection authors",
        "Apply blog.0001_initial",
        "    Create collection posts",
    ]
    assert not raw.list_collection_names()  # --plan runs nothing
    out, _ = run("mongodb_migrate", "blog")
    assert out.index("Applying people.0001_initial") < out.index("Applying blog.0001_initial")
    assert {"authors", "posts"} <= set(raw.list_collection_names())
    out, _ = run("mongodb_migrate", "people", "zero")  # unapplies what depends on it first
    assert out.index("Unapplying blog.0001_initial") < out.index("Unapplying people.0001_initial")
    assert applied(raw) == [] and "posts" not in raw.list_collection_names()
    assert run("mongodb_migrate", "people", "zero")[0] == "No migrations to apply.\n"


def test_fake_records_without_running_and_list_shows_what_is_applied(
    project: MigrationProject, raw: Database[dict[str, Any]]
) -> None:
    out, _ = run("mongodb_migrate", "people", "--fake")
    assert "Applying people.0001_initial (fake)..." in out
    assert applied(raw) == ["people.0001_initial"] and "authors" not in raw.list_collection_names()
    out, _ = run("mongodb_migrate", "--list")
    assert out.splitlines() == ["blog", " [ ] 0001_initial", "people", " [X] 0001_initial"]
    project.write_migration("people", "0001_initial", CREATE_AUTHORS + "\n# edited\n")
    out, _ = run("mongodb_migrate", "--list")
    assert " [X] 0001_initial (edited since it was applied)" in out
    run("mongodb_migrate", "people", "zero", "--fake")
    assert applied(raw) == []


def test_bad_graphs_and_files_are_named(project: MigrationProject) -> None:
    project.write_migration(
        "people",
        "0001_initial",
        CREATE_AUTHORS.replace("dependencies = []", 'dependencies = [("blog", "0001_initial")]'),
    )
    with pytest.raises(CommandError, match=r"in a cycle: blog\.0001_initial -> people\.0001_initial -> blog"):
        run("mongodb_migrate")
    project.write_migration("people", "0001_initial", CREATE_AUTHORS)
    project.write_migration(
        "people", "0002_more", 'dependencies = [("blog", "0009_gone")]\noperations = []\n'
    )
    with pytest.raises(
        CommandError, match=r"people\.0002_more depends on blog\.0009_gone, which does not exist"
    ):
        run("mongodb_migrate")
    project.write_migration("people", "0002_more", "import not_a_module_anywhere\n")
    with pytest.raises(CommandError, match=r"people\.0002_more \(.*0002_more\.py\) does not import"):
        run("mongodb_migrate")
    project.write_migration("people", "0002_more", "dependencies = []\noperations = ['create it']\n")
    with pytest.raises(CommandError, match=r"'create it' is not a migration operation"):
        run("mongodb_makemigrations", "people", "--check")
    project.write_migration(
        "people", "0002_more", 'dependencies = [("people", "0001_initial")]\noperations = []\n'
    )
    with pytest.raises(
        CommandError, match=r"'0007' names no migration of the app 'people' \(it has: 0001_initial, "
    ):
        run("mongodb_migrate", "people", "0007")
    with pytest.raises(CommandError, match=r"The app 'nobody' has no migrations\."):
        run("mongodb_migrate", "nobody")


def test_documents_outside_any_app_are_named_and_empty_needs_labels(project: MigrationProject) -> None:
    class Stray(Document):
        name = StringField()
        meta = {"app_label": "nowhere"}

    try:
        _, err = run("mongodb_makemigrations", "--dry-run")
    finally:
        registry._classes["Stray"].remove(Stray)  # not met by later tests
    assert "Documents of " in err and "'nowhere'" in err and "have no migrations" in err
    with pytest.raises(CommandError, match="--empty writes a migration for the apps named"):
        run("mongodb_makemigrations", "--empty")
    out, _ = run("mongodb_makemigrations", "people", "--empty", "--name", "later")
    assert project.migrations("people")[-1].name == "0002_later.py"
    assert "dependencies = [('people', '0001_initial')]" in project.migrations("people")[-1].read_text()
    assert "No changes detected" not in out
