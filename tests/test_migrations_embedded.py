"""Fields of embedded documents are tracked through the documents embedding them, inside lists too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from pymongo.database import Database

from tests.migration_project import MigrationProject, run

ORDER = """
class Address(EmbeddedDocument):
    {address}


class Line(EmbeddedDocument):
    {line}


class Order(Document):
    address = EmbeddedDocumentField(Address)
    lines = ListField(EmbeddedDocumentField(Line))
    meta = {{"collection": "orders"}}
"""


def order(address: str, line: str) -> str:
    return ORDER.format(address=address.replace("; ", "\n    "), line=line.replace("; ", "\n    "))


@pytest.fixture
def project(tmp_path: Path, db_name: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[MigrationProject]:
    monkeypatch.syspath_prepend(str(tmp_path))
    made = MigrationProject(tmp_path)
    made.add_app("sales")
    try:
        with override_settings(MONGODB_MIGRATION_MODULES=made.modules()):
            yield made
    finally:
        made.close()


def test_embedded_fields_are_added_renamed_and_removed_in_every_item(
    project: MigrationProject, raw: Database[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    project.declare("sales", order("city = StringField()", "sku = StringField(); qty = IntField()"))
    run("mongodb_makemigrations", "sales")
    run("mongodb_migrate", "sales")
    raw["orders"].insert_many(
        [
            {"_id": "o1", "address": {"city": "Oslo"}, "lines": [{"sku": "a", "qty": 1}, {"sku": "b"}]},
            {"_id": "o2"},
        ]
    )

    project.declare(
        "sales",
        order(
            'city = StringField(); country = StringField(default="NO")',
            'sku = StringField(); qty = IntField(); note = StringField(default="")',
        ),
    )
    out, _ = run("mongodb_makemigrations", "sales")
    assert "Add field address.country to orders (backfilled" in out
    assert "Add field lines.$[].note to orders (backfilled" in out
    run("mongodb_migrate", "sales")
    assert raw["orders"].find_one({"_id": "o1"}) == {
        "_id": "o1",
        "address": {"city": "Oslo", "country": "NO"},
        "lines": [{"sku": "a", "qty": 1, "note": ""}, {"sku": "b", "note": ""}],
    }
    assert raw["orders"].find_one({"_id": "o2"}) == {"_id": "o2"}  # no address made up

    project.declare(
        "sales",
        order(
            'town = StringField(); country = StringField(default="NO")',
            'code = StringField(); qty = IntField(); note = StringField(default="")',
        ),
    )
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "y")
    out, _ = run("mongodb_makemigrations", "sales")
    assert asked == [
        "Did you rename orders.address.city to orders.address.town? [y/N] ",
        "Did you rename orders.lines.$[].sku to orders.lines.$[].code? [y/N] ",
    ]
    run("mongodb_migrate", "sales")
    assert raw["orders"].find_one({"_id": "o1"}) == {
        "_id": "o1",
        "address": {"country": "NO", "town": "Oslo"},
        "lines": [{"qty": 1, "note": "", "code": "a"}, {"note": "", "code": "b"}],
    }

    project.declare(
        "sales", order('town = StringField(); country = StringField(default="NO")', "code = StringField()")
    )
    out, _ = run("mongodb_makemigrations", "sales")
    assert "Remove field lines.$[].qty from orders" in out and "lines.$[].note" in out
    run("mongodb_migrate", "sales")
    assert raw["orders"].find_one({"_id": "o1"})["lines"] == [{"code": "a"}, {"code": "b"}]

    run("mongodb_migrate", "sales", "0002")  # back through the removal and both renames
    restored = raw["orders"].find_one({"_id": "o1"})
    assert restored["address"] == {"country": "NO", "city": "Oslo"}
    assert [line["sku"] for line in restored["lines"]] == ["a", "b"]
    assert [line.get("note") for line in restored["lines"]] == ["", ""]  # its default again


def test_renaming_an_embedding_field_moves_what_is_inside(
    project: MigrationProject, raw: Database[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    project.declare("sales", order("city = StringField()", "sku = StringField()"))
    run("mongodb_makemigrations", "sales")
    project.declare(
        "sales", order("city = StringField()", "sku = StringField()").replace("lines =", "items =")
    )
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    out, _ = run("mongodb_makemigrations", "sales", "--dry-run")
    assert out.splitlines()[1:] == ["  - Rename field lines of orders to items"]
