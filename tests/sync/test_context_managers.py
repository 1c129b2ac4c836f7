# Generated from tests/aio/test_context_managers.py by tools/unasync.py: do not edit.
"""switch_db, switch_collection and atomic on the async face, against a real server."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from mongodb_rest.context_managers import atomic, switch_collection, switch_db
from mongodb_rest.fields import IntField, StringField
from mongodb_rest.sync import Document, ValidationError, connect

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Account(Document):
    owner = StringField(required=True)
    balance = IntField(min_value=0, default=0)
    meta = {"indexes": ["owner"]}

    def clean(self) -> None:
        if self.owner == "mallory":
            raise ValidationError("No accounts for mallory.")


def test_switch_collection(raw: Raw) -> None:
    with switch_collection(Account, "archived_accounts") as switched:
        assert switched is Account
        Account(owner="old").save()
        assert Account.objects.count() == 1
    assert Account.objects.count() == 0
    assert raw.archived_accounts.count_documents({}) == 1
    assert "owner_1" in raw.archived_accounts.index_information()  # prepared like the usual collection


def test_switch_db(raw: Raw, mongo_uri: str, raw_client: MongoClient[dict[str, Any]]) -> None:
    backup = f"{raw.name}_backup"
    connect(backup, alias="backup", host=mongo_uri)
    try:
        with switch_db(Account, "backup"):
            Account(owner="copy").save()
            assert [a.owner for a in Account.objects.all()] == ["copy"]
        assert raw_client[backup].account.count_documents({}) == 1
        assert raw.account.count_documents({}) == 0
    finally:
        raw_client.drop_database(backup)


def test_atomic_commits_together(raw: Raw) -> None:
    with atomic():
        Account(owner="ann", balance=10).save()
        Account(owner="bob", balance=5).save()
        assert Account.objects.count() == 2  # the transaction reads its own writes
    assert raw.account.count_documents({}) == 2


def test_atomic_rolls_everything_back_on_error(raw: Raw) -> None:
    Account(owner="ann", balance=10).save()
    with pytest.raises(RuntimeError, match="boom"):
        with atomic():
            Account.objects.filter(owner="ann").update(inc__balance=-10)
            Account(owner="bob", balance=10).save()
            raise RuntimeError("boom")
    assert raw.account.count_documents({}) == 1
    assert raw.account.find_one({})["balance"] == 10  # type: ignore[index]


def test_nested_atomic_joins_the_outer_transaction(raw: Raw) -> None:
    with pytest.raises(ValidationError):
        with atomic():
            Account(owner="ann").save()
            with atomic():
                Account(owner="bob").save()
            Account(owner="mallory").save()  # clean() refuses it: everything goes
    assert raw.account.count_documents({}) == 0


def test_atomic_without_durability_on_a_standalone_server(raw: Raw) -> None:
    with pytest.raises(RuntimeError):
        with atomic(durable=False):
            Account(owner="kept").save()
            raise RuntimeError("no rollback without a transaction")
    standalone = raw.client.topology_description.topology_type_name == "Single"
    assert raw.account.count_documents({}) == (1 if standalone else 0)  # standalone: no transaction ran


def test_clean_refuses_before_any_write(raw: Raw) -> None:
    with pytest.raises(ValidationError, match="mallory"):
        Account(owner="mallory").save()
    with pytest.raises(ValidationError):
        Account.objects.bulk_create([Account(owner="ok"), Account(owner="mallory")])
    assert raw.account.count_documents({}) == 0
