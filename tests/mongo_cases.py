"""MongoTestCase subclasses run by tests/test_testing_helpers.py (this module is not collected itself)."""

from __future__ import annotations

from mongodb_rest import Document, get_db, sync
from mongodb_rest.fields import StringField
from mongodb_rest.testing import MongoTestCase, query_counter

seen: list[tuple[str, str]] = []  # (test, database) as the cases saw them


class Note(Document):
    text = StringField(required=True, unique=True)
    meta = {"collection": "notes"}


class ArchivedNote(Document):
    text = StringField()
    meta = {"collection": "archived_notes", "db_alias": "archive"}


class NoteCases(MongoTestCase):
    def test_a_sync_face_uses_the_test_database(self) -> None:
        Note.sync.objects.create(text="sync")
        ArchivedNote.sync.objects.create(text="old")
        seen.append(("sync", sync.get_db().name))
        seen.append(("archive", sync.get_db("archive").name))
        self.assertEqual(Note.sync.objects.count(), 1)

    async def test_b_async_face_starts_empty(self) -> None:
        seen.append(("async", get_db().name))
        with query_counter() as queries:
            self.assertEqual(await Note.objects.count(), 0)
        self.assertEqual(queries.commands, ["createIndexes notes", "aggregate notes"])  # prepared again
        await Note.objects.create(text="sync")
        self.assertEqual(await ArchivedNote.objects.count(), 0)

    def test_c_indexes_come_back_after_emptying(self) -> None:
        Note.sync.objects.create(text="dup")
        from mongodb_rest.errors import NotUniqueError

        with self.assertRaises(NotUniqueError):
            Note.sync.objects.create(text="dup")


class DefaultOnlyCases(MongoTestCase):
    mongodb_aliases = ["default"]

    def test_only_default_is_switched(self) -> None:
        seen.append(("default-only", sync.get_db().name))
        seen.append(("archive-untouched", sync.get_db("archive").name))
