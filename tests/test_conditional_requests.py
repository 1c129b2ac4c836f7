"""ETag, If-None-Match, If-Match and a required If-Match on the async viewsets (adrf) and on DRF's
ModelViewSet with ConditionalRequestMixin over sync-face documents, through real HTTP test clients."""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import AsyncClient, override_settings
from pymongo.database import Database
from rest_framework import exceptions, viewsets
from rest_framework.test import APIClient

from mongodb_rest import Document, signals
from mongodb_rest.fields import IntField, StringField
from mongodb_rest.rest_framework.conditional import (
    CONDITION_SCHEMA,
    ConditionalRequestMixin,
    parse_condition,
)
from mongodb_rest.rest_framework.routers import DefaultRouter
from mongodb_rest.rest_framework.serializers import DocumentSerializer
from mongodb_rest.rest_framework.viewsets import AsyncModelViewSet

pytestmark = pytest.mark.usefixtures("db_name")
Raw = Database[dict[str, Any]]


class Article(Document):
    title = StringField(required=True, max_length=60)
    likes = IntField(default=0)

    meta = {"collection": "articles", "versioned": True}


class Memo(Document):
    title = StringField(required=True, max_length=60)

    meta = {"collection": "memos"}


class ArticleSerializer(DocumentSerializer):
    class Meta:
        model = Article
        fields = "__all__"


class MemoSerializer(DocumentSerializer):
    class Meta:
        model = Memo
        fields = "__all__"


class AsyncArticles(AsyncModelViewSet):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer


class AsyncMemos(AsyncModelViewSet):
    queryset = Memo.objects.all()
    serializer_class = MemoSerializer


class StrictArticles(AsyncArticles):
    require_if_match = True


