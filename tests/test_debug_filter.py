"""MongoExceptionReporterFilter hides MongoDB passwords on Django's error pages; check W001 asks for it."""

from __future__ import annotations

import html
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings
from django.utils.module_loading import import_string
from django.views.debug import ExceptionReporter

from mongodb_rest import connect, disconnect_all
from mongodb_rest.debug import MongoExceptionReporterFilter

URI = "mongodb://app:s3cret-pw@db.example.com:27017/app?authSource=admin"
FILTER = "mongodb_rest.debug.MongoExceptionReporterFilter"
DJANGO_FILTER = "django.views.debug.SafeExceptionReporterFilter"


@pytest.fixture(autouse=True)
def forget() -> Iterator[None]:
    yield
    disconnect_all()


def failing_view(uri: str, options: dict[str, Any]) -> None:
    raise RuntimeError("the view failed")


def debug_page(filter_path: str) -> str:
    """The technical 500 page (as text) of an error raised where local variables hold the URI."""
    request = RequestFactory().get("/", HTTP_X_MONGODB=URI)
    request.exception_reporter_filter = import_string(filter_path)()  # Django caches the setting's class
    with override_settings(
        DEBUG=True,
        MONGODB_URI=URI,
        MONGODB_EXTRA={"default": {"host": URI, "hosts": [URI, ("x", URI)]}},
    ):
        try:
            failing_view(URI, {"host": URI, "port": 27017})
        except RuntimeError:
            kind, error, trace = sys.exc_info()
        return html.unescape(ExceptionReporter(request, kind, error, trace).get_traceback_html())


def test_the_filter_hides_uri_passwords_in_settings_meta_and_frames() -> None:
    assert debug_page(DJANGO_FILTER).count("s3cret-pw") >= 4  # what Django's own filter shows
    page = debug_page(FILTER)
    assert "s3cret-pw" not in page
    assert "mongodb://app:***@db.example.com:27017/app?authSource=admin" in page
    assert "'port': 27017" in page  # the rest of a variable stays readable


def test_other_settings_are_cleansed_as_django_does() -> None:
    cleansed = MongoExceptionReporterFilter().cleanse_setting("DB_PASSWORD", "plain")
    assert cleansed == MongoExceptionReporterFilter.cleansed_substitute
    assert MongoExceptionReporterFilter().cleanse_setting("NAME", "mongodb://h/db") == "mongodb://h/db"


def warnings_w001() -> list[str]:
    return [message.id for message in run_checks() if message.id == "mongodb_rest.W001"]


def test_check_warns_when_a_password_is_configured_without_the_filter() -> None:
    connect("app", host="mongodb://localhost/app")
    connect("app", alias="keyword", username="app", password="pw")  # no password in a URI
    with override_settings(DEFAULT_EXCEPTION_REPORTER_FILTER=DJANGO_FILTER):
        assert warnings_w001() == ["mongodb_rest.W001"]
    with override_settings(DEFAULT_EXCEPTION_REPORTER_FILTER=FILTER):
        assert warnings_w001() == []
    disconnect_all()
    connect(URI, alias="uri")
    with override_settings(DEFAULT_EXCEPTION_REPORTER_FILTER=DJANGO_FILTER):
        assert warnings_w001() == ["mongodb_rest.W001"]
    disconnect_all()
    connect("mongodb://localhost/app")
    with override_settings(DEFAULT_EXCEPTION_REPORTER_FILTER=DJANGO_FILTER):
        assert warnings_w001() == []
