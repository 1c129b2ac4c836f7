"""Migration files and their graph: two apps with dependencies, cycles, bad files, --plan, --fake, --list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError
from django.test import override_settings
from pymongo.database import Database

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