class SyncArticles(ConditionalRequestMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    queryset = Article.sync.objects.all()
    serializer_class = ArticleSerializer


class SyncMemos(ConditionalRequestMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    queryset = Memo.sync.objects.all()
    serializer_class = MemoSerializer


router = DefaultRouter()
router.register("async-articles", AsyncArticles, basename="async-article")
router.register("async-memos", AsyncMemos, basename="async-memo")
router.register("strict-articles", StrictArticles, basename="strict-article")
router.register("sync-articles", SyncArticles, basename="sync-article")
router.register("sync-memos", SyncMemos, basename="sync-memo")
urlpatterns = router.urls

ARTICLES = ["/async-articles/", "/sync-articles/"]
MEMOS = ["/async-memos/", "/sync-memos/"]


@pytest.fixture(autouse=True)
def these_urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


def created(client: APIClient, prefix: str) -> tuple[str, str]:
    response = client.post(prefix, {"title": "first"}, format="json")
    assert response.status_code == 201, response.content
    item = response.json()["id"]
    read = client.get(f"{prefix}{item}/")
    return f"{prefix}{item}/", read["ETag"]


@pytest.mark.parametrize("prefix", ARTICLES + MEMOS)
def test_retrieve_and_update_carry_a_strong_etag_and_if_none_match_answers_304(prefix: str) -> None:
    client = APIClient()
    url, etag = created(client, prefix)
    assert etag.startswith('"') and not etag.startswith("W/")
    assert client.get(url)["ETag"] == etag  # stable while nothing changes
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"other", W/' + etag).status_code == 304  # weak comparison
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    patched = client.patch(url, {"title": "second"}, format="json")
    assert patched.status_code == 200 and patched["ETag"] != etag
    assert client.get(url)["ETag"] == patched["ETag"]
    assert "ETag" not in client.get(prefix)  # lists carry none


@pytest.mark.parametrize("prefix", ARTICLES + MEMOS)
def test_a_stale_if_match_is_412_with_the_current_tag_and_writes_nothing(raw: Raw, prefix: str) -> None:
    client = APIClient()
    url, etag = created(client, prefix)
    ok = client.patch(url, {"title": "mine"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200, ok.content
    current = ok["ETag"]
    for method in (client.patch, client.put):
        stale = method(url, {"title": "theirs"}, format="json", HTTP_IF_MATCH=etag)
        assert stale.status_code == 412 and stale["ETag"] == current
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert (
        client.patch(url, {"title": "weak"}, format="json", HTTP_IF_MATCH="W/" + current).status_code == 412
    )
    collection = "articles" if "article" in prefix else "memos"
    assert [doc["title"] for doc in raw[collection].find()] == ["mine"]
    assert (
        client.patch(
            url, {"likes": 1} if "article" in prefix else {"title": "x"}, format="json", HTTP_IF_MATCH="*"
        ).status_code
        == 200
    )
    assert client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"]).status_code == 204
    assert raw[collection].count_documents({}) == 0
    assert client.delete(url, HTTP_IF_MATCH="*").status_code == 412  # "*": the document must exist


@pytest.mark.parametrize("prefix", ARTICLES + MEMOS)
def test_malformed_conditional_headers_are_400(prefix: str) -> None:
    client = APIClient()
    url, _ = created(client, prefix)
    for header in ["abc", '"unterminated', '"a" junk', ""]:
        assert client.patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH=header).status_code == 400
        assert client.get(url, HTTP_IF_NONE_MATCH=header).status_code == 400


def test_parse_condition() -> None:
    assert parse_condition(" * ", "If-Match") == "*"
    assert parse_condition('"a", W/"b",  "c,d"', "If-Match") == ((False, "a"), (True, "b"), (False, "c,d"))
    assert parse_condition(' "" ,W/"*" ', "If-None-Match") == ((False, ""), (True, "*"))


def test_a_required_if_match_answers_428_per_view_or_by_setting() -> None:
    client = APIClient()
    url, etag = created(client, "/strict-articles/")
    assert client.patch(url, {"title": "x"}, format="json").status_code == 428
    assert client.delete(url).status_code == 428
    assert client.patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    other, _ = created(client, "/sync-articles/")
    assert client.patch(other, {"title": "y"}, format="json").status_code == 200
    with override_settings(MONGODB_REST_REQUIRE_IF_MATCH=True):
        assert client.patch(other, {"title": "z"}, format="json").status_code == 428
        assert client.delete(other).status_code == 428


@pytest.mark.parametrize("prefix", ARTICLES)
def test_a_versioned_write_that_loses_a_race_is_409_without_if_match_and_412_with_it(
    raw: Raw, prefix: str
) -> None:
    client = APIClient()
    url, _ = created(client, prefix)

    def another_writer(sender: Any, document: Any, **kwargs: Any) -> None:
        raw.articles.update_one({"_id": document.id}, {"$set": {"title": "theirs"}, "$inc": {"_version": 1}})

    signals.pre_save.connect(another_writer, sender=Article)
    try:
        lost = client.patch(url, {"title": "mine"}, format="json")
        assert lost.status_code == 409 and "expected version 1, stored version 2" in lost.json()["detail"]
        current = client.get(url)["ETag"]
        guarded = client.patch(url, {"title": "mine"}, format="json", HTTP_IF_MATCH=current)
        assert guarded.status_code == 412 and guarded["ETag"] != current
    finally:
        signals.pre_save.disconnect(another_writer, sender=Article)
    stored = raw.articles.find_one()
    assert stored is not None and stored["title"] == "theirs" and stored["_version"] == 3
    assert guarded["ETag"] == client.get(url)["ETag"]


async def test_concurrent_patches_with_one_if_match_let_exactly_one_win(raw: Raw) -> None:
    client = AsyncClient()
    response = await client.post(
        "/async-articles/", json.dumps({"title": "start"}), content_type="application/json"
    )
    url = f"/async-articles/{response.json()['id']}/"
    etag = (await client.get(url))["ETag"]

    async def patch(number: int) -> Any:
        body = json.dumps({"title": f"writer {number}"})
        return await client.patch(url, body, content_type="application/json", headers={"If-Match": etag})

    responses = await asyncio.gather(*(patch(number) for number in range(50)))
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [412] * 49
    (winner,) = [response for response in responses if response.status_code == 200]
    stored = raw.articles.find_one()
    assert stored is not None and stored["title"] == winner.json()["title"] and stored["_version"] == 2
    assert all(response["ETag"] == winner["ETag"] for response in responses if response.status_code == 412)


@pytest.mark.parametrize(
    ("configured", "generator"),
    [
        ("mongodb_rest.rest_framework.schemas.AutoSchema", "rest_framework.schemas.openapi"),
        ("mongodb_rest.rest_framework.spectacular.AutoSchema", "drf_spectacular.generators"),
    ],
)
def test_the_openapi_schema_documents_the_headers_and_answers(configured: str, generator: str) -> None:
    import importlib

    rest = {
        "DEFAULT_SCHEMA_CLASS": configured,
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
    }
    with override_settings(REST_FRAMEWORK=rest), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # operation ids repeat across these test views
        generator_class = importlib.import_module(generator).SchemaGenerator
        schema = generator_class(title="t", version="1", urlconf=__name__).get_schema(
            request=None, public=True
        )
    for prefix in ("/async-articles/", "/sync-articles/", "/strict-articles/"):
        detail = schema["paths"][prefix + "{id}/"]
        retrieve = detail["get"]
        assert "If-None-Match" in [parameter["name"] for parameter in retrieve["parameters"]]
        assert "ETag" in retrieve["responses"]["200"]["headers"] and "304" in retrieve["responses"]
        for method in ("put", "patch", "delete"):
            (if_match,) = [p for p in detail[method]["parameters"] if p["name"] == "If-Match"]
            assert if_match["in"] == "header" and if_match["required"] is (prefix == "/strict-articles/")
            assert "412" in detail[method]["responses"]
            assert ("428" in detail[method]["responses"]) is (prefix == "/strict-articles/")
        assert "ETag" in detail["patch"]["responses"]["200"]["headers"]
    assert "If-Match" not in str(schema["paths"]["/async-articles/"])


HEADERS = [
    *("*", " * ", "\t*", '""', '"a"', 'W/"a"', '"a", W/"b",  "c,d"', '"" ,""', '"*"', '"' + "x" * 5000 + '"'),
    *("", "**", '*, "a"', '"a",', ',"a"', '"a" "b"', "abc", '"a" junk', '"\u00e9"', "\x0b*", 'w/"a"'),
    *('W/ "a"', '"a"\n', '"a\tb"', "0"),
]


@pytest.mark.parametrize("header", HEADERS)
def test_the_declared_schema_takes_exactly_what_the_parser_takes(header: str) -> None:
    import jsonschema_rs

    declared = jsonschema_rs.validator_for(CONDITION_SCHEMA).is_valid(header)
    try:
        parse_condition(header, "If-Match")
    except exceptions.ParseError:
        assert not declared
    else:
        assert declared


@pytest.mark.parametrize("prefix", ARTICLES + MEMOS)
def test_if_match_on_a_malformed_id_is_404_and_on_a_missing_document_412(prefix: str) -> None:
    client = APIClient()
    for method in (client.put, client.patch, client.delete):
        assert method(f"{prefix}not-an-id/", {"title": "x"}, HTTP_IF_MATCH="*").status_code == 404
        assert (
            method(f"{prefix}0123456789abcdef01234567/", {"title": "x"}, HTTP_IF_MATCH="*").status_code == 412
        )
