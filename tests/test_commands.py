"""Management commands: mongodb_indexes (create, --check, --drop-extra), mongodb_inspect (report and
--models), mongodb_ping."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from pymongo import MongoClient
from pymongo.database import Database

from mongodb_rest import Document, connect, disconnect
from mongodb_rest.fields import StringField

ROOT = Path(__file__).resolve().parent.parent


class Warehouse(Document):
    code = StringField(required=True, unique=True)
    city = StringField()
    meta = {
        "app_label": "inventory",
        "collection": "warehouses",
        "indexes": ["city", {"fields": ["-code", "city"], "sparse": True}],
    }


class Item(Document):
    name = StringField()
    meta = {"app_label": "inventory", "collection": "items", "allow_inheritance": True, "indexes": ["name"]}


class Part(Item):
    serial = StringField(unique=True)


class StockLog(Document):
    line = StringField()
    meta = {"app_label": "inventory", "collection": "stock_log", "max_documents": 10, "max_size": 65536}


class RemoteThing(Document):
    name = StringField()
    meta = {"app_label": "inventory", "db_alias": "remote"}


def run(*args: str, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def index_names(raw: Database[dict[str, Any]], collection: str) -> set[str]:
    return {index["name"] for index in raw[collection].list_indexes()}


def test_indexes_are_created_for_every_document_of_the_app(
    db_name: str, raw: Database[dict[str, Any]]
) -> None:
    out, _ = run("mongodb_indexes", "inventory")
    assert index_names(raw, "warehouses") == {"_id_", "city_1", "code_-1_city_1", "code_1"}
    assert index_names(raw, "items") == {"_id_", "name_1", "serial_1"}  # the hierarchy shares one
    assert "warehouses (inventory.Warehouse): created city_1" in out
    assert "items (inventory.Item, inventory.Part): created serial_1" in out
    assert raw["stock_log"].options()["capped"] is True  # created as the documents' first use would
    assert "RemoteThing" not in out  # another connection's document
    again, _ = run("mongodb_indexes", "inventory")
    assert again.count("up to date") == 3
    checked, _ = run("mongodb_indexes", "inventory", "--check")
    assert checked.count("in sync") == 3


def test_check_reports_drift_and_changes_nothing(db_name: str, raw: Database[dict[str, Any]]) -> None:
    run("mongodb_indexes", "inventory.Warehouse")
    raw["warehouses"].drop_index("city_1")
    raw["warehouses"].create_index("legacy")
    before = index_names(raw, "warehouses")
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Indexes differ from the declarations in 1 collection\(s\)"):
        call_command("mongodb_indexes", "inventory.warehouse", "--check", stdout=out)
    assert "warehouses (inventory.Warehouse): indexes differ" in out.getvalue()
    assert "+ missing city_1 {city: 1}" in out.getvalue()
    assert "- extra legacy_1 {legacy: 1}" in out.getvalue()
    assert index_names(raw, "warehouses") == before


def test_extra_indexes_stay_unless_dropped(db_name: str, raw: Database[dict[str, Any]]) -> None:
    raw["warehouses"].create_index("legacy")
    run("mongodb_indexes", "inventory.Warehouse")
    assert "legacy_1" in index_names(raw, "warehouses")
    out, _ = run("mongodb_indexes", "inventory.Warehouse", "--drop-extra")
    assert "dropped legacy_1" in out
    assert index_names(raw, "warehouses") == {"_id_", "city_1", "code_-1_city_1", "code_1"}


def test_changed_indexes_are_rebuilt_only_with_drop_extra(
    db_name: str, raw: Database[dict[str, Any]]
) -> None:
    raw["warehouses"].create_index("city", unique=True)
    err = io.StringIO()
    with pytest.raises(CommandError, match="could not be brought in line"):
        call_command("mongodb_indexes", "inventory.Warehouse", stdout=io.StringIO(), stderr=err)
    assert "city_1 differs from its declaration: rerun with --drop-extra to rebuild it." in err.getvalue()
    assert raw["warehouses"].index_information()["city_1"]["unique"] is True  # left alone
    assert "code_1" in index_names(raw, "warehouses")  # what was missing was still created
    run("mongodb_indexes", "inventory.Warehouse", "--drop-extra")
    assert not raw["warehouses"].index_information()["city_1"].get("unique")


def test_bad_arguments_are_refused(db_name: str) -> None:
    with pytest.raises(CommandError, match="cannot be combined with --drop-extra"):
        run("mongodb_indexes", "--check", "--drop-extra")
    with pytest.raises(CommandError, match="No document matches 'no_such_app'"):
        run("mongodb_indexes", "no_such_app")
    with pytest.raises(CommandError, match="No connection 'remote' is registered"):
        run("mongodb_indexes", "inventory", "--database", "remote")


def test_indexes_of_another_connection(
    db_name: str, mongo_uri: str, raw_client: MongoClient[dict[str, Any]]
) -> None:
    remote = f"remote_{uuid.uuid4().hex[:10]}"
    connect(remote, alias="remote", host=mongo_uri)
    try:
        out, _ = run("mongodb_indexes", "inventory", "--database", "remote")
        assert "remote_thing (inventory.RemoteThing): up to date" in out
        assert "warehouses" not in out
    finally:
        disconnect("remote")
        raw_client.drop_database(remote)


def test_inspect_reports_collections(db_name: str, raw: Database[dict[str, Any]]) -> None:
    raw["people"].insert_many(
        [
            {"name": "Ann", "age": 31, "tags": ["a"], "address": {"city": "Oslo"}},
            {"name": "Bob", "age": None, "tags": [], "address": {"city": "Rome", "zip": "00100"}},
        ]
    )
    raw["people"].create_index("name", unique=True)
    out, _ = run("mongodb_inspect")
    assert f"Database '{db_name}' (connection 'default'): 1 collection(s)" in out
    assert "people: 2 document(s)" in out
    assert "index name_1 {name: 1} unique" in out
    lines = [line.split(None, 1) for line in out.splitlines() if line.startswith("    ")]
    fields = {path: kinds for path, kinds in lines}
    assert fields["name"] == "string 100%"
    assert fields["age"] == "int 50%, null 50%"
    assert fields["tags"] == "array<string> 100%"
    assert fields["address.zip"] == "string 50%, missing 50%"


def test_inspect_models_writes_working_documents(db_name: str, raw: Database[dict[str, Any]]) -> None:
    raw["blog_posts"].insert_many(
        [
            {
                "title": "One",
                "views": 3,
                "first-name": "x",
                "class": "a",
                "tags": ["t"],
                "author": {"name": "Ann", "links": [{"url": "u"}]},
                "score": 1,
            },
            {
                "title": "Two",
                "views": 2**40,
                "tags": [],
                "author": {"name": "Bob"},
                "score": 2.5,
                "mixed": "s",
            },
            {"title": "Three", "views": 1, "tags": ["u"], "author": {"name": "Cy"}, "mixed": 3},
        ]
    )
    raw["blog_posts"].create_index([("title", 1), ("views", -1)], unique=True)
    raw["blog_posts"].create_index("author.name")
    raw["fs.files"].insert_one({"filename": "f"})
    raw["fs.chunks"].insert_one({"n": 0})
    source, _ = run("mongodb_inspect", "--models")
    assert "class BlogPosts(Document):" in source
    assert "    title = StringField(required=True)" in source
    assert "    views = LongField(required=True)" in source
    assert '    first_name = StringField(db_field="first-name")' in source
    assert '    class_ = StringField(db_field="class")' in source
    assert "    score = FloatField()" in source
    assert "    mixed: Any = None  # seen: " in source
    assert "    author = EmbeddedDocumentField(BlogPostsAuthor, required=True)" in source
    assert "    links = ListField(EmbeddedDocumentField(BlogPostsAuthorLinks))" in source
    assert '"indexes": [{"fields": ["title", "-views"], "unique": True}, "author.name"]}' in source
    assert "GridFS bucket 'fs' left out" in source and "class FsFiles" not in source
    namespace: dict[str, Any] = {"__name__": "tests.generated_models"}
    exec(compile(source, "generated_models.py", "exec"), namespace)
    posts = namespace["BlogPosts"]
    assert posts.sync.objects.count() == 3
    first = posts.sync.objects.get(title="One")
    assert first.first_name == "x" and first.author.links[0].url == "u"
    assert posts.sync.index_diff().lines() == []  # the indexes it declares are the ones there


def test_inspect_refuses_unknown_collections_and_bad_samples(db_name: str) -> None:
    with pytest.raises(CommandError, match="No collection named nothing"):
        run("mongodb_inspect", "nothing")
    with pytest.raises(CommandError, match="--sample must be at least 1"):
        run("mongodb_inspect", "--sample", "0")


def test_ping(db_name: str) -> None:
    out, _ = run("mongodb_ping")
    assert out.startswith("Connection 'default': MongoDB 7.0")
    assert f"database '{db_name}', ping " in out


def test_ping_reports_an_unreachable_server_without_credentials() -> None:
    connect("down", alias="down", host="mongodb://admin:hunter22@127.0.0.1:9/?directConnection=true")
    try:
        with pytest.raises(CommandError) as caught:
            run("mongodb_ping", "--database", "down", "--timeout", "0.3")
        assert "Cannot reach MongoDB (connection 'down')" in str(caught.value)
        assert "hunter22" not in str(caught.value)
    finally:
        disconnect("down")
    with pytest.raises(CommandError, match="--timeout must be a positive number"):
        run("mongodb_ping", "--timeout", "0")


@pytest.fixture
def library_project(
    mongo_uri: str, raw_client: MongoClient[dict[str, Any]], tmp_path: Path
) -> Iterator[dict[str, str]]:
    name = f"library_{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.library.settings",
        "MONGODB_URI": mongo_uri,
        "LIBRARY_DB": name,
        "LIBRARY_SQLITE": str(tmp_path / "library.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    yield env
    raw_client.drop_database(name)


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", *args], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT
    )


def test_commands_in_a_project_cover_every_document(library_project: dict[str, str]) -> None:
    checked = manage(library_project, "mongodb_indexes", "--check")
    assert checked.returncode == 1
    assert "library_books (library.Book): indexes differ" in checked.stdout
    assert "+ missing isbn_1" in checked.stdout and "library_authors (library.Author)" in checked.stdout
    assert "Indexes differ from the declarations in 2 collection(s)." in checked.stderr
    created = manage(library_project, "mongodb_indexes")
    assert created.returncode == 0, created.stderr
    assert "library_books (library.Book): created added_at_-1" in created.stdout
    assert manage(library_project, "mongodb_indexes", "--check").returncode == 0
    pinged = manage(library_project, "mongodb_ping")
    assert pinged.returncode == 0 and "MongoDB 7.0" in pinged.stdout
