"""Files in the admin's change form, saved by the sync face's ``save_with_files()``: a refused save
stores no new GridFS file and keeps the old one; a form posted without a new file keeps it (clearing
it takes the form's "clear" box)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pymongo.database import Database

from .admin_site import library_project
from .library.documents import Author, Book
from .test_admin import BOOKS, valid_post

Raw = Database[dict[str, Any]]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with library_project(tmp_path_factory.mktemp("admin_files") / "admin.sqlite3"):
        yield


@pytest.fixture
def client(project: None, db_name: str) -> Client:
    user, _ = User.objects.get_or_create(username="root", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    return client


def stored_book(author: Any) -> Any:
    book = Book.sync.objects.create(title="The Dispossessed", isbn="9780061054884", author=author)
    book.cover.put(b"old cover", filename="old.txt", content_type="text/plain")
    return book.save()


def test_a_refused_save_stores_no_new_file_and_keeps_the_old_one(client: Client, raw: Raw) -> None:
    author = Author.sync.objects.create(name="Ursula")
    book = stored_book(author)
    old_id = book.cover.grid_id
    Book.sync.objects.create(title="Taken", isbn="9780000000999")
    data = valid_post(author, isbn="9780000000999", cover=SimpleUploadedFile("new.txt", b"new cover"))
    response = client.post(f"{BOOKS}{book.id}/change/", data)
    assert response.status_code == 200 and "isbn" in response.context["form"].errors
    assert [file["_id"] for file in raw["fs.files"].find()] == [old_id]  # the new file was deleted
    stored = Book.sync.objects.get(id=book.id)
    assert stored.cover.grid_id == old_id and stored.cover.read() == b"old cover"


def test_a_form_posted_without_a_new_file_keeps_the_stored_one(client: Client, raw: Raw) -> None:
    author = Author.sync.objects.create(name="Ursula")
    book = stored_book(author)
    old_id = book.cover.grid_id
    assert 'name="cover-clear"' in client.get(f"{BOOKS}{book.id}/change/").content.decode()
    response = client.post(f"{BOOKS}{book.id}/change/", valid_post(author, title="Renamed"))
    assert response.status_code == 302
    stored = Book.sync.objects.get(id=book.id)
    assert stored.title == "Renamed" and stored.cover.grid_id == old_id
    assert stored.cover.read() == b"old cover" and raw["fs.files"].count_documents({}) == 1
