# Generated from tests/aio/test_file_saves.py by tools/unasync.py: do not edit.
"""``save_with_files()``: new files stored, the document saved, the replaced or cleared files deleted;
when the save is refused, the new files are deleted and the document keeps its old ones."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pymongo.database import Database

from mongodb_rest.fields import FileField, StringField
from mongodb_rest.sync import Document, NotUniqueError
from mongodb_rest.sync.files import save_with_files

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Upload(io.BytesIO):
    """An uploaded file as Django hands it over: bytes with a name and a content type."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name
        self.content_type = "text/plain"


class Paper(Document):
    code = StringField(unique=True)
    draft = FileField()
    cover = FileField()


def stored_paper(code: str) -> Paper:
    paper = Paper(code=code)
    return save_with_files(paper, {"draft": Upload(b"v1", "v1.txt"), "cover": Upload(b"c", "c.txt")})


def test_replaced_and_cleared_files_go_once_saved(raw: Raw) -> None:
    paper = stored_paper("a")
    old_draft = paper.draft.grid_id
    save_with_files(paper, {"draft": Upload(b"v2", "v2.txt"), "cover": None})
    stored = Paper.objects.get(id=paper.id)
    assert stored.draft.read() == b"v2" and stored.draft.filename == "v2.txt" and not stored.cover
    assert [file["filename"] for file in raw.fs.files.find()] == ["v2.txt"]
    assert raw.fs.files.find_one({"_id": old_draft}) is None


def test_a_refused_save_deletes_the_new_files_and_keeps_the_old_ones(raw: Raw) -> None:
    stored_paper("taken")
    paper = stored_paper("b")
    before = (paper.draft.stored, paper.cover.stored)
    paper.code = "taken"
    with pytest.raises(NotUniqueError):
        save_with_files(paper, {"draft": Upload(b"v2", "v2.txt"), "cover": None})
    assert (paper.draft.stored, paper.cover.stored) == before  # the document points to its old files
    assert sorted(file["filename"] for file in raw.fs.files.find()) == ["c.txt", "c.txt", "v1.txt", "v1.txt"]
    stored = Paper.objects.get(id=paper.id)
    assert stored.draft.read() == b"v1" and stored.cover.read() == b"c"
