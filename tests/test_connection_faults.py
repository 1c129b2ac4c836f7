"""Registration refuses bad URI options by name, and sets each alias's deadline from ``timeout``; the
library's management commands run without it."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from motor.motor_asyncio import AsyncIOMotorClient

from mongodb_rest import ConnectionFailure, connect, disconnect_all
from mongodb_rest.conf import register_settings
from mongodb_rest.connection import registered
from mongodb_rest.fields import StringField
from mongodb_rest.sync import DeadlineExceeded, Document, deadline


@pytest.fixture(autouse=True)
def forget() -> Iterator[None]:
    yield
    disconnect_all()


@pytest.mark.parametrize(
    ("query", "option", "reason"),
    [
        ("serverSelectionTimeoutMS=abc", "serverSelectionTimeoutMS", "must be an integer or float"),
        ("authMechanism=NOPE", "authMechanism", "authmechanism must be in"),
        ("bogusOption=1", "bogusOption", "unknown option"),
        ("directConnection=true&w=majority;retryWrites=maybe", "retryWrites", "must be 'true' or 'false'"),
    ],
)
def test_bad_uri_options_raise_at_registration(query: str, option: str, reason: str) -> None:
    uri = f"mongodb://user:s3cret@localhost:27017/app?{query}"
    with pytest.raises(ConnectionFailure, match=f"Invalid option '{option}' in the URI") as raised:
        connect(uri)
    assert reason in str(raised.value)
    assert "s3cret" not in str(raised.value)
    with pytest.raises(ConnectionFailure, match=option):
        register_settings({"host": uri, "alias": "from_settings"})


def test_timeout_sets_the_client_deadlines() -> None:
    assert registered(connect("app", alias="web").alias).client_options["timeoutMS"] == 5000  # the default
    options = connect("app", alias="quick", timeout=0.5).client_options
    assert (options["timeoutMS"], options["serverSelectionTimeoutMS"]) == (500, 500)
    options = connect("app", alias="script", timeout=None).client_options
    assert "timeoutMS" not in options and "serverSelectionTimeoutMS" not in options
    options = connect("app", alias="own", serverSelectionTimeoutMS=2000).client_options
    assert (options["timeoutMS"], options["serverSelectionTimeoutMS"]) == (5000, 2000)
    options = connect("mongodb://localhost/app?timeoutMS=9000", alias="uri").client_options
    assert "timeoutMS" not in options  # the URI's own wins
    register_settings({"settings": {"NAME": "app", "TIMEOUT": 2}})
    assert registered("settings").client_options["timeoutMS"] == 2000


@pytest.mark.parametrize("timeout", [0, -1, "5", True])
def test_timeout_must_be_positive_seconds(timeout: object) -> None:
    with pytest.raises(ConnectionFailure, match="positive number of seconds"):
        connect("app", timeout=timeout)  # type: ignore[arg-type]


def test_a_given_client_keeps_its_own_deadline() -> None:
    client = AsyncIOMotorClient("mongodb://localhost/", timeoutMS=1000)
    with pytest.raises(ConnectionFailure, match="create the client with timeoutMS"):
        connect("app", client=client, timeout=1)
    assert connect("app", client=client).client is client


class Tiny(Document):
    name = StringField()
    meta = {"db_alias": "tiny"}


def test_the_library_commands_run_without_the_deadline(mongo_uri: str, raw_client: Any) -> None:
    name = f"tiny_{uuid.uuid4().hex[:8]}"
    raw_client[name].tiny.insert_one({"name": "stored"})
    try:
        connect(name, host=mongo_uri, alias="tiny", timeout=1e-5)  # no server answers that fast
        with pytest.raises(DeadlineExceeded):
            Tiny.objects.count()
        with deadline(None):
            assert Tiny.objects.count() == 1
        out = io.StringIO()
        call_command("mongodb_inspect", "--database", "tiny", stdout=out)
        assert "tiny" in out.getvalue()
    finally:
        raw_client.drop_database(name)
