"""mongodb_indexes and merged index declarations: one index per key pattern, and --check in sync after."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from pymongo.database import Database

from mongodb_rest import Document
from mongodb_rest.fields import DateTimeField, EmailField, StringField

pytestmark = pytest.mark.usefixtures("db_name")


class Reader(Document):
    name = StringField()
    email = EmailField(unique=True)
    meta = {
        "app_label": "newsroom",
        "indexes": [
            "email",
            ("name", 1),
            {"fields": ["email"], "unique": True, "sparse": True, "background": True},
        ],
    }


class Headline(Document):
    title = StringField(required=True)
    created_at = DateTimeField()
    meta = {
        "app_label": "newsroom",
        "indexes": [
            "title",
            "-created_at",
            {"fields": ["title"], "unique": True, "sparse": True, "name": "uniq_title"},
        ],
    }


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("mongodb_indexes", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_merged_declarations_are_created_once_and_check_in_sync(raw: Database[dict[str, Any]]) -> None:
    created = _run("newsroom")
    assert "headline (newsroom.Headline): created uniq_title" in created
    assert "reader (newsroom.Reader): created email_1" in created
    assert {index["name"] for index in raw.headline.list_indexes()} == {"_id_", "uniq_title", "created_at_-1"}
    email = raw.reader.index_information()["email_1"]
    assert email["unique"] is True and email["sparse"] is True
    checked = _run("newsroom", "--check")
    assert checked.count("in sync") == 2, checked
