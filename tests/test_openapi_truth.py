"""The OpenAPI schema says what the views answer: their error responses, the types of filter and
page-size parameters, the request bodies each media type can carry; and the views keep to it."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest
from rest_framework.test import APIClient

from mongodb_rest.errors import NotUniqueError
from mongodb_rest.rest_framework.conditional import parse_condition
from mongodb_rest.rest_framework.exceptions import exception_handler
from mongodb_rest.rest_framework.parsers import is_empty_form
from mongodb_rest.rest_framework.schemas import NOT_BLANK

from .api import ApiMember, ApiPost

OBJECT_ID = "^[0-9a-fA-F]{24}$"
MISSING_ID = "0123456789abcdef01234567"
PREFIXES = ["/posts/", "/async-posts/"]  # DRF's own viewset on the sync face, adrf's on the async one


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test URLs reuse serializers: duplicated operation ids
        response = APIClient().get("/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return dict(response.json())


def parameters(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {parameter["name"]: parameter for parameter in operation["parameters"]}


def component(schema: dict[str, Any], body: dict[str, Any], media_type: str) -> tuple[str, Any]:
    name = body["content"][media_type]["schema"]["$ref"].rpartition("/")[2]
    return name, schema["components"]["schemas"][name]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_error_responses_are_declared(schema: dict[str, Any], prefix: str) -> None:
    listing = schema["paths"][prefix]["get"]["responses"]
    assert set(listing) == {"200", "400", "404", "503"}  # filters, forged cursors, no database
    assert listing["404"]["content"]["application/json"]["schema"]["required"] == ["detail"]
    detail = schema["paths"][f"{prefix}{{id}}/"]
    library = prefix == "/async-posts/"  # the library's viewsets: conditional requests, Idempotency-Key
    assert set(detail["get"]["responses"]) == {"200", "400", "404", "503"} | ({"304"} if library else set())
    assert set(detail["get"]["responses"]["404"]["content"]) == {"application/json", "text/html"}
    written = {"200", "400", "404", "409", "503"} | ({"412"} if library else set())  # 409: references
    assert set(detail["put"]["responses"]) == written
    created = {"201", "400", "409", "503"} | ({"422"} if library else set())  # 422: Idempotency-Key
    assert set(schema["paths"][prefix]["post"]["responses"]) == created
    assert "409" not in detail["delete"]["responses"]  # nothing references a post with DENY


def test_a_delete_refused_by_deny_declares_409(schema: dict[str, Any]) -> None:
    members = schema["paths"]["/async-members/{id}/"]  # ApiPost.author: reverse_delete_rule=DENY
    assert "409" in members["delete"]["responses"]
    assert "409" not in members["put"]["responses"]  # no unique index, no reference


@pytest.mark.parametrize("prefix", PREFIXES)
def test_filter_parameters_have_the_fields_types(schema: dict[str, Any], prefix: str) -> None:
    found = parameters(schema["paths"][prefix]["get"])
    views = {"type": "integer", "format": "int64", "minimum": -(2**63), "maximum": 2**63 - 1}
    assert found["views__gte"]["schema"] == views
    views_in = found["views__in"]
    assert views_in["schema"]["type"] == "array" and views_in["schema"]["items"]["type"] == "integer"
    assert (views_in["style"], views_in["explode"]) == ("form", False)
    assert found["published__gte"]["schema"] == {"type": "string", "format": "date-time"}
    assert found["author"]["schema"]["pattern"] == OBJECT_ID
    assert found["title__icontains"]["schema"]["maxLength"] == 1000
    assert found["tags__all"]["schema"]["items"]["pattern"] == "^[^,\\x00]*$"  # commas separate values
    assert all(found[name]["allowEmptyValue"] for name in ("views__gte", "title", "tags__all"))
    assert found["search"]["schema"]["pattern"] == "^[^\\x00]*$"
    assert found["page_size"]["schema"] == {"type": "integer", "minimum": 1}


@pytest.mark.usefixtures("db_name")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_page_size_that_is_no_positive_integer_is_a_400(prefix: str) -> None:
    client = APIClient()
    ApiPost.sync(title="One").save()
    for bad in ("false", "0", "-3", "1.5", ""):
        response = client.get(f"{prefix}?page_size={bad}")
        assert response.status_code == 400 and "page_size" in response.json(), (bad, response.content)
    assert client.get(f"{prefix}?page_size=1000").status_code == 200  # cut to max_page_size


def test_request_bodies_carry_what_each_media_type_can(schema: dict[str, Any]) -> None:
    create = schema["paths"]["/async-posts/"]["post"]["requestBody"]
    assert create["required"] is True
    name, json_body = component(schema, create, "application/json")
    assert name == "ApiPostRequest" and json_body["additionalProperties"] is False
    assert "attachment" not in json_body["properties"]  # a file needs a multipart body
    assert "id" not in json_body["properties"]  # read-only fields are no part of a request
    name, upload = component(schema, create, "multipart/form-data")
    assert name == "ApiPostUpload" and upload["properties"]["attachment"]["format"] == "binary"
    assert not {"address", "tags", "location", "about"} & set(upload["properties"])  # JSON only
    _, form = component(schema, create, "application/x-www-form-urlencoded")
    assert "attachment" not in form["properties"] and "title" in form["properties"]
    shown = schema["components"]["schemas"]["ApiPost"]["properties"]["attachment"]
    assert shown["type"] == "object" and shown["nullable"] is True
    patch = schema["paths"]["/async-posts/{id}/"]["patch"]["requestBody"]
    name, patched = component(schema, patch, "application/json")
    assert name == "PatchedApiPost" and "required" not in patched and "required" not in patch
    assert patched["properties"]["address"]["required"] == ["street", "city"]  # sent whole
    title = json_body["properties"]["title"]
    assert title["minLength"] == 1 and title["pattern"] == NOT_BLANK
    blank = re.compile(NOT_BLANK)
    assert all(not blank.match(char) for char in " \t\x1f\x85\u3000")  # what DRF's trimming strips


def test_a_schema_email_is_what_django_takes(schema: dict[str, Any]) -> None:
    email = schema["components"]["schemas"]["ApiMember"]["properties"]["email"]
    assert "format" not in email and email["pattern"].startswith("^[-!#$%&")


@pytest.mark.usefixtures("db_name")
@pytest.mark.parametrize("prefix", ["/members/", "/async-members/"])
def test_text_fields_take_text_only(prefix: str) -> None:
    response = APIClient().post(prefix, {"name": 5, "email": "a@example.com"}, format="json")
    assert response.status_code == 400 and response.json() == {"name": ["Not a valid string."]}
    assert ApiMember.sync.objects.count() == 0


@pytest.mark.usefixtures("db_name")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_reference_to_a_missing_document_is_a_409(prefix: str) -> None:
    client = APIClient()
    response = client.post(prefix, {"title": "Lost", "author": MISSING_ID}, format="json")
    assert response.status_code == 409 and list(response.json()) == ["author"]
    bad_too = client.post(prefix, {"title": "", "author": MISSING_ID}, format="json")
    assert bad_too.status_code == 400  # a bad value is a 400 before anything stored is consulted
    assert ApiPost.sync.objects.count() == 0


def test_a_unique_index_clash_is_a_409() -> None:
    response = exception_handler(NotUniqueError("Duplicate email.", field="email"), {})
    assert response.status_code == 409 and response.data == {"email": ["Duplicate email."]}


def test_drf_spectacular_declares_the_error_responses_too() -> None:
    from django.test import override_settings
    from drf_spectacular.generators import SchemaGenerator

    rest = {
        "DEFAULT_SCHEMA_CLASS": "mongodb_rest.rest_framework.spectacular.AutoSchema",
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
    }
    with override_settings(REST_FRAMEWORK=rest, ROOT_URLCONF="tests.spectacular_urls"):
        generator = SchemaGenerator(title="t", version="1", urlconf="tests.spectacular_urls")
        paths = generator.get_schema(request=None, public=True)["paths"]
    assert {"400", "404", "503"} <= set(paths["/async-posts/"]["get"]["responses"])
    assert {"400", "404", "409", "503"} <= set(paths["/async-posts/{id}/"]["put"]["responses"])


BOUNDARY = "b0undary"


def multipart(client: APIClient, url: str, body: str) -> Any:
    return client.generic("PATCH", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


@pytest.mark.usefixtures("db_name")
def test_a_multipart_body_whose_parts_are_no_form_fields_is_a_400() -> None:
    client = APIClient()
    url = f"/async-posts/{client.post('/async-posts/', {'title': 'Kept'}, format='json').json()['id']}/"
    unnamed = f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nRenamed\r\n--{BOUNDARY}--\r\n"
    for body in [f"--{BOUNDARY}\r\nRenamed--{BOUNDARY}--\r\n", unnamed, "Renamed"]:
        refused = multipart(client, url, body)
        assert refused.status_code == 400 and "no part is a form field" in refused.json()["detail"]
    assert ApiPost.sync.objects.get().title == "Kept"
    assert multipart(client, url, f"--{BOUNDARY}--\r\n").json()["title"] == "Kept"  # an empty form: no change
    named = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nRenamed\r\n--{BOUNDARY}--\r\n'
    )
    assert multipart(client, url, named).json()["title"] == "Renamed"


def test_an_empty_form_is_one_whose_first_delimiter_closes_it() -> None:
    assert is_empty_form(b"--b--\r\n", b"b") and is_empty_form(b"preamble\r\n--b--", b"b")
    assert not is_empty_form(b"--b\r\n\r\ntext\r\n--b--\r\n", b"b") and not is_empty_form(b"text", b"b")


def test_a_header_generator_finds_valid_conditional_headers_in_the_schema(schema: dict[str, Any]) -> None:
    """Schemathesis' coverage phase makes header values of letters and digits only; where the pattern
    of If-Match / If-None-Match needs other characters, "*" spelled out in the schema is its valid value."""
    import schemathesis
    from schemathesis.generation import GenerationMode

    loaded = schemathesis.openapi.from_dict(schema)
    for method, header in [("GET", "If-None-Match"), ("DELETE", "If-Match")]:
        operation = loaded["/async-posts/{id}/"][method]
        cases = loaded.iter_coverage_cases(
            operation,
            generation_modes=[GenerationMode.POSITIVE],
            generation_config=loaded.config.generation_for(operation=operation),
        )
        value = next(iter(cases)).headers[header]
        assert parse_condition(value, header) == "*"
