"""Switches and transactions are per task and per thread; clean() crosses worlds through asgiref."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest import Document, ValidationError
from mongodb_rest.context_managers import atomic, switch_collection
from mongodb_rest.fields import StringField

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]
clean_threads: list[int] = []


class Note(Document):
    text = StringField(required=True)

    def clean(self) -> None:
        clean_threads.append(threading.get_ident())
        if self.text == "bad":
            raise ValueError("Bad notes are refused.")


class Memo(Document):
    text = StringField(required=True)

    async def clean(self) -> None:
        await asyncio.sleep(0)
        if self.text == "bad":
            raise ValidationError("Bad memos are refused.")


async def test_switches_do_not_leak_between_tasks(raw: Raw) -> None:
    started = asyncio.Event()

    async def archived() -> None:
        with switch_collection(Note, "archived_notes"):
            started.set()
            await asyncio.sleep(0.05)
            await Note(text="archived").save()

    async def plain() -> None:
        await started.wait()
        await Note(text="plain").save()

    await asyncio.gather(archived(), plain())
    assert [doc["text"] for doc in raw.note.find()] == ["plain"]
    assert [doc["text"] for doc in raw.archived_notes.find()] == ["archived"]


def test_switches_and_transactions_do_not_leak_between_threads(raw: Raw) -> None:
    inside = threading.Event()
    release = threading.Event()

    def switched_and_atomic() -> None:
        with switch_collection(Note.sync, "archived_notes"), atomic():
            Note.sync(text="in transaction").save()
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=switched_and_atomic)
    worker.start()
    inside.wait(5)
    assert Note.sync.objects.count() == 0  # this thread is neither switched nor in that transaction
    with switch_collection(Note.sync, "archived_notes"):
        assert Note.sync.objects.count() == 0  # not committed yet
    release.set()
    worker.join(5)
    assert raw.note.count_documents({}) == 0
    assert [doc["text"] for doc in raw.archived_notes.find()] == ["in transaction"]


async def test_a_plain_clean_runs_off_the_loop_thread_on_the_async_face(raw: Raw) -> None:
    clean_threads.clear()
    await Note(text="fine").save()
    assert clean_threads and clean_threads[0] != threading.get_ident()
    with pytest.raises(ValidationError, match="Bad notes"):
        await Note(text="bad").save()
    assert raw.note.count_documents({}) == 1


def test_an_async_clean_runs_from_the_sync_face(raw: Raw) -> None:
    Memo.sync(text="fine").save()
    with pytest.raises(ValidationError, match="Bad memos"):
        Memo.sync(text="bad").save()
    assert raw.memo.count_documents({}) == 1
