"""A backfill killed half way (mongodb_migrate in a subprocess) completes when mongodb_migrate runs again."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient

from tests.conftest import EMBEDDED

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 600  # the embedded server inserts slowly: as few as still shows the resume
BATCH = 20 if EMBEDDED else 1  # a real MongoDB updates fast: smaller batches leave time to kill it


@pytest.fixture
def project(
    mongo_uri: str, raw_client: MongoClient[dict[str, Any]], tmp_path: Path
) -> Iterator[dict[str, str]]:
    name = f"resume_{uuid.uuid4().hex[:10]}"
    app = tmp_path / "resumeapp"
    (app / "mongo_migrations").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "mongo_migrations" / "__init__.py").write_text("")
    (app / "documents.py").write_text(
        textwrap.dedent(
            """
            from mongodb_rest import Document
            from mongodb_rest.fields import StringField


            class Member(Document):
                name = StringField()
                plan = StringField(default="free")
                meta = {"collection": "members"}
            """
        )
    )
    (app / "mongo_migrations" / "0001_initial.py").write_text(
        textwrap.dedent(
            """
            from mongodb_rest import document_migrations as migrations

            dependencies = []

            operations = [
                migrations.CreateCollection(
                    name="members", fields={"name": migrations.Field(type="StringField")}
                ),
            ]
            """
        )
    )
    (app / "mongo_migrations" / "0002_add_plan.py").write_text(
        textwrap.dedent(
            """
            from mongodb_rest import document_migrations as migrations

            dependencies = [("resumeapp", "0001_initial")]

            operations = [
                migrations.AddField(
                    collection="members", name="plan", field=migrations.Field("StringField", default="free")
                ),
            ]
            """
        )
    )
    (tmp_path / "resume_settings.py").write_text(
        textwrap.dedent(
            f"""
            import os

            SECRET_KEY = "tests-only"
            USE_TZ = True
            INSTALLED_APPS = ["mongodb_rest", "resumeapp"]
            MONGODB_SETTINGS = {{"host": os.environ["MONGODB_URI"], "db": {name!r}}}
            """
        )
    )
    yield {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "resume_settings",
        "MONGODB_URI": mongo_uri,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src"), str(ROOT)]),
        "DB": name,
    }
    raw_client.drop_database(name)


def migrate(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "django", "mongodb_migrate", "--batch-size", str(BATCH), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_a_killed_backfill_completes_when_run_again(
    project: dict[str, str], raw_client: MongoClient[dict[str, Any]]
) -> None:
    raw = raw_client[project["DB"]]
    first = migrate(project, "resumeapp", "0001")
    assert first.wait(60) == 0, first.communicate()
    raw["members"].insert_many([{"_id": f"m{i:05d}", "name": f"member {i}"} for i in range(DOCUMENTS)])
    raw["members"].update_one({"_id": "m00000"}, {"$set": {"plan": "gold"}})  # set before: kept

    running = migrate(project)
    deadline = time.monotonic() + 60
    while raw["members"].count_documents({"plan": "free"}) < 3 * BATCH:
        assert running.poll() is None, running.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02 if EMBEDDED else 0)
    running.kill()
    running.wait(10)
    done = raw["members"].count_documents({"plan": {"$exists": True}})
    assert done < DOCUMENTS  # killed half way
    applied = [doc["_id"] for doc in raw["mongodb_migrations"].find()]
    assert applied == ["resumeapp.0001_initial"]  # recorded only once every operation finished

    again = migrate(project)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert f"members.plan: {DOCUMENTS - done}/{DOCUMENTS - done} documents" in out
    assert raw["members"].count_documents({"plan": "free"}) == DOCUMENTS - 1
    assert raw["members"].find_one({"_id": "m00000"})["plan"] == "gold"
    assert sorted(doc["_id"] for doc in raw["mongodb_migrations"].find()) == [
        "resumeapp.0001_initial",
        "resumeapp.0002_add_plan",
    ]
