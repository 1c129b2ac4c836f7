"""Documents in Django's admin, through the test client: index, changelist (columns, ordering, search,
filters, pages), add/change forms (every kind of field, errors that store nothing), files in GridFS,
delete with confirmation, permissions, registration and checks."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import gridfs
import pytest
from bson import ObjectId
from django.contrib.admin import AdminSite
from django.contrib.admin.exceptions import AlreadyRegistered
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pymongo.database import Database

from mongodb_rest import Document
from mongodb_rest.contrib import admin
from mongodb_rest.contrib.permissions import create_permissions
from mongodb_rest.fields import StringField

from .admin_site import library_project
from .library.documents import Author, Book

BOOKS = "/admin/library/book/"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with library_project(tmp_path_factory.mktemp("admin") / "admin.sqlite3"):
        yield


@pytest.fixture
def superuser(project: None) -> User:
    user, _ = User.objects.get_or_create(username="root", defaults={"is_staff": True, "is_superuser": True})
    return user


@pytest.fixture
def client(superuser: User, db_name: str) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def clerk(project: None, db_name: str) -> Iterator[User]:
    """A staff user with no permission on documents (until a test grants some)."""
    user, _ = User.objects.get_or_create(username="clerk", defaults={"is_staff": True})
    user.user_permissions.clear()
    yield user
    user.user_permissions.clear()


def grant(user: User, *codenames: str) -> Client:
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))  # fresh: permissions are cached per instance
    return client


def make_books(count: int, **values: Any) -> list[Any]:
    return [
        Book.sync.objects.create(title=f"Book {i:02d}", pages=100 + i, isbn=f"{9780000000000 + i}", **values)
        for i in range(count)
    ]


def html(response: Any) -> str:
    return str(response.content.decode())


def test_documents_appear_on_the_admin_index(client: Client) -> None:
    page = html(client.get("/admin/"))
    assert "Library" in page
    assert f'href="{BOOKS}"' in page and 'href="/admin/library/author/"' in page
    app_page = client.get("/admin/library/")
    assert app_page.status_code == 200 and "Books" in html(app_page)


def test_changelist_columns_order_and_pages(client: Client) -> None:
    author = Author.sync.objects.create(name="Ursula")
    make_books(7, author=author, tags=["sf", "classic", "extra"])
    response = client.get(BOOKS)
    assert response.status_code == 200
    page = html(response)
    assert "Select book to change" in page
    assert page.index("Book 00") < page.index("Book 04") and "Book 05" not in page  # 5 a page, by title
    assert "Ursula" in page and "sf, classic" in page and "icon-yes.svg" in page
    assert "7 books" in page
    second = html(client.get(BOOKS, {"p": "2"}))
    assert "Book 05" in second and "Book 06" in second and "Book 00" not in second
    by_pages = html(client.get(BOOKS, {"o": "-pages"}))
    assert by_pages.index("Book 06") < by_pages.index("Book 05")
    assert 'class="sortable sorted descending"' in by_pages


def test_search_and_filters(client: Client) -> None:
    make_books(3)
    Book.sync.objects.create(title="Dune", genre="essay", in_print=False, isbn="9780441013593")
    found = html(client.get(BOOKS, {"q": "dun"}))
    assert "Dune" in found and "Book 00" not in found and "1 result (" in found
    assert "Book 01" in html(client.get(BOOKS, {"q": "9780000000001"}))  # =isbn: the exact value
    assert "0 books" in html(client.get(BOOKS, {"q": "978000000000"}))  # not a prefix match
    essays = html(client.get(BOOKS, {"genre__exact": "essay"}))
    assert "Dune" in essays and "Book 00" not in essays
    assert '<li class="selected"><a href="?genre__exact=essay">Essay</a></li>' in essays
    out_of_print = html(client.get(BOOKS, {"in_print__exact": "0"}))
    assert "Dune" in out_of_print and "Book 02" not in out_of_print
    today = datetime.date.today()
    added_today = html(
        client.get(
            BOOKS,
            {
                "added_at__gte": today.isoformat(),
                "added_at__lt": (today + datetime.timedelta(days=1)).isoformat(),
            },
        )
    )
    assert "4 books" in added_today
    assert "0 books" in html(
        client.get(BOOKS, {"added_at__gte": (today + datetime.timedelta(days=1)).isoformat()})
    )


def test_bad_changelist_parameters_clear_the_filters(client: Client) -> None:
    for params in (
        {"nonsense": "1"},
        {"genre__exact": "opera"},
        {"in_print__exact": "maybe"},
        {"o": "details"},
    ):
        response = client.get(BOOKS, params, follow=True)
        assert response.redirect_chain == [(BOOKS, 302)], params
        assert "The filters were cleared." in html(response)


def test_add_form_fields(client: Client) -> None:
    page = html(client.get(f"{BOOKS}add/"))
    assert 'name="title"' in page and 'maxlength="200"' in page
    assert '<select name="genre"' in page and '<option value="poetry">Poetry</option>' in page
    assert 'type="checkbox" name="in_print"' in page
    assert '<textarea name="reviews"' in page and '<textarea name="tags"' in page
    assert 'type="file" name="cover"' in page and 'enctype="multipart/form-data"' in page
    assert "The id of a author." in page or "The id of an author." in page
    assert 'name="added_at"' not in page  # auto_now_add: not editable


def valid_post(writer: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "title": "The Left Hand of Darkness",
        "isbn": "9780441478125",
        "genre": "novel",
        "in_print": "on",
        "pages": "304",
        "price": "9.99",
        "published": "1969-03-01",
        "author": str(writer.id),
        "co_authors": "",
        "tags": '["sf", "classic"]',
        "reviews": '[{"reviewer": "Ann", "stars": 5}]',
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_add_stores_the_document(client: Client, raw: Database[dict[str, Any]]) -> None:
    author = Author.sync.objects.create(name="Ursula")
    other = Author.sync.objects.create(name="Theodore")
    response = client.post(
        f"{BOOKS}add/", valid_post(author, co_authors=f"{other.id}, {author.id}"), follow=True
    )
    assert response.redirect_chain == [(BOOKS, 302)]
    assert "was added successfully" in html(response)
    stored = raw["library_books"].find_one()
    assert stored is not None
    assert stored["title"] == "The Left Hand of Darkness" and stored["pages"] == 304
    assert stored["price"].to_decimal() == Decimal("9.99")
    assert stored["published"] == datetime.datetime(1969, 3, 1, tzinfo=datetime.UTC)
    assert stored["author"] == author.id and stored["co_authors"] == [other.id, author.id]
    assert stored["tags"] == ["sf", "classic"] and stored["reviews"] == [{"reviewer": "Ann", "stars": 5}]
    assert stored["in_print"] is True and "added_at" in stored
    entry = LogEntry.objects.latest("action_time")
    assert entry.object_id == str(stored["_id"]) and entry.is_addition()
    assert entry.get_admin_url() == f"{BOOKS}{stored['_id']}/change/"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"pages": "0"}, "pages", "greater than or equal to 1"),
        ({"isbn": "12"}, "isbn", "does not match the pattern"),
        ({"author": "nope"}, "author", "is not a valid id"),
        ({"author": str(ObjectId())}, "author", "No author with id"),
        ({"reviews": "[{"}, "reviews", "Enter a valid JSON."),
        ({"reviews": '[{"reviewer": "Ann", "stars": 9}]'}, "reviews", "reviews.0.stars"),
        ({"genre": "opera"}, "genre", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    client: Client, raw: Database[dict[str, Any]], changes: dict[str, str], field: str, message: str
) -> None:
    author = Author.sync.objects.create(name="Ursula")
    response = client.post(f"{BOOKS}add/", valid_post(author, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert raw["library_books"].count_documents({}) == 0


def test_document_clean_and_unique_errors(client: Client, raw: Database[dict[str, Any]]) -> None:
    author = Author.sync.objects.create(name="Ursula")
    refused = client.post(f"{BOOKS}add/", valid_post(author, genre="poetry", pages="2500"))
    assert "Check the page count." in " ".join(refused.context["form"].non_field_errors())
    assert raw["library_books"].count_documents({}) == 0
    client.post(f"{BOOKS}add/", valid_post(author))
    duplicate = client.post(f"{BOOKS}add/", valid_post(author, title="Another"))
    assert duplicate.context["form"].errors["isbn"] == ["Book with this Isbn already exists."]
    assert raw["library_books"].count_documents({}) == 1


def test_change_shows_and_saves(client: Client, raw: Database[dict[str, Any]]) -> None:
    author = Author.sync.objects.create(name="Ursula")
    book = Book.sync.objects.create(title="Old", author=author, tags=["a"], details={"shelf": 3}, pages=10)
    url = f"{BOOKS}{book.id}/change/"
    page = html(client.get(url))
    assert 'value="Old"' in page and f'value="{author.id}"' in page and "[&quot;a&quot;]" in page
    assert '<div class="readonly">{&#x27;shelf&#x27;: 3}</div>' in page  # readonly_fields
    data = {"title": "New", "genre": "novel", "in_print": "on", "pages": "10", "author": str(author.id)}
    data |= {"tags": '["a", "b"]', "reviews": "[]", "co_authors": "", "_continue": "1"}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    stored = raw["library_books"].find_one({"_id": book.id})
    assert stored is not None and stored["title"] == "New" and stored["tags"] == ["a", "b"]
    assert stored["details"] == {"shelf": 3}  # read-only: kept
    entry = LogEntry.objects.latest("action_time")
    assert entry.is_change() and "Title" in entry.get_change_message()
    assert f'<a href="{url}">New</a>' in html(client.get("/admin/"))  # in "Recent actions"
    assert client.get(f"{BOOKS}{book.id}/").url == url


def test_missing_and_malformed_ids(client: Client) -> None:
    for object_id in (str(ObjectId()), "not-an-id"):
        response = client.get(f"{BOOKS}{object_id}/change/", follow=True)
        assert response.redirect_chain == [("/admin/", 302)]
        assert "does not exist. Perhaps it was deleted?" in html(response)


def test_files_go_to_gridfs(client: Client, raw: Database[dict[str, Any]]) -> None:
    author = Author.sync.objects.create(name="Ursula")
    cover = SimpleUploadedFile("cover.txt", b"first cover", content_type="text/plain")
    client.post(f"{BOOKS}add/", valid_post(author, cover=cover))
    book = Book.sync.objects.get(title="The Left Hand of Darkness")
    assert book.cover.read() == b"first cover"
    first_id = book.cover.grid_id
    url = f"{BOOKS}{book.id}/change/"
    assert f'href="{BOOKS}{book.id}/file/cover/">cover.txt</a>' in html(client.get(url))
    download = client.get(f"{BOOKS}{book.id}/file/cover/")
    assert b"".join(download.streaming_content) == b"first cover"  # type: ignore[attr-defined]
    assert download["Content-Type"] == "text/plain"

    data = valid_post(author)
    Book.sync.objects.create(title="Taken", isbn="9780000000999")
    clash = client.post(
        url, {**data, "isbn": "9780000000999", "cover": SimpleUploadedFile("b.txt", b"second")}
    )
    assert "isbn" in clash.context["form"].errors
    assert raw["fs.files"].count_documents({}) == 1  # the new file was not kept, the old one stays
    assert Book.sync.objects.get(id=book.id).cover.read() == b"first cover"

    client.post(url, {**data, "cover": SimpleUploadedFile("b.txt", b"second", content_type="text/plain")})
    book = Book.sync.objects.get(id=book.id)
    assert book.cover.read() == b"second" and book.cover.filename == "b.txt"
    assert raw["fs.files"].count_documents({}) == 1 and raw["fs.files"].find_one({"_id": first_id}) is None

    client.post(url, {**data, "cover-clear": "on"})
    assert not Book.sync.objects.get(id=book.id).cover
    assert raw["fs.files"].count_documents({}) == 0


def test_delete_asks_then_deletes_with_files(client: Client, raw: Database[dict[str, Any]]) -> None:
    book = Book.sync.objects.create(title="Gone")
    book.cover.put(b"bytes", filename="c.txt")
    book.save()
    url = f"{BOOKS}{book.id}/delete/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Are you sure you want to delete the book “Gone”?" in html(confirm)
    assert raw["library_books"].count_documents({}) == 1
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(BOOKS, 302)] and "was deleted successfully" in html(response)
    assert raw["library_books"].count_documents({}) == 0
    assert gridfs.GridFS(raw).find_one() is None
    assert LogEntry.objects.latest("action_time").is_deletion()


def test_permissions_are_django_permissions(clerk: User) -> None:
    book = Book.sync.objects.create(title="Guarded")
    nobody = grant(clerk)
    assert nobody.get(BOOKS).status_code == 403
    assert BOOKS not in html(nobody.get("/admin/"))
    viewer = grant(clerk, "view_book")
    assert viewer.get(BOOKS).status_code == 200
    view_page = html(viewer.get(f"{BOOKS}{book.id}/change/"))
    assert "View book" in view_page and 'name="title"' not in view_page and "Guarded" in view_page
    assert viewer.post(f"{BOOKS}{book.id}/change/", {"title": "Stolen"}).status_code == 403
    assert viewer.get(f"{BOOKS}add/").status_code == 403
    assert viewer.post(f"{BOOKS}{book.id}/delete/").status_code == 403
    assert Book.sync.objects.get(id=book.id).title == "Guarded"
    editor = grant(clerk, "add_book", "delete_book")
    assert (
        editor.post(
            f"{BOOKS}add/", {"title": "Allowed", "genre": "novel", "tags": "[]", "reviews": "[]"}
        ).status_code
        == 302
    )
    assert editor.post(f"{BOOKS}{book.id}/delete/").status_code == 302
    assert [b.title for b in Book.sync.objects.all()] == ["Allowed"]


def test_anonymous_and_non_staff_users_go_to_the_login(project: None, db_name: str) -> None:
    assert Client().get(BOOKS).url.startswith("/admin/login/?next=")
    user, _ = User.objects.get_or_create(username="reader")
    client = Client()
    client.force_login(user)
    assert client.get(BOOKS).url.startswith("/admin/login/")


def test_migrate_creates_the_documents_permissions(project: None) -> None:
    codenames = set(
        Permission.objects.filter(content_type__app_label="library").values_list("codename", flat=True)
    )
    assert {"add_book", "change_book", "delete_book", "view_book", "view_author"} <= codenames
    assert Permission.objects.get(codename="view_book").name == "Can view book"
    assert create_permissions([Book]) == 0  # already there


class Unplaced(Document):
    name = StringField()
    meta = {"app_label": "nowhere"}


class Shelf(Document):
    name = StringField()
    meta = {"app_label": "library", "collection": "shelves"}


class Abstract(Document):
    meta = {"abstract": True, "app_label": "library"}


def test_registration_errors(project: None) -> None:
    with pytest.raises(AlreadyRegistered, match="Book is already registered"):
        admin.site.register(Book)
    with pytest.raises(ImproperlyConfigured, match="'nowhere' of Unplaced is not an installed app"):
        admin.site.register(Unplaced)
    with pytest.raises(ImproperlyConfigured, match="Abstract is abstract"):
        admin.site.register(Abstract)
    with pytest.raises(ImproperlyConfigured, match="registered with a DocumentAdmin"):
        admin.site.register(Shelf, object)
    with pytest.raises(ValueError, match="must subclass DocumentAdmin"):
        admin.register(Shelf)(object)  # type: ignore[type-var]
    other = admin.DocumentSite(AdminSite(name="other"))
    other.register([Shelf.sync, Group])  # either face; Django models are passed on
    assert other.is_registered(Shelf) and other.is_registered(Shelf.sync) and other.site.is_registered(Group)
    other.unregister(Shelf)
    assert not other.is_registered(Shelf)


def test_system_checks_name_bad_options(project: None) -> None:
    class BadAdmin(admin.DocumentAdmin):
        list_display = ("title", "nothing")
        list_filter = ("nope",)
        search_fields = ("pages", "=missing")
        ordering = ("-rank",)
        readonly_fields = ("ghost",)
        list_per_page = 0

    errors = BadAdmin(Book, AdminSite()).check()
    assert [error.id for error in errors] == [
        "mongodb_rest.E001",
        "mongodb_rest.E002",
        "mongodb_rest.E004",
        "mongodb_rest.E003",
        "mongodb_rest.E005",
        "mongodb_rest.E006",
        "mongodb_rest.E007",
    ]
    assert "holds no text: search it exactly with '=pages'" in errors[2].msg
    assert admin.site.get_model_admin(Book).check() == []
